package workflows

import (
	_ "embed"
	"fmt"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/rule"
)

//go:embed doc/prod-deploy-without-environment.md
var withoutEnvironmentDoc string

// ProdDeployWithoutEnvironment reports production deploy jobs that name no
// environment.
var ProdDeployWithoutEnvironment = &rule.Rule{
	ID:       "prod-deploy-without-environment",
	Summary:  "a workflow job that deploys to production and names no environment",
	Doc:      withoutEnvironmentDoc,
	Severity: finding.Error,
	Reach:    rule.OwnFile,
	Together: workflowKinds,
	Run: func(pass *rule.Pass) error {
		for _, r := range jobs(pass.Repo) {
			if r.job.Environment != nil || r.job.Uses != "" || !r.deploysToProduction() {
				continue
			}
			f := r.atJob(fmt.Sprintf("job %s deploys to production (%s) without an environment: no required reviewers, no branch policy, and it reads repository-wide secrets", r.job.ID, r.scope.Reason))
			if l, ok := r.firstDeploy(); ok {
				f.Related = append(f.Related, l)
			}
			pass.Report(f)
		}
		return nil
	},
}
