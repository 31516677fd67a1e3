package envmodel

import (
	"strings"
	"unicode"
)

// builtinTokens maps whole name tokens to environments. Ambiguous words
// are decided here once:
//   - local, sandbox, review, preview → development: they name a
//     developer's or a review app's environment, never production;
//   - uat, preprod, nonprod → staging, as GitLab's tier guess does;
//   - qa, ci, e2e, sit → test;
//   - live → production (Ansible/Terragrunt "live" trees, provider live mode);
//   - release, main, master, canary, demo, int, p → nothing: they are
//     branches, build types or abbreviations far more often than
//     environments, and a wrong production guess is costly.
var builtinTokens = map[string]Env{
	"production": Production, "prod": Production, "prd": Production, "prodn": Production, "gprd": Production, "live": Production,
	"staging": Staging, "stage": Staging, "stg": Staging, "stag": Staging, "preprod": Staging, "preproduction": Staging,
	"pprd": Staging, "ppe": Staging, "uat": Staging, "nonprod": Staging, "nonproduction": Staging, "notprod": Staging,
	"test": Test, "testing": Test, "tst": Test, "qa": Test, "qc": Test, "sit": Test, "e2e": Test, "ci": Test,
	"integration": Test, "unittest": Test, "acceptance": Test,
	"development": Development, "dev": Development, "develop": Development, "devel": Development, "local": Development,
	"localhost": Development, "sandbox": Development, "sbx": Development, "review": Development, "preview": Development,
	"playground": Development,
}

// compoundPrefixes turn a following production token into staging:
// non-prod, pre-prod, not-prod.
var compoundPrefixes = map[string]bool{"non": true, "pre": true, "not": true}

// splitTokens splits a name into lower-case tokens on / . _ - @ %, spaces,
// other punctuation and camelCase boundaries: "appsettings.Production.json"
// → [appsettings production json], "ProdConfig" → [prod config].
func splitTokens(s string) []string {
	var out []string
	start := -1
	runes := []rune(s)
	flush := func(end int) {
		if start >= 0 && end > start {
			out = append(out, strings.ToLower(string(runes[start:end])))
		}
		start = -1
	}
	for i, r := range runes {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush(i)
			continue
		}
		if start >= 0 && unicode.IsUpper(r) {
			prev := runes[i-1]
			nextLower := i+1 < len(runes) && unicode.IsLower(runes[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || unicode.IsUpper(prev) && nextLower {
				flush(i)
			}
		}
		if start < 0 {
			start = i
		}
	}
	flush(len(runes))
	return out
}

// tokenMatch is an environment found in a name.
type tokenMatch struct {
	env   Env
	token string // as matched, e.g. "prod2" or "non-prod"
	label string // the custom environment's name when the token is an alias of one
}

// stripNumber removes a numeric suffix: prod2, stg01 → prod, stg.
func stripNumber(t string) string {
	i := len(t)
	for i > 0 && t[i-1] >= '0' && t[i-1] <= '9' {
		i--
	}
	if i == 0 || i == len(t) {
		return t
	}
	return t[:i]
}
