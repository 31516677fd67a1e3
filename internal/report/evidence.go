package report

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"

	"github.com/envfence/envfence/internal/finding"
)

// Control text for the evidence report.
const (
	controlTitle = "ISO/IEC 27001:2022 A.8.31 — Separation of development, test and production environments"
	controlText  = "Development, testing and production environments shall be separated and secured. " +
		"Related: SOC 2 CC8.1 (change management), NIS2 Article 21(2)(e) (security in acquisition, development and maintenance)."
)

// evidence is the content shared by every evidence format.
type evidence struct {
	Schema      string             `json:"schema"`
	Control     string             `json:"control"`
	ControlText string             `json:"control_text"`
	Tool        jsonTool           `json:"tool"`
	Root        string             `json:"root"`
	GeneratedAt string             `json:"generated_at,omitempty"`
	Result      string             `json:"result"`
	Totals      evidenceTotals     `json:"totals"`
	Rules       []evidenceRule     `json:"rules"`
	Environment map[string][]Scope `json:"environment_map"`
	Findings    []finding.Finding  `json:"findings"`
	Suppressed  int                `json:"suppressed"`
	Notes       []evidenceNote     `json:"notes"`
}

type evidenceTotals struct {
	Scopes   int `json:"scopes"`
	Findings int `json:"findings"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Notes    int `json:"notes"`
}

type evidenceRule struct {
	ID       string `json:"id"`
	Summary  string `json:"summary"`
	Result   string `json:"result"` // pass or fail
	Findings int    `json:"findings"`
}

type evidenceNote struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

func buildEvidence(run *Run) evidence {
	c := countFindings(run.Findings)
	ev := evidence{
		Schema: "envfence/evidence/v1", Control: controlTitle, ControlText: controlText,
		Tool: jsonTool{Name: run.Tool.Name, Version: run.Tool.Version}, Root: run.Root, GeneratedAt: run.GeneratedAt,
		Totals:      evidenceTotals{Scopes: len(run.Scopes), Findings: len(run.Findings), Errors: c.errors, Warnings: c.warnings, Notes: c.notes},
		Environment: map[string][]Scope{}, Findings: append([]finding.Finding{}, run.Findings...), Suppressed: run.Suppressed,
		Notes: []evidenceNote{}, Rules: []evidenceRule{},
	}
	ev.Result = "pass"
	if c.errors > 0 {
		ev.Result = "fail"
	}
	byRule := map[string]int{}
	for _, f := range run.Findings {
		byRule[f.Rule]++
	}
	for _, r := range run.Rules {
		res := "pass"
		if byRule[r.ID] > 0 {
			res = "fail"
		}
		ev.Rules = append(ev.Rules, evidenceRule{ID: r.ID, Summary: r.Summary, Result: res, Findings: byRule[r.ID]})
	}
	for _, s := range run.Scopes {
		ev.Environment[envLabel(s.Environment)] = append(ev.Environment[envLabel(s.Environment)], s)
	}
	for _, n := range run.Notes {
		ev.Notes = append(ev.Notes, evidenceNote{Path: n.Path, Message: n.Message})
	}
	for i := range ev.Findings {
		if ev.Findings[i].Related == nil {
			ev.Findings[i].Related = []finding.Location{}
		}
	}
	return ev
}

// envSections lists the environment map's groups, most production-like first.
func (ev evidence) envSections() []string {
	order := map[string]int{"production": 0, "shared": 1, "staging": 2, "test": 3, "development": 4, "unclassified": 5}
	var keys []string
	for k := range ev.Environment {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return order[keys[i]] < order[keys[j]] })
	return keys
}

func writeEvidenceJSON(w io.Writer, run *Run) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(buildEvidence(run))
}

func writeEvidenceMarkdown(w io.Writer, run *Run) error {
	ev := buildEvidence(run)
	var b strings.Builder
	fmt.Fprintf(&b, "# Environment separation evidence\n\n**Control:** %s\n\n%s\n\n", controlTitle, controlText)
	fmt.Fprintf(&b, "| | |\n|---|---|\n| Scanned | `%s` |\n| Tool | %s %s |\n", mdCode(ev.Root), ev.Tool.Name, ev.Tool.Version)
	if ev.GeneratedAt != "" {
		fmt.Fprintf(&b, "| Generated | %s |\n", ev.GeneratedAt)
	}
	fmt.Fprintf(&b, "| Result | **%s** |\n| Scopes classified | %d |\n| Findings | %d (%d errors, %d warnings, %d notes) |\n| Suppressed (accepted risks) | %d |\n\n",
		strings.ToUpper(ev.Result), ev.Totals.Scopes, ev.Totals.Findings, ev.Totals.Errors, ev.Totals.Warnings, ev.Totals.Notes, ev.Suppressed)
	b.WriteString("## Checks\n\n| check | what it verifies | result | findings |\n|---|---|---|---:|\n")
	for _, r := range ev.Rules {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %d |\n", r.ID, mdEscape(r.Summary), r.Result, r.Findings)
	}
	b.WriteString("\n## Environment map\n\n")
	for _, env := range ev.envSections() {
		fmt.Fprintf(&b, "### %s\n\n| scope | reason |\n|---|---|\n", env)
		for _, s := range ev.Environment[env] {
			fmt.Fprintf(&b, "| `%s` | %s |\n", mdCode(scopeLabel(s)), mdEscape(s.Reason))
		}
		b.WriteString("\n")
	}
	b.WriteString("## Findings\n\n")
	if len(ev.Findings) == 0 {
		b.WriteString("None.\n\n")
	} else {
		var sb strings.Builder
		bw := newBufWriter(&sb)
		writeFindingsTable(bw, run)
		bw.Flush()
		b.WriteString(sb.String())
	}
	if len(ev.Notes) > 0 {
		b.WriteString("## Notes\n\n")
		for _, n := range ev.Notes {
			fmt.Fprintf(&b, "- `%s`: %s\n", mdCode(n.Path), mdEscape(n.Message))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func scopeLabel(s Scope) string {
	switch s.Kind {
	case "file", "":
		return finding.Printable(s.Path)
	}
	return finding.Printable(fmt.Sprintf("%s %s %s (line %d)", s.Path, s.Kind, s.Name, s.Line))
}

var evidenceHTML = template.Must(template.New("evidence").Funcs(template.FuncMap{"scope": scopeLabel, "printable": finding.Printable}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Environment separation evidence</title>
<style>
body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1f2328}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #d0d7de;padding:.35rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}code{font-size:.9em}
</style></head><body>
<h1>Environment separation evidence</h1>
<p><strong>Control:</strong> {{.Control}}</p><p>{{.ControlText}}</p>
<table><tr><th>Scanned</th><td><code>{{.Root}}</code></td></tr>
<tr><th>Tool</th><td>{{.Tool.Name}} {{.Tool.Version}}</td></tr>
{{if .GeneratedAt}}<tr><th>Generated</th><td>{{.GeneratedAt}}</td></tr>{{end}}
<tr><th>Result</th><td class="{{.Result}}">{{.Result}}</td></tr>
<tr><th>Scopes classified</th><td>{{.Totals.Scopes}}</td></tr>
<tr><th>Findings</th><td>{{.Totals.Findings}} ({{.Totals.Errors}} errors, {{.Totals.Warnings}} warnings, {{.Totals.Notes}} notes)</td></tr>
<tr><th>Suppressed (accepted risks)</th><td>{{.Suppressed}}</td></tr></table>
<h2>Checks</h2>
<table><tr><th>check</th><th>what it verifies</th><th>result</th><th>findings</th></tr>
{{range .Rules}}<tr><td><code>{{.ID}}</code></td><td>{{.Summary}}</td><td class="{{.Result}}">{{.Result}}</td><td>{{.Findings}}</td></tr>
{{end}}</table>
<h2>Environment map</h2>
{{range $env := .Sections}}<h3>{{$env}}</h3><table><tr><th>scope</th><th>reason</th></tr>
{{range index $.Environment $env}}<tr><td><code>{{scope .}}</code></td><td>{{printable .Reason}}</td></tr>
{{end}}</table>
{{end}}<h2>Findings</h2>
{{if .Findings}}<table><tr><th>severity</th><th>rule</th><th>location</th><th>environment</th><th>message</th></tr>
{{range .Findings}}<tr><td>{{.Severity}}</td><td><code>{{.Rule}}</code></td><td><code>{{printable .Path}}:{{.Line}}</code></td><td>{{.Environment}}</td><td>{{printable .Message}}{{range .Related}}<br>&#8627; <code>{{printable .Path}}:{{.Line}}</code> ({{.Environment}}) {{printable .Message}}{{end}}</td></tr>
{{end}}</table>{{else}}<p>None.</p>{{end}}
{{if .Notes}}<h2>Notes</h2><ul>{{range .Notes}}<li><code>{{printable .Path}}</code>: {{printable .Message}}</li>{{end}}</ul>{{end}}
</body></html>
`))

func writeEvidenceHTML(w io.Writer, run *Run) error {
	ev := buildEvidence(run)
	return evidenceHTML.Execute(w, struct {
		evidence
		Sections []string
	}{ev, ev.envSections()})
}
