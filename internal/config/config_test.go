package config

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/finding"
)

var known = LoadOptions{KnownRules: []string{"shared-credential", "prod-deploy-without-gate", "prod-config-without-owner"}}

func TestParseSpecExample(t *testing.T) {
	src := `environments:
  production:
    aliases: [prod, prd, live]
    paths: ["deploy/eu-live/**"]
    hosts: ["*.acme.internal", "db1.acme.net"]
  sandbox: {like: development, aliases: [sbx]}
rules:
  prod-deploy-without-gate: {severity: error}
  prod-config-without-owner: {enabled: false}
ignore:
  - {fingerprint: "9f2c", reason: "rotated 2026-10"}
  - {path: "docs/**"}
  - {rule: shared-credential, path: "examples/**"}
exclude: ["vendor/**", "**/node_modules/**"]
hook:
  deadline: 2500ms
  on-timeout: accept
  bypass: {enabled: true, users: [alice], audit-log: /var/log/envfence.jsonl}
`
	cfg, err := Parse(".envfence.yml", []byte(src), known)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Environments) != 2 || cfg.Environments[1].Like != "development" || cfg.Environments[0].Hosts[1] != "db1.acme.net" {
		t.Errorf("environments: %+v", cfg.Environments)
	}
	if cfg.Severity("prod-deploy-without-gate", finding.Warning) != finding.Error || cfg.Enabled("prod-config-without-owner") || !cfg.Enabled("shared-credential") {
		t.Errorf("rules: %+v", cfg.Rules)
	}
	if cfg.Hook.Deadline.Milliseconds() != 2500 || cfg.Hook.OnTimeout != Accept || cfg.Hook.OnError != Reject || !cfg.Hook.Bypass.Enabled {
		t.Errorf("hook: %+v", cfg.Hook)
	}
	cases := []struct {
		f    finding.Finding
		want bool
	}{
		{finding.Finding{Fingerprint: "9f2c", Rule: "x", Path: "a"}, true},
		{finding.Finding{Fingerprint: "aaaa", Rule: "x", Path: "docs/a/b.yml"}, true},
		{finding.Finding{Rule: "shared-credential", Path: "examples/.env"}, true},
		{finding.Finding{Rule: "other", Path: "examples/.env"}, false},
		{finding.Finding{Rule: "shared-credential", Path: "src/.env"}, false},
	}
	for _, c := range cases {
		if _, got := cfg.Ignored(&c.f); got != c.want {
			t.Errorf("Ignored(%+v) = %v", c.f, got)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := map[string]string{
		"rules:\n  prod-deploy-without-gate:\n    severty: error\n": `.envfence.yml:3: unknown key "severty" in rules.prod-deploy-without-gate (want severity, enabled)`,
		"rules:\n  no-such-rule: {severity: error}\n":               `.envfence.yml:2: unknown rule "no-such-rule"`,
		"rules:\n  shared-credential: {severity: fatal}\n":          `.envfence.yml:2: rules.shared-credential.severity: severity "fatal"`,
		"exclude: ['[']\n":                           `.envfence.yml:1: exclude: invalid glob "["`,
		"environments:\n  perf: {aliases: [p]}\n":    `.envfence.yml:2: environments.perf: a new environment needs like`,
		"environments:\n  perf: {like: prodution}\n": `.envfence.yml:2: environments.perf.like: want`,
		"ignore:\n  - {reason: x}\n":                 `.envfence.yml:2: an ignore entry needs`,
		"ignore: {a: b}\n":                           `.envfence.yml:1: ignore must be a list`,
		"hook:\n  deadline: soon\n":                  `.envfence.yml:2: hook.deadline`,
		"hook:\n  on-timeout: maybe\n":               `.envfence.yml:2: hook.on-timeout: want reject or accept`,
		"unknown: 1\n":                               `.envfence.yml:1: unknown key "unknown" in the configuration`,
		"a: [\n":                                     `.envfence.yml:1: invalid YAML`,
		"rules: [1]\n":                               `.envfence.yml:1: rules must be a mapping`,
	}
	for src, want := range cases {
		_, err := Parse(".envfence.yml", []byte(src), known)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want prefix %q", src, err, want)
		}
	}
	if cfg, err := Parse("x", nil, known); err != nil || !cfg.Enabled("shared-credential") || cfg.Hook.Deadline != DefaultDeadline {
		t.Errorf("empty config: %v %+v", err, cfg)
	}
}

