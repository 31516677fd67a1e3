package parse

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/envfence/envfence/internal/secret"
)

// maxYAMLVisits bounds the nodes walked in one file, and maxAliasVisits
// those walked again through aliases and merge keys, so that a "billion
// laughs" document costs milliseconds, not memory: real files reuse a few
// thousand nodes through anchors.
const (
	maxYAMLVisits  = 1_000_000
	maxAliasVisits = 100_000
)

// YAML parses a YAML stream: every document, with anchors, aliases and
// merge keys (<<) expanded the way YAML defines them. Merged values keep the
// position where they are written (the anchor), under the path of the
// mapping that merges them.
func YAML(content []byte) (*Doc, error) {
	content = stripBOM(content)
	doc := &Doc{}
	w := yamlWalker{idx: newLineIndex(content), doc: doc}
	dec := yaml.NewDecoder(bytes.NewReader(content))
	for n := 0; ; n++ {
		var root yaml.Node
		err := dec.Decode(&root)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if len(doc.DocStarts) == 0 {
				doc.DocStarts = []int{1}
			}
			return doc, yamlError(err, content)
		}
		doc.DocStarts = append(doc.DocStarts, max(root.Line, 1))
		w.docIndex = n
		w.walk(&root, nil, false)
		if w.cut {
			return doc, &Error{Message: "aliases expand to too many values; the rest of the file was not read", Limit: true}
		}
	}
	if len(doc.DocStarts) == 0 {
		doc.DocStarts = []int{1}
	}
	if w.deep.Line > 0 {
		return doc, &Error{Pos: w.deep, Message: fmt.Sprintf("nested deeper than %d levels; the values deeper than that were not read", MaxNesting), Limit: true}
	}
	return doc, nil
}

type yamlWalker struct {
	idx      *lineIndex
	doc      *Doc
	docIndex int
	visits   int
	// aliasVisits counts the nodes walked while an alias or merge is
	// being expanded.
	aliasVisits int
	cut         bool
	// deep is where the first node nested past MaxNesting is.
	deep Pos
	// expanding holds the anchors being expanded: an alias to one of them
	// is a cycle (`a: &x {b: *x}`) and is not followed.
	expanding map[*yaml.Node]bool
}

// enter marks an anchor as being expanded; it reports false for a cycle.
func (w *yamlWalker) enter(n *yaml.Node) bool {
	if w.expanding[n] {
		return false
	}
	if w.expanding == nil {
		w.expanding = map[*yaml.Node]bool{}
	}
	w.expanding[n] = true
	return true
}

// walk emits the scalars under n. inFlow is true inside [..] or {..}.
func (w *yamlWalker) walk(n *yaml.Node, path []string, inFlow bool) {
	if w.visits++; w.visits > maxYAMLVisits {
		w.cut = true
		return
	}
	if len(w.expanding) > 0 {
		if w.aliasVisits++; w.aliasVisits > maxAliasVisits {
			w.cut = true
			return
		}
	}
	if len(path) > MaxNesting {
		// Each entry copies its path: past this depth the cost of a file
		// grows with the square of its size. Said, not dropped silently.
		if w.deep.Line == 0 {
			w.deep = Pos{Line: n.Line, Col: n.Column}
		}
		return
	}
	inFlow = inFlow || n.Style&yaml.FlowStyle != 0
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			w.walk(c, path, inFlow)
		}
	case yaml.AliasNode:
		if n.Alias != nil && w.enter(n.Alias) {
			w.walk(n.Alias, path, inFlow)
			delete(w.expanding, n.Alias)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			w.walk(c, appendPath(path, strconv.Itoa(i)), inFlow)
		}
	case yaml.MappingNode:
		w.mapping(n, path, inFlow, map[string]bool{})
	case yaml.ScalarNode:
		w.scalar(n, path, inFlow)
	}
}

// mapping emits a mapping's pairs: explicit keys first win over merged ones,
// and earlier merges win over later ones, as the merge key spec says.
func (w *yamlWalker) mapping(n *yaml.Node, path []string, inFlow bool, seen map[string]bool) {
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			continue
		}
		if k.Value == "<<" && k.Tag != "!!str" {
			merges = append(merges, v)
			continue
		}
		if seen[k.Value] {
			continue
		}
		seen[k.Value] = true
		child := appendPath(path, k.Value)
		w.doc.recordKey(child, k.Line)
		if v.Kind == yaml.ScalarNode {
			w.scalarWithKey(v, k, child, inFlow)
			continue
		}
		w.walk(v, child, inFlow)
	}
	for _, m := range merges {
		w.merge(m, path, inFlow, seen)
	}
}

// merge expands one merge value: an alias, or a sequence of aliases.
func (w *yamlWalker) merge(m *yaml.Node, path []string, inFlow bool, seen map[string]bool) {
	if w.visits++; w.visits > maxYAMLVisits {
		w.cut = true
		return
	}
	switch {
	case m.Kind == yaml.AliasNode && m.Alias != nil:
		if w.enter(m.Alias) {
			w.merge(m.Alias, path, inFlow, seen)
			delete(w.expanding, m.Alias)
		}
	case m.Kind == yaml.MappingNode:
		w.mapping(m, path, inFlow, seen)
	case m.Kind == yaml.SequenceNode:
		for _, c := range m.Content {
			w.merge(c, path, inFlow, seen)
		}
	}
}

