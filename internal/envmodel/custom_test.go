package envmodel

import (
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/source"
)

// spec6 is the environments: block of SPEC §6, plus a new staging-like
// environment and an override of a built-in word.
var spec6 = Settings{Environments: []Custom{
	{Name: "production", Aliases: []string{"prod", "prd", "live", "prd-eu"}, Paths: []string{"deploy/eu-live/**"},
		Hosts: []string{"*.acme.internal", "db1.acme.net"}},
	{Name: "sandbox", Like: Development, Aliases: []string{"sbx"}},
	{Name: "perf", Like: Staging, Paths: []string{"loadtest/**/*.yaml"}},
	{Name: "demo", Like: Staging},
}}

func TestCustomEnvironments(t *testing.T) {
	c := classifier(t, spec6)
	names := []struct {
		name   string
		env    Env
		reason string
	}{
		{"deploy-sbx", Development, `name "deploy-sbx" has alias "sbx" of sandbox (like development)`},
		{"deploy-sandbox", Development, `token "sandbox" (environment sandbox, like development)`},
		{"deploy-prd-eu", Production, `alias "prd-eu" of production`},
		{"perf-db", Staging, "environment perf, like staging"},
		{"demo", Staging, "environment demo"},
		{"eu-west", None, ""}, // a multi-token alias does not make its tokens environments
		{"deploy-prod", Production, `alias "prod" of production`},
	}
	for _, tc := range names {
		d, ok := c.Name(tc.name)
		if d.Env != tc.env || ok != (tc.env != None) || !strings.Contains(d.Reason, tc.reason) {
			t.Errorf("Name(%q) = %+v, %v; want %q with %q", tc.name, d, ok, tc.env, tc.reason)
		}
	}
	paths := []pathCase{
		{"deploy/eu-live/app.yaml", Production, `path matches "deploy/eu-live/**" of environment production`},
		{"deploy/eu-live/values-dev.yaml", Production, "path matches"}, // a configured glob wins over the file name
		{"loadtest/k6/config.yaml", Staging, `"loadtest/**/*.yaml" of environment perf (like staging)`},
		{"config/perf.json", Staging, ""},
		{"k8s/overlays/sbx/kustomization.yaml", Development, `directory "k8s/overlays/sbx" has alias "sbx"`},
	}
	for _, tc := range paths {
		if d := c.Path(tc.path); d.Env != tc.env || !strings.Contains(d.Reason, tc.reason) {
			t.Errorf("Path(%q) = %+v, want %q with %q", tc.path, d, tc.env, tc.reason)
		}
	}
	fs, _ := scopesOf(t, c, "config/database.yml", source.YAML, "sandbox:\n  password: a\nproduction:\n  password: b\n")
	if len(fs.Sections) != 2 || fs.Sections[0].Env != Development || !strings.Contains(fs.Sections[0].Reason, "sandbox") {
		t.Errorf("custom section: %+v", fs.Sections)
	}
}

func TestCustomPhraseOverridesFalsePositive(t *testing.T) {
	c := classifier(t, Settings{Environments: []Custom{{Name: "staging", Aliases: []string{"live-preview"}}}})
	if d, _ := c.Name("acme-live-preview"); d.Env != Staging {
		t.Errorf("configured phrase: %+v", d)
	}
	if d, ok := classifier(t, Settings{}).Name("acme-live-preview"); ok {
		t.Errorf("built-in false positive: %+v", d)
	}
}

// TestCustomBuiltinNameCase: a built-in environment written with capitals
// is still the built-in one, and its reasons say so without "like".
func TestCustomBuiltinNameCase(t *testing.T) {
	c := classifier(t, Settings{Environments: []Custom{{Name: "Production", Aliases: []string{"main-live"}, Paths: []string{"ops/**"}}}})
	if d, _ := c.Name("eu-main-live"); d.Env != Production || d.Reason != `name "eu-main-live" has alias "main-live" of Production` {
		t.Errorf("alias: %+v", d)
	}
	if d := c.Path("ops/x.yml"); d.Env != Production || strings.Contains(d.Reason, "like") {
		t.Errorf("path: %+v", d)
	}
}

func TestCustomErrors(t *testing.T) {
	cases := map[string]Settings{
		`"perf": not a canonical environment`:      {Environments: []Custom{{Name: "perf"}}},
		`invalid path glob "deploy/[prod"`:         {Environments: []Custom{{Name: "production", Paths: []string{"deploy/[prod"}}}},
		`invalid host glob "{db"`:                  {Environments: []Custom{{Name: "production", Hosts: []string{"{db"}}}},
		`alias "--" has no letters or digits`:      {Environments: []Custom{{Name: "staging", Aliases: []string{"--"}}}},
		`"__": the name has no letters or digits`:  {Environments: []Custom{{Name: "__", Like: Test}}},
		`like: development|test|staging|shared|pr`: {Environments: []Custom{{Name: "perf", Like: "fast"}}},
	}
	for want, s := range cases {
		_, err := New(s)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New(%+v) = %v, want an error with %q", s, err, want)
		}
	}
}

func TestHost(t *testing.T) {
	c := classifier(t, spec6)
	cases := []struct {
		host   string
		env    Env
		reason string
	}{
		{"db.prod.acme.net", Production, `host "db.prod.acme.net" has alias "prod" of production`},
		{"db.stg.acme.net", Staging, `host "db.stg.acme.net" has token "stg"`},
		{"api-staging.acme.io", Staging, ""},
		{"prod-db-01.internal", Production, ""},
		{"orders-db.staging.acme.internal", Production, `host matches "*.acme.internal" of environment production`},
		{"DB1.ACME.NET.", Production, `"db1.acme.net"`},
		{"mydb.abc123.us-east-1.rds.amazonaws.com", None, ""},
		{"acme-staging.herokuapp.com", Staging, ""},
		{"api-nonprod.acme.io", Staging, ""},
		{"qa2.acme.io", Test, ""},
		{"api.stripe.com", None, ""},
		{"login.live.com", None, ""}, // a one-word registered name is not read
		{"api.acme-prod.com", Production, `has alias "prod" of production in its domain name`},
		{"db.acme-prd.net", Production, `"prd"`},
		{"api.acme-staging.io", Staging, ""},
		{"api.go-live.io", None, ""}, // "live" in a domain name is a brand word as often
		{"cdn.acme-static.com", None, ""},
		{"printer.local", None, ""}, // mDNS .local is a top-level domain
		{"localhost", Development, ""},
		{"10.0.0.5", None, ""},
		{"::1", None, ""},
		{"[2001:db8::1]", None, ""},
		{"", None, ""},
		{"db.sbx.acme.io", Development, "sandbox"},
	}
	for _, tc := range cases {
		d, ok := c.Host(tc.host)
		if d.Env != tc.env || ok != (tc.env != None) || !strings.Contains(d.Reason, tc.reason) {
			t.Errorf("Host(%q) = %+v, %v; want %q with %q", tc.host, d, ok, tc.env, tc.reason)
		}
	}
}
