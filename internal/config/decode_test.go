package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/finding"
)

// knownRules are the rule ids of SPEC §4, as the CLI passes them.
var knownRules = LoadOptions{KnownRules: []string{
	"shared-credential", "hardcoded-prod-credential", "prod-endpoint-in-nonprod",
	"prod-resource-in-nonprod", "live-key-in-nonprod", "sandbox-key-in-prod",
	"committed-secret-key-file", "dev-tooling-targets-prod", "prod-config-without-owner",
	"prod-deploy-without-environment", "prod-deploy-untrusted-trigger", "prod-deploy-without-gate",
	"prod-secret-in-nonprod-job", "shared-secret-across-environments", "secrets-inherit-to-deploy",
	"environment-name-from-input", "environment-unprotected", "invalid-suppression",
}}

func TestParseSpecExample(t *testing.T) {
	cfg := mustParse(t, readTestdata(t, "valid/spec.yml"))
	want := []Environment{
		{Name: "production", Aliases: []string{"prod", "prd", "live"}, Paths: []string{"deploy/eu-live/**"}, Hosts: []string{"*.acme.internal", "db1.acme.net"}},
		{Name: "sandbox", Like: "development", Aliases: []string{"sbx"}},
	}
	if len(cfg.Environments) != len(want) {
		t.Fatalf("environments: %+v", cfg.Environments)
	}
	for i, e := range cfg.Environments {
		if e.Name != want[i].Name || e.Like != want[i].Like || strings.Join(e.Aliases, ",") != strings.Join(want[i].Aliases, ",") ||
			strings.Join(e.Paths, ",") != strings.Join(want[i].Paths, ",") || strings.Join(e.Hosts, ",") != strings.Join(want[i].Hosts, ",") {
			t.Errorf("environment %d = %+v, want %+v", i, e, want[i])
		}
	}
	if got := cfg.Severity("prod-deploy-without-gate", finding.Warning); got != finding.Error {
		t.Errorf("severity = %s", got)
	}
	if cfg.Enabled("prod-config-without-owner") || !cfg.Enabled("shared-credential") {
		t.Errorf("enabled: %+v", cfg.Rules)
	}
	if len(cfg.Ignore) != 3 || cfg.Ignore[0].Reason != "rotated 2026-10" || cfg.Ignore[2].Rule != "shared-credential" || cfg.Ignore[2].Line != 14 {
		t.Errorf("ignore: %+v", cfg.Ignore)
	}
	if strings.Join(cfg.Exclude, ",") != "vendor/**,**/node_modules/**" || cfg.FailOn != "" {
		t.Errorf("exclude %v, fail-on %q", cfg.Exclude, cfg.FailOn)
	}
}

func TestParseHook(t *testing.T) {
	cfg := mustParse(t, readTestdata(t, "valid/server.yml"))
	h := cfg.Hook
	if h.Deadline.Milliseconds() != 2500 || h.OnTimeout != Accept || h.OnError != Reject || h.FailOn != finding.Warning {
		t.Errorf("hook: %+v", h)
	}
	if !h.Bypass.Enabled || strings.Join(h.Bypass.Users, ",") != "alice,bob" || h.Bypass.AuditLog != "/var/log/envfence/bypass.jsonl" {
		t.Errorf("bypass: %+v", h.Bypass)
	}
	if h.Repository != (RepositoryPolicy{Environments: true, Ignore: false, Exclude: true, RelaxRules: true}) {
		t.Errorf("repository: %+v", h.Repository)
	}
	if cfg.FailOn != finding.None {
		t.Errorf("fail-on %q", cfg.FailOn)
	}
}

func TestParseDefaults(t *testing.T) {
	for _, src := range []string{"", "\n", "# only a comment\n", "---\n", "~\n", "rules:\nignore:\nexclude:\nhook:\n"} {
		cfg, err := Parse("x.yml", []byte(src), knownRules)
		if err != nil {
			t.Fatalf("Parse(%q): %v", src, err)
		}
		d := Default()
		if cfg.File != "x.yml" || cfg.Hook.Deadline != DefaultDeadline || cfg.Hook.OnTimeout != Reject || cfg.Hook.OnError != Reject ||
			cfg.Hook.FailOn != finding.Error || cfg.Hook.Repository != d.Hook.Repository || cfg.Hook.Bypass.Enabled ||
			len(cfg.Rules)+len(cfg.Ignore)+len(cfg.Exclude)+len(cfg.Environments) != 0 || cfg.FailOn != "" {
			t.Errorf("Parse(%q) = %+v, want the defaults", src, cfg)
		}
	}
}

