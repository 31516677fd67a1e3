package config

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/envfence/envfence/internal/schemacheck"
)

// FuzzParse checks that Parse never panics, that every error is a
// *config.Error with a line that can be in the file (YAML breaks lines at
// CR, LF, NEL, LS and PS, in UTF-8 or UTF-16, so the bound is loose), and
// that whatever it accepts the JSON Schema accepts too.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.yml")
	for _, path := range files {
		f.Add(string(readFile(f, path)))
	}
	for _, seed := range []string{
		"rules:\n  shared-credential: {severity: error}\n",
		"environments:\n  x: {like: test}\nignore: [{path: a}]\n",
		"hook: {bypass: {users: [a]}, repository: {relax-rules: true}}",
		"a: &a [*a]\n",
		"exclude: [\"\\q\"]\n",
		"? [a]\n: b\n",
		"ignore:\n  - <<: {path: a}\n",
		"---\n---\n",
	} {
		f.Add(seed)
	}
	checker := schemacheck.New(f, Schema)
	f.Fuzz(func(t *testing.T, src string) {
		cfg, err := Parse("f.yml", []byte(src), knownRules)
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) || ce.File != "f.yml" || ce.Line < 0 || ce.Line > len(src)+1 {
				t.Fatalf("error %#v is not a *config.Error with a line in the file", err)
			}
			return
		}
		for _, g := range append(append([]string(nil), cfg.Exclude...), ignorePaths(cfg)...) {
			if !doublestar.ValidatePattern(g) {
				t.Fatalf("accepted an invalid glob")
			}
		}
		if problems := checker.CheckYAML(t, []byte(src)); len(problems) > 0 {
			t.Fatalf("the decoder accepts what the schema refuses: %v", problems)
		}
	})
}

func ignorePaths(cfg *Config) []string {
	var out []string
	for _, e := range cfg.Ignore {
		if e.Path != "" {
			out = append(out, e.Path)
		}
	}
	return out
}

// FuzzBaseline checks that reading any bytes as a baseline never panics,
// that errors name the file, and that what it reads writes back stably.
func FuzzBaseline(f *testing.F) {
	f.Add(`{"schema": "envfence/baseline/v1", "findings": [{"fingerprint": "00000000000000a0", "rule": "r", "path": "p"}]}`)
	f.Add(`{"schema": "envfence/baseline/v1", "findings": [{"fingerprint": 1}]}`)
	f.Add("{\n\"schema\": \n")
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, src string) {
		b, err := parseBaseline("b.json", []byte(src))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "b.json:") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, e := range b.Entries {
			if !b.Has(e.Fingerprint) {
				t.Fatalf("Has misses an entry")
			}
		}
	})
}
