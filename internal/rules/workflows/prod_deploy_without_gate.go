package workflows

import (
	_ "embed"
	"fmt"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/rule"
)

//go:embed doc/prod-deploy-without-gate.md
var withoutGateDoc string

// ProdDeployWithoutGate reports production deploy jobs with no promotion
// gate before them.
var ProdDeployWithoutGate = &rule.Rule{
	ID:       "prod-deploy-without-gate",
	Summary:  "a production deploy job with no tests or staging deploy before it",
	Evidence: rule.Promotion,
	Doc:      withoutGateDoc,
	Severity: finding.Warning,
	Reach:    rule.OwnFile,
	Together: workflowKinds,
	Run: func(pass *rule.Pass) error {
		for _, r := range jobs(pass.Repo) {
			if !r.deploysToProduction() || gateOf(r.wf, r.job) != "" {
				continue
			}
			pass.Report(r.atJob(fmt.Sprintf("job %s deploys to production with no promotion gate: no job it needs runs tests or deploys to staging, and no release, tag or workflow_run trigger starts it", r.job.ID)))
		}
		return nil
	},
}
