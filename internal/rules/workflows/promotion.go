package workflows

import (
	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/workflow"
)

// Promotion is what the workflow rules decide about one job, for the
// evidence pack's deploy graph: the same decisions the rules report on,
// made in one place.
type Promotion struct {
	Path     string // the workflow file
	Workflow *workflow.Workflow
	Job      *workflow.Job
	Scope    *model.Scope
	// Production is SPEC §4's "deploys to production".
	Production bool
	// Gate says what gates a production deploy ("" when nothing does);
	// prod-deploy-without-gate reports the jobs without one.
	Gate string
	// Untrusted names the untrusted trigger that can start a production
	// deploy ("" when none can); prod-deploy-untrusted-trigger reports it.
	Untrusted string
}

// Promotions returns every job of every workflow, in path and line order,
// with the rules' decisions about it.
func Promotions(repo *model.Repo) []Promotion {
	all := repo.Workflows()
	var out []Promotion
	for _, r := range jobs(repo) {
		p := Promotion{Path: r.file.Path, Workflow: r.wf, Job: r.job, Scope: r.scope, Production: r.deploysToProduction()}
		if p.Production {
			p.Gate = gateOf(r.wf, r.job)
			if !guardedThroughNeeds(r.wf, r.job) {
				if _, why, ok := untrustedTrigger(r.wf, all); ok {
					p.Untrusted = why
				}
			}
		}
		out = append(out, p)
	}
	return out
}

// gateOf says what makes a job's changes pass a promotion gate first, or
// "" when nothing does.
func gateOf(wf *workflow.Workflow, j *workflow.Job) string {
	if why := gatedByTrigger(wf); why != "" {
		return why
	}
	if why := gatedByNeeds(wf, j); why != "" {
		return why
	}
	if j.RunsTests {
		return "the job runs tests before it deploys"
	}
	return ""
}

// gatedByTrigger: releases, tags and successful upstream workflows are
// gates in themselves, when every trigger is one.
func gatedByTrigger(wf *workflow.Workflow) string {
	if len(wf.Triggers) == 0 {
		return ""
	}
	for _, t := range wf.Triggers {
		switch {
		case t.Event == "release", t.Event == "workflow_run", t.Event == "workflow_call":
		case t.Event == "push" && len(t.Tags) > 0 && len(t.Branches) == 0:
		default:
			return ""
		}
	}
	return "started only by a release, a tag, another workflow's run or a caller"
}

// gatedByNeeds: a job upstream runs tests or deploys to staging.
func gatedByNeeds(wf *workflow.Workflow, j *workflow.Job) string {
	for _, u := range upstream(wf, j) {
		switch {
		case u.DeploysTo(envmodel.Staging):
			return "needs " + u.ID + ", which deploys to staging"
		case u.RunsTests || u.Env.Env == envmodel.Test:
			return "needs " + u.ID + ", which runs tests"
		}
	}
	return ""
}
