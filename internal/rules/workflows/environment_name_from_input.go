package workflows

import (
	_ "embed"
	"fmt"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/workflow"
)

//go:embed doc/environment-name-from-input.md
var nameFromInputDoc string

// EnvironmentNameFromInput reports environment: names taken from
// free-text inputs.
var EnvironmentNameFromInput = &rule.Rule{
	ID:       "environment-name-from-input",
	Summary:  "environment: taken from a free-text input, so a misspelt name creates an unprotected environment",
	Evidence: rule.Access,
	Doc:      nameFromInputDoc,
	Severity: finding.Warning,
	Reach:    rule.OwnFile,
	Together: workflowKinds,
	Run: func(pass *rule.Pass) error {
		for _, r := range jobs(pass.Repo) {
			reportCallers(pass, r)
			env := r.job.Environment
			if env == nil || !env.FromExpression {
				continue
			}
			for _, name := range env.Inputs {
				in, ok := r.wf.Inputs[name]
				if !ok || in.Call || !isFreeText(in) {
					continue // a workflow_call input is judged where it is passed
				}
				f := r.atJob(fmt.Sprintf("job %s takes its environment from the free-text input %s: a misspelt name silently creates a new, unprotected environment; use type: environment or a choice input", r.job.ID, name))
				f.Line, f.Column, f.EndLine, f.EndColumn = env.Pos.Line, env.Pos.Col, env.Pos.Line, env.Pos.Col+len([]rune(env.Name))
				f.Key = r.job.ID + "@" + name
				f.Related = append(f.Related, r.location(in.Pos, "input "+name+" is free text"))
				pass.Report(f)
				break
			}
		}
		return nil
	},
}

// isFreeText reports inputs a person types: not a choice, an environment
// or a boolean.
func isFreeText(in workflow.Input) bool {
	return in.Type != "choice" && in.Type != "environment" && in.Type != "boolean"
}

// reportCallers judges a job that calls a reusable workflow of this
// repository whose jobs take their environment from a workflow_call input:
// passing a literal (or a choice) is fine, passing the caller's own
// free-text input is the finding.
func reportCallers(pass *rule.Pass, r jobRef) {
	callee := r.job.Callee
	if callee == nil {
		return
	}
	for _, cj := range callee.Jobs {
		if cj.Environment == nil || !cj.Environment.FromExpression {
			continue
		}
		for _, name := range cj.Environment.Inputs {
			in, ok := callee.Inputs[name]
			passed, given := r.job.With[name]
			if !ok || !in.Call || !given || passed.Literal {
				continue
			}
			for _, own := range passed.Inputs {
				if mine, ok := r.wf.Inputs[own]; ok && !mine.Call && isFreeText(mine) {
					f := r.atJob(fmt.Sprintf("job %s passes the free-text input %s to %s, whose job %s takes its environment from it: a misspelt name silently creates a new, unprotected environment; use type: environment or a choice input", r.job.ID, own, callee.Path, cj.ID))
					f.Key = r.job.ID + "@" + own
					f.Related = append(f.Related, r.location(mine.Pos, "input "+own+" is free text"))
					pass.Report(f)
					return
				}
			}
		}
	}
}