// TestParseErrors covers every class of configuration error with its
// exact message, file and line.
func TestParseErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		// Unknown keys, at every level.
		{"unknown rule key", "rules:\n  prod-deploy-without-gate:\n    severty: error\n", `3: unknown key "severty" in rules.prod-deploy-without-gate (want severity, enabled)`},
		{"unknown top key", "rule: {}\n", `1: unknown key "rule" in the configuration (want environments, rules, ignore, exclude, fail-on, hook)`},
		{"unknown environment key", "environments:\n  production:\n    alias: [p]\n", `3: unknown key "alias" in environments.production (want aliases, paths, hosts, like)`},
		{"unknown ignore key", "ignore:\n  - {path: a}\n  - {path: a, resaon: x}\n", `3: unknown key "resaon" in ignore[1] (want fingerprint, path, rule, reason)`},
		{"unknown hook key", "hook:\n  timeout: 3s\n", `2: unknown key "timeout" in hook (want deadline, on-timeout, on-error, fail-on, bypass, repository, cache)`},
		{"unknown bypass key", "hook:\n  bypass:\n    user: [a]\n", `3: unknown key "user" in hook.bypass (want enabled, users, audit-log)`},
		{"unknown repository key", "hook:\n  repository: {rules: true}\n", `2: unknown key "rules" in hook.repository (want environments, ignore, exclude, relax-rules)`},
		// Wrong types.
		{"top list", "- a\n", `1: the configuration must be a mapping`},
		{"rules list", "rules: [1]\n", `1: rules must be a mapping`},
		{"rule scalar", "rules:\n  shared-credential: error\n", `2: rules.shared-credential must be a mapping`},
		{"exclude scalar", "exclude: vendor/**\n", `1: exclude must be a list`},
		{"ignore mapping", "ignore: {path: a}\n", `1: ignore must be a list`},
		{"ignore item scalar", "ignore:\n  - docs/**\n", `2: ignore[0] must be a mapping`},
		{"bool as word", "rules:\n  shared-credential: {enabled: yes}\n", `2: rules.shared-credential.enabled must be true or false`},
		{"bool as number", "hook: {bypass: {enabled: 1}}\n", `1: hook.bypass.enabled must be true or false`},
		{"number for string", "ignore:\n  - path: 3\n", `2: ignore[0].path must be a string (put it in quotes)`},
		{"null for string", "ignore:\n  - {path: a, reason: }\n", `2: ignore[0].reason must be a string`},
		{"nested list", "environments:\n  production: {aliases: [[a]]}\n", `2: environments.production.aliases[0] must be a string`},
		{"empty alias", "environments:\n  production: {aliases: [p, '  ']}\n", `2: environments.production.aliases[1] must not be empty`},
		{"non-scalar key", "? [a]\n: 1\n", `1: the configuration: keys must be names (put a number or true/false in quotes)`},
		{"number key", "environments:\n  2024: {like: test}\n", `2: environments: keys must be names (put a number or true/false in quotes)`},
		{"empty environment name", "environments:\n  '': {like: test}\n", `2: environments: an environment needs a name`},
		// Severities.
		{"bad severity", "rules:\n  shared-credential: {severity: fatal}\n", `2: rules.shared-credential.severity: want error, warning or note`},
		{"none is no severity", "rules:\n  shared-credential: {severity: none}\n", `2: rules.shared-credential.severity: want error, warning or note`},
		{"severity case", "rules:\n  shared-credential: {severity: Error}\n", `2: rules.shared-credential.severity: want error, warning or note`},
		{"bad fail-on", "fail-on: fatal\n", `1: fail-on: want error, warning, note or none`},
		{"bad hook fail-on", "hook:\n  fail-on: [error]\n", `2: hook.fail-on must be a string`},
		// Rule ids.
		{"unknown rule", "rules:\n  no-such-rule: {severity: error}\n", `2: unknown rule "no-such-rule" (see 'envfence rules')`},
		{"unknown ignore rule", "ignore:\n  - rule: shared-credentials\n", `2: ignore[0].rule: not a rule id (see 'envfence rules')`},
		// Globs.
		{"bad exclude glob", "exclude: [ok/**, '[']\n", `1: exclude[1]: not a valid doublestar glob (check its brackets and braces)`},
		{"bad paths glob", "environments:\n  production:\n    paths:\n      - 'deploy/{eu,us'\n", `4: environments.production.paths[0]: not a valid doublestar glob (check its brackets and braces)`},
		{"bad hosts glob", "environments:\n  production: {hosts: ['[a-']}\n", `2: environments.production.hosts[0]: not a valid doublestar glob (check its brackets and braces)`},
		{"bad ignore glob", "ignore:\n  - {rule: shared-credential, path: 'a/[b'}\n", `2: ignore[0].path: not a valid doublestar glob (check its brackets and braces)`},
		{"empty glob", "exclude: ['']\n", `1: exclude[0] must not be empty`},
		// Environments.
		{"like misspelt", "environments:\n  perf: {like: prodution}\n", `2: environments.perf.like: want development, test, staging, shared or production`},
		{"like on built-in", "environments:\n  Production: {like: staging}\n", `2: environments.Production.like: Production is a built-in environment; like: is only for new ones`},
		{"new without like", "environments:\n  perf: {aliases: [p]}\n", `2: environments.perf: a new environment needs like: development, test, staging, shared or production`},
		{"new null", "environments:\n  perf:\n", `2: environments.perf: a new environment needs like: development, test, staging, shared or production`},
		// Ignore entries.
		{"ignore without target", "ignore:\n  - {reason: x}\n", `2: ignore[0]: an ignore entry needs a fingerprint, a path or a rule`},
		{"ignore null item", "ignore:\n  -\n  - {path: a}\n", `2: ignore[0]: an ignore entry needs a fingerprint, a path or a rule`},
		{"short fingerprint", "ignore:\n  - {fingerprint: '9f2c1a0b'}\n", `2: ignore[0].fingerprint: want the 16-hex-digit fingerprint of a finding (from --format json or a baseline)`},
		{"fingerprint as number", "ignore:\n  - {fingerprint: 1234567890123456}\n", `2: ignore[0].fingerprint must be a string (put it in quotes)`},
		// Hook policy.
		{"bad duration", "hook:\n  deadline: soon\n", `2: hook.deadline: want a positive duration such as 4s or 2500ms`},
		{"zero duration", "hook:\n  deadline: 0s\n", `2: hook.deadline: want a positive duration such as 4s or 2500ms`},
		{"negative duration", "hook:\n  deadline: -1s\n", `2: hook.deadline: want a positive duration such as 4s or 2500ms`},
		{"unitless duration", "hook:\n  deadline: 4\n", `2: hook.deadline: want a positive duration such as 4s or 2500ms`},
		{"bad on-timeout", "hook:\n  on-timeout: maybe\n", `2: hook.on-timeout: want reject or accept`},
		{"bad on-error", "hook:\n  on-error: Reject\n", `2: hook.on-error: want reject or accept`},
		{"relative audit log", "hook:\n  bypass: {enabled: true, audit-log: bypass.jsonl}\n", `2: hook.bypass.audit-log: want an absolute path (the hook runs in each repository's directory)`},
		{"empty bypass user", "hook:\n  bypass: {users: ['']}\n", `2: hook.bypass.users[0] must not be empty`},
		// YAML structure.
		{"duplicate key", "rules:\n  shared-credential: {}\n  shared-credential: {}\n", `3: duplicate key "shared-credential" in rules (first at line 2)`},
		{"duplicate top key", "exclude: [a]\nrules: {}\nexclude: [b]\n", `3: duplicate key "exclude" in the configuration (first at line 1)`},
		{"merge key", "hook:\n  <<: {deadline: 2s}\n", `2: hook: merge keys (<<) are not supported; write the keys out`},
		{"second document", "rules: {}\n---\nexclude: [a]\n", `2: a second YAML document: the configuration is a single document`},
		{"unclosed flow", "exclude: [a\nrules: {}\n", `1: invalid YAML: did not find expected ',' or ']'`},
		{"tab indent", "rules:\n\tx: 1\n", `2: invalid YAML: found character that cannot start any token`},
		{"unknown escape", "exclude: [a]\nrules: {}\nfail-on: \"\\q\"\n", `3: invalid YAML: found unknown escape character`},
		{"unknown anchor", "exclude: [a]\nrules: *base\n", `2: invalid YAML: unknown anchor 'base' referenced`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(".envfence.yml", []byte(c.src), knownRules)
			want := ".envfence.yml:" + c.want
			if err == nil || err.Error() != want {
				t.Fatalf("Parse(%q)\n got: %v\nwant: %s", c.src, err, want)
			}
			var ce *Error
			if !errors.As(err, &ce) || ce.File != ".envfence.yml" || ce.Line < 1 {
				t.Errorf("error %#v is not a *config.Error with a line", err)
			}
		})
	}
}

