package evidence

import (
	"slices"
	"sort"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/redact"
)

// Accepted is the accepted risks: every suppressed finding, grouped by the
// acceptance that hides it, with its reason and where it is written.
type Accepted struct {
	Total int `json:"total"`
	// Inline, Config and Baseline count the findings each kind hides.
	Inline   int          `json:"inline"`
	Config   int          `json:"config"`
	Baseline int          `json:"baseline"`
	Groups   []Acceptance `json:"acceptances"`
	// Invalid are the suppression comments that hide nothing because
	// they give no reason or name no known rule (invalid-suppression).
	Invalid []Group `json:"invalid"`
}

// Acceptance is one written acceptance and the findings it hides.
type Acceptance struct {
	By     string `json:"by"` // inline, config or baseline
	Reason string `json:"reason"`
	Path   string `json:"path"`
	Line   int    `json:"line"`
	// Findings are the hidden findings, without their messages' values
	// (findings never carry one).
	Findings []finding.Location `json:"findings"`
	Rules    []string           `json:"rules"`
}

// accepted groups acceptances by where they are written.
func accepted(as []finding.Acceptance, invalid []Group) Accepted {
	out := Accepted{Total: len(as), Groups: []Acceptance{}, Invalid: invalid}
	type key struct {
		by, reason, path string
		line             int
	}
	index := map[key]int{}
	for _, a := range as {
		switch a.By {
		case finding.AcceptedInline:
			out.Inline++
		case finding.AcceptedByConfig:
			out.Config++
		case finding.AcceptedByBaseline:
			out.Baseline++
		}
		k := key{a.By, readableReason(a.Reason), a.Path, a.Line}
		i, ok := index[k]
		if !ok {
			i = len(out.Groups)
			index[k] = i
			out.Groups = append(out.Groups, Acceptance{By: a.By, Reason: k.reason, Path: a.Path, Line: a.Line, Findings: []finding.Location{}, Rules: []string{}})
		}
		g := &out.Groups[i]
		g.Findings = append(g.Findings, finding.Location{Path: a.Finding.Path, Line: a.Finding.Line, Column: a.Finding.Column, Environment: a.Finding.Environment, Message: a.Finding.Rule})
		if !slices.Contains(g.Rules, a.Finding.Rule) {
			g.Rules = append(g.Rules, a.Finding.Rule)
		}
	}
	for i := range out.Groups {
		g := &out.Groups[i]
		sort.Strings(g.Rules)
		sort.Slice(g.Findings, func(x, y int) bool {
			a, b := g.Findings[x], g.Findings[y]
			if a.Path != b.Path {
				return a.Path < b.Path
			}
			if a.Line != b.Line {
				return a.Line < b.Line
			}
			return a.Message < b.Message
		})
	}
	sort.Slice(out.Groups, func(i, j int) bool {
		a, b := out.Groups[i], out.Groups[j]
		switch {
		case a.By != b.By:
			return a.By < b.By
		case a.Path != b.Path:
			return a.Path < b.Path
		case a.Line != b.Line:
			return a.Line < b.Line
		}
		return a.Reason < b.Reason
	})
	return out
}

// readableReason masks what may be a credential in a reason: it is free
// text, and someone may have pasted a connection string into it.
func readableReason(reason string) string {
	l := redact.New(reason)
	l.Commands()
	return l.String()
}
