package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/secret"
)

// run runs the command line in-process.
func run(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(args, Stdio{In: strings.NewReader(""), Out: &out, Err: &errOut}, func(k string) string { return env[k] })
	return code, out.String(), errOut.String()
}

const demo = "../../testdata/demo"

// demoSecrets are literal credential values planted in testdata/demo; no
// output may contain any of them.
var demoSecrets = []string{
	"9Xk2-mP7q-shop-sess-4411", "Smtp-prod-Lit3ral-88", "Rep1ica-prod-pw-2024",
	"Orders-stg-prd-Pw-31", "Sql-prod-Pa55-77", "shop-local-dev-1", "dev-session-7bQ2x", "Redis-stg-only-pw-5",
	"sk_live_51FakeEnvfenceDemo000NotAKey", "FakeDemoRailsMasterKey000000000000", "shop-ci",
}

func assertNoSecrets(t *testing.T, where, text string) {
	t.Helper()
	for _, s := range demoSecrets {
		if strings.Contains(text, s) {
			t.Errorf("%s contains a credential value", where)
		}
	}
}

func TestScanDemoEveryFormat(t *testing.T) {
	for _, format := range []string{"text", "json", "sarif", "github", "markdown"} {
		t.Run(format, func(t *testing.T) {
			code, out, errOut := run(t, nil, "scan", demo, "--format", format)
			if code != ExitFindings {
				t.Fatalf("exit %d, want %d; stderr: %s", code, ExitFindings, errOut)
			}
			assertNoSecrets(t, format+" output", out+errOut)
			_, again, _ := run(t, nil, "scan", demo, "--format", format)
			if again != out {
				t.Errorf("%s output differs between two runs", format)
			}
		})
	}
}

func TestScanJSONContract(t *testing.T) {
	_, out, _ := run(t, nil, "scan", demo, "--format", "json")
	var doc struct {
		Schema   string           `json:"schema"`
		Findings []map[string]any `json:"findings"`
		Notes    []map[string]any `json:"notes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json: %v", err)
	}
	if doc.Schema != "envfence/v1" || len(doc.Findings) == 0 {
		t.Fatalf("schema %q, %d findings", doc.Schema, len(doc.Findings))
	}
	keys := []string{"rule", "severity", "message", "path", "line", "column", "end_line", "end_column", "environment", "related", "fingerprint", "commit"}
	for _, f := range doc.Findings {
		for _, k := range keys {
			if _, ok := f[k]; !ok {
				t.Errorf("finding lacks %q: %v", k, f)
			}
		}
	}
	rules := map[string]bool{}
	for _, f := range doc.Findings {
		rules[f["rule"].(string)] = true
	}
	for _, want := range []string{"shared-credential", "hardcoded-prod-credential", "prod-endpoint-in-nonprod", "prod-resource-in-nonprod",
		"live-key-in-nonprod", "sandbox-key-in-prod", "committed-secret-key-file", "dev-tooling-targets-prod", "prod-config-without-owner",
		"prod-deploy-without-environment", "prod-deploy-untrusted-trigger", "prod-deploy-without-gate", "prod-secret-in-nonprod-job",
		"shared-secret-across-environments", "secrets-inherit-to-deploy", "environment-name-from-input"} {
		if !rules[want] {
			t.Errorf("demo has no %s finding", want)
		}
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".envfence.yml"), []byte("rules:\n  shared-credential:\n    severty: error\n"), 0o644)
	cases := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"fail-on none", []string{"scan", demo, "--fail-on", "none"}, ExitOK, ""},
		{"bad fail-on", []string{"scan", demo, "--fail-on", "fatal"}, ExitUsage, "--fail-on"},
		{"missing path", []string{"scan", filepath.Join(dir, "nope")}, ExitUsage, "no such directory"},
		{"two paths", []string{"scan", demo, demo}, ExitUsage, "at most one PATH"},
		{"bad format", []string{"scan", demo, "--format", "xml"}, ExitUsage, "--format"},
		{"bad config", []string{"scan", dir}, ExitUsage, ".envfence.yml:3"},
		{"unknown command", []string{"frobnicate"}, ExitUsage, "unknown command"},
		{"explain unknown", []string{"explain", "no-such-rule"}, ExitUsage, "unknown rule"},
		{"explain", []string{"explain", "shared-credential"}, ExitOK, ""},
		{"rules", []string{"rules"}, ExitOK, ""},
		{"version", []string{"version"}, ExitOK, ""},
		{"baseline without output", []string{"baseline", demo}, ExitUsage, "--output"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := run(t, nil, c.args...)
			if code != c.code || !strings.Contains(errOut, c.err) {
				t.Errorf("exit %d stderr %q; want exit %d and %q", code, errOut, c.code, c.err)
			}
		})
	}
}

func TestBaselineHidesKnownFindings(t *testing.T) {
	base := filepath.Join(t.TempDir(), "baseline.json")
	if code, _, errOut := run(t, nil, "baseline", demo, "--output", base); code != ExitOK {
		t.Fatalf("baseline: exit %d: %s", code, errOut)
	}
	data, _ := os.ReadFile(base)
	assertNoSecrets(t, "baseline", string(data))
	code, out, _ := run(t, nil, "scan", demo, "--baseline", base, "--format", "json")
	if code != ExitOK {
		t.Fatalf("scan with baseline: exit %d", code)
	}
	if !regexp.MustCompile(`"suppressed": [1-9]`).MatchString(out) || !strings.Contains(out, `"findings": []`) {
		t.Errorf("baseline did not hide and count the findings:\n%s", out)
	}
}

func TestEnvsJSON(t *testing.T) {
	code, out, errOut := run(t, nil, "envs", demo, "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Schema string      `json:"schema"`
		Scopes []scopeJSON `json:"scopes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range doc.Scopes {
		if s.Reason == "" {
			t.Errorf("scope %s %s %q has no reason", s.Path, s.Kind, s.Name)
		}
		got[s.Path+"#"+s.Name] = s.Environment
	}
	want := map[string]string{
		".env.production#":                                   "production",
		".env.staging#":                                      "staging",
		".env#":                                              "shared",
		".env.example#":                                      "",
		"config/database.yml#":                               "",
		"config/database.yml#test":                           "test",
		"config/database.yml#production":                     "production",
		"services/web/appsettings.Production.json#":          "production",
		"deploy/k8s/overlays/prod/kustomization.yaml#":       "production",
		"src/main/resources/application.yml#profile prod":    "production",
		"src/main/resources/application.yml#profile staging": "staging",
		".github/workflows/deploy.yml#production":            "production",
		".github/workflows/deploy.yml#staging":               "staging",
		".github/workflows/ci.yml#test":                      "test",
	}
	for k, env := range want {
		if g, ok := got[k]; !ok || g != env {
			t.Errorf("scope %s: environment %q (present %v), want %q", k, g, ok, env)
		}
	}
	assertNoSecrets(t, "envs", out)
}