// TestErrorsNeverQuoteValues puts a credential-looking value in every
// place a value can be wrong: the error must not repeat it.
func TestErrorsNeverQuoteValues(t *testing.T) {
	const value = "hunter2-Secr3t"
	docs := []string{
		"fail-on: " + value,
		"rules:\n  shared-credential: {severity: " + value + "}",
		"ignore:\n  - {fingerprint: " + value + "}",
		"ignore:\n  - {rule: " + value + "}",
		"ignore:\n  - {path: '[" + value + "'}",
		"exclude: ['{" + value + "']",
		"environments:\n  perf: {like: " + value + "}",
		"hook:\n  deadline: " + value,
		"hook:\n  on-timeout: " + value,
		"hook:\n  bypass: {audit-log: " + value + "}",
		"hook:\n  bypass: {enabled: " + value + "}",
	}
	for _, src := range docs {
		_, err := Parse("x", []byte(src), knownRules)
		if err == nil || strings.Contains(err.Error(), value) {
			t.Errorf("Parse(%q) = %v: want an error that does not quote the value", src, err)
		}
	}
}

func TestParseWithoutKnownRules(t *testing.T) {
	cfg, err := Parse("x", []byte("rules:\n  future-rule: {enabled: false}\nignore: [{rule: other-rule}]\n"), LoadOptions{})
	if err != nil || cfg.Enabled("future-rule") {
		t.Fatalf("nil KnownRules accepts any id: %v", err)
	}
}

