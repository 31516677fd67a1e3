package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/envfence/envfence/internal/finding"
)

// maxMarkdownRows caps the findings table: PR comments and step summaries
// have size limits.
const maxMarkdownRows = 200

// writeMarkdown writes a summary for a pull-request comment or a job
// summary: counts, a rule × environment table, the findings, notes.
func writeMarkdown(w io.Writer, run *Run) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## envfence: %s\n\n", summary(run))
	if len(run.Findings) > 0 {
		writeRuleEnvTable(bw, run)
		writeFindingsTable(bw, run)
	}
	if len(run.Notes) > 0 {
		fmt.Fprintf(bw, "<details><summary>%s</summary>\n\n", plural(len(run.Notes), "note"))
		for _, n := range run.Notes {
			fmt.Fprintf(bw, "- `%s`: %s\n", mdCode(n.Path), mdEscape(n.Message))
		}
		fmt.Fprint(bw, "\n</details>\n")
	}
	return bw.Flush()
}

// writeRuleEnvTable counts findings by rule (rows) and environment.
func writeRuleEnvTable(w *bufio.Writer, run *Run) {
	envOrder := []string{"development", "test", "staging", "shared", "production", ""}
	counts := map[string]map[string]int{}
	var rules []string
	used := map[string]bool{}
	for _, f := range run.Findings {
		if counts[f.Rule] == nil {
			counts[f.Rule] = map[string]int{}
			rules = append(rules, f.Rule)
		}
		counts[f.Rule][f.Environment]++
		used[f.Environment] = true
	}
	slices.Sort(rules)
	var envs []string
	for _, e := range envOrder {
		if used[e] {
			envs = append(envs, e)
		}
	}
	fmt.Fprint(w, "| rule |")
	for _, e := range envs {
		fmt.Fprintf(w, " %s |", envLabel(e))
	}
	fmt.Fprint(w, "\n|---|")
	fmt.Fprint(w, strings.Repeat("---:|", len(envs)))
	fmt.Fprintln(w)
	for _, r := range rules {
		fmt.Fprintf(w, "| `%s` |", r)
		for _, e := range envs {
			fmt.Fprintf(w, " %d |", counts[r][e])
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

func writeFindingsTable(w *bufio.Writer, run *Run) {
	fmt.Fprintln(w, "| severity | rule | location | environment | message |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for i, f := range run.Findings {
		if i == maxMarkdownRows {
			fmt.Fprintf(w, "\n…and %d more findings.\n", len(run.Findings)-maxMarkdownRows)
			break
		}
		msg := mdEscape(f.Message)
		for _, r := range f.Related {
			msg += fmt.Sprintf("<br>↳ `%s:%d` (%s) %s", mdCode(r.Path), r.Line, envLabel(r.Environment), mdEscape(r.Message))
		}
		fmt.Fprintf(w, "| %s | `%s` | `%s:%d` | %s | %s |\n", f.Severity, f.Rule, mdCode(f.Path), f.Line, envLabel(f.Environment), msg)
	}
	fmt.Fprintln(w)
}

func envLabel(e string) string {
	if e == "" {
		return "unclassified"
	}
	return e
}

// mdEscape makes text safe in a Markdown table cell: no pipes, no HTML,
// no emphasis or code markers taken literally.
func mdEscape(s string) string {
	s = finding.Printable(s)
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "`", "'", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "\n", " ").Replace(s)
}

// mdCode makes text safe inside a code span in a table cell.
func mdCode(s string) string {
	s = finding.Printable(s)
	return strings.NewReplacer("`", "'", "|", `\|`, "\n", " ").Replace(s)
}
