// Package suppress reads envfence:ignore comments (SPEC §5):
//
//	# envfence:ignore[rule-id] reason
//	// envfence:ignore[rule-a,rule-b] reason
//	; envfence:ignore[rule-id] reason
//
// A directive applies to findings of the named rules on its own line and on
// the line below. The reason is required; a directive without one, or with
// a malformed rule list, suppresses nothing and carries a Problem that the
// invalid-suppression rule reports.
package suppress

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
)

// Marker is the text that introduces a directive.
const Marker = "envfence:ignore"

// Directive is one envfence:ignore comment.
type Directive struct {
	// Line is the 1-based line of the comment.
	Line int
	// Rules are the rule ids in the brackets.
	Rules []string
	// Reason is the text after the brackets.
	Reason string
	// Problem says why the directive is invalid, or is "".
	Problem string
}

var ruleID = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Scan returns the directives in content, in line order.
func Scan(content []byte) []Directive {
	if !bytes.Contains(content, []byte(Marker)) {
		return nil
	}
	var out []Directive
	for i, line := range strings.Split(string(content), "\n") {
		at := markerInComment(line)
		if at < 0 {
			continue
		}
		out = append(out, parse(i+1, strings.TrimRight(line[at+len(Marker):], "\r")))
	}
	return out
}

// markerInComment returns the offset of the marker if it stands in a
// comment: right after a comment leader (#, //, ;) that starts the line or
// follows whitespace. A marker inside a URL fragment or a value is not one.
func markerInComment(line string) int {
	at := strings.Index(line, Marker)
	if at < 0 {
		return -1
	}
	before := strings.TrimRight(line[:at], " \t")
	for _, leader := range []string{"#", "//", ";"} {
		if !strings.HasSuffix(before, leader) {
			continue
		}
		rest := before[:len(before)-len(leader)]
		if rest == "" || strings.HasSuffix(rest, " ") || strings.HasSuffix(rest, "\t") || strings.TrimSpace(rest) == "" {
			return at
		}
	}
	return -1
}

// parse reads "[rules] reason" after the marker.
func parse(line int, rest string) Directive {
	d := Directive{Line: line}
	if !strings.HasPrefix(rest, "[") {
		d.Problem = "envfence:ignore needs a rule list in brackets, e.g. envfence:ignore[shared-credential] reason"
		return d
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		d.Problem = "envfence:ignore has an unclosed rule list"
		return d
	}
	for _, id := range strings.Split(rest[1:end], ",") {
		id = strings.TrimSpace(id)
		if !ruleID.MatchString(id) {
			d.Problem = "envfence:ignore has an empty or malformed rule id in its rule list"
			return d
		}
		d.Rules = append(d.Rules, id)
	}
	d.Reason = strings.TrimSpace(rest[end+1:])
	d.Reason = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(d.Reason, "-->"), "*/"))
	if d.Reason == "" {
		d.Problem = "envfence:ignore without a reason: write why the finding is accepted after the rule list"
	}
	return d
}

// Applies returns the valid directive that suppresses a finding of rule on
// line, if any.
func Applies(dirs []Directive, rule string, line int) (Directive, bool) {
	for _, d := range dirs {
		if d.Problem == "" && (d.Line == line || d.Line == line-1) && slices.Contains(d.Rules, rule) {
			return d, true
		}
	}
	return Directive{}, false
}
