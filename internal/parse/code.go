package parse

import (
	"bytes"
	"strconv"

	"github.com/envfence/envfence/internal/secret"
)

// maxCodeDepth bounds the nesting of literals in Ruby, Elixir and PHP.
const maxCodeDepth = 256

// codeParser reads the values of a Ruby, Elixir or PHP configuration file
// from its tokens. The statement readers (ruby.go, elixir.go, php.go) say
// where a setting starts and what its path is; value reads it.
type codeParser struct {
	src  []byte
	idx  *lineIndex
	doc  *Doc
	lang *codeLang
	toks []token
	i    int
	// blocks are the open do/if/def … end blocks (Ruby, Elixir).
	blocks []codeBlock
	// pending is the block a statement opens with a do later on its line
	// (Elixir's if config_env() == :prod do, def name do).
	pending codeBlock
}

// codeBlock is an open block: a guard it applies, or code whose
// assignments are not settings (a method body).
type codeBlock struct {
	guard int // Doc.Guards index + 1, or 0
	code  bool
}

func newCodeParser(content []byte, lang *codeLang) *codeParser {
	content = stripBOM(content)
	return &codeParser{src: content, idx: newLineIndex(content), doc: newDoc(), lang: lang, toks: lex(content, lang)}
}

// peek returns the token at p.i+n, or a zero token past the end.
func (p *codeParser) peek(n int) token {
	if p.i+n < len(p.toks) && p.i+n >= 0 {
		return p.toks[p.i+n]
	}
	return token{start: len(p.src), end: len(p.src)}
}

func (p *codeParser) is(n int, kind tokKind, text string) bool {
	t := p.peek(n)
	return t.kind == kind && t.text == text
}

// isKeyword reports the word w at p.i+n used as a keyword, not as a
// method name after a dot.
func (p *codeParser) isKeyword(n int, w string) bool {
	if !p.is(n, tWord, w) {
		return false
	}
	prev := p.peek(n - 1)
	return p.i+n == 0 || prev.kind != tPunct || prev.text != "." && prev.text != "::"
}

func (p *codeParser) skipNewlines() {
	for p.i < len(p.toks) && p.toks[p.i].kind == tNewline {
		p.i++
	}
}

// currentGuard is the guard of the innermost block that has one.
func (p *codeParser) currentGuard() int {
	for i := len(p.blocks) - 1; i >= 0; i-- {
		if p.blocks[i].guard > 0 {
			return p.blocks[i].guard
		}
	}
	return 0
}

// inCode reports a position inside a method body.
func (p *codeParser) inCode() bool {
	for _, b := range p.blocks {
		if b.code {
			return true
		}
	}
	return false
}

// addGuard records a guard and returns its Entry.Guard number.
func (p *codeParser) addGuard(name, env string, at int) int {
	p.doc.Guards = append(p.doc.Guards, Guard{Name: name, Env: env, Line: p.idx.pos(at).Line})
	return len(p.doc.Guards)
}

// atValueEnd reports whether a value ends at p.i: a separator, a closer,
// the end of the statement.
func (p *codeParser) atValueEnd() bool {
	t := p.peek(0)
	switch t.kind {
	case 0:
		return true
	case tNewline:
		return p.lang.newlines
	case tPunct:
		switch t.text {
		case ",", ";", ")", "]", "}":
			return true
		}
	case tWord:
		return t.text == "end" || t.text == "do" || t.text == "if" || t.text == "unless"
	}
	return false
}

// value reads the value at p.i for path: a literal, a container of
// literals, or any other expression, which yields a reference to its
// source.
func (p *codeParser) value(path []string, keyPos Pos, depth int) error {
	if depth > maxCodeDepth {
		return &Error{Pos: p.idx.pos(p.peek(0).start), Message: "nested too deeply", Limit: true}
	}
	start := p.i
	t := p.peek(0)
	if p.isScalar(t) {
		p.i++
		p.skipFreeze()
		if p.atValueEnd() {
			p.emit(path, keyPos, t)
			return nil
		}
		p.i = start
	}
	if closer := p.opener(); closer != "" {
		entries := len(p.doc.Entries)
		err := p.container(path, closer, depth)
		if err == nil {
			p.skipFreeze()
			if p.atValueEnd() {
				return nil
			}
		}
		if isLimit(err) || err != nil && depth == 0 {
			return err // a bound, or the file's own value is broken: keep what was read
		}
		p.doc.Entries = p.doc.Entries[:entries]
		p.i = start
	}
	p.reference(path, keyPos, start)
	return nil
}

// isLimit reports an error that a bound on the work per file caused.
func isLimit(err error) bool {
	e, ok := err.(*Error)
	return ok && e.Limit
}

