package workflows

import (
	_ "embed"
	"fmt"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/workflow"
)

//go:embed doc/prod-deploy-without-environment.md
var withoutEnvironmentDoc string

// ProdDeployWithoutEnvironment reports production deploy jobs that name no
// environment.
var ProdDeployWithoutEnvironment = &rule.Rule{
	ID:       "prod-deploy-without-environment",
	Summary:  "a workflow job that deploys to production and names no environment",
	Evidence: rule.Access,
	Doc:      withoutEnvironmentDoc,
	Severity: finding.Error,
	Reach:    rule.OwnFile,
	Together: workflowKinds,
	Run: func(pass *rule.Pass) error {
		callers := productionCallers(pass.Repo)
		for _, r := range jobs(pass.Repo) {
			if r.job.Environment != nil || r.job.Uses != "" {
				continue
			}
			if c, ok := callers[r.wf]; ok && r.job.Env.Env == envmodel.None && r.job.IsDeploy() {
				// A reusable workflow's job deploys where its callers say;
				// a calling job cannot name an environment, so the callee's
				// job is where environment: belongs.
				f := r.atJob(fmt.Sprintf("job %s deploys to production when %s job %s passes it production, without an environment: no required reviewers, no branch policy, and it reads repository-wide secrets; set environment: from the input", r.job.ID, c.wf.Path, c.job.ID))
				f.Related = append(f.Related, c.location(c.job.Pos, "passes production here"))
				pass.Report(f)
				continue
			}
			if !r.deploysToProduction() {
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

// productionCallers maps each reusable workflow of the repository to the
// first job that calls it passing a production target.
func productionCallers(repo *model.Repo) map[*workflow.Workflow]jobRef {
	out := map[*workflow.Workflow]jobRef{}
	for _, r := range jobs(repo) {
		if c := r.job.Callee; c != nil && r.job.PassedEnv.Env == envmodel.Production {
			if _, seen := out[c]; !seen {
				out[c] = r
			}
		}
	}
	return out
}
