package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/envfence/envfence/internal/finding"
)

// BaselineSchema identifies the baseline format.
const BaselineSchema = "envfence/baseline/v1"

// Baseline is a set of known findings, by fingerprint.
type Baseline struct {
	Schema   string          `json:"schema"`
	Findings []BaselineEntry `json:"findings"`
	index    map[string]bool
}

// BaselineEntry records one known finding. Rule and path are there for
// people reading the file; the fingerprint is what matches.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Path        string `json:"path"`
}

// LoadBaseline reads a baseline file.
func LoadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot read baseline: " + describe(err)}
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		line := 0
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line = 1 + strings.Count(string(data[:min(int(se.Offset), len(data))]), "\n")
		}
		return nil, &Error{File: path, Line: line, Msg: "invalid baseline JSON"}
	}
	if b.Schema != BaselineSchema {
		return nil, &Error{File: path, Msg: fmt.Sprintf("not an envfence baseline (schema %q, want %q)", b.Schema, BaselineSchema)}
	}
	b.index = map[string]bool{}
	for _, e := range b.Findings {
		b.index[e.Fingerprint] = true
	}
	return &b, nil
}

// Has reports whether the baseline knows a fingerprint.
func (b *Baseline) Has(fingerprint string) bool { return b.index[fingerprint] }

// WriteBaseline writes findings as a baseline: sorted, one entry per
// fingerprint, with no messages (which may be reworded) and no values.
func WriteBaseline(w io.Writer, findings []finding.Finding) error {
	b := Baseline{Schema: BaselineSchema, Findings: []BaselineEntry{}}
	seen := map[string]bool{}
	for _, f := range findings {
		if seen[f.Fingerprint] {
			continue
		}
		seen[f.Fingerprint] = true
		b.Findings = append(b.Findings, BaselineEntry{Fingerprint: f.Fingerprint, Rule: f.Rule, Path: f.Path})
	}
	slices.SortFunc(b.Findings, func(x, y BaselineEntry) int {
		return strings.Compare(x.Path+"\x00"+x.Rule+"\x00"+x.Fingerprint, y.Path+"\x00"+y.Rule+"\x00"+y.Fingerprint)
	})
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(b)
}
