package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"gopkg.in/yaml.v3"

	"github.com/envfence/envfence/internal/finding"
)

// maxNodes bounds the values a configuration may expand to: aliases can
// make a small file name the same large list many times.
const maxNodes = 200_000

// decoder walks the YAML tree. Every method reports errors at the line of
// the offending node, naming where it is with a dotted path such as
// rules.shared-credential.severity or ignore[2].path.
type decoder struct {
	file   string
	known  []string // rule ids; nil accepts any
	budget int      // nodes left to visit
}

// field decodes the value of one mapping key into a T. A table of fields is
// both the decoder of a mapping and the list of keys it accepts, which the
// schema test compares with the JSON Schema.
type field[T any] struct {
	key    string
	decode func(d *decoder, v *yaml.Node, where string, into *T) error
}

// keysOf lists the keys of a field table in order.
func keysOf[T any](fields []field[T]) []string {
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.key
	}
	return keys
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) error {
	return &Error{File: d.file, Line: n.Line, Msg: fmt.Sprintf(format, args...)}
}

// node follows an alias to the node it names and counts the visit.
func (d *decoder) node(n *yaml.Node) (*yaml.Node, error) {
	for hops := 0; n.Kind == yaml.AliasNode && n.Alias != nil && hops < 100; hops++ {
		n = n.Alias
	}
	if d.budget--; d.budget < 0 {
		return nil, d.errorf(n, "the configuration expands to more than %d values through aliases", maxNodes)
	}
	return n, nil
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// label names a place for a message; "" is the top of the file.
func label(where string) string {
	if where == "" {
		return "the configuration"
	}
	return where
}

func join(where, key string) string {
	if where == "" {
		return key
	}
	return where + "." + key
}

// decodeFields decodes a mapping whose keys must be those of fields.
func decodeFields[T any](d *decoder, n *yaml.Node, where string, fields []field[T], into *T) error {
	return d.mapping(n, where, func(k, v *yaml.Node) error {
		i := slices.IndexFunc(fields, func(f field[T]) bool { return f.key == k.Value })
		if i < 0 {
			return d.errorf(k, "unknown key %q in %s (want %s)", k.Value, label(where), strings.Join(keysOf(fields), ", "))
		}
		return fields[i].decode(d, v, join(where, k.Value), into)
	})
}

// mapping calls each for every entry of a mapping in order. A key with
// nothing after it (null) is an empty mapping. Keys must be plain scalars
// and unique; YAML merge keys (<<) are refused, because what they bring in
// could not be checked against the keys the mapping accepts.
func (d *decoder) mapping(n *yaml.Node, where string, each func(k, v *yaml.Node) error) error {
	n, err := d.node(n)
	if err != nil || isNull(n) {
		return err
	}
	if n.Kind != yaml.MappingNode {
		return d.errorf(n, "%s must be a mapping", label(where))
	}
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Tag == "!!merge":
			return d.errorf(k, "%s: merge keys (<<) are not supported; write the keys out", label(where))
		case k.Kind != yaml.ScalarNode || k.Tag != "!!str":
			return d.errorf(k, "%s: keys must be names (put a number or true/false in quotes)", label(where))
		}
		if first, dup := seen[k.Value]; dup {
			return d.errorf(k, "duplicate key %q in %s (first at line %d)", k.Value, label(where), first)
		}
		seen[k.Value] = k.Line
		if err := each(k, v); err != nil {
			return err
		}
	}
	return nil
}

// list calls each for every item of a sequence; null is an empty list.
func (d *decoder) list(n *yaml.Node, where string, each func(item *yaml.Node, where string) error) error {
	n, err := d.node(n)
	if err != nil || isNull(n) {
		return err
	}
	if n.Kind != yaml.SequenceNode {
		return d.errorf(n, "%s must be a list", where)
	}
	for i, item := range n.Content {
		if err := each(item, fmt.Sprintf("%s[%d]", where, i)); err != nil {
			return err
		}
	}
	return nil
}

