package parse

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/envfence/envfence/internal/source"
)

// Parse parses content according to kind. Kinds without a structured
// format (Makefiles, scripts, key files) yield an empty Doc.
func Parse(kind source.Kind, content []byte) (*Doc, error) {
	doc, err := parseKind(kind, content)
	if doc != nil && doc.truncated && err == nil {
		err = &Error{Message: fmt.Sprintf("more than %d values; the rest of the file was not read", MaxEntries), Limit: true}
	}
	if doc != nil {
		LabelNamedValues(doc)
		LabelAssignedItems(doc)
	}
	return doc, err
}

func parseKind(kind source.Kind, content []byte) (*Doc, error) {
	if err := checkLimits(kind, content); err != nil {
		return newDoc(), err
	}
	switch kind {
	case source.Dotenv:
		return Dotenv(content)
	case source.YAML:
		doc, err := YAML(content)
		if err != nil && bytes.Contains(content, []byte("{{")) {
			// A Helm or Go template: YAML once its actions are set aside.
			if tdoc, terr := Template(content); terr == nil || len(tdoc.Entries) > len(doc.Entries) {
				return tdoc, terr
			}
		}
		return doc, err
	case source.Workflow:
		return YAML(content)
	case source.JSON:
		return JSON(content)
	case source.TOML:
		return TOML(content)
	case source.INI:
		return INI(content)
	case source.Properties:
		return Properties(content)
	case source.HCL:
		return HCL(content)
	case source.Python:
		return Python(content)
	case source.Script:
		return Script(content)
	case source.Ruby:
		return Ruby(content)
	case source.Elixir:
		return Elixir(content)
	case source.PHP:
		return PHP(content)
	case source.Dockerfile:
		return Dockerfile(content)
	}
	return newDoc(), nil
}

func newDoc() *Doc { return &Doc{DocStarts: []int{1}} }

// lineIndex maps byte offsets of a text to line and column positions.
// Columns count code points; for ASCII text (nearly all configuration)
// they are byte distances, computed in constant time, so that a minified
// one-line JSON file of megabytes costs linear time, not quadratic.
type lineIndex struct {
	text   []byte
	starts []int // byte offset where each line starts
	ascii  bool
	// The last position computed in non-ASCII text: positions mostly come
	// in increasing order, so counting continues from there.
	lastLine, lastOff, lastCol int
}

func newLineIndex(text []byte) *lineIndex {
	starts := []int{0}
	ascii := true
	for i, b := range text {
		if b == '\n' {
			starts = append(starts, i+1)
		} else if b >= utf8.RuneSelf {
			ascii = false
		}
	}
	return &lineIndex{text: text, starts: starts, ascii: ascii, lastLine: -1}
}

// pos converts a byte offset to a 1-based line and code-point column.
func (l *lineIndex) pos(off int) Pos {
	off = max(0, min(off, len(l.text)))
	lo, hi := 0, len(l.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if l.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	start := l.starts[lo]
	if l.ascii {
		return Pos{Line: lo + 1, Col: off - start + 1}
	}
	col := 0
	if l.lastLine == lo && off >= l.lastOff {
		col = l.lastCol + utf8.RuneCount(l.text[l.lastOff:off])
	} else {
		col = utf8.RuneCount(l.text[start:off]) + 1
	}
	l.lastLine, l.lastOff, l.lastCol = lo, off, col
	return Pos{Line: lo + 1, Col: col}
}

// offset converts a 1-based line and code-point column back to a byte offset.
func (l *lineIndex) offset(p Pos) int {
	if p.Line < 1 || p.Line > len(l.starts) {
		return len(l.text)
	}
	off := l.starts[p.Line-1]
	if l.ascii {
		end := len(l.text)
		if p.Line < len(l.starts) {
			end = l.starts[p.Line] - 1
		}
		return min(off+max(p.Col-1, 0), end)
	}
	for c := 1; c < p.Col && off < len(l.text) && l.text[off] != '\n'; c++ {
		_, size := utf8.DecodeRune(l.text[off:])
		off += size
	}
	return off
}

// stripBOM removes a UTF-8 byte order mark. Positions stay right because
// the mark is not a visible column in any editor.
func stripBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

// controlEscape returns the character that \n, \t or \r stands for in the
// string literals of every code format.
func controlEscape(c byte) (byte, bool) {
	switch c {
	case 'n':
		return '\n', true
	case 't':
		return '\t', true
	case 'r':
		return '\r', true
	}
	return 0, false
}
