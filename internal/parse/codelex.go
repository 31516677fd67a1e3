package parse

import (
	"bytes"
	"strings"
)

// The Ruby, Elixir and PHP readers share one tokenizer and one reader of
// literal values (code.go). They read what configuration files of those
// languages write as literals — strings, numbers, symbols and the arrays,
// hashes, maps and keyword lists of them — and take every other expression
// as a reference to its source, never evaluating anything. A general
// parser of three languages would be far larger and still not run the
// code; an exact reader of assignments and literals is what a setting
// needs.

// codeLang says how one language writes comments, strings and statements.
type codeLang struct {
	hashComments  bool // # to the end of the line (Ruby, Elixir, PHP)
	slashComments bool // // and /* */ (PHP)
	symbols       bool // :name is a literal (Ruby symbols, Elixir atoms)
	// interpolation opens an expression in a double-quoted string:
	// "#{" in Ruby and Elixir, "$" in PHP.
	interpolation string
	// newlines end statements outside brackets (Ruby, Elixir).
	newlines bool
}

var (
	rubyLang   = &codeLang{hashComments: true, symbols: true, interpolation: "#{", newlines: true}
	elixirLang = &codeLang{hashComments: true, symbols: true, interpolation: "#{", newlines: true}
	phpLang    = &codeLang{hashComments: true, slashComments: true, interpolation: "$"}
)

type tokKind uint8

const (
	tNewline tokKind = iota + 1
	tString          // a quoted string; literal is false when it interpolates
	tNumber
	tSymbol // :name (its text is the name)
	tWord   // identifiers, keywords, $variables, constants
	tKey    // name: or "name": in a hash or keyword list (its text is the name)
	tPunct
)

// token is one lexical element. For strings, text is the value with
// escapes resolved; for others, the source text.
type token struct {
	kind       tokKind
	text       string
	literal    bool
	start, end int
}

// multiPunct are the operators of two or three characters that matter to
// the readers; others are read one character at a time.
var multiPunct = []string{"===", "!==", "<=>", "||=", "&&=", "=>", "::", "||", "&&", "==", "!=", "<<", "->", "%{", "??", "?:", "|>", "<>", "..", "**", "+=", "-="}

// lex splits src into tokens. It never fails: an unterminated string
// runs to the end of the input and is not literal.
func lex(src []byte, lang *codeLang) []token {
	l := &lexer{src: src, lang: lang}
	l.run()
	return l.toks
}

type lexer struct {
	src  []byte
	lang *codeLang
	i    int
	toks []token
	// heredocs holds the terminators of heredocs opened on the current
	// line: their bodies start on the next line.
	heredocs []heredoc
}

type heredoc struct {
	term     string
	indented bool // <<~ and <<- allow an indented terminator
	tok      int  // index of the heredoc's token, extended to its body
}

func (l *lexer) emit(kind tokKind, text string, literal bool, start int) {
	l.toks = append(l.toks, token{kind: kind, text: text, literal: literal, start: start, end: l.i})
}

func (l *lexer) run() {
	for l.i < len(l.src) {
		c := l.src[l.i]
		start := l.i
		switch {
		case c == '\n':
			l.i++
			l.emit(tNewline, "\n", false, start)
			l.heredocBodies()
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			l.i++
		case c == '\\' && l.i+1 < len(l.src) && l.src[l.i+1] == '\n':
			l.i += 2 // line continuation
		case l.comment():
		case c == '"' || c == '\'' || c == '`':
			l.quoted(c)
		case c >= '0' && c <= '9':
			l.number()
		case l.special():
		case isCodeWordStart(c):
			l.word()
		default:
			l.punct()
		}
	}
}

