package evidence

import (
	"slices"
	"sort"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/rules/workflows"
	"github.com/envfence/envfence/internal/source"
)

// Input is one scan and what the caller knows about it.
type Input struct {
	Header   Header
	Repo     *model.Repo
	Checks   []RuleRun
	Findings []finding.Finding
	Accepted []finding.Acceptance
	Notes    []source.Note
	// GitHub reads environments' protection; nil offline, when
	// Header.GitHub.Why says why.
	GitHub workflows.EnvironmentLookup
	// Hook is the server hook's policy, or nil when it is not known.
	Hook *HookPolicy
}

// RuleRun is a rule of the catalogue and whether it ran.
type RuleRun struct {
	Rule *rule.Rule
	Ran  bool
	Why  string // why it did not run
}

// Data is the credential and data findings counted by environment pair.
type Data struct {
	// ProductionScopes counts the production files, sections and jobs
	// the non-production ones were compared with.
	ProductionScopes int    `json:"production_scopes"`
	Pairs            []Pair `json:"pairs"`
}

// DirectPaths is the developer tooling that was read.
type DirectPaths struct {
	ToolingFiles []string `json:"tooling_files"`
}

// Build assembles the pack. The result depends only on its input.
func Build(in Input) *Pack {
	p := &Pack{Schema: Schema, Header: in.Header, Checks: []Check{}, Notes: notes(in.Notes)}
	if p.Header.Config.Files == nil {
		p.Header.Config.Files = []string{}
	}
	bySection := map[rule.Section][]Check{}
	counts := map[string]int{}
	for _, f := range in.Findings {
		counts[f.Rule]++
	}
	for _, rr := range in.Checks {
		c := Check{ID: rr.Rule.ID, Summary: rr.Rule.Summary, Section: string(rr.Rule.Evidence), Findings: counts[rr.Rule.ID]}
		switch {
		case !rr.Ran:
			c.Result, c.Why = NotRun, rr.Why
		case c.Findings > 0:
			c.Result = Failed
		default:
			c.Result = Passed
		}
		p.Checks = append(p.Checks, c)
		bySection[rr.Rule.Evidence] = append(bySection[rr.Rule.Evidence], c)
	}
	shared := gather(in)
	for _, def := range definitions {
		s := def.build(shared, in)
		s.ID, s.Title, s.Question, s.Controls = string(def.id), def.title, def.question, def.controls
		s.Checks, s.Findings = []string{}, groups(in.Findings, bySection[def.id])
		for _, c := range bySection[def.id] {
			s.Checks = append(s.Checks, c.ID)
		}
		checks := bySection[def.id]
		if def.needless != nil {
			checks = slices.DeleteFunc(slices.Clone(checks), func(c Check) bool { return c.Result == NotRun && def.needless(shared, c) })
		}
		judge(&s, checks, def.undetermined(shared, in))
		if s.Status == Satisfied {
			s.Why = def.satisfied(shared, in, s)
		}
		p.Sections = append(p.Sections, s)
	}
	p.Accepted = accepted(in.Accepted, groups(in.Findings, bySection[rule.AcceptedRisks]))
	p.Summary = summarise(p, in.Findings)
	return p
}

// shared is what several sections read.
type shared struct {
	promotions       []workflows.Promotion
	productionScopes int
	// protections are read from GitHub once, here.
	protections []Protection
	// mechanisms deploy the repository other than by its workflows.
	mechanisms   []Mechanism
	hasWorkflows bool
}

func gather(in Input) shared {
	f := shared{promotions: workflows.Promotions(in.Repo)}
	f.protections = protections(f.promotions, in.GitHub, in.Header.GitHub.Why)
	f.mechanisms = mechanisms(in.Repo)
	f.hasWorkflows = len(in.Repo.Workflows()) > 0
	for _, s := range in.Repo.Scopes() {
		if s.Env == envmodel.Production {
			f.productionScopes++
		}
	}
	return f
}

// judge sets a section's status: gaps when a check found something, not
// determinable when a check did not run or the repository cannot say
// (undetermined gives why and what would), satisfied otherwise.
func judge(s *Section, checks []Check, undetermined [2]string) {
	failed, notRun := 0, []string{}
	for _, c := range checks {
		switch c.Result {
		case Failed:
			failed += c.Findings
		case NotRun:
			notRun = append(notRun, c.ID+" did not run: "+c.Why)
		}
	}
	switch {
	case failed > 0:
		s.Status, s.Why = Gaps, plural(failed, "finding")+" of the checks below"
	case undetermined[0] != "":
		s.Status, s.Why, s.Determine = Undetermined, undetermined[0], undetermined[1]
	case len(notRun) > 0:
		s.Status, s.Why, s.Determine = Undetermined, joinSentences(notRun), "run the checks that did not run"
	default:
		s.Status, s.Why = Satisfied, "every check below passed"
	}
}

// groups collects a section's findings by rule, in check order.
func groups(findings []finding.Finding, checks []Check) []Group {
	out := []Group{}
	for _, c := range checks {
		g := Group{Rule: c.ID, Findings: []finding.Finding{}}
		for _, f := range findings {
			if f.Rule == c.ID {
				g.Findings = append(g.Findings, f)
			}
		}
		if g.Count = len(g.Findings); g.Count > 0 {
			out = append(out, g)
		}
	}
	return out
}

// notes groups the scan's notes by message.
func notes(ns []source.Note) []Note {
	index := map[string]int{}
	out := []Note{}
	for _, n := range ns {
		i, ok := index[n.Message]
		if !ok {
			i = len(out)
			index[n.Message] = i
			out = append(out, Note{Message: finding.Printable(n.Message), Paths: []string{}})
		}
		out[i].Count++
		if n.Path != "" && !slices.Contains(out[i].Paths, n.Path) {
			out[i].Paths = append(out[i].Paths, n.Path)
		}
	}
	for i := range out {
		sort.Strings(out[i].Paths)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Message < out[j].Message })
	return out
}

func summarise(p *Pack, findings []finding.Finding) Summary {
	var s Summary
	for _, sec := range p.Sections {
		switch sec.Status {
		case Satisfied:
			s.Satisfied++
		case Gaps:
			s.Gaps++
		default:
			s.Undetermined++
		}
	}
	s.Findings = len(findings)
	for _, f := range findings {
		switch f.Severity {
		case finding.Error:
			s.Errors++
		case finding.Warning:
			s.Warnings++
		default:
			s.Notes++
		}
	}
	s.Accepted = p.Accepted.Total
	return s
}
