package config

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/safefile"
)

// maxBaselineSize bounds a baseline file: 64 MiB is about half a million
// entries.
const maxBaselineSize = 64 << 20

// BaselineSchema identifies the baseline format. LegacyBaselineSchema is
// the format before it, whose fingerprints hashed the value in; it is still
// read, matched by Finding.LegacyFingerprint, until rewritten with
// envfence baseline --from.
const (
	BaselineSchema       = "envfence/baseline/v2"
	LegacyBaselineSchema = "envfence/baseline/v1"
)

// Baseline is a set of findings known before, matched by fingerprint
// (SPEC §5). The file is {"schema": BaselineSchema, "findings": [...]}.
type Baseline struct {
	Entries []BaselineEntry
	// Legacy is true for a v1 baseline: its entries are v1 fingerprints.
	Legacy bool
	// File is where the baseline was read from.
	File  string
	index map[string]int // fingerprint → entry
}

// BaselineEntry records one known finding. Rule and path are there for
// people reading or reviewing the file; the fingerprint is what matches.
// There is no message, whose wording may change, and never a value.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Path        string `json:"path"`
	// Reason is why the finding is accepted: envfence baseline writes
	// none, and a reviewer may add one. The evidence pack lists it.
	Reason string `json:"reason,omitempty"`
}

// baselineFile is the JSON document.
type baselineFile struct {
	Schema   string          `json:"schema"`
	Findings []BaselineEntry `json:"findings"`
}

// LoadBaseline reads a baseline file. Errors name the file, and the line
// for invalid JSON.
//
// fromTree says the file comes from the scanned tree: a symbolic link there
// is refused, not followed (see LoadOptions.FromTree).
func LoadBaseline(path string, fromTree bool) (*Baseline, error) {
	data, err := safefile.Read(path, maxBaselineSize, !fromTree)
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot read the baseline: " + pathErrorReason(err)}
	}
	return parseBaseline(path, data)
}

// parseBaseline validates a baseline document; messages never quote it.
func parseBaseline(name string, data []byte) (*Baseline, error) {
	var doc baselineFile
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, baselineJSONError(name, data, err)
	}
	if doc.Schema != BaselineSchema && doc.Schema != LegacyBaselineSchema {
		return nil, &Error{File: name, Msg: fmt.Sprintf("not an envfence baseline (want \"schema\": %q; write one with envfence baseline)", BaselineSchema)}
	}
	b := &Baseline{Entries: doc.Findings, Legacy: doc.Schema == LegacyBaselineSchema, File: name, index: make(map[string]int, len(doc.Findings))}
	for i, e := range doc.Findings {
		if e.Fingerprint == "" {
			return nil, &Error{File: name, Msg: fmt.Sprintf("findings[%d] has no fingerprint", i)}
		}
		if _, dup := b.index[e.Fingerprint]; !dup {
			b.index[e.Fingerprint] = i
		}
	}
	return b, nil
}

// baselineJSONError locates a JSON error by line. The JSON library's own
// messages can quote the input, so they are not passed on.
func baselineJSONError(name string, data []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return &Error{File: name, Line: lineAt(data, syntax.Offset), Msg: "invalid JSON"}
	case errors.As(err, &typ):
		return &Error{File: name, Line: lineAt(data, typ.Offset), Msg: fmt.Sprintf("invalid baseline: %s must be %s", orTop(typ.Field), jsonKind(typ.Type.Kind()))}
	}
	return &Error{File: name, Msg: "invalid baseline"}
}

func orTop(field string) string {
	if field == "" {
		return "the document"
	}
	return field
}

// jsonKind names what a Go kind is in JSON.
func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Slice:
		return "a list"
	case reflect.Struct:
		return "an object"
	}
	return "of another type"
}

// lineAt returns the 1-based line of a byte offset.
func lineAt(data []byte, offset int64) int {
	offset = min(max(offset, 0), int64(len(data)))
	return 1 + bytes.Count(data[:offset], []byte("\n"))
}

// Has reports whether the baseline holds a fingerprint. A nil baseline
// holds none.
func (b *Baseline) Has(fingerprint string) bool {
	if b == nil || fingerprint == "" {
		return false
	}
	_, ok := b.entry(fingerprint)
	return ok
}

// entry returns the first entry with the fingerprint.
func (b *Baseline) entry(fingerprint string) (BaselineEntry, bool) {
	if b.index != nil {
		i, ok := b.index[fingerprint]
		if !ok {
			return BaselineEntry{}, false
		}
		return b.Entries[i], true
	}
	i := slices.IndexFunc(b.Entries, func(e BaselineEntry) bool { return e.Fingerprint == fingerprint })
	if i < 0 {
		return BaselineEntry{}, false
	}
	return b.Entries[i], true
}

// Matches reports whether the baseline holds the finding, by its v2
// fingerprint or, for a v1 baseline, by its v1 one.
func (b *Baseline) Matches(f *finding.Finding) bool {
	_, ok := b.Accepts(f)
	return ok
}

// Accepts is Matches with the entry's reason and the baseline's file.
func (b *Baseline) Accepts(f *finding.Finding) (finding.Acceptance, bool) {
	if b == nil {
		return finding.Acceptance{}, false
	}
	fp := f.Fingerprint
	if b.Legacy {
		fp = f.LegacyFingerprint
	}
	if fp == "" {
		return finding.Acceptance{}, false
	}
	e, ok := b.entry(fp)
	if !ok {
		return finding.Acceptance{}, false
	}
	return finding.Acceptance{By: finding.AcceptedByBaseline, Reason: e.Reason, Path: b.File}, true
}

// WriteBaseline writes findings as a baseline: one entry per fingerprint,
// sorted by path, rule and fingerprint, so that the same findings always
// give the same bytes.
func WriteBaseline(w io.Writer, findings []finding.Finding) error {
	doc := baselineFile{Schema: BaselineSchema, Findings: []BaselineEntry{}}
	seen := make(map[string]bool, len(findings))
	for _, f := range findings {
		if f.Fingerprint == "" {
			return fmt.Errorf("baseline: a %s finding in %s has no fingerprint", f.Rule, f.Path)
		}
		if seen[f.Fingerprint] {
			continue
		}
		seen[f.Fingerprint] = true
		doc.Findings = append(doc.Findings, BaselineEntry{Fingerprint: f.Fingerprint, Rule: f.Rule, Path: f.Path})
	}
	slices.SortFunc(doc.Findings, func(x, y BaselineEntry) int {
		return cmp.Or(cmp.Compare(x.Path, y.Path), cmp.Compare(x.Rule, y.Rule), cmp.Compare(x.Fingerprint, y.Fingerprint))
	})
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