// comment skips a comment at l.i and reports whether there was one.
func (l *lexer) comment() bool {
	rest := l.src[l.i:]
	switch {
	case l.lang.hashComments && rest[0] == '#' && !(l.lang == phpLang && len(rest) > 1 && rest[1] == '['):
		l.toLineEnd()
	case l.lang.slashComments && bytes.HasPrefix(rest, []byte("//")):
		l.toLineEnd()
	case l.lang.slashComments && bytes.HasPrefix(rest, []byte("/*")):
		end := bytes.Index(rest[2:], []byte("*/"))
		if end < 0 {
			l.i = len(l.src)
		} else {
			l.i += end + 4
		}
	case l.lang == rubyLang && bytes.HasPrefix(rest, []byte("=begin")) && l.atLineStart():
		end := bytes.Index(rest, []byte("\n=end"))
		if end < 0 {
			l.i = len(l.src)
		} else {
			l.i += end + 5
			l.toLineEnd()
		}
	case l.lang == rubyLang && bytes.HasPrefix(rest, []byte("__END__")) && l.atLineStart():
		l.i = len(l.src) // data after __END__ is not code
	case l.lang == phpLang && bytes.HasPrefix(rest, []byte("<?php")):
		l.i += len("<?php")
	case l.lang == phpLang && bytes.HasPrefix(rest, []byte("?>")):
		l.i += len("?>")
	default:
		return false
	}
	return true
}

func (l *lexer) atLineStart() bool { return l.i == 0 || l.src[l.i-1] == '\n' }

func (l *lexer) toLineEnd() {
	for l.i < len(l.src) && l.src[l.i] != '\n' {
		l.i++
	}
}

// quoted reads a string in quote q. Single quotes are literal in every
// language (Elixir's are charlists, literal too); double quotes
// interpolate; back quotes run commands and are never literal.
func (l *lexer) quoted(q byte) {
	start := l.i
	if q == '"' && l.lang == elixirLang && bytes.HasPrefix(l.src[l.i:], []byte(`"""`)) {
		l.tripleQuoted(start)
		return
	}
	l.i++
	var b strings.Builder
	literal := q != '`'
	for l.i < len(l.src) {
		c := l.src[l.i]
		switch {
		case c == q:
			l.i++
			l.stringOrKey(b.String(), literal, start)
			return
		case c == '\\' && l.i+1 < len(l.src):
			l.escape(&b, q)
		case q == '"' && l.interpolates():
			literal = false
			b.WriteByte(c)
			l.i++
		default:
			b.WriteByte(c)
			l.i++
		}
	}
	l.emit(tString, "", false, start)
}

// interpolates reports an interpolation at l.i inside a double-quoted
// string.
func (l *lexer) interpolates() bool {
	rest := l.src[l.i:]
	if l.lang.interpolation == "$" {
		return len(rest) > 1 && rest[0] == '$' && isCodeWordStart(rest[1]) || bytes.HasPrefix(rest, []byte("{$"))
	}
	return bytes.HasPrefix(rest, []byte(l.lang.interpolation))
}

// escape reads a backslash escape. In single quotes only \\ and \' are
// escapes (Ruby, PHP); elsewhere the common ones are resolved and others
// stand for the character itself.
func (l *lexer) escape(b *strings.Builder, q byte) {
	c := l.src[l.i+1]
	if q == '\'' && c != '\\' && c != '\'' {
		b.WriteByte('\\')
		l.i++
		return
	}
	l.i += 2
	if ctl, ok := controlEscape(c); ok {
		b.WriteByte(ctl)
	} else if c != '\n' { // a backslash before a line end continues the line
		b.WriteByte(c)
	}
}

// stringOrKey emits a string, or a key when a colon follows it directly
// ("name": value in Ruby and Elixir).
func (l *lexer) stringOrKey(text string, literal bool, start int) {
	if l.lang.symbols && l.i < len(l.src) && l.src[l.i] == ':' && (l.i+1 >= len(l.src) || l.src[l.i+1] != ':') {
		l.i++
		l.emit(tKey, text, literal, start)
		return
	}
	l.emit(tString, text, literal, start)
}