func (w *yamlWalker) scalarWithKey(v, k *yaml.Node, path []string, inFlow bool) {
	w.emit(v, path, Pos{Line: k.Line, Col: k.Column}, inFlow)
}

func (w *yamlWalker) scalar(n *yaml.Node, path []string, inFlow bool) {
	w.emit(n, path, Pos{Line: n.Line, Col: n.Column}, inFlow)
}

func (w *yamlWalker) emit(n *yaml.Node, path []string, keyPos Pos, inFlow bool) {
	value := n.Value
	if n.Tag == "!!null" {
		value = ""
	}
	if len(path) == 0 && value == "" {
		return // an empty document
	}
	// Normalise through the index so that positions never point past the
	// end of the text (yaml.v3 places an implicit null after it).
	start := w.idx.pos(w.idx.offset(Pos{Line: n.Line, Col: n.Column}))
	e := Entry{
		Path:   path,
		KeyPos: keyPos,
		Value:  secret.New(value),
		Range:  Range{Start: start, End: maxPos(start, w.scalarEnd(n, inFlow))},
		Quoted: n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0,
		Doc:    w.docIndex,
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		e.Tag = n.Tag
	}
	w.doc.add(e)
}

// scalarEnd finds where a scalar ends in the source, since yaml.v3 gives
// only start positions.
func (w *yamlWalker) scalarEnd(n *yaml.Node, inFlow bool) Pos {
	src := w.idx.text
	off := w.idx.offset(Pos{Line: n.Line, Col: n.Column})
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		return w.idx.pos(quotedEnd(src, off, '"'))
	case n.Style&yaml.SingleQuotedStyle != 0:
		return w.idx.pos(quotedEnd(src, off, '\''))
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return w.idx.pos(blockEnd(src, off))
	}
	end := off
	for end < len(src) && src[end] != '\n' && src[end] != '\r' {
		c := src[end]
		if c == '#' && end > off && (src[end-1] == ' ' || src[end-1] == '\t') {
			break
		}
		if inFlow && (c == ',' || c == ']' || c == '}') {
			break
		}
		end++
	}
	for end > off && (src[end-1] == ' ' || src[end-1] == '\t') {
		end--
	}
	return w.idx.pos(end)
}

// quotedEnd returns the offset after the closing quote of the quoted
// scalar starting at off (” escapes a single quote, \ escapes in double).
func quotedEnd(src []byte, off int, q byte) int {
	for i := off + 1; i < len(src); i++ {
		switch {
		case q == '"' && src[i] == '\\':
			i++
		case src[i] == q && q == '\'' && i+1 < len(src) && src[i+1] == '\'':
			i++
		case src[i] == q:
			return i + 1
		}
	}
	return len(src)
}

// blockEnd returns the end of the last content line of a block scalar whose
// indicator (| or >) is at off: content lines are those more indented than
// the first content line's indentation allows, or blank.
func blockEnd(src []byte, off int) int {
	lineEnd := func(i int) int {
		if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
			return i + j
		}
		return len(src)
	}
	i := lineEnd(off) + 1
	end := lineEnd(off)
	indent := -1
	for i < len(src) {
		le := lineEnd(i)
		line := src[i:le]
		trimmed := bytes.TrimLeft(line, " ")
		if len(bytes.TrimSpace(line)) == 0 {
			i = le + 1
			continue
		}
		ind := len(line) - len(trimmed)
		if indent < 0 {
			indent = ind
		}
		if ind < indent || indent == 0 {
			break
		}
		end = i + len(bytes.TrimRight(line, " \r\t"))
		i = le + 1
	}
	return end
}

var (
	yamlLine   = regexp.MustCompile(`line (\d+)`)
	yamlQuoted = regexp.MustCompile("[\"'`][^\"'`]{2,}[\"'`]")
)

// yamlError turns a yaml.v3 error into an *Error that keeps the line and
// the library's description, with anything quoted from the input removed.
func yamlError(err error, content []byte) *Error {
	msg := err.Error()
	e := &Error{Message: "invalid YAML"}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		e.Pos.Line, _ = strconv.Atoi(m[1])
	} else if strings.Contains(msg, "UTF-8") {
		// The library says no line for bad encoding: find the first bad byte.
		if off := firstInvalidUTF8(content); off >= 0 {
			e.Pos = newLineIndex(content).pos(off)
		}
	}
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		detail := yamlQuoted.ReplaceAllString(msg[i+2:], "(…)")
		e.Message = "invalid YAML: " + detail
	}
	return e
}

// firstInvalidUTF8 returns the offset of the first byte that is not valid
// UTF-8, or -1.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

func appendPath(path []string, elem string) []string {
	out := make([]string, len(path)+1)
	copy(out, path)
	out[len(path)] = elem
	return out
}

func maxPos(a, b Pos) Pos {
	if b.Line > a.Line || b.Line == a.Line && b.Col >= a.Col {
		return b
	}
	return a
}
