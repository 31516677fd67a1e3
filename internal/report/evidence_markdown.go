package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/envfence/envfence/internal/evidence"
	"github.com/envfence/envfence/internal/finding"
)

// Lists in the evidence pack show this many items and count the rest;
// the JSON pack holds them all.
const (
	maxEvidenceItems     = 10
	maxEvidenceWorkflows = 20
)

// writeEvidenceMarkdown writes the pack for a wiki page or a pull request.
func writeEvidenceMarkdown(w io.Writer, p *evidence.Pack) error {
	bw := bufio.NewWriter(w)
	m := &mdPack{w: bw, p: p}
	m.header()
	m.summary()
	for i, s := range p.Sections {
		m.section(i+1, s)
	}
	m.accepted()
	m.checks()
	m.notes()
	return bw.Flush()
}

type mdPack struct {
	w *bufio.Writer
	p *evidence.Pack
}

func (m *mdPack) f(format string, a ...any) { fmt.Fprintf(m.w, format, a...) }

func (m *mdPack) header() {
	h := m.p.Header
	m.f("# Environment separation evidence: %s\n\n", mdEscape(h.Repository))
	m.f("Evidence for ISO/IEC 27001:2022 A.8.31, SOC 2 CC8.1 and NIS2 Art. 21(2)(e), read from the repository by %s %s.\n\n", h.Tool.Name, mdEscape(h.Tool.Version))
	m.f("| | |\n|---|---|\n")
	m.f("| Repository | %s (from %s) |\n", mdEscape(h.Repository), h.RepositoryFrom)
	m.f("| Commit | %s |\n", commitLine(h))
	m.f("| Scanned | %s at `%s` |\n", h.Tree, mdCode(h.Path))
	m.f("| Date | %s (%s) |\n", h.Date, h.DateFrom)
	m.f("| Tool | %s %s |\n", h.Tool.Name, mdEscape(h.Tool.Version))
	m.f("| Configuration | %s; `%s` |\n", configLine(h.Config), h.Config.Digest)
	m.f("| GitHub settings | %s |\n", mdEscape(onlineLine(h.GitHub)))
	m.f("| Checks | %s |\n\n", mdEscape(checksLine(m.p.Checks)))
}

func commitLine(h evidence.Header) string {
	if h.Commit == "" {
		return "not a git repository"
	}
	s := "`" + h.Commit + "`"
	if h.Branch != "" {
		s += " on branch `" + mdCode(h.Branch) + "`"
	}
	return s
}

func configLine(c evidence.Config) string {
	if len(c.Files) == 0 {
		return "built-in defaults"
	}
	parts := make([]string, len(c.Files))
	for i, f := range c.Files {
		parts[i] = "`" + mdCode(f) + "`"
	}
	return strings.Join(parts, ", ")
}

func onlineLine(o evidence.Online) string {
	if o.Read {
		return "environment protection read from the GitHub API"
	}
	return "not read: " + o.Why
}

func checksLine(cs []evidence.Check) string {
	ran, skipped := 0, 0
	for _, c := range cs {
		if c.Result == evidence.NotRun {
			skipped++
		} else {
			ran++
		}
	}
	if skipped == 0 {
		return fmt.Sprintf("all %d ran", ran)
	}
	return fmt.Sprintf("%d ran, %d did not run (see Checks)", ran, skipped)
}

var statusMark = map[evidence.Status]string{evidence.Satisfied: "✅", evidence.Gaps: "❌", evidence.Undetermined: "❔"}

func (m *mdPack) summary() {
	s := m.p.Summary
	m.f("## Summary\n\n%d satisfied, %d with gaps, %d not determinable from the repository. %s (%d errors, %d warnings, %d notes); %s.\n\n",
		s.Satisfied, s.Gaps, s.Undetermined, plural(s.Findings, "finding"), s.Errors, s.Warnings, s.Notes, plural(s.Accepted, "accepted risk"))
	m.f("| | evidence | status | findings | controls |\n|---|---|---|---:|---|\n")
	for i, sec := range m.p.Sections {
		m.f("| %d | %s | %s %s | %d | %s |\n", i+1, sec.Title, statusMark[sec.Status], sec.Status, findingCount(sec), controlIDs(sec.Controls))
	}
	m.f("\n")
}

func findingCount(s evidence.Section) int {
	n := 0
	for _, g := range s.Findings {
		n += g.Count
	}
	return n
}

func controlIDs(cs []evidence.Control) string {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return strings.Join(ids, "; ")
}

