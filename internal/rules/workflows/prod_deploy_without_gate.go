package workflows

import (
	_ "embed"
	"fmt"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/workflow"
)

//go:embed doc/prod-deploy-without-gate.md
var withoutGateDoc string

// ProdDeployWithoutGate reports production deploy jobs with no promotion
// gate before them.
var ProdDeployWithoutGate = &rule.Rule{
	ID:       "prod-deploy-without-gate",
	Summary:  "a production deploy job with no tests or staging deploy before it",
	Doc:      withoutGateDoc,
	Severity: finding.Warning,
	Reach:    rule.OwnFile,
	Together: workflowKinds,
	Run: func(pass *rule.Pass) error {
		for _, r := range jobs(pass.Repo) {
			if !r.deploysToProduction() || gatedByTrigger(r.wf) || gatedByNeeds(r.wf, r.job) || r.job.RunsTests {
				continue
			}
			pass.Report(r.atJob(fmt.Sprintf("job %s deploys to production with no promotion gate: no job it needs runs tests or deploys to staging, and no release, tag or workflow_run trigger starts it", r.job.ID)))
		}
		return nil
	},
}

// gatedByTrigger: releases, tags and successful upstream workflows are
// gates in themselves.
func gatedByTrigger(wf *workflow.Workflow) bool {
	if len(wf.Triggers) == 0 {
		return false
	}
	for _, t := range wf.Triggers {
		switch {
		case t.Event == "release", t.Event == "workflow_run", t.Event == "workflow_call":
		case t.Event == "push" && len(t.Tags) > 0 && len(t.Branches) == 0:
		default:
			return false
		}
	}
	return true
}

// gatedByNeeds: a job upstream runs tests or deploys to staging.
func gatedByNeeds(wf *workflow.Workflow, j *workflow.Job) bool {
	for _, u := range upstream(wf, j) {
		if u.RunsTests || u.DeploysTo(envmodel.Staging) || u.Env.Env == envmodel.Test {
			return true
		}
	}
	return false
}
