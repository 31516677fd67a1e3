package parse

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/envfence/envfence/internal/secret"
)

// Template reads a YAML file that is a Go template, as Helm chart
// templates are: what is written outside {{ … }} is read as YAML, and an
// action is kept, as written, inside the value or key it stands in.
//
// An action alone on its lines ({{- if .Values.x }}, {{- end }},
// {{ include "labels" . | nindent 4 }}) is blanked; one inside a line is
// replaced, for the YAML parser, by a filler word of the same length,
// which the entries then get back as the action's text. So
// `image: "{{ .Values.image }}"` is a reference, and `value: prod-db` in a
// template is read like any manifest. Positions are those of the file.
// A template whose structure only rendering makes YAML (a mapping built
// by a range loop at the wrong indentation, say) still fails to parse.
func Template(content []byte) (*Doc, error) {
	masked, fillers := maskActions(content)
	doc, err := YAML(masked)
	if len(fillers) > 0 {
		restoreActions(doc, strings.NewReplacer(fillers...))
	}
	return doc, err
}

// maskActions returns content with its template actions masked, and the
// pairs (filler, action) for a strings.Replacer.
func maskActions(content []byte) ([]byte, []string) {
	out := bytes.Clone(content)
	var fillers []string
	for i := 0; ; {
		open := bytes.Index(out[i:], []byte("{{"))
		if open < 0 {
			return out, fillers
		}
		open += i
		end := bytes.Index(out[open+2:], []byte("}}"))
		if end < 0 {
			blank(out[open:])
			return out, fillers
		}
		end += open + 4
		action := content[open:end]
		switch {
		case aloneOnLines(out, open, end) || bytes.IndexByte(action, '\n') >= 0:
			blank(out[open:end])
		default:
			f, ok := filler(len(fillers)/2, len(action))
			if !ok {
				blank(out[open:end])
				break
			}
			copy(out[open:end], f)
			fillers = append(fillers, f, string(action))
		}
		i = end
	}
}

// aloneOnLines reports an action with nothing but blanks before it on its
// first line and after it on its last.
func aloneOnLines(b []byte, from, to int) bool {
	for j := from - 1; j >= 0 && b[j] != '\n'; j-- {
		if b[j] != ' ' && b[j] != '\t' {
			return false
		}
	}
	for j := to; j < len(b) && b[j] != '\n'; j++ {
		if b[j] != ' ' && b[j] != '\t' && b[j] != '\r' {
			return false
		}
	}
	return true
}

// blank replaces everything but line ends with spaces.
func blank(b []byte) {
	for i, c := range b {
		if c != '\n' && c != '\r' {
			b[i] = ' '
		}
	}
}

// filler returns the n-th filler word of the given length: _t<n>_ (n in
// base 36) padded with underscores. ok is false when it does not fit.
func filler(n, length int) (string, bool) {
	f := fillerPrefix + strconv.FormatInt(int64(n), 36) + "_"
	if len(f) > length {
		return "", false
	}
	return f + strings.Repeat("_", length-len(f)), true
}

const fillerPrefix = "_t"

// restoreActions puts the actions back into keys and values.
func restoreActions(doc *Doc, r *strings.Replacer) {
	for i := range doc.Entries {
		e := &doc.Entries[i]
		for j, k := range e.Path {
			if strings.Contains(k, fillerPrefix) {
				e.Path[j] = r.Replace(k)
			}
		}
		if v := e.Value.Reveal(); strings.Contains(v, fillerPrefix) {
			e.Value = secret.New(r.Replace(v))
		}
	}
	var masked []string
	for k := range doc.KeyLines {
		if strings.Contains(k, fillerPrefix) {
			masked = append(masked, k)
		}
	}
	for _, k := range masked {
		doc.KeyLines[r.Replace(k)] = doc.KeyLines[k]
		delete(doc.KeyLines, k)
	}
}
