package parse

import (
	"bytes"
	"strings"

	"github.com/envfence/envfence/internal/secret"
)

// Dotenv parses a .env file: KEY=value lines with optional `export`,
// single, double or back quotes (double quotes may span lines and know the
// escapes \n \t \" \\), and comments. A # starts a comment in an unquoted
// value only after whitespace, as dotenv libraries agree. Lines that are not
// assignments are skipped.
func Dotenv(content []byte) (*Doc, error) {
	content = stripBOM(content)
	idx := newLineIndex(content)
	doc := newDoc()
	p := dotenvParser{src: content, idx: idx, doc: doc}
	return doc, p.run()
}

type dotenvParser struct {
	src []byte
	idx *lineIndex
	doc *Doc
	off int
}

func (p *dotenvParser) run() error {
	for p.off < len(p.src) {
		lineEnd := p.lineEnd(p.off)
		if err := p.line(p.off, lineEnd); err != nil {
			return err
		}
		if p.off <= lineEnd { // the value did not consume further lines
			p.off = lineEnd + 1
		}
	}
	return nil
}

func (p *dotenvParser) lineEnd(from int) int {
	if i := bytes.IndexByte(p.src[from:], '\n'); i >= 0 {
		return from + i
	}
	return len(p.src)
}

// line parses the assignment starting at start; it may advance p.off past
// end when a quoted value spans lines.
func (p *dotenvParser) line(start, end int) error {
	i := skipSpace(p.src, start, end)
	if i >= end || p.src[i] == '#' {
		return nil
	}
	if bytes.HasPrefix(p.src[i:end], []byte("export ")) || bytes.HasPrefix(p.src[i:end], []byte("export\t")) {
		i = skipSpace(p.src, i+len("export"), end)
	}
	keyStart := i
	for i < end && isKeyByte(p.src[i]) {
		i++
	}
	if i == keyStart {
		return nil
	}
	key := string(p.src[keyStart:i])
	i = skipSpace(p.src, i, end)
	if i >= end || p.src[i] != '=' {
		return nil
	}
	i = skipSpace(p.src, i+1, end)
	e := Entry{Path: []string{key}, KeyPos: p.idx.pos(keyStart)}
	if i < end && (p.src[i] == '"' || p.src[i] == '\'' || p.src[i] == '`') {
		return p.quoted(&e, i)
	}
	valEnd := unquotedEnd(p.src, i, end)
	e.Value = secret.New(string(p.src[i:valEnd]))
	e.Range = Range{Start: p.idx.pos(i), End: p.idx.pos(valEnd)}
	p.doc.add(e)
	return nil
}

// unquotedEnd finds where an unquoted value ends: at a " #" comment or the
// end of the line, without trailing whitespace or carriage return.
func unquotedEnd(src []byte, i, end int) int {
	j := i
	for ; j < end; j++ {
		if src[j] == '#' && j > i && (src[j-1] == ' ' || src[j-1] == '\t') {
			break
		}
	}
	for j > i && (src[j-1] == ' ' || src[j-1] == '\t' || src[j-1] == '\r') {
		j--
	}
	return j
}

// quoted reads a quoted value starting at the opening quote q. Single
// quotes are literal and end on their line; double quotes know escapes and
// may span lines; back quotes are literal and may span lines.
func (p *dotenvParser) quoted(e *Entry, q int) error {
	quote := p.src[q]
	var b strings.Builder
	j := q + 1
	for ; j < len(p.src) && p.src[j] != quote; j++ {
		c := p.src[j]
		switch {
		case c == '\n' && quote == '\'':
			return &Error{Pos: p.idx.pos(q), Message: "unterminated single-quoted value"}
		case c == '\\' && quote == '"' && j+1 < len(p.src):
			j++
			b.WriteByte(unescapeDotenv(p.src[j]))
		case c == '\r':
			// CRLF line endings inside a multi-line value
		default:
			b.WriteByte(c)
		}
	}
	if j >= len(p.src) {
		return &Error{Pos: p.idx.pos(q), Message: "unterminated quoted value"}
	}
	e.Value = secret.New(b.String())
	e.Quoted = true
	e.Range = Range{Start: p.idx.pos(q), End: p.idx.pos(j + 1)}
	p.doc.add(*e)
	p.off = p.lineEnd(j) + 1
	return nil
}

func unescapeDotenv(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	case 'r':
		return '\r'
	}
	return c
}

func isKeyByte(c byte) bool {
	return c == '_' || c == '.' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func skipSpace(src []byte, i, end int) int {
	for i < end && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return i
}
