package parse

import (
	"errors"
	"strconv"

	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/envfence/envfence/internal/secret"
)

// TOML parses a TOML document with go-toml's position-keeping parser:
// tables and dotted keys become path elements, array tables and arrays get
// their index, inline tables nest. Values of every type are entries (their
// text for numbers, dates and booleans).
func TOML(content []byte) (doc *Doc, err error) {
	content = stripBOM(content)
	idx := newLineIndex(content)
	doc = newDoc()
	defer func() {
		if recover() != nil {
			err = &Error{Message: "invalid TOML"}
		}
	}()
	var p unstable.Parser
	p.Reset(content)
	t := tomlWalker{p: &p, idx: idx, doc: doc, arrays: map[string]int{}}
	for p.NextExpression() {
		t.expression(p.Expression())
	}
	if perr := p.Error(); perr != nil {
		return doc, t.error(perr)
	}
	return doc, nil
}

type tomlWalker struct {
	p      *unstable.Parser
	idx    *lineIndex
	doc    *Doc
	table  []string
	arrays map[string]int // array-table path → count so far
}

func (t *tomlWalker) expression(n *unstable.Node) {
	switch n.Kind {
	case unstable.Table:
		t.table = keyParts(n.Key())
		line := t.idx.pos(int(n.Child().Raw.Offset)).Line
		for i := 1; i <= min(2, len(t.table)); i++ {
			t.doc.recordKey(t.table[:i], line)
		}
	case unstable.ArrayTable:
		path := keyParts(n.Key())
		key := joinKey(path)
		i := t.arrays[key]
		t.arrays[key] = i + 1
		t.table = append(path, strconv.Itoa(i))
	case unstable.KeyValue:
		t.keyValue(t.table, n)
	}
}

func (t *tomlWalker) keyValue(base []string, n *unstable.Node) {
	it := n.Key()
	var path []string
	path = append(path, base...)
	var keyNode *unstable.Node
	for it.Next() {
		k := it.Node()
		if keyNode == nil {
			keyNode = k
		}
		path = append(path, string(k.Data))
	}
	keyPos := Pos{}
	if keyNode != nil {
		keyPos = t.idx.pos(int(keyNode.Raw.Offset))
	}
	t.value(path, keyPos, n.Value())
}

func (t *tomlWalker) value(path []string, keyPos Pos, v *unstable.Node) {
	switch v.Kind {
	case unstable.Array:
		it := v.Children()
		for i := 0; it.Next(); i++ {
			t.value(appendPath(path, strconv.Itoa(i)), keyPos, it.Node())
		}
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			if kv := it.Node(); kv.Kind == unstable.KeyValue {
				t.keyValue(path, kv)
			}
		}
	default:
		start := int(v.Raw.Offset)
		end := start + int(v.Raw.Length)
		t.doc.add(Entry{
			Path: path, KeyPos: keyPos, Value: secret.New(string(v.Data)),
			Quoted: v.Kind == unstable.String,
			Range:  Range{Start: t.idx.pos(start), End: t.idx.pos(end)},
		})
	}
}

// error maps a go-toml error to an *Error at the highlighted position,
// without the library's message (it may quote the input).
func (t *tomlWalker) error(err error) *Error {
	var pe *unstable.ParserError
	if errors.As(err, &pe) && len(pe.Highlight) > 0 {
		r := t.p.Range(pe.Highlight)
		return &Error{Pos: t.idx.pos(int(r.Offset)), Message: "invalid TOML syntax"}
	}
	return &Error{Message: "invalid TOML syntax"}
}

func keyParts(it unstable.Iterator) []string {
	var parts []string
	for it.Next() {
		parts = append(parts, string(it.Node().Data))
	}
	return parts
}

func joinKey(parts []string) string {
	s := ""
	for _, p := range parts {
		s += strconv.Quote(p) + "."
	}
	return s
}
