package parse

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/envfence/envfence/internal/secret"
)

// maxPythonDepth bounds nesting so that hostile input cannot exhaust the
// stack.
const maxPythonDepth = 256

// Python parses a Python settings module (Django's settings/production.py,
// settings_local.py) for the values written in it as literals: module-level
// assignments NAME = literal and NAME['key'] = literal, where a literal is
// a string, a number, True, False or None (the empty value), or a dict,
// list or tuple of literals. Dict keys and list indexes extend the path:
// DATABASES = {'default': {'PASSWORD': 'x'}} is DATABASES.default.PASSWORD.
//
// Everything else yields no entry, because it is not a value written in the
// file: calls (os.environ.get('X')), names, operations ('a' + b), f-strings
// with expressions, and code indented inside if, def or class. Inside a
// dict or list such an item is skipped and its literal neighbours are
// kept. Comments, line continuations and strings of every Python form
// (prefixes, triple quotes, adjacent literals) are read so that they never
// end a statement early.
func Python(content []byte) (*Doc, error) {
	content = stripBOM(content)
	p := &pyParser{src: content, idx: newLineIndex(content), doc: newDoc()}
	for p.i < len(p.src) {
		if err := p.statement(); err != nil {
			return p.doc, err
		}
	}
	return p.doc, nil
}

type pyParser struct {
	src []byte
	idx *lineIndex
	doc *Doc
	i   int
	// inBlock: the last unindented statement opened a module-level block
	// (if, else, try …), whose indented assignments set module settings;
	// after def or class, indented code is a body and is skipped.
	inBlock bool
}

func (p *pyParser) errorf(at int, msg string) *Error {
	return &Error{Pos: p.idx.pos(at), Message: msg}
}

// statement reads one logical line starting at p.i, at the start of a
// physical line.
//
// A value that is not a literal yields a reference, ${…} around its source,
// so that a settings module that sets SECRET_KEY from os.environ is seen to
// set it. Inside a module-level block (if, else, try) only such references
// are kept: which branch's literal applies is not written in the file.
func (p *pyParser) statement() error {
	indented := p.i < len(p.src) && (p.src[p.i] == ' ' || p.src[p.i] == '\t')
	if indented {
		if !p.inBlock {
			return p.restOfStatement()
		}
		p.spaces()
	} else {
		p.inBlock = p.opensModuleBlock()
	}
	if p.i < len(p.src) && isPyNameStart(p.src[p.i]) && !p.inKeyword() {
		path, lines, keyPos, ok := p.target()
		p.spaces()
		if ok && p.peek() == ':' {
			p.annotation() // NAME: str = "value"
		}
		if ok && p.peek() == '=' && p.peekAt(1) != '=' {
			p.i++
			p.spaces()
			for i := range path[:min(len(path), 2)] {
				p.doc.recordKey(path[:i+1], lines[i])
			}
			start := p.i
			entries, isLiteral, err := p.expression(path, keyPos, 0)
			if err != nil {
				return err
			}
			switch {
			case !p.atStatementEnd():
			case isLiteral && !indented:
				for _, e := range entries {
					p.doc.add(e)
				}
			case !isLiteral:
				p.doc.add(p.reference(path, keyPos, start))
			}
		}
	}
	return p.restOfStatement()
}

// moduleBlockKeywords open blocks whose body runs at module level.
var moduleBlockKeywords = []string{"if ", "if(", "elif ", "else:", "else :", "try:", "try :", "except", "finally:", "with ", "for ", "while "}

// opensModuleBlock reports an unindented statement that opens a block
// running at module level.
func (p *pyParser) opensModuleBlock() bool {
	for _, k := range moduleBlockKeywords {
		if bytes.HasPrefix(p.src[p.i:], []byte(k)) {
			return true
		}
	}
	return false
}

// inKeyword reports a statement that starts with a keyword rather than an
// assignment target (if x: …, return, import).
func (p *pyParser) inKeyword() bool {
	j := p.i
	for j < len(p.src) && isPyNameByte(p.src[j]) {
		j++
	}
	switch string(p.src[p.i:j]) {
	case "if", "elif", "else", "try", "except", "finally", "with", "for", "while", "def", "class", "async",
		"return", "import", "from", "pass", "raise", "del", "global", "nonlocal", "assert", "print":
		return true
	}
	return false
}

