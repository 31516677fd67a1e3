package values

import (
	"slices"
	"strings"

	"github.com/envfence/envfence/internal/lazyre"
)

// tokenFormat is a credential format recognised whatever the key, found by
// a literal prefix (or, for formats without one, an infix) and confirmed by
// a regular expression anchored at the match.
type tokenFormat struct {
	what     string
	prefixes []string
	// infix, for formats with no literal start, is a substring every
	// match contains; re is then searched through the whole value.
	infix string
	re    *lazyre.Regexp
	// keyToken, when set, must be one of the key's tokens: "SK" and 32 hex
	// digits is a Twilio key only when the key says twilio.
	keyToken string
}

// tokenFormats is the catalogue of credential formats (gitleaks-style
// well-known tokens and the provider secrets of env-conventions §3). A row
// per format; add a row to support one more. Deliberately absent:
//
//   - identifiers that are not secret on their own: AWS access key ids
//     (AKIA…; the secret key beside one is found by awsSecretKeys), Stripe
//     publishable keys (pk_…), Razorpay key ids (rzp_…), Square application
//     ids (sq0idp-…), Twilio account SIDs (AC…);
//   - Checkout.com live keys (sk_ and 26 characters, no marker): too many
//     other services start keys with sk_ to claim them without context;
//   - JWTs: signed claims are everywhere in fixtures and docs, most of them
//     expired or unsigned, and a JWT under a credential key is found by its
//     key anyway.
//
// Google API keys (AIza…) are credentials except in browser configuration,
// see isBrowserConfigKey.
var tokenFormats = []tokenFormat{
	{what: "Stripe live secret key", prefixes: []string{"sk_live_", "sk_prod_"}, re: lazyre.New(`^sk_(?:live|prod)_[0-9A-Za-z]{10,247}`)},
	{what: "Stripe test secret key", prefixes: []string{"sk_test_"}, re: lazyre.New(`^sk_test_[0-9A-Za-z]{10,247}`)},
	{what: "Stripe live restricted key", prefixes: []string{"rk_live_", "rk_prod_"}, re: lazyre.New(`^rk_(?:live|prod)_[0-9A-Za-z]{10,247}`)},
	{what: "Stripe test restricted key", prefixes: []string{"rk_test_"}, re: lazyre.New(`^rk_test_[0-9A-Za-z]{10,247}`)},
	{what: "Stripe webhook secret", prefixes: []string{"whsec_"}, re: lazyre.New(`^whsec_[0-9A-Za-z+/=]{20,}`)},
	{what: "Checkout.com sandbox secret key", prefixes: []string{"sk_sbox_"}, re: lazyre.New(`^sk_sbox_[0-9a-z]{20,}[#*$=]?`)},
	{what: "GitHub token", prefixes: []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}, re: lazyre.New(`^gh[pousr]_[0-9A-Za-z]{36,251}`)},
	{what: "GitHub fine-grained token", prefixes: []string{"github_pat_"}, re: lazyre.New(`^github_pat_[0-9A-Za-z_]{60,255}`)},
	{what: "GitLab token", prefixes: []string{"glpat-", "glptt-", "gldt-", "glrt-"}, re: lazyre.New(`^gl(?:pat|ptt|dt|rt)-[0-9A-Za-z_-]{20,}`)},
	{what: "Slack token", prefixes: []string{"xoxb-", "xoxp-", "xoxa-", "xoxe-", "xoxo-", "xoxr-", "xoxs-"}, re: lazyre.New(`^xox[abeoprs]-[0-9A-Za-z-]{10,250}`)},
	{what: "Slack app token", prefixes: []string{"xapp-"}, re: lazyre.New(`^xapp-\d-[0-9A-Z]+-\d+-[0-9a-f]{20,}`)},
	{what: "Slack webhook URL", prefixes: []string{"https://hooks.slack.com/"}, re: lazyre.New(`^https://hooks\.slack\.com/(?:services|workflows|triggers)/[0-9A-Za-z+/_-]{20,}`)},
	{what: "SendGrid API key", prefixes: []string{"SG."}, re: lazyre.New(`^SG\.[0-9A-Za-z_-]{16,32}\.[0-9A-Za-z_-]{16,64}`)},
	{what: "npm token", prefixes: []string{"npm_"}, re: lazyre.New(`^npm_[0-9A-Za-z]{36}`)},
	{what: "PyPI token", prefixes: []string{"pypi-AgEIcHlwaS5vcmc"}, re: lazyre.New(`^pypi-AgEIcHlwaS5vcmc[0-9A-Za-z_-]{50,}`)},
	{what: "Anthropic API key", prefixes: []string{"sk-ant-"}, re: lazyre.New(`^sk-ant-[0-9A-Za-z_-]{40,}`)},
	{what: "OpenAI API key", prefixes: []string{"sk-proj-", "sk-svcacct-", "sk-admin-"}, re: lazyre.New(`^sk-(?:proj|svcacct|admin)-[0-9A-Za-z_-]{40,}`)},
	{what: "sk- API key", prefixes: []string{"sk-"}, re: lazyre.New(`^sk-[0-9A-Za-z]{32,}`)},
	{what: "Shopify token", prefixes: []string{"shpat_", "shpca_", "shppa_", "shpss_"}, re: lazyre.New(`^shp(?:at|ca|pa|ss)_[0-9a-fA-F]{32}`)},
	{what: "Mailgun API key", prefixes: []string{"key-"}, re: lazyre.New(`^key-[0-9a-f]{32}`)},
	{what: "Paddle API key", prefixes: []string{"pdl_live_apikey_", "pdl_sdbx_apikey_", "pdl_test_apikey_"}, re: lazyre.New(`^pdl_(?:live|sdbx|test)_apikey_[0-9A-Za-z_]{20,}`)},
	{what: "Plaid access token", prefixes: []string{"access-production-", "access-development-", "access-sandbox-"}, re: lazyre.New(`^access-(?:production|development|sandbox)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)},
	{what: "Square OAuth secret", prefixes: []string{"sq0csp-", "sandbox-sq0csb-"}, re: lazyre.New(`^(?:sq0csp|sandbox-sq0csb)-[0-9A-Za-z_-]{40,}`)},
	{what: "Square access token", prefixes: []string{"EAAA", "sq0atp-"}, re: lazyre.New(`^(?:EAAA[0-9A-Za-z_-]{60}|sq0atp-[0-9A-Za-z_-]{22})`)},
	{what: "Flutterwave secret key", prefixes: []string{"FLWSECK_TEST-", "FLWSECK-"}, re: lazyre.New(`^FLWSECK(?:_TEST)?-[0-9A-Za-z]{12,}(?:-X)?`)},
	{what: "Duffel token", prefixes: []string{"duffel_live_", "duffel_test_"}, re: lazyre.New(`^duffel_(?:live|test)_[0-9A-Za-z_=-]{20,}`)},
	{what: "Shippo token", prefixes: []string{"shippo_live_", "shippo_test_"}, re: lazyre.New(`^shippo_(?:live|test)_[0-9a-fA-F]{20,}`)},
	{what: "EasyPost API key", prefixes: []string{"EZAK", "EZTK"}, re: lazyre.New(`^EZ[AT]K[0-9A-Za-z]{20,}`)},
	{what: "Trigger.dev secret key", prefixes: []string{"tr_prod_", "tr_dev_", "tr_stg_"}, re: lazyre.New(`^tr_(?:prod|dev|stg)_[0-9A-Za-z]{20,}`)},
	{what: "DigitalOcean token", prefixes: []string{"dop_v1_", "doo_v1_", "dor_v1_"}, re: lazyre.New(`^do[opr]_v1_[0-9a-f]{64}`)},
	{what: "Vault token", prefixes: []string{"hvs.", "hvb."}, re: lazyre.New(`^hv[sb]\.[0-9A-Za-z_-]{24,}`)},
	{what: "Databricks token", prefixes: []string{"dapi"}, re: lazyre.New(`^dapi[0-9a-f]{32}(?:-\d)?`)},
	{what: "Doppler token", prefixes: []string{"dp.pt.", "dp.st.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit."}, re: lazyre.New(`^dp\.(?:pt|st|ct|sa|scim|audit)\.[0-9A-Za-z]{40,}`)},
	{what: "Postman API key", prefixes: []string{"PMAK-"}, re: lazyre.New(`^PMAK-[0-9a-f]{24}-[0-9a-f]{34}`)},
	{what: "Sentry auth token", prefixes: []string{"sntrys_", "sntryu_"}, re: lazyre.New(`^sntry[su]_[0-9A-Za-z+/=_]{40,}`)},
	{what: "Grafana token", prefixes: []string{"glsa_", "glc_"}, re: lazyre.New(`^(?:glsa_[0-9A-Za-z]{32}_[0-9a-f]{8}|glc_[0-9A-Za-z+/]{32,}={0,2})`)},
	{what: "Hugging Face token", prefixes: []string{"hf_"}, re: lazyre.New(`^hf_[A-Za-z]{34}`)},
	{what: "Linear API key", prefixes: []string{"lin_api_"}, re: lazyre.New(`^lin_api_[0-9A-Za-z]{40}`)},
	{what: "Pulumi access token", prefixes: []string{"pul-"}, re: lazyre.New(`^pul-[0-9a-f]{40}`)},
	{what: "age secret key", prefixes: []string{"AGE-SECRET-KEY-1"}, re: lazyre.New(`^AGE-SECRET-KEY-1[0-9A-Z]{58}`)},
	{what: "Atlassian API token", prefixes: []string{"ATATT3"}, re: lazyre.New(`^ATATT3[0-9A-Za-z_=-]{50,}`)},
	{what: "Google API key", prefixes: []string{"AIza"}, re: lazyre.New(`^AIza[0-9A-Za-z_-]{35}`)},
	{what: "Twilio API key", prefixes: []string{"SK"}, re: lazyre.New(`^SK[0-9a-fA-F]{32}`), keyToken: "twilio"},
	{what: "PEM private key", prefixes: []string{"-----BEGIN "}, re: lazyre.New(`^-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----`)},
	{what: "Azure client secret", infix: "Q~", re: lazyre.New(`(?:^|[^0-9A-Za-z_~.-])([0-9A-Za-z_~.]{3}\dQ~[0-9A-Za-z_~.-]{31,34})(?:$|[^0-9A-Za-z_~.-])`)},
	{what: "Terraform Cloud token", infix: ".atlasv1.", re: lazyre.New(`(?:^|[^0-9A-Za-z])([0-9A-Za-z]{14}\.atlasv1\.[0-9A-Za-z_=-]{60,70})(?:$|[^0-9A-Za-z_=-])`)},
}

// formatsByFirstByte indexes the prefixed formats by their first byte, so
// that scanning a value costs one table look-up per byte.
var formatsByFirstByte = func() (t [256][]*tokenFormat) {
	for i := range tokenFormats {
		f := &tokenFormats[i]
		seen := map[byte]bool{}
		for _, p := range f.prefixes {
			if !seen[p[0]] {
				seen[p[0]] = true
				t[p[0]] = append(t[p[0]], f)
			}
		}
	}
	return t
}()

// formatPairs holds, for each first byte, the set of second bytes that
// some format prefix continues with: a 256-bit set per byte, so that most
// word starts are rejected with two loads.
var formatPairs = func() (t [256][4]uint64) {
	for _, f := range tokenFormats {
		for _, p := range f.prefixes {
			t[p[0]][p[1]>>6] |= 1 << (p[1] & 63)
		}
	}
	return t
}()

// knownTokens reports every token of a known format in raw, in order.
func knownTokens(key, raw string, add func(what string, from, to int)) {
	wordStart := true
	for i := 0; i+1 < len(raw); i++ {
		b := raw[i]
		starts := wordStart
		wordStart = !isAlnumByte(b)
		if !starts || formatPairs[b][raw[i+1]>>6]&(1<<(raw[i+1]&63)) == 0 {
			continue
		}
		if end := matchFormatAt(key, raw, i, formatsByFirstByte[b], add); end > i {
			i = end - 1
			wordStart = !isAlnumByte(raw[i])
		}
	}
	for i := range tokenFormats {
		f := &tokenFormats[i]
		if f.infix == "" || !strings.Contains(raw, f.infix) {
			continue
		}
		for _, m := range f.re.FindAllStringSubmatchIndex(raw, -1) {
			add(f.what, m[2], m[3])
		}
	}
}

// matchFormatAt tries the formats whose prefix starts at raw[i] and
// reports the first that matches; it returns where the match ends, or i.
func matchFormatAt(key, raw string, i int, formats []*tokenFormat, add func(string, int, int)) int {
	rest := raw[i:]
	for _, f := range formats {
		if !hasAnyPrefix(rest, f.prefixes) || f.keyToken != "" && !hasToken(key, f.keyToken) {
			continue
		}
		m := f.re.FindStringIndex(rest)
		if m == nil || i+m[1] < len(raw) && isWordByte(raw[i+m[1]]) && f.what != "PEM private key" {
			continue // part of a longer word: not this format
		}
		end := i + m[1]
		switch f.what {
		case "PEM private key":
			end = pemEnd(raw, end)
			if !hasPEMBody(raw[i+m[1] : end]) {
				continue
			}
		case "Google API key":
			if isBrowserConfigKey(key) {
				continue
			}
		}
		add(f.what, i, end)
		return end
	}
	return i
}

// pemEnd returns the end of the PEM block whose header ends at from: just
// after its -----END …----- line, or the end of the value.
func pemEnd(raw string, from int) int {
	j := strings.Index(raw[from:], "-----END ")
	if j < 0 {
		return len(raw)
	}
	j += from + len("-----END ")
	k := strings.Index(raw[j:], "-----")
	if k < 0 {
		return len(raw)
	}
	return j + k + len("-----")
}

// hasPEMBody reports whether a PEM block holds key material rather than a
// "..." or "<key>" placeholder: at least 40 base64 characters.
func hasPEMBody(block string) bool {
	n := 0
	for i := 0; i < len(block); i++ {
		if isAlnumByte(block[i]) || block[i] == '+' || block[i] == '/' {
			n++
		}
	}
	return n-len("ENDPRIVATEKEY") >= 40
}

// browserPrefixes start variable names whose values bundlers ship to
// browsers: public by design.
var browserPrefixes = []string{"NEXT_PUBLIC_", "VITE_", "REACT_APP_", "NUXT_PUBLIC_", "EXPO_PUBLIC_", "GATSBY_", "PUBLIC_", "VUE_APP_", "NG_APP_"}

// isBrowserConfigKey reports keys of browser-side configuration, where a
// Google API key (AIza…) is an identifier restricted by referrer, not a
// secret (Firebase's web config: apiKey next to authDomain and projectId).
// The decision: a Google API key is a credential unless its key is the
// Firebase web config's exact "apiKey", names firebase, or carries a
// bundler's public prefix. Server keys (GOOGLE_API_KEY, MAPS_API_KEY)
// stay credentials.
func isBrowserConfigKey(key string) bool {
	if key == "apiKey" || hasToken(key, "firebase") {
		return true
	}
	upper := strings.ToUpper(key)
	for _, p := range browserPrefixes {
		if strings.HasPrefix(upper, p) {
			return true
		}
	}
	return false
}

// googleAPIKey is the whole-value shape of a Google API key.
var googleAPIKey = lazyre.New(`^AIza[0-9A-Za-z_-]{35}$`)

// awsKeyID matches an AWS access key id; awsSecret a secret access key.
var (
	awsKeyID  = lazyre.New(`(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}`)
	awsSecret = lazyre.New(`(?:^|[^0-9A-Za-z/+])([0-9A-Za-z/+]{40})(?:$|[^0-9A-Za-z/+=])`)
)

// awsSecretKeys reports AWS secret access keys that sit in the same value
// as an access key id ("AKIA…:secret", a pasted credentials block): a
// 40-character base64 run is a secret key only next to a key id. Alone, a
// key id is an identifier and a 40-character run could be anything.
func awsSecretKeys(raw string, add func(string, int, int)) {
	if !mayHoldAWSKeyID(raw) || !awsKeyID.MatchString(raw) {
		return
	}
	for _, m := range awsSecret.FindAllStringSubmatchIndex(raw, -1) {
		if s := raw[m[2]:m[3]]; strings.ContainsAny(s, "0123456789") && hasMixedCase(s) {
			add("AWS secret access key", m[2], m[3])
		}
	}
}

// mayHoldAWSKeyID is the cheap test before awsKeyID: AKIA, ASIA, ABIA or
// ACCA somewhere in the value, found in one pass over its "A"s.
func mayHoldAWSKeyID(raw string) bool {
	for i := strings.IndexByte(raw, 'A'); i >= 0 && i+4 <= len(raw); {
		switch raw[i+1 : i+4] {
		case "KIA", "SIA", "BIA", "CCA":
			return true
		}
		next := strings.IndexByte(raw[i+1:], 'A')
		if next < 0 {
			return false
		}
		i += next + 1
	}
	return false
}

// isAWSKeyID reports a whole value that is an AWS access key id.
func isAWSKeyID(v string) bool {
	return len(v) == 20 && awsKeyID.MatchString(v)
}

func hasMixedCase(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' }) >= 0 &&
		strings.IndexFunc(s, func(r rune) bool { return r >= 'A' && r <= 'Z' }) >= 0
}

// hasToken reports whether the key holds the word among its tokens.
func hasToken(key, word string) bool {
	return slices.Contains(factsOf(key).tokens, word)
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
