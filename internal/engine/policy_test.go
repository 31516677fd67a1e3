package engine

import (
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/secret"
)

func TestFingerprintIgnoresLinesAndValues(t *testing.T) {
	a := finding.Finding{Rule: "shared-credential", Path: ".env.staging", Environment: "staging", Key: "DB_PASSWORD", Subject: "0\x00DB_PASSWORD", ValueDigest: secret.New("x1").Digest(), Line: 3}
	b := a
	b.Line, b.Column, b.Message = 30, 7, "reworded"
	b.ValueDigest = secret.New("x2").Digest()
	if Fingerprint(&a) != Fingerprint(&b) {
		t.Error("fingerprint changes with line, column, message or value")
	}
	if LegacyFingerprint(&a) == LegacyFingerprint(&b) {
		t.Error("the v1 fingerprint no longer tells values apart: old baselines would match any value")
	}
	for _, change := range []func(*finding.Finding){
		func(f *finding.Finding) { f.Rule = "hardcoded-prod-credential" },
		func(f *finding.Finding) { f.Path = ".env.test" },
		func(f *finding.Finding) { f.Environment = "test" },
		func(f *finding.Finding) { f.Key = "API_KEY" },
		func(f *finding.Finding) { f.Subject = "0\x00production\x00DB_PASSWORD" },
	} {
		c := a
		change(&c)
		if Fingerprint(&c) == Fingerprint(&a) {
			t.Errorf("fingerprint ignores a change: %+v", c)
		}
	}
	if len(Fingerprint(&a)) != 16 || strings.Contains(Fingerprint(&a), "x1") {
		t.Errorf("fingerprint %q", Fingerprint(&a))
	}
}

func TestDedupe(t *testing.T) {
	f := finding.Finding{Rule: "r", Path: "p", Line: 1, Column: 1, Message: "m"}
	g := f
	g.Line = 2
	got := dedupe([]finding.Finding{f, f, g, g, f})
	if len(got) != 3 {
		t.Errorf("dedupe kept %d", len(got))
	}
}