func TestParseAliases(t *testing.T) {
	src := "environments:\n  production:\n    paths: &prod ['deploy/prod/**']\n  sandbox: {like: development, paths: *prod}\nexclude: *prod\n"
	cfg := mustParse(t, []byte(src))
	if cfg.Environments[1].Paths[0] != "deploy/prod/**" || cfg.Exclude[0] != "deploy/prod/**" {
		t.Errorf("aliases not followed: %+v %v", cfg.Environments, cfg.Exclude)
	}
	// Three hundred environments naming a list of a thousand globs: a
	// small file that expands to more values than any configuration has.
	var b strings.Builder
	b.WriteString("exclude: &globs [")
	for i := range 1000 {
		fmt.Fprintf(&b, "g%d/**, ", i)
	}
	b.WriteString("last/**]\nenvironments:\n")
	for i := range 300 {
		fmt.Fprintf(&b, "  env%d: {like: test, paths: *globs}\n", i)
	}
	_, err := Parse("x", []byte(b.String()), knownRules)
	if err == nil || !strings.Contains(err.Error(), "expands to more than") {
		t.Fatalf("alias expansion: %v", err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".envfence.yml")
	writeFile(t, path, []byte("exclude: [vendor/**]\n"))
	cfg, err := Load(path, knownRules)
	if err != nil || cfg.File != path || cfg.Exclude[0] != "vendor/**" {
		t.Fatalf("Load = %+v, %v", cfg, err)
	}
	missing := filepath.Join(dir, "missing.yml")
	if _, err := Load(missing, knownRules); err == nil || err.Error() != missing+": cannot read the configuration: no such file or directory" {
		t.Errorf("missing file: %v", err)
	}
	big := filepath.Join(dir, "big.yml")
	writeFile(t, big, []byte("# "+strings.Repeat("x", maxConfigSize)+"\n"))
	if _, err := Load(big, knownRules); err == nil || !strings.HasPrefix(err.Error(), big+": larger than 1 MiB") {
		t.Errorf("big file: %v", err)
	}
}

func mustParse(t *testing.T, data []byte) *Config {
	t.Helper()
	cfg, err := Parse(".envfence.yml", data, knownRules)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
