package gitsource

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxLineLength bounds one line of hook input: two ids, a ref name and
// separators fit easily.
const maxLineLength = 4096

// ReadUpdates parses a pre-receive hook's standard input: one
// "<old> <new> <ref>" line per ref, ids of 40 (SHA-1) or 64 (SHA-256) hex
// digits. CRLF line ends and trailing blank lines are accepted. A malformed
// line is an error that gives its number and what is wrong, without quoting
// the input.
func ReadUpdates(r io.Reader) ([]RefUpdate, error) {
	var updates []RefUpdate
	err := eachLine(r, func(n int, line string) error {
		f := strings.Split(line, " ")
		if len(f) != 3 {
			return fmt.Errorf("line %d: want \"<old-id> <new-id> <ref>\", got %d space-separated fields", n, len(f))
		}
		oldID, newID, err := idPair(f[0], f[1], "old", "new")
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if problem := refNameProblem(f[2]); problem != "" {
			return fmt.Errorf("line %d: ref name %s", n, problem)
		}
		updates = append(updates, RefUpdate{Old: oldID, New: newID, Ref: f[2]})
		return nil
	})
	return updates, err
}

// ReadPushUpdates parses a client-side pre-push hook's standard input: one
// "<local ref> <local id> <remote ref> <remote id>" line per ref, with the
// same rules as ReadUpdates.
func ReadPushUpdates(r io.Reader) ([]PushUpdate, error) {
	var updates []PushUpdate
	err := eachLine(r, func(n int, line string) error {
		f := strings.Split(line, " ")
		if len(f) != 4 {
			return fmt.Errorf("line %d: want \"<local-ref> <local-id> <remote-ref> <remote-id>\", got %d space-separated fields", n, len(f))
		}
		local, remote, err := idPair(f[1], f[3], "local", "remote")
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if f[0] == "" || hasControlOrSpace(f[0]) {
			return fmt.Errorf("line %d: local ref is empty or has control characters", n)
		}
		if problem := refNameProblem(f[2]); problem != "" {
			return fmt.Errorf("line %d: remote ref name %s", n, problem)
		}
		updates = append(updates, PushUpdate{LocalRef: f[0], LocalID: local, RemoteRef: f[2], RemoteID: remote})
		return nil
	})
	return updates, err
}

// eachLine calls fn for every non-blank line, numbered from 1. Blank lines
// are allowed only at the end.
func eachLine(r io.Reader, fn func(n int, line string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 512), maxLineLength)
	n, firstBlank := 0, 0
	for sc.Scan() {
		n++
		line := sc.Text() // ScanLines drops the "\r" of a CRLF
		if line == "" {
			if firstBlank == 0 {
				firstBlank = n
			}
			continue
		}
		if firstBlank != 0 {
			return fmt.Errorf("line %d: empty line", firstBlank)
		}
		if err := fn(n, line); err != nil {
			return err
		}
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		return fmt.Errorf("line %d: longer than %d bytes", n+1, maxLineLength)
	}
	return sc.Err()
}

// idPair checks two object ids of one line and returns them in lower case.
func idPair(a, b, nameA, nameB string) (string, string, error) {
	for _, id := range []struct{ name, v string }{{nameA, a}, {nameB, b}} {
		if (len(id.v) != 40 && len(id.v) != 64) || !isHex(id.v) {
			return "", "", fmt.Errorf("%s id is not 40 or 64 hex digits", id.name)
		}
	}
	if len(a) != len(b) {
		return "", "", fmt.Errorf("%s and %s ids differ in length", nameA, nameB)
	}
	if IsZeroID(a) && IsZeroID(b) {
		return "", "", fmt.Errorf("%s and %s ids are both zero", nameA, nameB)
	}
	return strings.ToLower(a), strings.ToLower(b), nil
}

// refNameProblem checks a full ref name against git's rules
// (git check-ref-format) and returns what is wrong, or "".
func refNameProblem(ref string) string {
	switch {
	case !strings.HasPrefix(ref, "refs/") || len(ref) == len("refs/"):
		return "does not start with refs/"
	case hasControlOrSpace(ref) || strings.ContainsAny(ref, "~^:?*[\\"):
		return "has a character git forbids"
	case strings.Contains(ref, "..") || strings.Contains(ref, "@{") || strings.Contains(ref, "//"):
		return "has a sequence git forbids"
	case strings.HasSuffix(ref, "/") || strings.HasSuffix(ref, "."):
		return "ends with a character git forbids"
	}
	for _, part := range strings.Split(ref, "/") {
		if strings.HasPrefix(part, ".") || strings.HasSuffix(part, ".lock") {
			return "has a component git forbids"
		}
	}
	return ""
}

func hasControlOrSpace(s string) bool {
	for i := range len(s) {
		if s[i] <= ' ' || s[i] == 0x7f {
			return true
		}
	}
	return false
}
