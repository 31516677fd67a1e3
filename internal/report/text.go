package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/envfence/envfence/internal/finding"
)

// Text is the human format: `path:line:col: severity: message [rule]`,
// the masked source line with a caret, related locations, the finding's
// fingerprint with a pointer to the rule's documentation, notes and a
// summary line.
type Text struct {
	Color bool
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiDim    = "\x1b[2m"
)

func (t *Text) paint(code, s string) string {
	if !t.Color {
		return s
	}
	return code + s + ansiReset
}

// Report implements Reporter.
func (t *Text) Report(w io.Writer, run *Run) error {
	bw := bufio.NewWriter(w)
	for i := range run.Findings {
		t.finding(bw, &run.Findings[i])
	}
	for _, n := range run.Notes {
		fmt.Fprintf(bw, "%s %s\n", t.paint(ansiDim, "note: "+finding.Printable(n.Path)+":"), finding.Printable(n.Message))
	}
	fmt.Fprintln(bw, summary(run))
	return bw.Flush()
}

func (t *Text) finding(w *bufio.Writer, f *finding.Finding) {
	sevColor := map[finding.Severity]string{finding.Error: ansiRed, finding.Warning: ansiYellow}[f.Severity]
	if sevColor == "" {
		sevColor = ansiCyan
	}
	// Paths and messages come from the scanned tree: a file name can hold
	// a newline or an escape sequence.
	loc := finding.Printable(f.Path)
	if f.Line > 0 {
		loc += ":" + strconv.Itoa(f.Line)
		if f.Column > 0 {
			loc += ":" + strconv.Itoa(f.Column)
		}
	}
	fmt.Fprintf(w, "%s: %s %s %s\n", t.paint(ansiBold, loc), t.paint(sevColor, string(f.Severity)+":"), finding.Printable(f.Message), t.paint(ansiDim, "["+f.Rule+"]"))
	if f.Snippet != "" {
		gutter := strconv.Itoa(f.Line)
		pad := strings.Repeat(" ", len(gutter))
		fmt.Fprintf(w, "%s |\n%s | %s\n%s | %s\n", pad, gutter, finding.Printable(expandTabs(f.Snippet)), pad, t.paint(sevColor, caret(f)))
	}
	for _, r := range f.Related {
		env := r.Environment
		if env == "" {
			env = "unclassified"
		}
		fmt.Fprintf(w, "   = %s: %s:%d:%d %s\n", env, finding.Printable(r.Path), r.Line, r.Column, finding.Printable(r.Message))
	}
	// What an ignore: entry needs, and where the rule is explained.
	fmt.Fprintf(w, "   %s\n", t.paint(ansiDim, fmt.Sprintf("= fingerprint %s; envfence explain %s", f.Fingerprint, f.Rule)))
}

// caret underlines the finding's columns on its first line.
func caret(f *finding.Finding) string {
	col := max(f.Column, 1)
	width := 1
	if f.EndLine == f.Line && f.EndColumn > f.Column {
		width = f.EndColumn - f.Column
	} else if f.EndLine > f.Line {
		width = max(utf8.RuneCountInString(f.Snippet)-col+1, 1)
	}
	prefix := []rune(f.Snippet)
	lead := strings.Builder{}
	for i := 0; i < col-1 && i < len(prefix); i++ {
		if prefix[i] == '\t' {
			lead.WriteString("    ")
		} else {
			lead.WriteByte(' ')
		}
	}
	return lead.String() + "^" + strings.Repeat("~", width-1)
}

func expandTabs(s string) string { return strings.ReplaceAll(s, "\t", "    ") }

// summary is the closing line: "3 findings (2 errors, 1 warning), 1 suppressed".
func summary(run *Run) string {
	c := countFindings(run.Findings)
	var s string
	if len(run.Findings) == 0 {
		s = "no findings"
	} else {
		var parts []string
		for _, p := range []struct {
			n    int
			word string
		}{{c.errors, "error"}, {c.warnings, "warning"}, {c.notes, "note"}} {
			if p.n > 0 {
				parts = append(parts, plural(p.n, p.word))
			}
		}
		s = fmt.Sprintf("%s (%s)", plural(len(run.Findings), "finding"), strings.Join(parts, ", "))
	}
	if run.Suppressed > 0 {
		s += fmt.Sprintf(", %d suppressed", run.Suppressed)
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
