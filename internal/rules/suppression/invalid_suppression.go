// Package suppression holds the rule that checks envfence:ignore comments
// themselves: a suppression must say why (SPEC §5).
package suppression

import (
	_ "embed"
	"fmt"
	"slices"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/rule"
)

//go:embed doc/invalid-suppression.md
var invalidSuppressionDoc string

// InvalidSuppression reports envfence:ignore comments without a reason,
// with a malformed rule list, or naming no known rule.
var InvalidSuppression = &rule.Rule{
	ID:       "invalid-suppression",
	Summary:  "an envfence:ignore comment without a reason, with a malformed rule list, or naming no rule",
	Evidence: rule.AcceptedRisks,
	Doc:      invalidSuppressionDoc,
	Severity: finding.Warning,
	Run:      runInvalidSuppression,
	Reach:    rule.OwnFile,
}

// KnownRules lists the rule ids a suppression may name. The catalogue
// sets it (this package cannot import the catalogue that lists it).
var KnownRules func() []string

func runInvalidSuppression(pass *rule.Pass) error {
	for _, f := range pass.Repo.Files {
		for _, d := range f.Suppressions {
			if d.Problem == "" {
				d.Problem = unknownRules(d.Rules)
			}
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

// unknownRules names the first rule id that no rule has.
func unknownRules(ids []string) string {
	if KnownRules == nil {
		return ""
	}
	known := KnownRules()
	for _, id := range ids {
		if !slices.Contains(known, id) {
			return fmt.Sprintf("envfence:ignore names %q, which is not a rule (see 'envfence rules')", id)
		}
	}
	return ""
}