// TestBaselineMigratesV1: a v1 baseline (fingerprints that hashed the
// value in) still hides its findings, with a note saying how to rewrite
// it; baseline --from rewrites it to v2 keeping only what it accepted.
func TestBaselineMigratesV1(t *testing.T) {
	dir := t.TempDir()
	const pw = "Migrate-Pw-7731x"
	writeFile(t, filepath.Join(dir, ".env.production"), "DB_PASSWORD="+pw+"\n")
	writeFile(t, filepath.Join(dir, "CODEOWNERS"), "* @acme/platform\n")
	v1 := engine.LegacyFingerprint(&finding.Finding{Rule: "hardcoded-prod-credential", Path: ".env.production", Environment: "production", Key: "DB_PASSWORD", ValueDigest: secret.New(pw).Digest()})
	old := filepath.Join(t.TempDir(), "old.json")
	writeFile(t, old, `{"schema": "envfence/baseline/v1", "findings": [{"fingerprint": "`+v1+`", "rule": "hardcoded-prod-credential", "path": ".env.production"}]}`)
	code, out, _ := run(t, nil, "scan", dir, "--baseline", old, "--format", "json")
	if code != ExitOK || !strings.Contains(out, `"findings": []`) || !strings.Contains(out, "a v1 baseline") {
		t.Fatalf("v1 baseline not honoured with a note: exit %d\n%s", code, out)
	}
	// A finding that appeared after the old baseline is not migrated into
	// the new one.
	writeFile(t, filepath.Join(dir, ".env.production"), "DB_PASSWORD="+pw+"\nAPI_TOKEN=Later-Token-99812\n")
	migrated := filepath.Join(t.TempDir(), "new.json")
	if code, _, errOut := run(t, nil, "baseline", dir, "--from", old, "--output", migrated); code != ExitOK || !strings.Contains(errOut, "kept the 1 current findings") {
		t.Fatalf("baseline --from: exit %d: %s", code, errOut)
	}
	data, _ := os.ReadFile(migrated)
	if !strings.Contains(string(data), `"envfence/baseline/v2"`) || strings.Contains(string(data), v1) || strings.Count(string(data), `"fingerprint"`) != 1 {
		t.Fatalf("migrated baseline:\n%s", data)
	}
	code, out, _ = run(t, nil, "scan", dir, "--baseline", migrated, "--format", "json")
	if code != ExitFindings || strings.Contains(out, "a v1 baseline") || !strings.Contains(out, "API_TOKEN") || strings.Contains(out, "DB_PASSWORD is") {
		t.Fatalf("scan with the migrated baseline: exit %d\n%s", code, out)
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPanicIsExitThreeWithoutADump: a panic in a command is one line and
// exit status 3, not a Go dump and not 2 (usage).
func TestPanicIsExitThreeWithoutADump(t *testing.T) {
	var errOut bytes.Buffer
	code := runCommand(func([]string, Stdio, env) error { panic("index out of range") }, nil, Stdio{Err: &errOut}, func(string) string { return "" })
	if code != ExitInternal || strings.Count(errOut.String(), "\n") != 1 || strings.Contains(errOut.String(), "goroutine") {
		t.Fatalf("exit %d: %q", code, errOut.String())
	}
}
