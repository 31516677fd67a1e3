package workflows

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/values"
	"github.com/envfence/envfence/internal/workflow"
)

//go:embed doc/shared-secret-across-environments.md
var sharedSecretDoc string

// SharedSecretAcrossEnvironments reports one secret name used by deploy
// jobs of different environments where a job names no environment, so the
// value cannot differ between them.
var SharedSecretAcrossEnvironments = &rule.Rule{
	ID:       "shared-secret-across-environments",
	Summary:  "the same secret name used by deploy jobs of different environments where one job has no environment",
	Evidence: rule.Access,
	Doc:      sharedSecretDoc,
	Severity: finding.Warning,
	Reach:    rule.OwnFile,
	Together: workflowKinds,
	Run:      runSharedSecret,
}

type secretUse struct {
	r   jobRef
	ref workflow.SecretRef
}

func runSharedSecret(pass *rule.Pass) error {
	uses := map[string][]secretUse{}
	var names []string
	for _, r := range jobs(pass.Repo) {
		if !r.job.IsDeploy() || r.scope.Env == envmodel.None {
			continue
		}
		for _, s := range r.job.Secrets {
			if namesIdentifier(s.Name) {
				continue
			}
			key := strings.ToUpper(s.Name)
			if _, ok := uses[key]; !ok {
				names = append(names, key)
			}
			uses[key] = append(uses[key], secretUse{r, s})
		}
	}
	for _, name := range names {
		if f, ok := sharedSecretFinding(uses[name]); ok {
			pass.Report(f)
		}
	}
	return nil
}

// identifierTails end the names of secrets that hold identifiers rather
// than credentials: an account number, a role ARN, a region or a user
// name is the same for every environment by design, and knowing it
// grants nothing.
var identifierTails = map[string]bool{
	"id": true, "ids": true, "number": true, "num": true, "arn": true, "region": true, "name": true,
	"username": true, "user": true, "email": true, "url": true, "host": true, "domain": true, "zone": true,
	"account": true, "org": true, "organization": true, "organisation": true, "tenant": true, "subscription": true,
}

func namesIdentifier(secret string) bool {
	toks := values.Tokens(secret)
	return len(toks) > 0 && identifierTails[toks[len(toks)-1]] && !values.IsCredentialKey(secret)
}

func sharedSecretFinding(us []secretUse) (finding.Finding, bool) {
	envs := map[envmodel.Env]bool{}
	unprotected := false
	for _, u := range us {
		envs[u.r.scope.Env] = true
		unprotected = unprotected || u.r.job.Environment == nil
	}
	if len(envs) < 2 || !unprotected {
		return finding.Finding{}, false
	}
	slices.SortStableFunc(us, func(a, b secretUse) int { return a.r.scope.Env.Rank() - b.r.scope.Env.Rank() })
	first, other := us[0], us[len(us)-1]
	f := first.r.atSecret(first.ref, fmt.Sprintf("secret %s is used by the %s deploy job %s and the %s deploy job %s, and not every job names an environment, so one value serves both", first.ref.Name, first.r.scope.Env, first.r.job.ID, other.r.scope.Env, other.r.job.ID))
	for _, u := range us[1:] {
		if u.r.scope.Env != first.r.scope.Env {
			f.Related = append(f.Related, u.r.location(u.ref.Range.Start, "job "+u.r.job.ID+" uses it too"))
		}
	}
	return f, true
}
