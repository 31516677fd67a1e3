package evidence

import (
	"fmt"
	"sort"
	"strings"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/rules/workflows"
	"github.com/envfence/envfence/internal/workflow"
)

// Promotion is the deploy graph: workflows, their triggers, the jobs that
// deploy and the jobs they need, and the environments they reach.
type Promotion struct {
	Workflows []WorkflowGraph `json:"workflows"`
	// ProductionDeploys counts production deploy jobs; Gated and
	// Protected count those with a promotion gate and an environment:.
	ProductionDeploys int `json:"production_deploys"`
	Gated             int `json:"gated"`
	Protected         int `json:"with_environment"`
	// WithoutDeploys counts the workflows that deploy nothing.
	WithoutDeploys int `json:"workflows_without_deploys"`
	// Mechanisms deploy the repository other than by its workflows.
	Mechanisms []Mechanism `json:"mechanisms"`
}

// WorkflowGraph is one workflow that deploys.
type WorkflowGraph struct {
	Path     string     `json:"path"`
	Name     string     `json:"name"`
	Triggers []string   `json:"triggers"`
	Jobs     []GraphJob `json:"jobs"`
	// Production is true when a job of it deploys to production.
	Production bool `json:"production"`
}

// GraphJob is a job of the graph: a deploy job or one a deploy job needs.
type GraphJob struct {
	ID    string   `json:"id"`
	Line  int      `json:"line"`
	Needs []string `json:"needs"`
	// Deploys and DeployReason are the one deploy decision envs shows.
	Deploys      bool   `json:"deploys"`
	DeployReason string `json:"deploy_reason,omitempty"`
	// Environment is the job's canonical environment; EnvironmentName
	// its environment: as written ("" for none).
	Environment     string `json:"environment"`
	EnvironmentName string `json:"environment_name"`
	Production      bool   `json:"production"`
	RunsTests       bool   `json:"runs_tests"`
	Calls           string `json:"calls,omitempty"` // a reusable workflow
	// Gate says what gates a production deploy; "" for none.
	Gate string `json:"gate,omitempty"`
	// Untrusted names an untrusted trigger that can start it.
	Untrusted string `json:"untrusted_trigger,omitempty"`
}

// promotion builds the graph of every workflow with a deploying job.
func promotion(ps []workflows.Promotion) *Promotion {
	pr := &Promotion{Workflows: []WorkflowGraph{}}
	var order []*workflow.Workflow
	byWorkflow := map[*workflow.Workflow][]workflows.Promotion{}
	for _, p := range ps {
		if byWorkflow[p.Workflow] == nil {
			order = append(order, p.Workflow)
		}
		byWorkflow[p.Workflow] = append(byWorkflow[p.Workflow], p)
	}
	for _, wf := range order {
		g, ok := graphOf(byWorkflow[wf])
		if !ok {
			pr.WithoutDeploys++
			continue
		}
		for _, j := range g.Jobs {
			if j.Production {
				pr.ProductionDeploys++
				if j.Gate != "" {
					pr.Gated++
				}
				if j.EnvironmentName != "" {
					pr.Protected++
				}
			}
		}
		pr.Workflows = append(pr.Workflows, g)
	}
	sort.SliceStable(pr.Workflows, func(i, j int) bool { return pr.Workflows[i].Production && !pr.Workflows[j].Production })
	return pr
}

// graphOf keeps a workflow's deploying jobs and the jobs they need.
func graphOf(ps []workflows.Promotion) (WorkflowGraph, bool) {
	wf := ps[0].Workflow
	byID := map[string]workflows.Promotion{}
	for _, p := range ps {
		byID[p.Job.ID] = p
	}
	keep := map[string]bool{}
	var visit func(id string)
	visit = func(id string) {
		p, ok := byID[id]
		if !ok || keep[id] {
			return
		}
		keep[id] = true
		for _, n := range p.Job.Needs {
			visit(n)
		}
	}
	for _, p := range ps {
		if p.Scope.Deploy != nil && p.Scope.Deploy.Deploys {
			visit(p.Job.ID)
		}
	}
	if len(keep) == 0 {
		return WorkflowGraph{}, false
	}
	g := WorkflowGraph{Path: ps[0].Path, Name: wf.Name, Triggers: triggers(wf), Jobs: []GraphJob{}}
	for _, p := range ps {
		if !keep[p.Job.ID] {
			continue
		}
		j := GraphJob{ID: p.Job.ID, Line: p.Job.Pos.Line, Needs: []string{}, Environment: string(p.Scope.Env),
			Production: p.Production, RunsTests: p.Job.RunsTests || p.Scope.Env == envmodel.Test, Calls: p.Job.Uses, Gate: p.Gate, Untrusted: p.Untrusted}
		if p.Scope.Deploy != nil {
			j.Deploys, j.DeployReason = p.Scope.Deploy.Deploys, p.Scope.Deploy.Reason
		}
		if p.Job.Environment != nil {
			j.EnvironmentName = p.Job.Environment.Name
		}
		for _, n := range p.Job.Needs {
			if keep[n] {
				j.Needs = append(j.Needs, n)
			}
		}
		g.Production = g.Production || j.Production
		g.Jobs = append(g.Jobs, j)
	}
	return g, true
}

// triggers describes a workflow's events with their filters.
func triggers(wf *workflow.Workflow) []string {
	out := []string{}
	for _, t := range wf.Triggers {
		var filters []string
		if len(t.Branches) > 0 {
			filters = append(filters, "branches "+strings.Join(t.Branches, ", "))
		}
		if len(t.Tags) > 0 {
			filters = append(filters, "tags "+strings.Join(t.Tags, ", "))
		}
		if len(t.Workflows) > 0 {
			filters = append(filters, "after "+strings.Join(t.Workflows, ", "))
		}
		if len(t.Types) > 0 {
			filters = append(filters, "types "+strings.Join(t.Types, ", "))
		}
		if len(filters) == 0 {
			out = append(out, t.Event)
		} else {
			out = append(out, fmt.Sprintf("%s (%s)", t.Event, strings.Join(filters, "; ")))
		}
	}
	return out
}
