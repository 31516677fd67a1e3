// Package suppress reads envfence:ignore comments (SPEC §5):
//
//	# envfence:ignore[rule-id] reason
//	// envfence:ignore[rule-a,rule-b] reason
//	; envfence:ignore[rule-id] reason
//
// A directive applies to findings of the named rules on its own line and on
// the line below. Directives on consecutive lines that hold nothing but the
// comment form a block that applies to the line below the block, so that
// several directives can stand above one line. The reason is required; a
// directive without one, or with a malformed rule list, suppresses nothing
// and carries a Problem that the invalid-suppression rule reports.
//
// The scan knows no file format: a comment is a leader (#, // or ;) at the
// start of a line or after whitespace, so that a # in a URL fragment or a
// value written without a space is not taken for one.
package suppress

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Marker is the text that introduces a directive.
const Marker = "envfence:ignore"

var markerBytes = []byte(Marker)

// Directive is one envfence:ignore comment.
type Directive struct {
	// Line is the 1-based line of the comment.
	Line int
	// Rules are the rule ids in the brackets, as written; the caller checks
	// them against the rule registry.
	Rules []string
	// Reason is the text after the brackets.
	Reason string
	// Problem says why the directive is invalid, or is "". An invalid
	// directive suppresses nothing.
	Problem string

	// through is the last line the directive applies to; 0 means Line+1.
	through int
}

// The problems of invalid directives. They never quote the comment.
const (
	ProblemNoRuleList = "envfence:ignore needs a rule list in brackets right after it, e.g. envfence:ignore[shared-credential] reason"
	ProblemUnclosed   = "envfence:ignore has an unclosed rule list: write envfence:ignore[rule-id] reason"
	ProblemEmptyList  = "envfence:ignore has an empty rule list: name the rules it suppresses"
	ProblemMalformed  = "envfence:ignore has a malformed rule id in its rule list: rule ids are lower-case words joined by hyphens, separated by commas"
	ProblemNoReason   = "envfence:ignore without a reason: write why the finding is accepted after the rule list"
)

// ruleID is the form of rule ids: lower-case words joined by hyphens.
var ruleID = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Scan returns the directives in content, in line order; nil when content
// holds none. Only lines holding the marker are looked at.
func Scan(content []byte) []Directive {
	if !bytes.Contains(content, markerBytes) {
		return nil
	}
	var out []Directive
	var comment []bool // whether each directive's line holds only the comment
	line, counted := 1, 0
	for off := 0; off < len(content); {
		i := bytes.Index(content[off:], markerBytes)
		if i < 0 {
			break
		}
		start := bytes.LastIndexByte(content[:off+i], '\n') + 1
		end := len(content)
		if j := bytes.IndexByte(content[off+i:], '\n'); j >= 0 {
			end = off + i + j
		}
		line += bytes.Count(content[counted:start], []byte{'\n'})
		counted = start
		text := strings.TrimSuffix(string(content[start:end]), "\r")
		if at, only := findDirective(text); at >= 0 {
			d := parse(text[at+len(Marker):])
			d.Line = line
			out = append(out, d)
			comment = append(comment, only)
		}
		off = end + 1
	}
	setBlocks(out, comment)
	return out
}

// findDirective returns the offset of the first marker on the line that
// stands right after a comment leader, and whether the comment is all the
// line holds; -1 if no marker does.
func findDirective(text string) (int, bool) {
	for from := 0; ; {
		i := strings.Index(text[from:], Marker)
		if i < 0 {
			return -1, false
		}
		at := from + i
		if lead, ok := leaderBefore(text[:at]); ok {
			return at, strings.TrimSpace(text[:lead]) == ""
		}
		from = at + len(Marker)
	}
}

// leaderBefore reports whether text (what precedes a marker) ends with a
// comment leader and optional blanks, the leader starting the line or
// following whitespace; it returns where the leader starts.
func leaderBefore(text string) (int, bool) {
	trimmed := strings.TrimRight(text, " \t")
	for _, leader := range []string{"#", "//", ";"} {
		if !strings.HasSuffix(trimmed, leader) {
			continue
		}
		lead := len(trimmed) - len(leader)
		if lead == 0 || trimmed[lead-1] == ' ' || trimmed[lead-1] == '\t' {
			return lead, true
		}
	}
	return 0, false
}

// parse reads "[rules] reason", what follows the marker.
func parse(rest string) Directive {
	list, ok := strings.CutPrefix(rest, "[")
	if !ok {
		return Directive{Problem: ProblemNoRuleList}
	}
	list, reason, ok := strings.Cut(list, "]")
	if !ok {
		return Directive{Problem: ProblemUnclosed}
	}
	if strings.TrimSpace(list) == "" {
		return Directive{Problem: ProblemEmptyList}
	}
	var d Directive
	for id := range strings.SplitSeq(list, ",") {
		id = strings.TrimSpace(id)
		if !ruleID.MatchString(id) {
			return Directive{Problem: ProblemMalformed}
		}
		d.Rules = append(d.Rules, id)
	}
	d.Reason = strings.TrimSpace(reason)
	if !strings.ContainsFunc(d.Reason, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		d.Problem = ProblemNoReason
	}
	return d
}

// setBlocks lets each run of consecutive comment-only directive lines apply
// through the line below the run.
func setBlocks(dirs []Directive, commentOnly []bool) {
	for i := 0; i < len(dirs); {
		j := i
		for j+1 < len(dirs) && commentOnly[j] && commentOnly[j+1] && dirs[j+1].Line == dirs[j].Line+1 {
			j++
		}
		for k := i; k <= j; k++ {
			dirs[k].through = dirs[j].Line + 1
		}
		i = j + 1
	}
}

// last returns the last line the directive applies to.
func (d Directive) last() int {
	if d.through > 0 {
		return d.through
	}
	return d.Line + 1
}

// Applies returns the valid directive that suppresses a finding of rule on
// line, if any.
func Applies(dirs []Directive, rule string, line int) (Directive, bool) {
	for _, d := range dirs {
		if d.Problem == "" && d.Line <= line && line <= d.last() && slices.Contains(d.Rules, rule) {
			return d, true
		}
	}
	return Directive{}, false
}
