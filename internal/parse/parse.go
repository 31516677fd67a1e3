package parse

import (
	"unicode/utf8"

	"github.com/envfence/envfence/internal/source"
)

// Parse parses content according to kind. Kinds without a structured
// format (Makefiles, scripts, key files) yield an empty Doc.
func Parse(kind source.Kind, content []byte) (*Doc, error) {
	switch kind {
	case source.Dotenv:
		return Dotenv(content)
	case source.YAML, source.Workflow:
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
	}
	return newDoc(), nil
}

func newDoc() *Doc { return &Doc{DocStarts: []int{1}} }

// lineIndex maps byte offsets of a text to line and column positions.
type lineIndex struct {
	text   []byte
	starts []int // byte offset where each line starts
}

func newLineIndex(text []byte) *lineIndex {
	starts := []int{0}
	for i, b := range text {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{text: text, starts: starts}
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
	return Pos{Line: lo + 1, Col: utf8.RuneCount(l.text[l.starts[lo]:off]) + 1}
}

// offset converts a 1-based line and code-point column back to a byte offset.
func (l *lineIndex) offset(p Pos) int {
	if p.Line < 1 || p.Line > len(l.starts) {
		return len(l.text)
	}
	off := l.starts[p.Line-1]
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
