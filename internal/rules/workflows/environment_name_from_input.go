package workflows

import (
	_ "embed"
	"fmt"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/rule"
)

//go:embed doc/environment-name-from-input.md
var nameFromInputDoc string

// EnvironmentNameFromInput reports environment: names taken from
// free-text inputs.
var EnvironmentNameFromInput = &rule.Rule{
	ID:       "environment-name-from-input",
	Summary:  "environment: taken from a free-text input, so a misspelt name creates an unprotected environment",
	Doc:      nameFromInputDoc,
	Severity: finding.Warning,
	Reach:    rule.OwnFile,
	Together: workflowKinds,
	Run: func(pass *rule.Pass) error {
		for _, r := range jobs(pass.Repo) {
			env := r.job.Environment
			if env == nil || !env.FromExpression {
				continue
			}
			for _, name := range env.Inputs {
				in, ok := r.wf.Inputs[name]
				if !ok || in.Type == "choice" || in.Type == "environment" || in.Type == "boolean" {
					continue
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