// tripleQuoted reads an Elixir """ heredoc.
func (l *lexer) tripleQuoted(start int) {
	body := l.src[l.i+3:]
	end := bytes.Index(body, []byte(`"""`))
	if end < 0 {
		l.i = len(l.src)
		l.emit(tString, "", false, start)
		return
	}
	text := string(body[:end])
	l.i += 3 + end + 3
	l.emit(tString, strings.TrimPrefix(text, "\n"), !strings.Contains(text, "#{"), start)
}

func (l *lexer) number() {
	start := l.i
	for l.i < len(l.src) {
		c := l.src[l.i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' ||
			c == '.' && l.i+1 < len(l.src) && l.src[l.i+1] >= '0' && l.src[l.i+1] <= '9') {
			break
		}
		l.i++
	}
	l.emit(tNumber, string(l.src[start:l.i]), true, start)
}

// special reads the forms that start with punctuation but are values:
// symbols, sigils, %-literals, heredocs and PHP variables.
func (l *lexer) special() bool {
	rest := l.src[l.i:]
	start := l.i
	switch {
	case l.lang.symbols && rest[0] == ':' && len(rest) > 1 && isCodeWordStart(rest[1]) && !l.afterWord():
		l.i++
		l.wordBytes()
		l.emit(tSymbol, string(l.src[start+1:l.i]), true, start)
	case l.lang.symbols && rest[0] == ':' && len(rest) > 1 && rest[1] == '"':
		l.i++
		l.quoted('"')
		t := &l.toks[len(l.toks)-1]
		t.kind, t.start = tSymbol, start
	case l.lang == elixirLang && rest[0] == '~' && len(rest) > 2 && isLetter(rest[1]):
		l.i += 2
		l.delimited()
		l.emit(tString, "", false, start)
	case l.lang == rubyLang && rest[0] == '%' && len(rest) > 2 && strings.IndexByte("wWiIqQ", rest[1]) >= 0 && strings.IndexByte("([{<|!/", rest[2]) >= 0:
		l.i += 2
		l.delimited()
		l.emit(tString, "", false, start)
	case l.lang != elixirLang && bytes.HasPrefix(rest, []byte("<<")) && l.heredocOpener():
	case l.lang == phpLang && rest[0] == '$' && len(rest) > 1 && isCodeWordStart(rest[1]):
		l.i++
		l.wordBytes()
		l.emit(tWord, string(l.src[start:l.i]), false, start)
	default:
		return false
	}
	return true
}

// afterWord reports a colon right after a word or closer (a::b, a ? b :c),
// which is not a symbol.
func (l *lexer) afterWord() bool {
	return l.i > 0 && (isCodeWordByte(l.src[l.i-1]) || l.src[l.i-1] == ')' || l.src[l.i-1] == ']')
}

// delimited skips a sigil's or %-literal's body between its delimiters.
func (l *lexer) delimited() {
	if l.i >= len(l.src) {
		return
	}
	open := l.src[l.i]
	closer := map[byte]byte{'(': ')', '[': ']', '{': '}', '<': '>'}[open]
	if closer == 0 {
		closer = open
	}
	depth := 0
	for l.i++; l.i < len(l.src); l.i++ {
		switch c := l.src[l.i]; {
		case c == '\\':
			l.i++
		case c == open && closer != open:
			depth++
		case c == closer:
			if depth == 0 {
				l.i++
				for l.i < len(l.src) && isLetter(l.src[l.i]) {
					l.i++ // modifiers: ~r/x/i
				}
				return
			}
			depth--
		}
	}
}

