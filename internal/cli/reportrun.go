package cli

import (
	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/report"
)

// reportRun converts a scan result into the reporters' input.
func reportRun(res *engine.Result, s *setup, root string) *report.Run {
	run := &report.Run{
		Tool:       report.Tool{Name: "envfence", Version: Version, InformationURI: "https://github.com/envfence/envfence"},
		Findings:   res.Findings,
		Suppressed: res.Suppressed,
		Notes:      res.Notes,
		Root:       root,
	}
	for _, r := range s.rules {
		run.Rules = append(run.Rules, report.Rule{ID: r.ID, Summary: r.Summary, Help: r.Doc, DefaultSeverity: r.Severity})
	}
	for _, sc := range scopesOf(res.Repo) {
		run.Scopes = append(run.Scopes, report.Scope{Path: sc.Path, Kind: sc.Kind, Name: sc.Name, Line: sc.Line, Environment: sc.Environment, Reason: sc.Reason})
	}
	return run
}
