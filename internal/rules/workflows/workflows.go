// Package workflows holds the rules about GitHub Actions workflows that
// deploy: environment protection, trusted triggers, promotion gates, and
// secrets that cross environments.
package workflows

import (
	"fmt"
	"slices"
	"strings"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/parse"
	"github.com/envfence/envfence/internal/source"
	"github.com/envfence/envfence/internal/workflow"
)

// workflowKinds is what every workflow rule reads as a whole: a job's
// environment and secrets can come from the reusable workflow it calls, and
// a promotion gate from the jobs of other workflows.
var workflowKinds = []source.Kind{source.Workflow}

// jobRef is a job with its file and scope.
type jobRef struct {
	file  *model.File
	wf    *workflow.Workflow
	job   *workflow.Job
	scope *model.Scope
}

// jobs lists every job of every workflow in path, line order.
func jobs(repo *model.Repo) []jobRef {
	var out []jobRef
	for _, f := range repo.Files {
		if f.Workflow == nil {
			continue
		}
		for i, j := range f.Workflow.Jobs {
			out = append(out, jobRef{file: f, wf: f.Workflow, job: j, scope: f.Jobs[i]})
		}
	}
	return out
}

// atJob is a finding at the job's key.
func (r jobRef) atJob(msg string) finding.Finding {
	p := r.job.Pos
	return finding.Finding{
		Path: r.file.Path, Line: p.Line, Column: p.Col, EndLine: p.Line, EndColumn: p.Col + len([]rune(r.job.ID)),
		Environment: string(r.scope.Env), Key: r.job.ID, Message: msg, Related: []finding.Location{},
	}
}

// atSecret is a finding at a secret expression.
func (r jobRef) atSecret(s workflow.SecretRef, msg string) finding.Finding {
	return finding.Finding{
		Path: r.file.Path, Line: s.Range.Start.Line, Column: s.Range.Start.Col, EndLine: s.Range.End.Line, EndColumn: s.Range.End.Col,
		Environment: string(r.scope.Env), Key: r.job.ID + "@" + s.Name, Message: msg, Related: []finding.Location{},
	}
}

func (r jobRef) location(p parse.Pos, msg string) finding.Location {
	return finding.Location{Path: r.file.Path, Line: p.Line, Column: p.Col, Environment: string(r.scope.Env), Message: msg}
}

// firstDeploy is where the job's deploying happens, for related locations.
func (r jobRef) firstDeploy() (finding.Location, bool) {
	for _, d := range r.job.Deploys {
		return r.location(d.Pos, fmt.Sprintf("deploy step %q", d.What)), true
	}
	if r.job.Uses != "" {
		return r.location(r.job.UsesPos, "calls "+r.job.Uses), true
	}
	return finding.Location{}, false
}

// deploysToProduction is SPEC §4's "deploys to production".
func (r jobRef) deploysToProduction() bool { return r.job.DeploysTo(envmodel.Production) }

// untrustedTrigger returns the first trigger from which code that is not
// on the default branch, or someone outside the team, can start the job.
func untrustedTrigger(wf *workflow.Workflow, all []*workflow.Workflow) (workflow.Trigger, string, bool) {
	for _, t := range wf.Triggers {
		switch t.Event {
		case "pull_request", "pull_request_target", "issue_comment", "discussion_comment", "pull_request_review", "pull_request_review_comment":
			return t, t.Event + ", which runs code or comments from outside the default branch", true
		case "workflow_run":
			if name, ok := untrustedUpstream(t, all); ok {
				return t, fmt.Sprintf("workflow_run of %q, which pull requests trigger", name), true
			}
		case "push":
			if len(t.Branches) == 0 && len(t.Tags) == 0 {
				return t, "a push to any branch (no branches: filter)", true
			}
			for _, b := range t.Branches {
				if !isDefaultBranch(b) && !strings.HasPrefix(b, "release") {
					return t, fmt.Sprintf("pushes to branch %q, not the default branch", b), true
				}
			}
		}
	}
	return workflow.Trigger{}, "", false
}

func isDefaultBranch(b string) bool {
	return b == "main" || b == "master" || b == "trunk" || b == "production" || b == "prod"
}

// untrustedUpstream reports a workflow_run trigger whose upstream workflow
// (by name) runs on pull requests.
func untrustedUpstream(t workflow.Trigger, all []*workflow.Workflow) (string, bool) {
	for _, name := range t.Workflows {
		for _, w := range all {
			if w.Name != name {
				continue
			}
			for _, ut := range w.Triggers {
				if ut.Event == "pull_request" || ut.Event == "pull_request_target" {
					return name, true
				}
			}
		}
	}
	return "", false
}

// guardedByIf reports a job whose if: only lets trusted events through.
func guardedByIf(j *workflow.Job) bool { return workflow.GuardedToDefaultBranch(j.If) }

// guardedThroughNeeds reports a job that runs only for pushes to the
// default branch or tags: its own if: says so, or a job it needs does
// (a skipped job skips the jobs that need it, unless their if: runs them
// anyway with always(), failure() or !cancelled()).
func guardedThroughNeeds(wf *workflow.Workflow, j *workflow.Job) bool {
	if guardedByIf(j) || j.OnlyGuardedDeploys() {
		return true
	}
	cond := strings.ReplaceAll(j.If, " ", "")
	if strings.Contains(cond, "always()") || strings.Contains(cond, "failure()") || strings.Contains(cond, "!cancelled()") {
		return false
	}
	for _, up := range upstream(wf, j) {
		if guardedByIf(up) {
			return true
		}
	}
	return false
}

// byID indexes a workflow's jobs.
func byID(wf *workflow.Workflow) map[string]*workflow.Job {
	m := map[string]*workflow.Job{}
	for _, j := range wf.Jobs {
		m[j.ID] = j
	}
	return m
}

// upstream returns the jobs a job needs, transitively, in a stable order.
func upstream(wf *workflow.Workflow, j *workflow.Job) []*workflow.Job {
	index := byID(wf)
	seen := map[string]bool{}
	var out []*workflow.Job
	queue := slices.Clone(j.Needs)
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		if seen[id] {
			continue
		}
		seen[id] = true
		if n := index[id]; n != nil {
			out = append(out, n)
			queue = append(queue, n.Needs...)
		}
	}
	return out
}