// reference is the entry of a value that is not a literal, from its
// start to p.i.
func (p *pyParser) reference(path []string, keyPos Pos, start int) Entry {
	src := bytes.TrimSpace(p.src[start:p.i])
	end := start + len(src)
	return Entry{
		Path: path, KeyPos: keyPos, Value: secret.New("${" + string(src) + "}"), Expression: true,
		Range: Range{Start: p.idx.pos(start), End: p.idx.pos(end)},
	}
}

// annotation skips a type annotation up to the "=" of its assignment on
// the same line, or to the end of the line when there is none.
func (p *pyParser) annotation() {
	depth := 0
	for p.i++; p.i < len(p.src); p.i++ {
		switch c := p.src[p.i]; {
		case c == '[' || c == '(':
			depth++
		case c == ']' || c == ')':
			depth = max(depth-1, 0)
		case c == '\n' || c == '#':
			return
		case c == '=' && depth == 0 && p.peekAt(1) != '=':
			return
		}
	}
}

// target reads NAME or NAME['key']['key2'] at the start of a line, with the
// line of each key.
func (p *pyParser) target() (path []string, lines []int, keyPos Pos, ok bool) {
	keyPos = p.idx.pos(p.i)
	path, lines = []string{p.name()}, []int{keyPos.Line}
	for p.peek() == '[' {
		p.i++
		p.spacesAndNewlines()
		at := p.i
		key, isString, err := p.stringLiteral()
		if err != nil || !isString {
			return nil, nil, keyPos, false
		}
		p.spacesAndNewlines()
		if p.peek() != ']' {
			return nil, nil, keyPos, false
		}
		p.i++
		keyPos = p.idx.pos(at)
		path, lines = append(path, key), append(lines, keyPos.Line)
	}
	return path, lines, keyPos, true
}

func (p *pyParser) name() string {
	start := p.i
	for p.i < len(p.src) && isPyNameByte(p.src[p.i]) {
		p.i++
	}
	return string(p.src[start:p.i])
}

// expression reads the value of path. It returns the entries the value
// yields and whether it is a literal; a value that is not one (a call, a
// name, an operation) is skipped to its end and yields nothing.
func (p *pyParser) expression(path []string, keyPos Pos, depth int) ([]Entry, bool, error) {
	if depth > maxPythonDepth {
		return nil, false, p.errorf(p.i, "nested too deeply")
	}
	start := p.i
	var (
		entries []Entry
		literal bool
		err     error
	)
	switch c := p.peek(); {
	case c == '{':
		entries, literal, err = p.dict(path, depth)
	case c == '(' && p.parenthesizedString():
		entries, literal, err = p.joinedStrings(path, keyPos)
	case c == '[' || c == '(':
		entries, literal, err = p.sequence(path, depth)
	case c == '"' || c == '\'' || isStringPrefix(p.src, p.i):
		entries, literal, err = p.strings(path, keyPos)
	case c == '-' || c == '+' || c == '.' || c >= '0' && c <= '9':
		entries, literal = p.number(path, keyPos)
	case isPyNameStart(c):
		entries, literal = p.constant(path, keyPos)
	}
	if err != nil {
		return nil, false, err
	}
	p.spaces()
	if literal && !p.atValueEnd() {
		literal = false // 'a' + b, 'x'.format(…), 3 * 60: an operation
	}
	if !literal {
		// Skip the whole value from its start: a part that was not a
		// literal may have left p.i inside its brackets.
		p.i = start
		if err := p.skipExpression(); err != nil {
			return nil, false, err
		}
		return nil, false, nil
	}
	return entries, true, nil
}

