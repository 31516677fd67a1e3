package parse

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/envfence/envfence/internal/secret"
)

// maxJSONDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxJSONDepth = 512

// JSON parses JSON with the relaxations configuration files use in
// practice (JSONC, tsconfig-style): // and /* */ comments and trailing
// commas. Strings, numbers, booleans and null (as the empty value) become
// entries; objects and arrays become path elements.
func JSON(content []byte) (*Doc, error) {
	content = stripBOM(content)
	p := &jsonParser{src: content, idx: newLineIndex(content), doc: newDoc()}
	p.skip()
	if p.i >= len(p.src) {
		return p.doc, nil
	}
	if err := p.value(nil, Pos{}, 0); err != nil {
		return p.doc, err
	}
	p.skip()
	if p.i < len(p.src) {
		return p.doc, p.errorf("unexpected content after the top-level value")
	}
	return p.doc, nil
}

type jsonParser struct {
	src []byte
	idx *lineIndex
	doc *Doc
	i   int
}

func (p *jsonParser) errorf(msg string) *Error { return &Error{Pos: p.idx.pos(p.i), Message: msg} }

// skip skips whitespace and comments.
func (p *jsonParser) skip() {
	for p.i < len(p.src) {
		switch c := p.src[p.i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			p.i++
		case c == '/' && p.i+1 < len(p.src) && p.src[p.i+1] == '/':
			for p.i < len(p.src) && p.src[p.i] != '\n' {
				p.i++
			}
		case c == '/' && p.i+1 < len(p.src) && p.src[p.i+1] == '*':
			end := strings.Index(string(p.src[p.i+2:]), "*/")
			if end < 0 {
				p.i = len(p.src)
				return
			}
			p.i += end + 4
		default:
			return
		}
	}
}

func (p *jsonParser) value(path []string, keyPos Pos, depth int) error {
	if depth > maxJSONDepth {
		return p.errorf("nesting too deep")
	}
	p.skip()
	if p.i >= len(p.src) {
		return p.errorf("unexpected end of input")
	}
	switch c := p.src[p.i]; {
	case c == '{':
		return p.object(path, depth)
	case c == '[':
		return p.array(path, depth)
	case c == '"':
		start := p.i
		s, err := p.str()
		if err != nil {
			return err
		}
		p.emit(path, keyPos, s, start, true)
		return nil
	default:
		start := p.i
		for p.i < len(p.src) && isJSONLiteralByte(p.src[p.i]) {
			p.i++
		}
		if p.i == start {
			return p.errorf("unexpected character")
		}
		lit := string(p.src[start:p.i])
		if !validJSONLiteral(lit) {
			p.i = start
			return p.errorf("invalid literal")
		}
		if lit == "null" {
			lit = ""
		}
		p.emit(path, keyPos, lit, start, false)
		return nil
	}
}

func (p *jsonParser) emit(path []string, keyPos Pos, value string, start int, quoted bool) {
	if keyPos.Line == 0 {
		keyPos = p.idx.pos(start)
	}
	p.doc.Entries = append(p.doc.Entries, Entry{
		Path: path, KeyPos: keyPos, Value: secret.New(value), Quoted: quoted,
		Range: Range{Start: p.idx.pos(start), End: p.idx.pos(p.i)},
	})
}

func (p *jsonParser) object(path []string, depth int) error {
	p.i++ // {
	for {
		p.skip()
		if p.i >= len(p.src) {
			return p.errorf("unterminated object")
		}
		if p.src[p.i] == '}' {
			p.i++
			return nil
		}
		if p.src[p.i] != '"' {
			return p.errorf("expected a quoted key")
		}
		keyPos := p.idx.pos(p.i)
		key, err := p.str()
		if err != nil {
			return err
		}
		p.skip()
		if p.i >= len(p.src) || p.src[p.i] != ':' {
			return p.errorf("expected ':' after a key")
		}
		p.i++
		child := appendPath(path, key)
		p.doc.recordKey(child, keyPos.Line)
		if err := p.value(child, keyPos, depth+1); err != nil {
			return err
		}
		if err := p.separator('}'); err != nil {
			return err
		}
	}
}

func (p *jsonParser) array(path []string, depth int) error {
	p.i++ // [
	for n := 0; ; n++ {
		p.skip()
		if p.i >= len(p.src) {
			return p.errorf("unterminated array")
		}
		if p.src[p.i] == ']' {
			p.i++
			return nil
		}
		if err := p.value(appendPath(path, strconv.Itoa(n)), Pos{}, depth+1); err != nil {
			return err
		}
		if err := p.separator(']'); err != nil {
			return err
		}
	}
}

// separator consumes a comma, or checks that the container closes next.
func (p *jsonParser) separator(closer byte) error {
	p.skip()
	if p.i < len(p.src) && p.src[p.i] == ',' {
		p.i++
		return nil
	}
	if p.i < len(p.src) && p.src[p.i] == closer {
		return nil
	}
	return p.errorf("expected ',' or '" + string(closer) + "'")
}

// str reads a string literal at p.i and returns its unescaped value.
func (p *jsonParser) str() (string, error) {
	start := p.i
	p.i++
	var b strings.Builder
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String(), nil
		case c == '\n':
			p.i = start
			return "", p.errorf("unterminated string")
		case c == '\\':
			if err := p.escape(&b); err != nil {
				return "", err
			}
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	p.i = start
	return "", p.errorf("unterminated string")
}

func (p *jsonParser) escape(b *strings.Builder) error {
	if p.i+1 >= len(p.src) {
		return p.errorf("unterminated escape")
	}
	c := p.src[p.i+1]
	p.i += 2
	switch c {
	case 'n':
		b.WriteByte('\n')
	case 't':
		b.WriteByte('\t')
	case 'r':
		b.WriteByte('\r')
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'u':
		r, ok := p.hex4()
		if !ok {
			return p.errorf("invalid \\u escape")
		}
		if utf16.IsSurrogate(r) && p.i+1 < len(p.src) && p.src[p.i] == '\\' && p.src[p.i+1] == 'u' {
			p.i += 2
			r2, ok := p.hex4()
			if !ok {
				return p.errorf("invalid \\u escape")
			}
			r = utf16.DecodeRune(r, r2)
		}
		if !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	default:
		b.WriteByte(c)
	}
	return nil
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.i+4 > len(p.src) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(p.src[p.i:p.i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	p.i += 4
	return rune(v), true
}

func isJSONLiteralByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.'
}

func validJSONLiteral(s string) bool {
	switch s {
	case "true", "false", "null", "Infinity", "-Infinity", "NaN":
		return true
	}
	_, err := strconv.ParseFloat(s, 64)
	if err != nil {
		_, err = strconv.ParseInt(s, 0, 64)
	}
	return err == nil
}
