package config

import (
	"slices"
	"testing"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
)

const serverPolicy = `rules:
  shared-credential: {severity: error}
  prod-config-without-owner: {enabled: false}
  prod-deploy-without-gate: {severity: note}
environments:
  production: {hosts: ["*.acme.internal"], aliases: [live]}
ignore: [{path: "third_party/**"}]
exclude: ["vendor/**"]
fail-on: warning
hook:
  deadline: 3s
`

const repoPolicy = `rules:
  shared-credential: {severity: note, enabled: false}
  prod-config-without-owner: {enabled: true}
  prod-deploy-without-gate: {severity: warning}
  sandbox-key-in-prod: {severity: error}
  live-key-in-nonprod: {severity: warning}
environments:
  development: {hosts: ["dev.acme.internal"], aliases: [live]}
  sandbox: {like: development}
ignore: [{path: "docs/**"}]
exclude: ["generated/**"]
fail-on: none
hook: {deadline: 60s, on-timeout: accept, bypass: {enabled: true}}
`

func TestMergeOnlyTightensByDefault(t *testing.T) {
	server, repo := mustParse(t, []byte(serverPolicy)), mustParse(t, []byte(repoPolicy))
	m := Merge(server, repo)
	severities := []struct {
		rule     string
		def      finding.Severity
		want     finding.Severity
		because  string
		disabled bool
	}{
		{"shared-credential", finding.Error, finding.Error, "the repository cannot lower the server's severity nor disable the rule", false},
		{"prod-config-without-owner", finding.Warning, finding.Warning, "the repository may re-enable a rule", false},
		{"prod-deploy-without-gate", finding.Warning, finding.Warning, "the repository may raise the server's severity", false},
		{"sandbox-key-in-prod", finding.Warning, finding.Error, "the repository may raise a default", false},
		{"live-key-in-nonprod", finding.Error, finding.Error, "the repository cannot lower a default", false},
	}
	for _, c := range severities {
		if got := m.Severity(c.rule, c.def); got != c.want || m.Enabled(c.rule) == c.disabled {
			t.Errorf("%s: severity %s enabled %v: %s", c.rule, got, m.Enabled(c.rule), c.because)
		}
	}
	if m.Hook.Deadline.Seconds() != 3 || m.Hook.OnTimeout != Reject || m.Hook.Bypass.Enabled || m.FailOn != finding.Warning {
		t.Errorf("the repository changed the hook policy or fail-on: %+v %s", m.Hook, m.FailOn)
	}
	if !slices.Equal(m.Exclude, []string{"vendor/**", "generated/**"}) || len(m.Ignore) != 2 || m.Ignore[1].Path != "docs/**" {
		t.Errorf("exclude %v, ignore %+v", m.Exclude, m.Ignore)
	}
	if _, ok := m.Ignored(&finding.Finding{Rule: "x", Path: "docs/a.md"}); !ok {
		t.Error("the repository's ignore entry is not applied")
	}
}

func TestMergeKeepsServerEnvironmentsFirst(t *testing.T) {
	m := Merge(mustParse(t, []byte(serverPolicy)), mustParse(t, []byte(repoPolicy)))
	cls, err := envmodel.New(m.EnvSettings())
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := cls.Host("dev.acme.internal"); !ok || d.Env != envmodel.Production {
		t.Errorf("the repository's host glob beat the server's: %+v", d)
	}
	if got, _ := cls.Name("live"); got.Env != envmodel.Production {
		t.Errorf("the repository's alias beat the server's: %+v", got)
	}
	if got, _ := cls.Name("sandbox"); got.Env != envmodel.Development {
		t.Errorf("the repository's new environment is missing: %+v", got)
	}
}

func TestMergeHonoursRepositoryPolicy(t *testing.T) {
	server := mustParse(t, []byte(serverPolicy+"  repository: {environments: false, ignore: false, exclude: false, relax-rules: true}\n"))
	repo := mustParse(t, []byte(repoPolicy))
	m := Merge(server, repo)
	if len(m.Environments) != 1 || len(m.Ignore) != 1 || !slices.Equal(m.Exclude, []string{"vendor/**"}) {
		t.Errorf("the server refused them: %+v %+v %v", m.Environments, m.Ignore, m.Exclude)
	}
	if m.Enabled("shared-credential") || m.Severity("live-key-in-nonprod", finding.Error) != finding.Warning ||
		m.Severity("prod-deploy-without-gate", finding.Warning) != finding.Warning {
		t.Errorf("relax-rules: the repository's settings should replace the server's: %+v", m.Rules)
	}
}

func TestMergeLeavesInputsAlone(t *testing.T) {
	server, repo := mustParse(t, []byte(serverPolicy)), mustParse(t, []byte(repoPolicy))
	Merge(server, repo)
	if len(server.Exclude) != 1 || len(server.Ignore) != 1 || len(server.Environments) != 1 || server.Severity("sandbox-key-in-prod", finding.Warning) != finding.Warning {
		t.Errorf("Merge modified the server configuration: %+v", server)
	}
	if m := Merge(server, nil); m == server || m.Severity("shared-credential", finding.Warning) != finding.Error {
		t.Errorf("Merge(server, nil) must be a copy of the server's")
	}
	if m := Merge(nil, repo); m.Enabled("shared-credential") == false || m.Hook.Deadline != DefaultDeadline {
		t.Errorf("Merge(nil, repo) must start from the defaults: %+v", m)
	}
}