func TestMergeNeverRelaxesTheServer(t *testing.T) {
	server, _ := Parse("server", []byte("rules:\n  shared-credential: {severity: error}\n  prod-config-without-owner: {enabled: false}\nhook: {deadline: 3s}\n"), known)
	repo, _ := Parse("repo", []byte("rules:\n  shared-credential: {severity: note, enabled: false}\n  prod-config-without-owner: {enabled: true}\n  prod-deploy-without-gate: {severity: error}\nhook: {deadline: 60s}\nexclude: [docs/**]\n"), known)
	m := Merge(server, repo)
	if m.Severity("shared-credential", finding.Warning) != finding.Error || !m.Enabled("shared-credential") {
		t.Errorf("repo lowered or disabled a server rule: %+v", m.Rules)
	}
	if !m.Enabled("prod-config-without-owner") || m.Severity("prod-deploy-without-gate", finding.Warning) != finding.Error {
		t.Errorf("repo could not raise: %+v", m.Rules)
	}
	if m.Hook.Deadline.Seconds() != 3 || !slices.Contains(m.Exclude, "docs/**") {
		t.Errorf("merge: %+v", m)
	}
}

func TestBaselineRoundTrip(t *testing.T) {
	fs := []finding.Finding{{Rule: "b", Path: "z", Fingerprint: "2"}, {Rule: "a", Path: "a", Fingerprint: "1", Message: "secret words"}, {Rule: "a", Path: "a", Fingerprint: "1"}}
	var buf bytes.Buffer
	if err := WriteBaseline(&buf, fs); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "secret words") {
		t.Error("baseline holds a message")
	}
	path := t.TempDir() + "/b.json"
	writeFile(t, path, buf.Bytes())
	b, err := LoadBaseline(path)
	if err != nil || !b.Has("1") || !b.Has("2") || b.Has("3") || len(b.Findings) != 2 || b.Findings[0].Path != "a" {
		t.Fatalf("%v %+v", err, b)
	}
	writeFile(t, path, []byte("{\n\"schema\": \n"))
	if _, err := LoadBaseline(path); err == nil || !strings.Contains(err.Error(), "b.json") {
		t.Errorf("bad baseline: %v", err)
	}
}

// TestSchemaMatchesDecoder keeps the JSON Schema and the decoder in step.
func TestSchemaMatchesDecoder(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal(Schema, &schema); err != nil {
		t.Fatal(err)
	}
	props := func(m map[string]any) []string {
		var keys []string
		for k := range m["properties"].(map[string]any) {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return keys
	}
	p := schema["properties"].(map[string]any)
	sub := func(name string) map[string]any { return p[name].(map[string]any) }
	items := func(m map[string]any) map[string]any { return m["items"].(map[string]any) }
	addl := func(m map[string]any) map[string]any { return m["additionalProperties"].(map[string]any) }
	pairs := []struct {
		name   string
		schema []string
		code   []string
	}{
		{"top", props(schema), topKeys},
		{"environments", props(addl(sub("environments"))), environmentKeys},
		{"rules", props(addl(sub("rules"))), ruleKeys},
		{"ignore", props(items(sub("ignore"))), ignoreKeys},
		{"hook", props(sub("hook")), hookKeys},
		{"bypass", props(sub("hook")["properties"].(map[string]any)["bypass"].(map[string]any)), bypassKeys},
	}
	for _, pr := range pairs {
		code := slices.Clone(pr.code)
		slices.Sort(code)
		if !slices.Equal(pr.schema, code) {
			t.Errorf("%s: schema %v, decoder %v", pr.name, pr.schema, code)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("rules:\n  shared-credential: {severity: error}\n")
	f.Add("environments:\n  x: {like: test}\nignore: [{path: a}]\n")
	f.Add("hook: {bypass: {users: [a]}}")
	f.Fuzz(func(t *testing.T, s string) {
		Parse("f", []byte(s), known)
	})
}
