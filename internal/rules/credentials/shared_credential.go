package credentials

import (
	_ "embed"
	"fmt"
	"slices"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
)

//go:embed doc/shared-credential.md
var sharedCredentialDoc string

// SharedCredential reports one credential value used in scopes of two
// environments.
var SharedCredential = &rule.Rule{
	ID:       "shared-credential",
	Summary:  "one credential value used in scopes of two environments",
	Evidence: rule.Data,
	Doc:      sharedCredentialDoc,
	Severity: finding.Error,
	Run:      runSharedCredential,
	Reach:    rule.Linked,
	Links:    credentialLinks,
}

func runSharedCredential(pass *rule.Pass) error {
	groups := map[string][]occurrence{}
	var order []string
	for _, o := range credentialsOf(pass.Repo) {
		if o.env(pass.Repo) == envmodel.None {
			continue
		}
		d := o.cred.Value.Digest()
		if _, ok := groups[d]; !ok {
			order = append(order, d)
		}
		groups[d] = append(groups[d], o)
	}
	for _, d := range order {
		if f, ok := sharedFinding(pass.Repo, groups[d]); ok {
			pass.Report(f)
		}
	}
	return nil
}

// credentialLinks relates the files that hold the same credential value
// (rule.Linked): the finding depends on every place the value is used.
func credentialLinks(repo *model.Repo, f *model.File) []rule.Link {
	var out []rule.Link
	for _, o := range credentialsIn(repo, f) {
		out = append(out, rule.SameKey("credential:"+o.cred.Value.Digest()))
	}
	return out
}

// sharedFinding builds the finding for one value's occurrences, if they
// span two environments other than development and test alone.
func sharedFinding(repo *model.Repo, occ []occurrence) (finding.Finding, bool) {
	envs := map[envmodel.Env]bool{}
	for _, o := range occ {
		envs[o.env(repo)] = true
	}
	if len(envs) < 2 || len(envs) == 2 && envs[envmodel.Development] && envs[envmodel.Test] {
		return finding.Finding{}, false
	}
	// Report at the least production-like place; ties go to path order,
	// which credentialsOf already gives.
	slices.SortStableFunc(occ, func(a, b occurrence) int { return a.env(repo).Rank() - b.env(repo).Rank() })
	first := occ[0]
	// The message names the most production-like other place.
	other := occ[len(occ)-1]
	f := first.at()
	f.Environment = string(first.env(repo))
	f.Message = fmt.Sprintf("%s in %s has the same value as %s in %s", first.name(), first.env(repo), other.name(), other.env(repo))
	if n := countOtherEnvs(envs, first.env(repo), other.env(repo)); n > 0 {
		f.Message += fmt.Sprintf(" (and in %d more environment%s)", n, plural(n))
	}
	f.Severity = finding.Warning
	if envs[envmodel.Production] || envs[envmodel.Shared] {
		f.Severity = finding.Error
	}
	for _, o := range occ[1:] {
		if o.env(repo) == first.env(repo) && o.val.File == first.val.File {
			continue
		}
		f.Related = append(f.Related, o.location("same value here"))
	}
	return f, true
}

func countOtherEnvs(envs map[envmodel.Env]bool, a, b envmodel.Env) int {
	n := 0
	for e := range envs {
		if e != a && e != b {
			n++
		}
	}
	return n
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
