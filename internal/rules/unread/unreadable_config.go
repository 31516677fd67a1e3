// Package unread holds the rule that keeps a scan honest about what it
// could not read: a file skipped in silence is a way around every other
// rule.
package unread

import (
	_ "embed"
	"fmt"
	"slices"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/source"
)

//go:embed doc/unreadable-config.md
var unreadableConfigDoc string

// UnreadableConfig reports production and env files that could not be
// read, or were read only in part because a bound on the work per file
// stopped the parse.
var UnreadableConfig = &rule.Rule{
	ID:       "unreadable-config",
	Summary:  "a production or env file envfence could not read (binary, too large, nested past a bound): a credential in it would pass unseen",
	Evidence: rule.Architecture,
	Doc:      unreadableConfigDoc,
	Severity: finding.Error,
	Run:      runUnreadableConfig,
	Reach:    rule.OwnFile,
}

func runUnreadableConfig(pass *rule.Pass) error {
	for _, f := range pass.Repo.Files {
		if f.Unread == "" || f.Kind == source.KeyFile || !mustBeRead(f) {
			continue
		}
		pass.Report(finding.Finding{
			Path: f.Path, Line: 1, Column: 1, EndLine: 1, EndColumn: 1,
			Environment: string(f.Scope.Env),
			Key:         "unread",
			Message:     fmt.Sprintf("%s could not be read (%s), so nothing in it was checked; %s must be plain text that envfence can read", f.Path, f.Unread, what(f)),
			Related:     []finding.Location{},
		})
	}
	return nil
}

// mustBeRead reports whether a file is one whose content the checks
// depend on: production configuration and env files of any environment,
// which carry credentials by nature. An unread test fixture or data file
// elsewhere stays a note.
func mustBeRead(f *model.File) bool {
	if f.Kind == source.Dotenv || f.Kind == source.Workflow {
		return true
	}
	return f.Scope.Env == envmodel.Production ||
		slices.ContainsFunc(f.Sections, func(s *model.Scope) bool { return s.Env == envmodel.Production })
}

func what(f *model.File) string {
	switch f.Kind {
	case source.Dotenv:
		return "an env file"
	case source.Workflow:
		return "a workflow"
	}
	return "a production configuration file"
}
