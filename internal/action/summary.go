package action

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/report"
)

// Links says where findings link to: {server}/{repo}/blob/{sha}/{path}#L{line}.
type Links struct {
	ServerURL, Repository, SHA string
}

func (l Links) to(path string, line int) string {
	if l.Repository == "" || l.SHA == "" {
		return ""
	}
	u := fmt.Sprintf("%s/%s/blob/%s/%s", strings.TrimSuffix(l.ServerURL, "/"), l.Repository, l.SHA, (&url.URL{Path: path}).EscapedPath())
	if line > 0 {
		u += fmt.Sprintf("#L%d", line)
	}
	return u
}

// maxRows caps the findings table: job summaries are limited to 1 MiB.
const maxRows = 300

// maxScopes caps the environment map, and maxSummary the whole summary:
// GitHub refuses a step summary over 1 MiB.
const (
	maxScopes  = 1000
	maxSummary = 1000 * 1024
)

// Summary renders the job summary: the verdict and counts first, counts by
// rule and environment, the findings with links, notes, and the
// environment map in a <details> block, kept under GitHub's 1 MiB.
func Summary(run *report.Run, links Links, extra []string, failed bool, failOn finding.Severity) string {
	var b strings.Builder
	total := len(run.Findings)
	fmt.Fprintf(&b, "## envfence — environment separation (ISO 27001 A.8.31)\n\n")
	errs, warns := 0, 0
	for _, f := range run.Findings {
		switch f.Severity {
		case finding.Error:
			errs++
		case finding.Warning:
			warns++
		}
	}
	verdict := "✅ **Passed**"
	if failed {
		verdict = "❌ **Failed**"
	}
	fmt.Fprintf(&b, "%s: %s, %s (fails on %s and above).\n\n", verdict, count(errs, "error"), count(warns, "warning"), failOn)
	for _, e := range extra {
		fmt.Fprintf(&b, "> %s\n\n", e)
	}
	if total == 0 {
		fmt.Fprintf(&b, "No findings. %d scopes classified, %d suppressed.\n\n", len(run.Scopes), run.Suppressed)
	} else {
		fmt.Fprintf(&b, "**%d findings**, %d suppressed.\n\n", total, run.Suppressed)
		countsTable(&b, run.Findings)
		findingsTable(&b, run.Findings, links)
	}
	if len(run.Notes) > 0 {
		fmt.Fprintf(&b, "<details><summary>%d notes</summary>\n\n", len(run.Notes))
		for _, n := range run.Notes {
			fmt.Fprintf(&b, "- `%s`: %s\n", cell(n.Path), cell(n.Message))
		}
		b.WriteString("\n</details>\n\n")
	}
	fmt.Fprintf(&b, "<details><summary>Environment map (%d scopes)</summary>\n\n| scope | environment | reason |\n|---|---|---|\n", len(run.Scopes))
	for i, s := range run.Scopes {
		if i == maxScopes || b.Len() > maxSummary {
			fmt.Fprintf(&b, "\n…and %d more scopes; `envfence envs` lists them all.\n", len(run.Scopes)-i)
			break
		}
		name := s.Path
		if s.Kind != "file" {
			name = fmt.Sprintf("%s › %s %s", s.Path, s.Kind, s.Name)
		}
		env := s.Environment
		if env == "" {
			env = "–"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", cell(name), env, cell(s.Reason))
	}
	b.WriteString("\n</details>\n")
	return b.String()
}

func countsTable(b *strings.Builder, fs []finding.Finding) {
	counts := map[string]map[string]int{}
	envSet := map[string]bool{}
	for _, f := range fs {
		env := f.Environment
		if env == "" {
			env = "unclassified"
		}
		if counts[f.Rule] == nil {
			counts[f.Rule] = map[string]int{}
		}
		counts[f.Rule][env]++
		envSet[env] = true
	}
	order := map[string]int{"development": 0, "test": 1, "staging": 2, "shared": 3, "production": 4, "unclassified": 5}
	var envs, rules []string
	for e := range envSet {
		envs = append(envs, e)
	}
	sort.Slice(envs, func(i, j int) bool { return order[envs[i]] < order[envs[j]] })
	for r := range counts {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	fmt.Fprintf(b, "| rule | %s |\n|---|%s\n", strings.Join(envs, " | "), strings.Repeat("---:|", len(envs)))
	for _, r := range rules {
		fmt.Fprintf(b, "| `%s` |", r)
		for _, e := range envs {
			fmt.Fprintf(b, " %d |", counts[r][e])
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

func findingsTable(b *strings.Builder, fs []finding.Finding, links Links) {
	b.WriteString("| severity | rule | where | environment | message |\n|---|---|---|---|---|\n")
	for i, f := range fs {
		if i == maxRows {
			fmt.Fprintf(b, "\n…and %d more; see the SARIF report.\n", len(fs)-maxRows)
			break
		}
		where := fmt.Sprintf("`%s:%d`", cell(f.Path), f.Line)
		if u := links.to(f.Path, f.Line); u != "" {
			where = fmt.Sprintf("[%s:%d](%s)", cell(f.Path), f.Line, u)
		}
		fmt.Fprintf(b, "| %s | `%s` | %s | %s | %s |\n", f.Severity, f.Rule, where, orDefault(f.Environment, "unclassified"), cell(f.Message))
	}
	b.WriteString("\n")
}

// count writes "1 error", "2 errors".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// cell makes text safe in a table cell.
func cell(s string) string {
	s = finding.Printable(s) // names from the tree can hold control characters
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;", "`", "'").Replace(s)
}