// str returns a string scalar. Numbers, booleans and nulls are refused
// rather than converted, as the JSON Schema refuses them.
func (d *decoder) str(n *yaml.Node, where string) (string, *yaml.Node, error) {
	n, err := d.node(n)
	if err != nil {
		return "", nil, err
	}
	// A date reads as a string, as it does to a JSON Schema validator.
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" && n.Tag != "!!timestamp" {
		hint := ""
		if n.Kind == yaml.ScalarNode && !isNull(n) {
			hint = " (put it in quotes)"
		}
		return "", nil, d.errorf(n, "%s must be a string%s", where, hint)
	}
	return n.Value, n, nil
}

// word returns a string that is not blank.
func (d *decoder) word(n *yaml.Node, where string) (string, *yaml.Node, error) {
	s, n, err := d.str(n, where)
	if err == nil && strings.TrimSpace(s) == "" {
		err = d.errorf(n, "%s must not be empty", where)
	}
	return s, n, err
}

// words returns a list of non-blank strings.
func (d *decoder) words(n *yaml.Node, where string) ([]string, error) {
	var out []string
	err := d.list(n, where, func(item *yaml.Node, where string) error {
		s, _, err := d.word(item, where)
		out = append(out, s)
		return err
	})
	return out, err
}

// globs returns a list of valid doublestar globs.
func (d *decoder) globs(n *yaml.Node, where string) ([]string, error) {
	var out []string
	err := d.list(n, where, func(item *yaml.Node, where string) error {
		g, err := d.glob(item, where)
		out = append(out, g)
		return err
	})
	return out, err
}

func (d *decoder) glob(n *yaml.Node, where string) (string, error) {
	g, n, err := d.word(n, where)
	if err == nil && !doublestar.ValidatePattern(g) {
		err = d.errorf(n, "%s: not a valid doublestar glob (check its brackets and braces)", where)
	}
	return g, err
}

func (d *decoder) boolean(n *yaml.Node, where string) (bool, error) {
	n, err := d.node(n)
	if err != nil {
		return false, err
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		return false, d.errorf(n, "%s must be true or false", where)
	}
	return strings.EqualFold(n.Value, "true"), nil
}

// choice returns a string that must be one of options, spelt exactly.
func (d *decoder) choice(n *yaml.Node, where string, options ...string) (string, error) {
	s, n, err := d.str(n, where)
	if err == nil && !slices.Contains(options, s) {
		err = d.errorf(n, "%s: want %s", where, oneOf(options))
	}
	return s, err
}

// oneOf writes "a, b or c".
func oneOf(options []string) string {
	if len(options) < 2 {
		return strings.Join(options, "")
	}
	return strings.Join(options[:len(options)-1], ", ") + " or " + options[len(options)-1]
}

// severity returns error, warning or note, and none if allowNone.
func (d *decoder) severity(n *yaml.Node, where string, allowNone bool) (finding.Severity, error) {
	options := []string{string(finding.Error), string(finding.Warning), string(finding.Note)}
	if allowNone {
		options = append(options, string(finding.None))
	}
	s, err := d.choice(n, where, options...)
	return finding.Severity(s), err
}

// ruleKey checks a rule id written as a key (rules: shared-credential:).
// Like every unknown key, an unknown id is quoted: naming it is the point.
func (d *decoder) ruleKey(k *yaml.Node) error {
	if d.known != nil && !slices.Contains(d.known, k.Value) {
		return d.errorf(k, "unknown rule %q (see 'envfence rules')", k.Value)
	}
	return nil
}

// ruleValue checks a rule id written as a value (ignore: - rule: x); a
// value is not quoted.
func (d *decoder) ruleValue(n *yaml.Node, where string) (string, error) {
	id, n, err := d.word(n, where)
	if err == nil && d.known != nil && !slices.Contains(d.known, id) {
		err = d.errorf(n, "%s: not a rule id (see 'envfence rules')", where)
	}
	return id, err
}
