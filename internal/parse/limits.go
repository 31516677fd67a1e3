package parse

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/envfence/envfence/internal/source"
)

// Bounds on the work one file may cost. Real configuration stays far below
// them; past them a file is not parsed, and the error says why, so that the
// file is reported as unread rather than passed silently.
const (
	// MaxNesting bounds brackets nested in one another ([{( in HCL, TOML,
	// JSON, Python and JavaScript): the parsers recurse per level, and some
	// (HCL's) without a bound of their own.
	MaxNesting = 256
	// maxHCLSize bounds HCL input: its parser costs about a microsecond and
	// a few hundred bytes per token, newlines included.
	maxHCLSize = 1 << 20
)

// bracketKinds are the formats whose nesting is written with brackets.
var bracketKinds = map[source.Kind]bool{source.HCL: true, source.TOML: true, source.JSON: true, source.Python: true, source.Script: true,
	source.Ruby: true, source.Elixir: true, source.PHP: true}

// checkLimits refuses content that a parser of kind would spend unbounded
// time, memory or stack on.
func checkLimits(kind source.Kind, content []byte) error {
	if kind == source.HCL && len(content) > maxHCLSize {
		return &Error{Message: fmt.Sprintf("larger than %d KiB, the most HCL that is parsed", maxHCLSize>>10), Limit: true}
	}
	if bracketKinds[kind] {
		if off := tooDeep(content, MaxNesting); off >= 0 {
			return &Error{Pos: newLineIndex(content).pos(off), Message: fmt.Sprintf("nested deeper than %d levels; not parsed", MaxNesting), Limit: true}
		}
	}
	return nil
}

// tooDeep returns the offset of the first bracket nested deeper than limit,
// or -1. Brackets inside string literals do not count; comments are not
// told apart, which can only overcount.
func tooDeep(content []byte, limit int) int {
	depth := 0
	var quote byte
	for i := 0; i < len(content); i++ {
		c := content[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote || c == '\n' {
				quote = 0
			}
		case c == '"' || c == '\'' || c == '`':
			quote = c
		case c == '[' || c == '{' || c == '(':
			if depth++; depth > limit {
				return i
			}
		case c == ']' || c == '}' || c == ')':
			depth = max(depth-1, 0)
		}
	}
	return -1
}

// Decode turns the bytes of a text file into UTF-8 the parsers read: UTF-16
// and UTF-32 with a byte-order mark are transcoded (YAML 1.2 and JSON allow
// them; dotenv loaders read them), a UTF-8 BOM is dropped, and NUL bytes in
// otherwise textual content become blanks, so that one NUL in a comment
// does not hide the file. It reports binary for content that is not text:
// invalid UTF-8 in its head, or NUL bytes in more than one in ten of its
// bytes.
func Decode(content []byte) (text []byte, binary bool) {
	if t, ok := decodeBOM(content); ok {
		// A NUL code unit decodes to a NUL byte: a blank, as below.
		return bytes.ReplaceAll(t, []byte{0}, []byte{' '}), false
	}
	content = bytes.TrimPrefix(content, []byte("\xef\xbb\xbf"))
	head := content[:min(len(content), 8000)]
	nuls := bytes.Count(head, []byte{0})
	if nuls == 0 {
		return content, false
	}
	if nuls*10 > len(head) || !utf8.Valid(trimCutRune(bytes.ReplaceAll(head, []byte{0}, nil))) {
		return nil, true
	}
	return bytes.ReplaceAll(content, []byte{0}, []byte{' '}), false
}

// trimCutRune drops a rune cut by the end of a head slice.
func trimCutRune(b []byte) []byte {
	for n := 1; n <= 3 && n <= len(b); n++ {
		if utf8.RuneStart(b[len(b)-n]) {
			if !utf8.FullRune(b[len(b)-n:]) {
				return b[:len(b)-n]
			}
			break
		}
	}
	return b
}

// decodeBOM transcodes UTF-32 and UTF-16 content that starts with its
// byte-order mark.
func decodeBOM(b []byte) ([]byte, bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0, 0, 0xfe, 0xff}):
		return decodeUTF32(b[4:], binary.BigEndian), true
	case bytes.HasPrefix(b, []byte{0xff, 0xfe, 0, 0}):
		return decodeUTF32(b[4:], binary.LittleEndian), true
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		return decodeUTF16(b[2:], binary.BigEndian), true
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		return decodeUTF16(b[2:], binary.LittleEndian), true
	}
	return nil, false
}

func decodeUTF16(b []byte, order binary.ByteOrder) []byte {
	units := make([]uint16, len(b)/2)
	for i := range units {
		units[i] = order.Uint16(b[2*i:])
	}
	return []byte(string(utf16.Decode(units)))
}

func decodeUTF32(b []byte, order binary.ByteOrder) []byte {
	out := make([]rune, len(b)/4)
	for i := range out {
		r := rune(order.Uint32(b[4*i:]))
		if !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		out[i] = r
	}
	return []byte(string(out))
}
