package workflows

import (
	_ "embed"
	"fmt"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/rule"
)

//go:embed doc/prod-secret-in-nonprod-job.md
var prodSecretDoc string

// ProdSecretInNonprodJob reports production secrets referenced by test,
// build, pull-request and non-production deploy jobs.
var ProdSecretInNonprodJob = &rule.Rule{
	ID:       "prod-secret-in-nonprod-job",
	Summary:  "a test, build, pull-request or non-production deploy job that references a production secret",
	Evidence: rule.Data,
	Doc:      prodSecretDoc,
	Severity: finding.Error,
	Reach:    rule.OwnFile,
	Together: workflowKinds,
	Run: func(pass *rule.Pass) error {
		cls := pass.Repo.Classifier
		for _, r := range jobs(pass.Repo) {
			if r.deploysToProduction() || r.scope.Env == envmodel.Production {
				continue // production's jobs read production's secrets, deploying or not (a plan, a migration)
			}
			for _, s := range r.job.Secrets {
				d, ok := cls.Name(s.Name)
				if !ok || d.Env != envmodel.Production {
					continue
				}
				pass.Report(r.atSecret(s, fmt.Sprintf("job %s (%s) reads production secret %s (%s)", r.job.ID, jobKind(r), s.Name, d.Reason)))
			}
		}
		return nil
	},
}

// jobKind describes a job that does not deploy to production.
func jobKind(r jobRef) string {
	switch {
	case r.scope.Env.IsNonProd() && r.job.IsDeploy():
		return string(r.scope.Env) + " deploy"
	case r.scope.Env.IsNonProd():
		return string(r.scope.Env)
	case r.job.RunsTests:
		return "test"
	}
	return "not a production deploy"
}
