package workflows

import (
	_ "embed"
	"fmt"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/rule"
)

//go:embed doc/prod-deploy-untrusted-trigger.md
var untrustedTriggerDoc string

// ProdDeployUntrustedTrigger reports production deploy jobs that pull
// requests, comments or unfiltered pushes can start.
var ProdDeployUntrustedTrigger = &rule.Rule{
	ID:       "prod-deploy-untrusted-trigger",
	Summary:  "a production deploy job reachable from pull requests, comments or pushes to any branch",
	Evidence: rule.Promotion,
	Doc:      untrustedTriggerDoc,
	Severity: finding.Error,
	Reach:    rule.OwnFile,
	Together: workflowKinds,
	Run:      runUntrustedTrigger,
}

func runUntrustedTrigger(pass *rule.Pass) error {
	all := pass.Repo.Workflows()
	for _, r := range jobs(pass.Repo) {
		if !r.deploysToProduction() || guardedThroughNeeds(r.wf, r.job) {
			continue
		}
		t, why, ok := untrustedTrigger(r.wf, all)
		if !ok {
			continue
		}
		f := r.atJob(fmt.Sprintf("job %s deploys to production but the workflow runs on %s", r.job.ID, why))
		f.Related = append(f.Related, r.location(t.Pos, "trigger "+t.Event))
		pass.Report(f)
	}
	return nil
}