// isScalar reports a literal scalar token.
func (p *codeParser) isScalar(t token) bool {
	switch t.kind {
	case tString:
		return t.literal
	case tNumber, tSymbol:
		return true
	case tWord:
		switch t.text {
		case "true", "false", "nil", "null", "TRUE", "FALSE", "NULL":
			return true
		}
	}
	return false
}

// skipFreeze steps over Ruby's .freeze, which leaves a literal a literal.
func (p *codeParser) skipFreeze() {
	if p.lang == rubyLang && p.is(0, tPunct, ".") && p.is(1, tWord, "freeze") {
		p.i += 2
	}
}

// opener returns the closer of the container that starts at p.i, or "".
func (p *codeParser) opener() string {
	t := p.peek(0)
	switch {
	case t.kind == tPunct && t.text == "[":
		return "]"
	case t.kind == tPunct && (t.text == "{" || t.text == "%{"):
		return "}"
	case p.lang == phpLang && t.kind == tWord && (t.text == "array" || t.text == "Array") && p.is(1, tPunct, "("):
		p.i++
		return ")"
	}
	return ""
}

// container reads the elements of an array, hash, map, tuple or keyword
// list up to closer: name: value and key => value extend the path by the
// key; other elements by their index.
func (p *codeParser) container(path []string, closer string, depth int) error {
	p.i++ // the opener
	for n := 0; ; n++ {
		p.skipNewlines()
		t := p.peek(0)
		switch {
		case t.kind == 0:
			return &Error{Pos: p.idx.pos(t.start), Message: "unterminated " + closer}
		case t.kind == tPunct && t.text == closer:
			p.i++
			return nil
		}
		child, keyPos := strconv.Itoa(n), Pos{}
		if key, ok := p.elementKey(); ok {
			child, keyPos = key, p.idx.pos(t.start)
		}
		childPath := appendPath(path, child)
		p.doc.recordKey(childPath, p.idx.pos(t.start).Line)
		p.skipNewlines()
		if err := p.value(childPath, keyPos, depth+1); err != nil {
			return err
		}
		p.skipNewlines()
		switch {
		case p.is(0, tPunct, ","):
			p.i++
		case p.is(0, tPunct, closer):
		default:
			return &Error{Pos: p.idx.pos(p.peek(0).start), Message: "expected ',' or '" + closer + "'"}
		}
	}
}

// elementKey reads the key of a container element, name: or key =>, and
// reports whether there was one.
func (p *codeParser) elementKey() (string, bool) {
	t := p.peek(0)
	if t.kind == tKey {
		p.i++
		return t.text, true
	}
	if p.is(1, tPunct, "=>") && (p.isScalar(t) || t.kind == tWord) {
		p.i += 2
		return t.text, true
	}
	return "", false
}

// emit adds a scalar entry for token t.
func (p *codeParser) emit(path []string, keyPos Pos, t token) {
	value := t.text
	if t.kind == tWord && (t.text == "nil" || t.text == "null" || t.text == "NULL") {
		value = ""
	}
	p.add(path, keyPos, value, t.start, t.end, t.kind == tString)
}

func (p *codeParser) add(path []string, keyPos Pos, value string, start, end int, quoted bool) {
	if keyPos.Line == 0 {
		keyPos = p.idx.pos(start)
	}
	p.doc.add(Entry{
		Path: path, KeyPos: keyPos, Value: secret.New(value), Quoted: quoted,
		Range: Range{Start: p.idx.pos(start), End: p.idx.pos(end)}, Guard: p.currentGuard(),
	})
}

// reference skips the expression at token start and yields ${…} around
// its source, so that ENV.fetch("X", "dev") is seen to set the key, with
// the literal default that package values reads. An expression over
// several lines yields nothing: it is code, not a setting.
func (p *codeParser) reference(path []string, keyPos Pos, start int) {
	p.i = start
	p.skipExpression()
	if p.i == start {
		return
	}
	from, to := p.toks[start].start, p.toks[p.i-1].end
	src := p.src[from:to]
	if bytes.IndexByte(src, '\n') >= 0 {
		return
	}
	n := len(p.doc.Entries)
	p.add(path, keyPos, "${"+string(src)+"}", from, to, false)
	if len(p.doc.Entries) > n {
		p.doc.Entries[n].Expression = true
	}
}

// skipExpression skips tokens up to the end of the value at p.i: a comma,
// closer or statement end outside brackets.
func (p *codeParser) skipExpression() {
	depth := 0
	for p.i < len(p.toks) {
		t := p.toks[p.i]
		if depth == 0 && p.atValueEnd() && !(t.kind == tNewline && p.continues()) {
			return
		}
		if t.kind == tPunct {
			switch t.text {
			case "(", "[", "{", "%{":
				depth++
			case ")", "]", "}":
				depth--
			}
		}
		p.i++
	}
}