func (m *mdPack) section(n int, s evidence.Section) {
	m.f("## %d. %s\n\n*%s*\n\n**Status: %s %s.** %s.", n, s.Title, s.Question, statusMark[s.Status], s.Status, mdEscape(capital(s.Why)))
	if s.Determine != "" {
		m.f(" To determine it: %s.", mdEscape(s.Determine))
	}
	m.f("\n\n**Controls:** ")
	for i, c := range s.Controls {
		if i > 0 {
			m.f("; ")
		}
		m.f("%s (%s)", c.ID, c.Title)
	}
	m.f("\n\n")
	switch {
	case s.Architecture != nil:
		m.architecture(s.Architecture)
	case s.Access != nil:
		m.access(s.Access)
	case s.Data != nil:
		m.data(s.Data)
	case s.Promotion != nil:
		m.promotion(s.Promotion)
	case s.DirectPaths != nil:
		m.f("%s of developer tooling (Makefiles, scripts, package.json scripts, task runners) checked for commands that reach production%s.\n\n", plural(len(s.DirectPaths.ToolingFiles), "file"), sample(s.DirectPaths.ToolingFiles))
	}
	m.f("**Checks:** ")
	for i, id := range s.Checks {
		if i > 0 {
			m.f(", ")
		}
		m.f("`%s` (%s)", id, checkResult(m.p.Checks, id))
	}
	m.f("\n\n")
	m.findings(s.Findings)
}

func checkResult(cs []evidence.Check, id string) string {
	for _, c := range cs {
		if c.ID == id {
			return c.Result
		}
	}
	return ""
}

// sample names the first items of a list, and counts the rest.
func sample(items []string) string {
	if len(items) == 0 {
		return ""
	}
	return ": " + listed(items, func(s string) string { return "`" + mdCode(s) + "`" })
}

func listed(items []string, format func(string) string) string {
	var parts []string
	for i, it := range items {
		if i == maxEvidenceItems {
			parts = append(parts, fmt.Sprintf("and %d more", len(items)-maxEvidenceItems))
			break
		}
		parts = append(parts, format(it))
	}
	return strings.Join(parts, ", ")
}

func (m *mdPack) architecture(a *evidence.Architecture) {
	m.f("| environment | files | sections | jobs | hosts | cloud resources |\n|---|---:|---:|---:|---:|---:|\n")
	for _, e := range a.Environments {
		m.f("| %s | %d | %d | %d | %d | %d |\n", e.Name, e.Files, e.Sections, e.Jobs, len(e.Hosts), len(e.Resources))
	}
	m.f("\nFiles read that belong to no environment: %d.\n\n", a.Unclassified)
	for _, e := range a.Environments {
		m.f("- **%s**: %s", e.Name, listed(e.Paths, func(s string) string { return "`" + mdCode(s) + "`" }))
		if len(e.Hosts) > 0 {
			m.f("; hosts %s", listed(e.Hosts, func(s string) string { return "`" + mdCode(s) + "`" }))
		}
		if len(e.Resources) > 0 {
			rs := make([]string, len(e.Resources))
			for i, r := range e.Resources {
				rs[i] = r.Kind + " `" + mdCode(r.ID) + "`"
			}
			m.f("; resources %s", listed(rs, func(s string) string { return s }))
		}
		m.f("\n")
	}
	m.f("\n")
	m.pairs("Where environments touch", a.Touches)
}

func (m *mdPack) pairs(title string, ps []evidence.Pair) {
	if len(ps) == 0 {
		m.f("**%s:** nowhere.\n\n", title)
		return
	}
	m.f("**%s:**\n\n| environment | touches | check | findings |\n|---|---|---|---:|\n", title)
	for _, p := range ps {
		m.f("| %s | %s | `%s` | %d |\n", envLabel(p.From), pairTarget(p), p.Rule, p.Count)
	}
	m.f("\n")
}

func pairTarget(p evidence.Pair) string {
	if p.To == "" {
		return "—"
	}
	return p.To
}

