// Package parse turns configuration files into one flat model: a list of
// key paths and scalar values, each with its exact position, in source order.
//
// Every format — dotenv, YAML, JSON/JSON5, TOML, INI, .properties, HCL, and
// the literals of Python settings modules and of JavaScript/TypeScript
// configuration modules — produces the same Doc, so the
// environment model and the rules never care which format a value came
// from. Values are secret.Value from the start: the
// parser does not know which of them are credentials.
//
// Parsers never fail the scan. A file that does not parse returns an *Error
// that names the line and the problem in words of our own, never text of the
// file, plus whatever entries were read before the problem.
package parse

import (
	"fmt"
	"strings"

	"github.com/envfence/envfence/internal/secret"
)

// Pos is a position in a file. Line and Col are 1-based; Col counts Unicode
// code points (not bytes, not UTF-16 units) from the start of the line.
type Pos struct {
	Line int
	Col  int
}

// Range is a half-open span: End is the position just after the last
// character. For a value spanning lines (YAML block scalars, quoted
// multi-line strings) End is on a later line.
type Range struct {
	Start Pos
	End   Pos
}

// An Entry is one scalar value and where it sits.
type Entry struct {
	// Path is the key path from the document root. Mapping keys are used as
	// written (case kept); sequence items use their decimal index ("0", "1").
	// Dotted keys are split the way the format defines them: TOML dotted keys
	// and table headers, HCL blocks (block type, then labels), INI sections
	// ([section] key → ["section", "key"]). A .properties key "a.b.c" and a
	// dotenv key are a single element: those formats have no nesting.
	Path []string
	// KeyPos is where the last key of Path starts (for sequence items, the
	// item's dash or first character).
	KeyPos Pos
	// Value is the scalar with quotes and escapes resolved; for YAML block
	// scalars, the folded text. Null and empty values are the empty Value.
	Value secret.Value
	// Range covers the value as written, quotes included.
	Range Range
	// Quoted is true if the value was written in quotes.
	Quoted bool
	// Doc is the index of the document in a multi-document file (YAML "---",
	// .properties "#---"); 0 for single-document formats.
	Doc int
	// Tag is a YAML tag on the value ("!vault", "!Ref", "!Sub") or "".
	Tag string
	// Label is the name the value goes by when its key does not say it:
	// DB_PASSWORD for the value of `{name: DB_PASSWORD, value: …}`
	// (Kubernetes env lists, ECS task definitions) or of a Terraform
	// `variable "DB_PASSWORD" { default = … }`. See LabelNamedValues.
	Label string
	// Expression is true when a code reader wrote an expression that is not
	// a literal as ${source} (see Python): Range covers the source, so an
	// offset into Value is two more than the offset into the source.
	Expression bool
	// Guard is the number (index + 1) of the Doc.Guards entry whose block
	// the value is set in, or 0.
	Guard int
}

// A Guard is a block of code that runs in one environment only: Ruby's
// `if Rails.env.production?`, Elixir's `if config_env() == :prod do`.
type Guard struct {
	// Name is the condition as written ("if config_env() == :prod").
	Name string
	// Env is the environment name it tests ("prod").
	Env  string
	Line int
}

// Key returns the name the value goes by: its Label, else the last element
// of the path, else "".
func (e *Entry) Key() string {
	if e.Label != "" {
		return e.Label
	}
	if len(e.Path) == 0 {
		return ""
	}
	return e.Path[len(e.Path)-1]
}

// A Doc is a parsed file.
type Doc struct {
	Entries []Entry
	// DocStarts holds the line where each document starts (index = Entry.Doc).
	// Single-document formats have one element, 1.
	DocStarts []int
	// KeyLines holds the line of every mapping key at depth 1 and 2, keyed
	// by KeyLineKey(path): where a section such as "production:" is
	// written, which merged values (YAML <<) do not tell.
	KeyLines map[string]int
	// Guards are the environment conditions of code formats (see Guard).
	Guards []Guard
	// truncated is set when MaxEntries values were kept and more dropped.
	truncated bool
}

// KeyLineKey is the KeyLines key of a path of one or two elements.
func KeyLineKey(path ...string) string { return strings.Join(path, "\x00") }

// recordKey notes the line of a key at depth 1 or 2; the first one wins.
func (d *Doc) recordKey(path []string, line int) {
	if len(path) == 0 || len(path) > 2 {
		return
	}
	if d.KeyLines == nil {
		d.KeyLines = map[string]int{}
	}
	k := KeyLineKey(path...)
	if _, ok := d.KeyLines[k]; !ok {
		d.KeyLines[k] = line
	}
}

// Error is a parse failure at a position. Message is written by envfence
// and never quotes the file's content.
type Error struct {
	Pos     Pos
	Message string
	// Limit is true when a bound on the work per file stopped the parse
	// (nesting, size, alias expansion), not a syntax error: what lies past
	// it was not read, and only hostile or broken files reach one.
	Limit bool
}

// MaxEntries bounds the values one file yields: configuration never holds
// a quarter of a million, and each costs a few hundred bytes downstream. A
// file past it (a data dump under a configuration name) is read up to it,
// and its parse ends in a Limit error.
const MaxEntries = 250_000

// add appends an entry unless the document is full; then it notes that
// values were dropped.
func (d *Doc) add(e Entry) {
	if len(d.Entries) >= MaxEntries {
		d.truncated = true
		return
	}
	d.Entries = append(d.Entries, e)
}

func (e *Error) Error() string {
	if e.Pos.Line == 0 {
		return e.Message
	}
	if e.Pos.Col == 0 {
		return fmt.Sprintf("line %d: %s", e.Pos.Line, e.Message)
	}
	return fmt.Sprintf("line %d, column %d: %s", e.Pos.Line, e.Pos.Col, e.Message)
}