// dict reads {key: value, …} with string or number keys. Items whose value
// is not a literal (os.environ["DB_HOST"]) and unpacked dicts (**base) are
// skipped; the literal items around them are kept.
func (p *pyParser) dict(path []string, depth int) ([]Entry, bool, error) {
	p.i++ // {
	var entries []Entry
	for {
		p.spacesAndNewlines()
		if p.peek() == '}' {
			p.i++
			return entries, true, nil
		}
		if p.peek() == '*' && p.peekAt(1) == '*' {
			if err := p.skipExpression(); err != nil {
				return nil, false, err
			}
		} else {
			at := p.i
			key, ok := p.dictKey()
			p.spacesAndNewlines()
			if !ok || p.peek() != ':' {
				return nil, false, nil // a non-literal key
			}
			p.i++
			p.spacesAndNewlines()
			child := append(append([]string(nil), path...), key)
			p.doc.recordKey(child, p.idx.pos(at).Line)
			items, _, err := p.expression(child, p.idx.pos(at), depth+1)
			if err != nil {
				return nil, false, err
			}
			entries = append(entries, items...)
		}
		if !p.separator('}') {
			return nil, false, nil // a comprehension
		}
	}
}

// dictKey reads a string or number key.
func (p *pyParser) dictKey() (string, bool) {
	if s, isString, err := p.stringLiteral(); err == nil && isString {
		return s, true
	}
	start := p.i
	for p.i < len(p.src) && (p.src[p.i] >= '0' && p.src[p.i] <= '9' || p.src[p.i] == '-') {
		p.i++
	}
	return string(p.src[start:p.i]), p.i > start
}

// sequence reads [a, b] or (a, b); items go by their index, and items that
// are not literals are skipped.
func (p *pyParser) sequence(path []string, depth int) ([]Entry, bool, error) {
	closer := byte(']')
	if p.peek() == '(' {
		closer = ')'
	}
	p.i++
	var entries []Entry
	for n := 0; ; n++ {
		p.spacesAndNewlines()
		if p.peek() == closer {
			p.i++
			return entries, true, nil
		}
		child := append(append([]string(nil), path...), strconv.Itoa(n))
		items, _, err := p.expression(child, p.idx.pos(p.i), depth+1)
		if err != nil {
			return nil, false, err
		}
		entries = append(entries, items...)
		if !p.separator(closer) {
			return nil, false, nil // a comprehension
		}
	}
}

// separator consumes a comma, or sees the closer; anything else means
// the container is not a literal (a comprehension, say).
func (p *pyParser) separator(closer byte) bool {
	p.spacesAndNewlines()
	switch p.peek() {
	case ',':
		p.i++
		return true
	case closer:
		return true
	}
	return false
}

// parenthesizedString reports whether the parentheses at p.i hold only
// adjacent strings, as ('a'\n 'b') is written to join a long string over
// lines, rather than a tuple.
func (p *pyParser) parenthesizedString() bool {
	save := p.i
	defer func() { p.i = save }()
	p.i++
	for n := 0; ; n++ {
		p.spacesAndNewlines()
		if p.peek() == ')' {
			return n > 0
		}
		if _, isString, err := p.stringLiteral(); err != nil || !isString {
			return false
		}
	}
}

// joinedStrings reads (adjacent strings) as one value; its range covers
// the parentheses.
func (p *pyParser) joinedStrings(path []string, keyPos Pos) ([]Entry, bool, error) {
	start := p.i
	p.i++
	var text strings.Builder
	for {
		p.spacesAndNewlines()
		if p.peek() == ')' {
			p.i++
			break
		}
		s, _, err := p.stringLiteral()
		if err != nil {
			return nil, false, err
		}
		text.WriteString(s)
	}
	e := Entry{Path: path, KeyPos: keyPos, Value: secret.New(text.String()), Range: Range{Start: p.idx.pos(start), End: p.idx.pos(p.i)}, Quoted: true}
	return []Entry{e}, true, nil
}

