// Package suppression holds the rule that checks envfence:ignore comments
// themselves: a suppression must say why (SPEC §5).
package suppression

import (
	_ "embed"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/rule"
)

//go:embed doc/invalid-suppression.md
var invalidSuppressionDoc string

// InvalidSuppression reports envfence:ignore comments without a reason or
// with a malformed rule list. Such comments suppress nothing.
var InvalidSuppression = &rule.Rule{
	ID:       "invalid-suppression",
	Summary:  "an envfence:ignore comment without a reason or with a malformed rule list",
	Doc:      invalidSuppressionDoc,
	Severity: finding.Warning,
	Run:      runInvalidSuppression,
}

func runInvalidSuppression(pass *rule.Pass) error {
	for _, f := range pass.Repo.Files {
		for _, d := range f.Suppressions {
			if d.Problem == "" {
				continue
			}
			pass.Report(finding.Finding{
				Path:        f.Path,
				Line:        d.Line,
				Column:      1,
				EndLine:     d.Line,
				EndColumn:   1,
				Environment: string(f.Scope.Env),
				Key:         "envfence:ignore",
				Message:     d.Problem + "; the comment suppresses nothing",
			})
		}
	}
	return nil
}
