package cli

import (
	"context"
	"io"

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

// runReport writes the A.8.31 evidence report.
func runReport(args []string, stdio Stdio, _ env) error {
	var f scanFlags
	fs := newFlags("report", stdio)
	fs.StringVar(&f.config, "config", "", "configuration `file` (default: PATH/.envfence.yml if present)")
	fs.StringVar(&f.format, "format", "markdown", "evidence format: markdown, html or json")
	fs.StringVar(&f.output, "output", "", "write the report to `file` instead of standard output")
	fs.StringVar(&f.baseline, "baseline", "", "hide findings whose fingerprint is in this baseline `file`")
	fs.StringVar(&f.commit, "commit", "", "report on the tree of commit `rev` instead of the work tree")
	root, err := parseRoot(fs, args)
	if err != nil {
		return err
	}
	newReporter, ok := report.EvidenceFormats[f.format]
	if !ok {
		return usagef("--format %q: want markdown, html or json", f.format)
	}
	s, res, err := scanWithFlags(context.Background(), root, &f)
	if err != nil {
		return err
	}
	run := reportRun(res, s, root)
	return writeOutput(f.output, stdio.Out, func(w io.Writer, _ bool) error {
		return newReporter().Report(w, run)
	})
}