// strings reads one string literal or several adjacent ones, which Python
// joins.
func (p *pyParser) strings(path []string, keyPos Pos) ([]Entry, bool, error) {
	start := p.i
	quoted := p.src[p.i] == '"' || p.src[p.i] == '\''
	var text strings.Builder
	var end int
	for {
		s, isString, err := p.stringLiteral()
		if err != nil {
			return nil, false, err
		}
		if !isString {
			return nil, false, nil // an f-string with expressions
		}
		text.WriteString(s)
		end = p.i
		save := p.i
		p.spaces()
		if !(p.peek() == '"' || p.peek() == '\'' || isStringPrefix(p.src, p.i)) {
			p.i = save
			break
		}
	}
	e := Entry{
		Path:   path,
		KeyPos: keyPos,
		Value:  secret.New(text.String()),
		Range:  Range{Start: p.idx.pos(start), End: p.idx.pos(end)},
		Quoted: quoted,
	}
	return []Entry{e}, true, nil
}

// stringLiteral reads a string with its prefix. isString is false when the
// text is no string, or an f-string with expressions (not a literal).
func (p *pyParser) stringLiteral() (value string, isString bool, err error) {
	start := p.i
	prefixEnd := p.i
	for prefixEnd < len(p.src) && prefixEnd-start < 2 && strings.IndexByte("rRbBuUfF", p.src[prefixEnd]) >= 0 {
		prefixEnd++
	}
	if prefixEnd >= len(p.src) || (p.src[prefixEnd] != '"' && p.src[prefixEnd] != '\'') {
		return "", false, nil
	}
	prefix := strings.ToLower(string(p.src[start:prefixEnd]))
	raw, format := strings.Contains(prefix, "r"), strings.Contains(prefix, "f")
	q := p.src[prefixEnd]
	delim := []byte{q}
	if bytes.HasPrefix(p.src[prefixEnd:], []byte{q, q, q}) {
		delim = []byte{q, q, q}
	}
	i := prefixEnd + len(delim)
	var b strings.Builder
	for {
		if i >= len(p.src) {
			return "", false, p.errorf(start, "unterminated string")
		}
		c := p.src[i]
		switch {
		case bytes.HasPrefix(p.src[i:], delim):
			p.i = i + len(delim)
			s := b.String()
			if format && strings.ContainsRune(strings.ReplaceAll(s, "{{", ""), '{') {
				return "", false, nil
			}
			if format {
				s = strings.NewReplacer("{{", "{", "}}", "}").Replace(s)
			}
			return s, true, nil
		case c == '\n' && len(delim) == 1:
			return "", false, p.errorf(start, "unterminated string")
		case c == '\\' && i+1 < len(p.src):
			if raw {
				b.WriteByte(c)
				b.WriteByte(p.src[i+1])
			} else {
				writePyEscape(&b, p.src[i+1])
			}
			i += 2
		default:
			b.WriteByte(c)
			i++
		}
	}
}

// writePyEscape writes what a backslash escape stands for; escapes that
// name code points (\x41, \u0041, \N{…}) are kept as written, which is
// enough to judge a value.
func writePyEscape(b *strings.Builder, c byte) {
	if ctl, ok := controlEscape(c); ok {
		b.WriteByte(ctl)
		return
	}
	switch c {
	case '\\', '\'', '"':
		b.WriteByte(c)
	case '\n': // a continued line
	default:
		b.WriteByte('\\')
		b.WriteByte(c)
	}
}

// number reads an int or float literal as written.
func (p *pyParser) number(path []string, keyPos Pos) ([]Entry, bool) {
	start := p.i
	if c := p.peek(); c == '-' || c == '+' {
		p.i++
	}
	digits := p.i
	for p.i < len(p.src) && (isPyNameByte(p.src[p.i]) || p.src[p.i] == '.') {
		p.i++
	}
	if p.i == digits {
		return nil, false
	}
	return []Entry{p.scalar(path, keyPos, start, string(p.src[start:p.i]))}, true
}

// constant reads True, False or None (the empty value); any other name is
// not a literal.
func (p *pyParser) constant(path []string, keyPos Pos) ([]Entry, bool) {
	start := p.i
	name := p.name()
	switch name {
	case "True", "False":
		return []Entry{p.scalar(path, keyPos, start, name)}, true
	case "None":
		return []Entry{p.scalar(path, keyPos, start, "")}, true
	}
	return nil, false
}