func (m *mdPack) access(a *evidence.Access) {
	co := a.CodeOwners
	switch {
	case co.Template:
		m.f("**CODEOWNERS:** a project template: its production files are payload for generated projects and are not judged.\n\n")
	case co.File == "":
		m.f("**CODEOWNERS:** none; %s.\n\n", plural(co.ProductionFiles, "production file"))
	default:
		m.f("**CODEOWNERS** (`%s`): %d of %s owned.\n\n", mdCode(co.File), co.ProductionFiles-len(co.Unowned), plural(co.ProductionFiles, "production file"))
	}
	if len(co.Owned) > 0 {
		m.f("| owners | rule | production files |\n|---|---|---|\n")
		for _, g := range co.Owned {
			m.f("| %s | %s | %d: %s |\n", mdEscape(strings.Join(g.Owners, " ")), mdEscape(strings.Join(g.Where, ", ")), len(g.Paths), listed(g.Paths, func(s string) string { return "`" + mdCode(s) + "`" }))
		}
		m.f("\n")
	}
	if len(co.Unowned) > 0 {
		m.f("Without owners: %s.\n\n", listed(co.Unowned, func(s string) string { return "`" + mdCode(s) + "`" }))
	}
	if len(a.DeployJobs) == 0 {
		m.f("**Production deploy jobs:** none in this repository's workflows.\n\n")
	} else {
		m.f("**Production deploy jobs:**\n\n| job | environment |\n|---|---|\n")
		for i, j := range a.DeployJobs {
			if i == maxEvidenceItems*2 {
				m.f("| and %d more | |\n", len(a.DeployJobs)-i)
				break
			}
			env := "**none**"
			if j.Environment != "" {
				env = "`" + mdCode(j.Environment) + "`"
			}
			m.f("| `%s:%d` %s | %s |\n", mdCode(j.Path), j.Line, mdCode(j.Job), env)
		}
		m.f("\n")
	}
	if len(a.Environments) > 0 {
		m.f("**Environment protection on GitHub:**\n\n| environment | protection |\n|---|---|\n")
		for _, e := range a.Environments {
			m.f("| `%s` | %s |\n", mdCode(e.Name), mdEscape(protectionLine(e)))
		}
		m.f("\n")
	}
	if a.Hook != nil {
		m.f("**Server hook policy:** %s.\n\n", mdEscape(hookLine(a.Hook)))
	} else {
		m.f("**Server hook policy:** not known to this report; pass the server's hook configuration with --hook-config to include it.\n\n")
	}
}

func protectionLine(e evidence.Protection) string {
	switch {
	case !e.Read:
		return "not read: " + e.Why
	case !e.Exists:
		return "does not exist on GitHub: the first deploy creates it without protection"
	}
	var parts []string
	if e.Reviewers > 0 {
		parts = append(parts, plural(e.Reviewers, "required reviewer"))
	}
	if e.WaitMinutes > 0 {
		parts = append(parts, fmt.Sprintf("wait timer %d min", e.WaitMinutes))
	}
	for _, r := range e.CustomRules {
		parts = append(parts, "custom rule "+r)
	}
	if len(parts) == 0 {
		parts = append(parts, "no reviewers, wait timer or custom rule")
	}
	parts = append(parts, "deploys from "+e.BranchPolicy)
	if e.AdminsBypass {
		parts = append(parts, "administrators can bypass")
	}
	return strings.Join(parts, "; ")
}

func hookLine(h *evidence.HookPolicy) string {
	s := fmt.Sprintf("pushes with findings at or above %s are rejected; deadline %s (on timeout: %s, on error: %s)", h.FailOn, h.Deadline, h.OnTimeout, h.OnError)
	switch {
	case !h.Bypass:
		s += "; no break-glass bypass"
	case len(h.BypassUsers) > 0:
		s += "; break-glass bypass for " + strings.Join(h.BypassUsers, ", ")
	default:
		s += "; break-glass bypass for any user"
	}
	if h.Bypass {
		if h.BypassAudited {
			s += ", written to an audit log"
		} else {
			s += ", with no audit log"
		}
	}
	if len(h.RepositoryMay) > 0 {
		s += "; a repository's .envfence.yml may change " + strings.Join(h.RepositoryMay, ", ")
	}
	return s
}

func (m *mdPack) data(d *evidence.Data) {
	m.f("Compared with %s.\n\n", plural(d.ProductionScopes, "production scope"))
	m.pairs("Findings by environment", d.Pairs)
}

func (m *mdPack) promotion(pr *evidence.Promotion) {
	m.f("%s: %d with a promotion gate, %d with an `environment:`. %s without a deploying job.\n\n",
		plural(pr.ProductionDeploys, "production deploy job"), pr.Gated, pr.Protected, plural(pr.WithoutDeploys, "workflow"))
	if len(pr.Mechanisms) > 0 {
		m.f("**Deployed by other means:**\n\n")
		for _, me := range pr.Mechanisms {
			m.f("- %s (%s): %s\n", mdEscape(me.Name), me.Kind, listed(me.Paths, func(s string) string { return "`" + mdCode(s) + "`" }))
		}
		m.f("\n")
	}
	for i, wf := range pr.Workflows {
		if i == maxEvidenceWorkflows {
			m.f("…and %s that deploy.\n\n", plural(len(pr.Workflows)-i, "more workflow"))
			break
		}
		m.f("**`%s`**", mdCode(wf.Path))
		if wf.Name != "" {
			m.f(" (%s)", mdEscape(wf.Name))
		}
		m.f(", on %s:\n\n", mdEscape(strings.Join(wf.Triggers, ", ")))
		for _, j := range wf.Jobs {
			m.f("- `%s`%s\n", mdCode(j.ID), mdEscape(jobLine(j)))
		}
		m.f("\n")
	}
}

