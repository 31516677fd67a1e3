// Package finding defines what a rule reports and how findings are ordered.
//
// A Finding holds names, positions and fingerprints, never a credential
// value: rules build messages from key names, hosts and environments only.
package finding

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// Severity is error, warning or note.
type Severity string

// The severities, from most to least severe. None is only a --fail-on value.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Note    Severity = "note"
	None    Severity = "none"
)

// Rank orders severities: error 3, warning 2, note 1, anything else 0.
func (s Severity) Rank() int {
	switch s {
	case Error:
		return 3
	case Warning:
		return 2
	case Note:
		return 1
	}
	return 0
}

// ParseSeverity accepts error, warning, note and (if allowNone) none.
func ParseSeverity(s string, allowNone bool) (Severity, error) {
	switch v := Severity(strings.ToLower(strings.TrimSpace(s))); v {
	case Error, Warning, Note:
		return v, nil
	case None:
		if allowNone {
			return v, nil
		}
	}
	if allowNone {
		return "", fmt.Errorf("severity %q: want error, warning, note or none", s)
	}
	return "", fmt.Errorf("severity %q: want error, warning or note", s)
}

// Location is a place in a file with its environment.
type Location struct {
	Path        string `json:"path"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	Environment string `json:"environment"`
	Message     string `json:"message,omitempty"`
}

// Finding is one reported problem. The JSON form is the contract of SPEC §2.
type Finding struct {
	Rule        string     `json:"rule"`
	Severity    Severity   `json:"severity"`
	Message     string     `json:"message"`
	Path        string     `json:"path"`
	Line        int        `json:"line"`
	Column      int        `json:"column"`
	EndLine     int        `json:"end_line"`
	EndColumn   int        `json:"end_column"`
	Environment string     `json:"environment"`
	Related     []Location `json:"related"`
	Fingerprint string     `json:"fingerprint"`
	Commit      string     `json:"commit"`

	// Key is the key name the finding is about (DB_PASSWORD, a job id, a
	// secret name); part of the fingerprint, so that it survives line shifts.
	Key string `json:"-"`
	// Subject is where in the file the finding's value sits when Key alone
	// does not tell (the value's whole key path); part of the fingerprint.
	Subject string `json:"-"`
	// Credential is true when the finding's range is a credential value:
	// snippets mask it whatever its key.
	Credential bool `json:"-"`
	// ValueDigest is secret.Value.Digest of the offending value, or "". It
	// is never output; it only lets a finding match the v1 fingerprint an
	// older baseline or ignore entry holds (LegacyFingerprint).
	ValueDigest string `json:"-"`
	// LegacyFingerprint is the v1 fingerprint, which hashed the value in:
	// matched against old baselines and ignore entries, never output.
	LegacyFingerprint string `json:"-"`
	// Snippet is the finding's source line with every value masked, for the
	// text format. Filled by the engine, never by a rule.
	Snippet string `json:"-"`
}

// Identity tells findings apart where their fingerprints do not: the same
// finding with another value (a credential replaced by a new one, still
// committed) is a new finding to the hooks, which accept only what a push
// leaves as it was. It is never output: it is derived from ValueDigest.
func (f *Finding) Identity() string {
	if f.ValueDigest == "" {
		return f.Fingerprint
	}
	h := sha256.Sum256([]byte(f.Fingerprint + "\x00" + f.ValueDigest))
	return f.Fingerprint + "." + hex.EncodeToString(h[:8])
}

// Less orders findings by path, line, column, rule, then message.
func Compare(a, b *Finding) int {
	return cmp.Or(
		strings.Compare(a.Path, b.Path),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		strings.Compare(a.Rule, b.Rule),
		strings.Compare(a.Message, b.Message),
		strings.Compare(a.Commit, b.Commit),
	)
}

// Sort sorts findings in report order.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int { return Compare(&a, &b) })
}