// heredocOpener reads <<~ID, <<-ID, <<ID (Ruby) or <<<ID, <<<'ID' (PHP)
// and arranges for the body to be skipped at the end of the line.
func (l *lexer) heredocOpener() bool {
	start := l.i
	j := l.i + 2
	indented := false
	if l.lang == phpLang {
		if j >= len(l.src) || l.src[j] != '<' {
			return false
		}
		j++
		for j < len(l.src) && l.src[j] == ' ' {
			j++
		}
		indented = true
	} else if j < len(l.src) && (l.src[j] == '~' || l.src[j] == '-') {
		indented = true
		j++
	}
	quote := byte(0)
	if j < len(l.src) && (l.src[j] == '\'' || l.src[j] == '"') {
		quote = l.src[j]
		j++
	}
	nameStart := j
	for j < len(l.src) && (l.src[j] >= 'A' && l.src[j] <= 'Z' || l.src[j] == '_' || l.src[j] >= '0' && l.src[j] <= '9' || l.lang == phpLang && isLetter(l.src[j])) {
		j++
	}
	if j == nameStart || !isCodeWordStart(l.src[nameStart]) || quote != 0 && (j >= len(l.src) || l.src[j] != quote) {
		return false // 1 <<2 is a shift
	}
	term := string(l.src[nameStart:j])
	if quote != 0 {
		j++
	}
	l.i = j
	l.emit(tString, "", false, start)
	l.heredocs = append(l.heredocs, heredoc{term: term, indented: indented, tok: len(l.toks) - 1})
	return true
}

// heredocBodies skips the bodies of the heredocs opened on the line just
// ended, up to each terminator line.
func (l *lexer) heredocBodies() {
	for _, h := range l.heredocs {
		for l.i < len(l.src) {
			lineEnd := bytes.IndexByte(l.src[l.i:], '\n')
			if lineEnd < 0 {
				lineEnd = len(l.src) - l.i
			}
			line := string(l.src[l.i : l.i+lineEnd])
			lineStart := l.i
			l.i = min(len(l.src), l.i+lineEnd+1)
			trimmed := line
			if h.indented {
				trimmed = strings.TrimSpace(line)
			}
			if trimmed == h.term {
				break
			}
			// PHP 7.3 lets code follow the closing marker (EOT, or EOT);):
			// it is read on.
			if l.lang == phpLang && strings.HasPrefix(trimmed, h.term) && !isCodeWordByte(trimmed[len(h.term)]) {
				l.i = lineStart + strings.Index(line, h.term) + len(h.term)
				break
			}
		}
		l.toks[h.tok].end = l.i
	}
	l.heredocs = l.heredocs[:0]
}

// word reads an identifier (with Ruby's trailing ? or !), or a key when a
// single colon and a space follow it (name: value).
func (l *lexer) word() {
	start := l.i
	l.wordBytes()
	if l.lang == rubyLang && l.i < len(l.src) && (l.src[l.i] == '?' || l.src[l.i] == '!') && (l.i+1 >= len(l.src) || l.src[l.i+1] != '=') {
		l.i++
	}
	text := string(l.src[start:l.i])
	if l.lang.symbols && l.i+1 < len(l.src) && l.src[l.i] == ':' && (l.src[l.i+1] == ' ' || l.src[l.i+1] == '\t' || l.src[l.i+1] == '\n' || l.src[l.i+1] == '\r') {
		l.i++
		l.emit(tKey, text, true, start)
		return
	}
	l.emit(tWord, text, true, start)
}

func (l *lexer) wordBytes() {
	for l.i < len(l.src) && isCodeWordByte(l.src[l.i]) {
		l.i++
	}
}

func (l *lexer) punct() {
	start := l.i
	for _, p := range multiPunct {
		if bytes.HasPrefix(l.src[l.i:], []byte(p)) {
			l.i += len(p)
			l.emit(tPunct, p, false, start)
			return
		}
	}
	l.i++
	l.emit(tPunct, string(l.src[start:l.i]), false, start)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isCodeWordStart(c byte) bool { return isLetter(c) || c == '_' || c >= 0x80 }

func isCodeWordByte(c byte) bool { return isCodeWordStart(c) || c >= '0' && c <= '9' }