// continuers are the tokens after which a line goes on on the next line.
var continuers = map[string]bool{
	",": true, ".": true, "=": true, "=>": true, "||": true, "&&": true, "+": true, "-": true, "*": true,
	"|>": true, "<>": true, "??": true, "?:": true, "::": true, "==": true, "!=": true, "||=": true, "&&=": true, "+=": true, "?": true, ":": true,
}

// continues reports a newline at p.i that does not end the statement,
// because the line before it ends in an operator or comma.
func (p *codeParser) continues() bool {
	prev := p.peek(-1)
	return prev.kind == tPunct && continuers[prev.text] || prev.kind == tWord && (prev.text == "or" || prev.text == "and")
}

// restOfStatement skips to the start of the next statement: past the
// newline (Ruby, Elixir) or semicolon that ends this one, outside
// brackets. In PHP a brace at statement level opens or closes a block,
// whose statements are read in turn.
func (p *codeParser) restOfStatement() {
	depth := 0
	for p.i < len(p.toks) {
		t := p.toks[p.i]
		p.i++
		switch {
		case t.kind == tNewline && depth == 0 && p.lang.newlines && !p.continuesAt(p.i-1):
			return
		case t.kind != tPunct:
		case t.text == ";" && depth == 0:
			return
		case (t.text == "{" || t.text == "}") && depth == 0 && p.lang == phpLang:
			return
		case t.text == "(" || t.text == "[" || t.text == "{" || t.text == "%{":
			depth++
		case t.text == ")" || t.text == "]" || t.text == "}":
			depth = max(depth-1, 0)
		}
	}
}

func (p *codeParser) continuesAt(i int) bool {
	save := p.i
	p.i = i
	c := p.continues()
	p.i = save
	return c
}

// statements runs one statement reader until the end of the tokens.
// Each statement is read from its first token; what the reader leaves is
// skipped, and the do/end blocks it opened or closed are tracked. A
// statement that does not parse is reported (the first one) and the
// reading goes on with the next; a bound on the work stops it.
func (p *codeParser) statements(read func() error) error {
	var first error
	for {
		for p.i < len(p.toks) && (p.toks[p.i].kind == tNewline || p.is(0, tPunct, ";")) {
			p.i++
		}
		if p.i >= len(p.toks) {
			return first
		}
		start := p.i
		opened := len(p.blocks)
		if err := read(); err != nil {
			if isLimit(err) {
				return err
			}
			if first == nil {
				first = err
			}
		}
		if p.i < len(p.toks) && p.toks[p.i].kind != tNewline {
			p.restOfStatement()
		}
		if p.i == start {
			p.i++
		}
		p.trackBlocks(start+boolToInt(len(p.blocks) > opened), p.i)
		p.pending = codeBlock{}
	}
}

func boolToInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// trackBlocks opens a block for each do (and Elixir fn) and closes one
// for each end among the tokens of a statement.
func (p *codeParser) trackBlocks(from, to int) {
	save := p.i
	defer func() { p.i = save }()
	for i := from; i < to; i++ {
		p.i = i
		switch {
		case p.isKeyword(0, "do") || p.lang == elixirLang && p.isKeyword(0, "fn"):
			p.blocks = append(p.blocks, p.pending)
			p.pending = codeBlock{}
		case p.isKeyword(0, "end") && len(p.blocks) > 0:
			p.blocks = p.blocks[:len(p.blocks)-1]
		}
	}
}

// target reads an assignment target at p.i: name, a.b.c, A::B.c, $x or
// name[key][key] with literal keys, followed by = or ||=. It returns the
// path and the position of its last key, and leaves p.i after the
// operator; ok is false (and p.i unchanged) if there is none.
func (p *codeParser) target() (path []string, keyPos Pos, ok bool) {
	start := p.i
	for {
		t := p.peek(0)
		if t.kind != tWord {
			break
		}
		path = append(path, t.text)
		keyPos = p.idx.pos(t.start)
		p.i++
		if p.is(0, tPunct, ".") || p.is(0, tPunct, "::") || p.is(0, tPunct, "->") {
			p.i++
			continue
		}
		break
	}
	for len(path) > 0 && p.is(0, tPunct, "[") {
		k := p.peek(1)
		if !p.isScalar(k) || !p.is(2, tPunct, "]") {
			break
		}
		path = append(path, k.text)
		keyPos = p.idx.pos(k.start)
		p.i += 3
	}
	if len(path) > 0 && (p.is(0, tPunct, "=") || p.is(0, tPunct, "||=")) {
		p.i++
		return path, keyPos, true
	}
	p.i = start
	return nil, Pos{}, false
}

// recordPath records the lines of the first two keys of a target.
func (p *codeParser) recordPath(path []string, line int) {
	for i := range path[:min(len(path), 2)] {
		p.doc.recordKey(path[:i+1], line)
	}
}
