package parse

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/envfence/envfence/internal/secret"
)

// maxJSONDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxJSONDepth = 512

// JSON parses JSON with the relaxations configuration files use in
// practice (JSONC, tsconfig-style, JSON5): // and /* */ comments, trailing
// commas, single-quoted strings and unquoted keys. Strings, numbers,
// booleans and null (as the empty value) become entries; objects and arrays
// become path elements.
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
	// script reads object literals in JavaScript or TypeScript: a value
	// that is not a literal (process.env.API_URL, a call, a template with
	// ${…}) is skipped instead of being an error.
	script bool
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
	case (c == '{' || c == '[') && p.script:
		return p.scriptContainer(path, depth)
	case c == '{':
		return p.object(path, depth)
	case c == '[':
		return p.array(path, depth)
	case c == '"' || c == '\'' || c == '`' && p.script:
		start := p.i
		s, literal, err := p.str()
		if err != nil {
			return err
		}
		if !literal || p.script && !p.atValueEnd() {
			return p.reference(path, keyPos, start) // `${host}/api`, 'a' + b
		}
		p.emit(path, keyPos, s, start, true)
		return nil
	default:
		start := p.i
		for p.i < len(p.src) && isJSONLiteralByte(p.src[p.i]) {
			p.i++
		}
		if p.i == start && !p.script {
			return p.errorf("unexpected character")
		}
		lit := string(p.src[start:p.i])
		if !validJSONLiteral(lit) || p.script && !p.atValueEnd() {
			if p.script {
				return p.reference(path, keyPos, start) // process.env.X, undefined, a call
			}
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
	p.doc.add(Entry{
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
		if p.script && p.scriptMember() {
			if err := p.skipExpression(); err != nil {
				return err
			}
			if err := p.separator('}'); err != nil {
				return err
			}
			continue
		}
		keyPos := p.idx.pos(p.i)
		key, err := p.key()
		if err != nil {
			return err
		}
		p.skip()
		if p.script && (p.i >= len(p.src) || p.src[p.i] != ':') {
			// shorthand { apiUrl }, or a method apiUrl() { … }
			if err := p.skipExpression(); err != nil {
				return err
			}
			if err := p.separator('}'); err != nil {
				return err
			}
			continue
		}
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

// scriptContainer reads an object or array in a script, where it may be
// the start of an expression ([…].map(f), {…}[key]): then its entries are
// dropped and the expression is skipped.
func (p *jsonParser) scriptContainer(path []string, depth int) error {
	start, entries := p.i, len(p.doc.Entries)
	var err error
	if p.src[p.i] == '{' {
		err = p.object(path, depth)
	} else {
		err = p.array(path, depth)
	}
	if err == nil && p.atValueEnd() {
		return nil
	}
	if depth == 0 && err != nil {
		return err // the exported object itself is broken
	}
	p.i, p.doc.Entries = start, p.doc.Entries[:entries]
	return p.skipExpression()
}

// scriptMember reports a JavaScript object member that has no literal key:
// a spread (...base) or a computed key ([name]: value).
func (p *jsonParser) scriptMember() bool {
	return p.src[p.i] == '[' || p.i+2 < len(p.src) && p.src[p.i] == '.' && p.src[p.i+1] == '.' && p.src[p.i+2] == '.'
}

// key reads an object key: a string, or a JSON5/JavaScript identifier.
func (p *jsonParser) key() (string, error) {
	if c := p.src[p.i]; c == '"' || c == '\'' {
		k, _, err := p.str()
		return k, err
	}
	start := p.i
	for p.i < len(p.src) && isIdentifierByte(p.src[p.i]) {
		p.i++
	}
	if p.i == start {
		return "", p.errorf("expected a key")
	}
	return string(p.src[start:p.i]), nil
}

func isIdentifierByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// atValueEnd reports whether a value ends here: a separator, a closer or
// the end of a statement.
func (p *jsonParser) atValueEnd() bool {
	save := p.i
	p.skip()
	end := p.i >= len(p.src) || strings.IndexByte(",}];", p.src[p.i]) >= 0
	p.i = save
	return end
}

// reference skips the expression at start and yields it as a reference,
// ${…} around its source, as the Python reader does: process.env.X ||
// 'dev' sets the key from the environment, with a literal default that
// package values reads. An expression over several lines (a function)
// yields nothing: it is code, not a setting.
func (p *jsonParser) reference(path []string, keyPos Pos, start int) error {
	p.i = start
	if err := p.skipExpression(); err != nil {
		return err
	}
	src := bytes.TrimSpace(p.src[start:p.i])
	if len(src) == 0 || bytes.IndexByte(src, '\n') >= 0 {
		return nil
	}
	end := p.i
	p.i = start + len(src)
	n := len(p.doc.Entries)
	p.emit(path, keyPos, "${"+string(src)+"}", start, false)
	if len(p.doc.Entries) > n {
		p.doc.Entries[n].Expression = true
	}
	p.i = end
	return nil
}

// skipExpression skips a JavaScript value that is not a literal, up to
// the comma or closer of its container, stepping over brackets, strings
// and comments.
func (p *jsonParser) skipExpression() error {
	depth := 0
	for {
		p.skip()
		if p.i >= len(p.src) {
			return nil
		}
		switch c := p.src[p.i]; {
		case c == '"' || c == '\'' || c == '`':
			if _, _, err := p.str(); err != nil {
				return err
			}
			continue
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			if depth == 0 {
				return nil
			}
			depth--
		case (c == ',' || c == ';') && depth == 0:
			return nil
		}
		p.i++
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

// str reads a string literal at p.i, in double, single or back quotes, and
// returns its unescaped value. literal is false for a template with ${…}.
// Only templates may span lines.
func (p *jsonParser) str() (value string, literal bool, err error) {
	start := p.i
	q := p.src[p.i]
	p.i++
	literal = true
	var b strings.Builder
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == q:
			p.i++
			return b.String(), literal, nil
		case c == '\n' && q != '`':
			p.i = start
			return "", false, p.errorf("unterminated string")
		case c == '\\':
			if err := p.escape(&b); err != nil {
				return "", false, err
			}
		case c == '$' && q == '`' && p.i+1 < len(p.src) && p.src[p.i+1] == '{':
			literal = false
			b.WriteByte(c)
			p.i++
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	p.i = start
	return "", false, p.errorf("unterminated string")
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
