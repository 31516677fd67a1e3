package config

import (
	"testing"

	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/finding"
)

func TestIgnored(t *testing.T) {
	cfg := mustParse(t, []byte(`ignore:
  - {fingerprint: "9f2c04d1e7a3b5c6", reason: "rotated 2026-10"}
  - {path: "docs/**"}
  - {rule: shared-credential, path: "examples/**", reason: demo}
  - {rule: prod-deploy-without-gate}
  - {fingerprint: "00000000deadbeef", path: "keep/*.yml"}
`))
	cases := []struct {
		name       string
		f          finding.Finding
		want       bool
		wantReason string
		wantLine   int // where the entry that hides it is written
	}{
		{"fingerprint", finding.Finding{Fingerprint: "9f2c04d1e7a3b5c6", Rule: "x", Path: "a"}, true, "rotated 2026-10", 2},
		{"other fingerprint", finding.Finding{Fingerprint: "9f2c04d1e7a3b5c7", Rule: "x", Path: "a"}, false, "", 0},
		{"path glob", finding.Finding{Rule: "x", Path: "docs/a/b.yml"}, true, "", 3},
		{"path glob is anchored", finding.Finding{Rule: "x", Path: "src/docs/a.yml"}, false, "", 0},
		{"rule and path", finding.Finding{Rule: "shared-credential", Path: "examples/.env"}, true, "demo", 4},
		{"rule and other path", finding.Finding{Rule: "shared-credential", Path: "src/.env"}, false, "", 0},
		{"other rule on path", finding.Finding{Rule: "live-key-in-nonprod", Path: "examples/.env"}, false, "", 0},
		{"rule alone", finding.Finding{Rule: "prod-deploy-without-gate", Path: ".github/workflows/deploy.yml"}, true, "", 5},
		{"fingerprint and path", finding.Finding{Fingerprint: "00000000deadbeef", Path: "keep/a.yml"}, true, "", 6},
		{"fingerprint elsewhere", finding.Finding{Fingerprint: "00000000deadbeef", Path: "moved/a.yml"}, false, "", 0},
	}
	for _, c := range cases {
		a, got := cfg.Ignored(&c.f)
		if got != c.want || a.Reason != c.wantReason {
			t.Errorf("%s: Ignored = %q, %v; want %q, %v", c.name, a.Reason, got, c.wantReason, c.want)
		}
		if got && (a.By != finding.AcceptedByConfig || a.Path != ".envfence.yml" || a.Line != c.wantLine) {
			t.Errorf("%s: accepted by %s at %s:%d; want config at .envfence.yml:%d", c.name, a.By, a.Path, a.Line, c.wantLine)
		}
	}
	// An entry built without any field, not through Parse, hides nothing.
	empty := &Config{Ignore: []IgnoreEntry{{Reason: "all"}}}
	if _, ok := empty.Ignored(&finding.Finding{Rule: "x", Path: "a"}); ok {
		t.Error("an empty ignore entry hid a finding")
	}
}

func TestSeverityAndEnabled(t *testing.T) {
	cfg := mustParse(t, []byte("rules:\n  shared-credential: {severity: note}\n  live-key-in-nonprod: {enabled: false}\n  sandbox-key-in-prod: {enabled: true}\n"))
	cases := []struct {
		rule    string
		def     finding.Severity
		want    finding.Severity
		enabled bool
	}{
		{"shared-credential", finding.Error, finding.Note, true},
		{"live-key-in-nonprod", finding.Error, finding.Error, false},
		{"sandbox-key-in-prod", finding.Warning, finding.Warning, true},
		{"prod-deploy-without-gate", finding.Warning, finding.Warning, true},
	}
	for _, c := range cases {
		if got := cfg.Severity(c.rule, c.def); got != c.want {
			t.Errorf("Severity(%s) = %s, want %s", c.rule, got, c.want)
		}
		if got := cfg.Enabled(c.rule); got != c.enabled {
			t.Errorf("Enabled(%s) = %v", c.rule, got)
		}
	}
	var zero Config
	if zero.Severity("x", finding.Note) != finding.Note || !zero.Enabled("x") {
		t.Error("the zero Config changes rules")
	}
}

// TestFingerprintPattern keeps the ignore: fingerprint check in step with
// the fingerprints the engine gives findings.
func TestFingerprintPattern(t *testing.T) {
	fp := engine.Fingerprint(&finding.Finding{Rule: "shared-credential", Path: ".env", Environment: "staging", Key: "DB_PASSWORD"})
	if !fingerprintPattern.MatchString(fp) {
		t.Errorf("engine fingerprint %q does not match %s", fp, fingerprintPattern)
	}
}

func TestEnvSettings(t *testing.T) {
	cfg := mustParse(t, readTestdata(t, "valid/spec.yml"))
	s := cfg.EnvSettings()
	if len(s.Environments) != 2 || s.Environments[1].Like != "development" || s.Environments[0].Hosts[0] != "*.acme.internal" {
		t.Errorf("EnvSettings = %+v", s)
	}
}