// jobLine describes a job of the deploy graph after its id.
func jobLine(j evidence.GraphJob) string {
	var parts []string
	if len(j.Needs) > 0 {
		parts = append(parts, "needs "+strings.Join(j.Needs, ", "))
	}
	switch {
	case j.Deploys:
		parts = append(parts, "deploys to "+envLabel(j.Environment))
	case j.RunsTests:
		parts = append(parts, "runs tests")
	}
	if j.Calls != "" {
		parts = append(parts, "calls "+j.Calls)
	}
	if j.EnvironmentName != "" {
		parts = append(parts, "environment "+j.EnvironmentName)
	} else if j.Production {
		parts = append(parts, "no environment")
	}
	if j.Production {
		if j.Gate != "" {
			parts = append(parts, "gate: "+j.Gate)
		} else {
			parts = append(parts, "no gate")
		}
		if j.Untrusted != "" {
			parts = append(parts, "untrusted trigger: "+j.Untrusted)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, "; ")
}

func (m *mdPack) findings(gs []evidence.Group) {
	for _, g := range gs {
		m.f("<details><summary><code>%s</code>: %s</summary>\n\n| severity | location | environment | message |\n|---|---|---|---|\n", g.Rule, plural(g.Count, "finding"))
		for i, f := range g.Findings {
			if i == maxEvidenceItems {
				m.f("\n…and %d more; the JSON pack and `envfence scan` list them all.\n", g.Count-i)
				break
			}
			m.f("| %s | `%s` | %s | %s |\n", f.Severity, mdCode(location(f.Path, f.Line)), envLabel(f.Environment), mdEscape(findingText(f)))
		}
		m.f("\n</details>\n\n")
	}
}

// location is path:line, or the repository for a finding about it as a
// whole (no CODEOWNERS file).
func location(path string, line int) string {
	if line == 0 {
		if path == "." {
			return "(repository)"
		}
		return path
	}
	return fmt.Sprintf("%s:%d", path, line)
}

// findingText is a finding's message with its related locations.
func findingText(f finding.Finding) string {
	s := f.Message
	for _, r := range f.Related {
		s += fmt.Sprintf(" ↳ %s:%d (%s) %s", r.Path, r.Line, envLabel(r.Environment), r.Message)
	}
	return s
}

func (m *mdPack) accepted() {
	a := m.p.Accepted
	m.f("## Accepted risks\n\n")
	if a.Total == 0 {
		m.f("No finding is suppressed.\n\n")
	} else {
		m.f("%s hidden: %d by inline comments, %d by configuration, %d by a baseline.\n\n| accepted by | where | reason | findings |\n|---|---|---|---|\n", plural(a.Total, "finding"), a.Inline, a.Config, a.Baseline)
		for _, g := range a.Groups {
			m.f("| %s | `%s` | %s | %d (%s) |\n", g.By, mdCode(where(g)), mdEscape(reasonText(g)), len(g.Findings), mdEscape(strings.Join(g.Rules, ", ")))
		}
		m.f("\n")
	}
	m.findings(a.Invalid)
}

func where(g evidence.Acceptance) string {
	if g.Line > 0 {
		return fmt.Sprintf("%s:%d", g.Path, g.Line)
	}
	return g.Path
}

func reasonText(g evidence.Acceptance) string {
	if g.Reason != "" {
		return g.Reason
	}
	if g.By == "baseline" {
		return "(no reason: a baseline records known findings, not why they are accepted)"
	}
	return "(no reason given)"
}

func (m *mdPack) checks() {
	m.f("## Checks\n\n| check | evidence | result | findings |\n|---|---|---|---:|\n")
	for _, c := range m.p.Checks {
		res := c.Result
		if c.Why != "" {
			res += ": " + mdEscape(c.Why)
		}
		m.f("| `%s` | %s | %s | %d |\n", c.ID, c.Section, res, c.Findings)
	}
	m.f("\n")
}

func (m *mdPack) notes() {
	if len(m.p.Notes) == 0 {
		return
	}
	m.f("## Notes\n\n")
	for i, n := range m.p.Notes {
		if i == maxEvidenceItems*2 {
			m.f("- …and %s\n", plural(len(m.p.Notes)-i, "more note"))
			break
		}
		m.f("- %s", mdEscape(n.Message))
		if len(n.Paths) > 0 {
			m.f(" (%s)", listed(n.Paths, func(s string) string { return "`" + mdCode(s) + "`" }))
		}
		m.f("\n")
	}
	m.f("\n")
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
