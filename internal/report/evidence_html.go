package report

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/envfence/envfence/internal/evidence"
	"github.com/envfence/envfence/internal/finding"
)

// writeEvidenceJSON writes the pack as it is (evidence.schema.json).
func writeEvidenceJSON(w io.Writer, p *evidence.Pack) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(p)
}

// writeEvidenceHTML writes the pack as one self-contained page: no script,
// no external asset, diagrams as inline SVG; it prints to PDF with each
// section on its own pages.
func writeEvidenceHTML(w io.Writer, p *evidence.Pack) error {
	var diagrams []diagram
	if pr := promotionOf(p); pr != nil {
		for i, wf := range pr.Workflows {
			if i == maxEvidenceWorkflows {
				break
			}
			diagrams = append(diagrams, layoutDiagram(wf))
		}
	}
	return evidenceHTML.Execute(w, struct {
		*evidence.Pack
		Diagrams []diagram
	}{p, diagrams})
}

func promotionOf(p *evidence.Pack) *evidence.Promotion {
	for _, s := range p.Sections {
		if s.Promotion != nil {
			return s.Promotion
		}
	}
	return nil
}

// htmlMark are the status marks of the HTML pack: plain symbols that
// every font has, unlike the emoji of the Markdown pack.
var htmlMark = map[evidence.Status]string{evidence.Satisfied: "✓", evidence.Gaps: "✗", evidence.Undetermined: "?"}

// shown is the first items of a list, with how many are left out.
type shown[T any] struct {
	Items []T
	More  int
}

func first[T any](items []T, n int) shown[T] {
	if len(items) <= n {
		return shown[T]{Items: items}
	}
	return shown[T]{Items: items[:n], More: len(items) - n}
}

var evidenceFuncs = template.FuncMap{
	"printable": finding.Printable,
	"env":       envLabel,
	"plural":    plural,
	"capital":   capital,
	"status":    func(s any) string { return strings.ReplaceAll(fmt.Sprint(s), " ", "-") },
	"mark":      func(s evidence.Status) string { return htmlMark[s] },
	"count":     findingCount,
	"controls":  controlIDs,
	"online":    onlineLine,
	"checks":    checksLine,
	"jobLine":   jobLine,
	"protect":   protectionLine,
	"hook":      hookLine,
	"reason":    reasonText,
	"where":     where,
	"location":  location,
	"target":    pairTarget,
	"text":      findingText,
	"join":      strings.Join,
	"add":       func(a, b int) int { return a + b },
	"sub":       func(a, b int) int { return a - b },
	"paths":     func(s []string) shown[string] { return first(s, maxEvidenceItems) },
	"findings":  func(s []finding.Finding) shown[finding.Finding] { return first(s, maxEvidenceItems) },
	"resources": func(s []evidence.Resource) shown[evidence.Resource] { return first(s, maxEvidenceItems) },
	"jobs":      func(s []evidence.DeployJob) shown[evidence.DeployJob] { return first(s, maxEvidenceItems*2) },
	"notes":     func(s []evidence.Note) shown[evidence.Note] { return first(s, maxEvidenceItems*2) },
	"result": func(cs []evidence.Check, id string) string {
		return checkResult(cs, id)
	},
	"lineY": func(n diagramNode, i int) int {
		// lines are centred in the node, 15 px apart
		return n.Y + n.H/2 - (len(n.Lines)-1)*15/2 + i*15 + 5
	},
	"midX": func(n diagramNode) int { return n.X + n.W/2 },
}

var evidenceHTML = template.Must(template.New("evidence").Funcs(evidenceFuncs).Parse(evidenceTemplate))