func (p *pyParser) scalar(path []string, keyPos Pos, start int, value string) Entry {
	return Entry{Path: path, KeyPos: keyPos, Value: secret.New(value), Range: Range{Start: p.idx.pos(start), End: p.idx.pos(p.i)}}
}

// atValueEnd reports whether the value ends here: a separator, a closer,
// a comment or the end of the line.
func (p *pyParser) atValueEnd() bool {
	switch p.peek() {
	case ',', '}', ']', ')', ':', '#', '\n', '\r', ';', 0:
		return true
	}
	return p.i >= len(p.src)
}

// atStatementEnd reports whether the statement ends after the value.
func (p *pyParser) atStatementEnd() bool {
	p.spaces()
	switch p.peek() {
	case '#', '\n', '\r', ';', 0:
		return true
	}
	return p.i >= len(p.src)
}

// skipExpression skips to the end of the current expression: a comma or
// closer at its own level, or the end of the logical line at the top.
func (p *pyParser) skipExpression() error { return p.skipCode(true) }

// restOfStatement moves past the end of the logical line that started
// before p.i: brackets and strings may carry it over several lines.
func (p *pyParser) restOfStatement() error { return p.skipCode(false) }

// skipCode steps over code, brackets, strings and comments. In an
// expression it stops before a comma or an unopened closer, and before the
// end of the line; otherwise it ignores both and moves past the line end.
func (p *pyParser) skipCode(expression bool) error {
	depth := 0
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == '"' || c == '\'' || isStringPrefix(p.src, p.i):
			if err := p.skipString(); err != nil {
				return err
			}
			continue
		case c == '#':
			p.comment()
			continue
		case c == '\\' && p.peekAt(1) == '\n':
			p.i += 2
			continue
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			if depth == 0 && expression {
				return nil
			}
			depth = max(depth-1, 0)
		case c == ',' && depth == 0 && expression:
			return nil
		case c == '\n' && depth == 0:
			if !expression {
				p.i++
			}
			return nil
		}
		p.i++
	}
	return nil
}

// skipString moves past a string literal of any form, and always forward.
func (p *pyParser) skipString() error {
	before := p.i
	if _, _, err := p.stringLiteral(); err != nil {
		return err
	}
	if p.i == before {
		p.i++
	}
	return nil
}

func (p *pyParser) comment() {
	for p.i < len(p.src) && p.src[p.i] != '\n' {
		p.i++
	}
}

func (p *pyParser) spaces() {
	for p.i < len(p.src) {
		switch c := p.src[p.i]; {
		case c == ' ' || c == '\t':
			p.i++
		case c == '\\' && p.peekAt(1) == '\n':
			p.i += 2
		default:
			return
		}
	}
}

// spacesAndNewlines skips blanks, line ends and comments inside brackets.
func (p *pyParser) spacesAndNewlines() {
	for p.i < len(p.src) {
		switch c := p.src[p.i]; c {
		case ' ', '\t', '\n', '\r':
			p.i++
		case '#':
			p.comment()
		case '\\':
			if p.peekAt(1) != '\n' {
				return
			}
			p.i += 2
		default:
			return
		}
	}
}

func (p *pyParser) peek() byte { return p.peekAt(0) }

func (p *pyParser) peekAt(n int) byte {
	if p.i+n < len(p.src) {
		return p.src[p.i+n]
	}
	return 0
}

func isPyNameStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isPyNameByte(c byte) bool { return isPyNameStart(c) || c >= '0' && c <= '9' }

// isStringPrefix reports whether a string prefix (r, b, u, f, rb, br, fr,
// rf in any case) followed by a quote starts at i, and not inside a name.
func isStringPrefix(src []byte, i int) bool {
	if i > 0 && isPyNameByte(src[i-1]) {
		return false
	}
	for n := 1; n <= 2 && i+n < len(src); n++ {
		if strings.IndexByte("rRbBuUfF", src[i+n-1]) < 0 {
			return false
		}
		if q := src[i+n]; q == '"' || q == '\'' {
			return true
		}
	}
	return false
}
