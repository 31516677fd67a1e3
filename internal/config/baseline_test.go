package config

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/finding"
)

func sampleFindings() []finding.Finding {
	return []finding.Finding{
		{Rule: "shared-credential", Path: "z/.env", Fingerprint: "00000000000000b2", Message: "DB_PASSWORD in staging has the same value as production", Key: "DB_PASSWORD", Line: 3},
		{Rule: "live-key-in-nonprod", Path: "a/.env", Fingerprint: "00000000000000a1", Message: "a live key", Snippet: "STRIPE_KEY=sk_live_…"},
		{Rule: "hardcoded-prod-credential", Path: "a/.env", Fingerprint: "00000000000000a0"},
		{Rule: "live-key-in-nonprod", Path: "a/.env", Fingerprint: "00000000000000a1", Line: 9, Commit: "abc"},
	}
}

func TestBaselineRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteBaseline(&buf, sampleFindings()); err != nil {
		t.Fatal(err)
	}
	want := `{
  "schema": "envfence/baseline/v2",
  "findings": [
    {
      "fingerprint": "00000000000000a0",
      "rule": "hardcoded-prod-credential",
      "path": "a/.env"
    },
    {
      "fingerprint": "00000000000000a1",
      "rule": "live-key-in-nonprod",
      "path": "a/.env"
    },
    {
      "fingerprint": "00000000000000b2",
      "rule": "shared-credential",
      "path": "z/.env"
    }
  ]
}
`
	if buf.String() != want {
		t.Fatalf("baseline:\n%s\nwant:\n%s", buf.String(), want)
	}
	path := filepath.Join(t.TempDir(), "baseline.json")
	writeFile(t, path, buf.Bytes())
	b, err := LoadBaseline(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Entries) != 3 || b.Entries[2] != (BaselineEntry{Fingerprint: "00000000000000b2", Rule: "shared-credential", Path: "z/.env"}) {
		t.Errorf("entries: %+v", b.Entries)
	}
	for _, f := range sampleFindings() {
		if !b.Has(f.Fingerprint) {
			t.Errorf("Has(%s) = false", f.Fingerprint)
		}
	}
	if b.Has("00000000000000ff") || b.Has("") {
		t.Error("Has of an unknown fingerprint")
	}
}

// TestBaselineDeterministic writes the same findings in every order.
func TestBaselineDeterministic(t *testing.T) {
	fs := sampleFindings()
	var first bytes.Buffer
	if err := WriteBaseline(&first, fs); err != nil {
		t.Fatal(err)
	}
	for i := range fs {
		rotated := append(append([]finding.Finding(nil), fs[i:]...), fs[:i]...)
		var buf bytes.Buffer
		if err := WriteBaseline(&buf, rotated); err != nil || !bytes.Equal(buf.Bytes(), first.Bytes()) {
			t.Fatalf("rotation %d gives different bytes: %v\n%s", i, err, buf.String())
		}
	}
	for _, leak := range []string{"sk_live", "same value", "DB_PASSWORD", "abc", "\"line\""} {
		if strings.Contains(first.String(), leak) {
			t.Errorf("the baseline holds %q: only fingerprint, rule and path belong there", leak)
		}
	}
}

func TestWriteBaselineEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteBaseline(&buf, nil); err != nil || buf.String() != "{\n  \"schema\": \"envfence/baseline/v2\",\n  \"findings\": []\n}\n" {
		t.Errorf("empty baseline %q, %v", buf.String(), err)
	}
	if err := WriteBaseline(&buf, []finding.Finding{{Rule: "x", Path: "a"}}); err == nil {
		t.Error("a finding without a fingerprint was written")
	}
}

func TestLoadBaselineErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, content, want string }{
		{"syntax.json", "{\n  \"schema\": \"envfence/baseline/v2\",\n  \"findings\": [\n    {\"fingerprint\": \"a\"},,\n  ]\n}\n", ":4: invalid JSON"},
		{"type.json", "{\n  \"schema\": \"envfence/baseline/v2\",\n  \"findings\": [{\"fingerprint\": 12}]\n}\n", ":3: invalid baseline: findings.fingerprint must be a string"},
		{"list.json", "[]", ":1: invalid baseline: the document must be an object"},
		{"schema.json", `{"schema": "gitleaks", "findings": []}`, `: not an envfence baseline (want "schema": "envfence/baseline/v2"; write one with envfence baseline)`},
		{"noschema.json", `{"findings": []}`, `: not an envfence baseline`},
		{"nofp.json", `{"schema": "envfence/baseline/v2", "findings": [{"fingerprint": "a"}, {"rule": "x"}]}`, ": findings[1] has no fingerprint"},
		{"trailing.json", "{\"schema\": \"envfence/baseline/v2\", \"findings\": []}\n\nsecret", ":3: invalid JSON"},
	}
	for _, c := range cases {
		path := filepath.Join(dir, c.name)
		writeFile(t, path, []byte(c.content))
		_, err := LoadBaseline(path, false)
		if err == nil || !strings.HasPrefix(err.Error(), path+c.want) {
			t.Errorf("%s: got %v, want %s%s", c.name, err, path, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: the error quotes the file: %v", c.name, err)
		}
	}
	missing := filepath.Join(dir, "missing.json")
	if _, err := LoadBaseline(missing, false); err == nil || err.Error() != missing+": cannot read the baseline: no such file or directory" {
		t.Errorf("missing: %v", err)
	}
	var none *Baseline
	if none.Has("00000000000000a0") {
		t.Error("a nil baseline has entries")
	}
	if !(&Baseline{Entries: []BaselineEntry{{Fingerprint: "f"}}}).Has("f") {
		t.Error("a baseline built without LoadBaseline misses its entries")
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
