// Package report renders a scan in the output formats of SPEC §2 — text,
// json, sarif, github, markdown — and the A.8.31 evidence pack
// (evidence.Pack) as markdown, html or json. One file
// per format. Reporters only render what the Run holds: findings carry no
// credential value and snippets arrive already masked.
package report

import (
	"io"

	"github.com/envfence/envfence/internal/evidence"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/source"
)

// Tool describes envfence for reports.
type Tool struct {
	Name           string
	Version        string
	InformationURI string
}

// Rule describes one rule for reports (SARIF rules, help text).
type Rule struct {
	ID              string
	Summary         string
	Help            string // Markdown
	DefaultSeverity finding.Severity
}

// Scope is one entry of the environment map.
type Scope struct {
	Path        string `json:"path"`
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	Line        int    `json:"line"`
	Environment string `json:"environment"`
	Reason      string `json:"reason"`
}

// Run is everything a report shows.
type Run struct {
	Tool       Tool
	Rules      []Rule
	Findings   []finding.Finding // sorted
	Suppressed int
	Notes      []source.Note
	Scopes     []Scope
	// Root is the scanned path as the user gave it.
	Root string
}

// Options change how a report is rendered.
type Options struct {
	// Color enables ANSI colour in the text format.
	Color bool
}

// A Reporter renders a Run. Output is deterministic.
type Reporter interface {
	Report(w io.Writer, run *Run) error
}

// ReporterFunc adapts a function to Reporter.
type ReporterFunc func(w io.Writer, run *Run) error

// Report implements Reporter.
func (f ReporterFunc) Report(w io.Writer, run *Run) error { return f(w, run) }

// Formats are the scan report formats of --format.
var Formats = map[string]func(Options) Reporter{
	"text":     func(o Options) Reporter { return &Text{Color: o.Color} },
	"json":     func(Options) Reporter { return ReporterFunc(writeJSON) },
	"sarif":    func(Options) Reporter { return ReporterFunc(writeSARIF) },
	"github":   func(Options) Reporter { return ReporterFunc(writeGitHub) },
	"markdown": func(Options) Reporter { return ReporterFunc(writeMarkdown) },
}

// EvidenceFormats are the formats of `envfence report`: each writes an
// evidence pack.
var EvidenceFormats = map[string]func(w io.Writer, p *evidence.Pack) error{
	"markdown": writeEvidenceMarkdown,
	"html":     writeEvidenceHTML,
	"json":     writeEvidenceJSON,
}

// counts tallies findings by severity.
type counts struct{ errors, warnings, notes int }

func countFindings(fs []finding.Finding) counts {
	var c counts
	for _, f := range fs {
		switch f.Severity {
		case finding.Error:
			c.errors++
		case finding.Warning:
			c.warnings++
		default:
			c.notes++
		}
	}
	return c
}
