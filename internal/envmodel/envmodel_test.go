package envmodel

import (
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/parse"
	"github.com/envfence/envfence/internal/source"
)

func classifier(t *testing.T, s Settings) *Classifier {
	t.Helper()
	c, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPath(t *testing.T) {
	c := classifier(t, Settings{})
	cases := map[string]Env{
		".env.production":       Production,
		".env.prod":             Production,
		"prod.env":              Production,
		".env-staging":          Staging,
		".env.development":      Development,
		".env.test":             Test,
		".env.local":            Development,
		".env.production.local": Production,
		".env":                  Shared,
		".env.example":          None,
		".env.prod.sample":      None,
		"src/main/resources/application-prod.yml":   Production,
		"src/main/resources/application.yml":        Shared,
		"src/test/resources/application.yml":        Test,
		"appsettings.Production.json":               Production,
		"appsettings.Staging.json":                  Staging,
		"appsettings.json":                          Shared,
		"k8s/overlays/prod/kustomization.yaml":      Production,
		"k8s/overlays/non-prod/kustomization.yaml":  Staging,
		"k8s/overlays/nonprod/kustomization.yaml":   Staging,
		"k8s/overlays/preprod/kustomization.yaml":   Staging,
		"k8s/base/kustomization.yaml":               Shared,
		"live/_envcommon/mysql.hcl":                 Shared,
		"live/prod/us-east-1/mysql/terragrunt.hcl":  Production,
		"charts/api/values-prod.yaml":               Production,
		"charts/api/values.yaml":                    Shared,
		"deploy/uat/values.yaml":                    Staging,
		"envs/prod/main.tf":                         Production,
		"terraform/prod.tfvars":                     Production,
		"inventories/production/hosts":              Production,
		"group_vars/all/vars.yml":                   Shared,
		"config/default.json":                       Shared,
		"config/production.json":                    Production,
		"Pulumi.prod.yaml":                          Production,
		"docker-compose.prod.yml":                   Production,
		"docker-compose.override.yml":               Development,
		"docker-compose.yml":                        Shared,
		"settings/production.py":                    Production,
		"clusters/prod2/app.yaml":                   Production,
		"clusters/stg01/app.yaml":                   Staging,
		"config/product.yml":                        None,
		"devices/config.yml":                        None,
		"latest/config.yml":                         None,
		"backstage/app-config.yaml":                 None,
		"k8s/livenessProbe.yaml":                    None,
		"config/locale.yml":                         None,
		"ProdConfig.json":                           Production,
		"services/web/appsettings.Development.json": Development,
		".gitlab-ci.yml":                            None,
		".circleci/config.yml":                      None,
		"ci/prod.yml":                               Production,
	}
	for p, want := range cases {
		d := c.Path(p)
		if d.Env != want {
			t.Errorf("Path(%q) = %q (%s), want %q", p, d.Env, d.Reason, want)
		}
		if d.Reason == "" {
			t.Errorf("Path(%q): no reason", p)
		}
	}
}

func TestName(t *testing.T) {
	c := classifier(t, Settings{})
	cases := map[string]Env{
		"deploy-prod": Production, "PROD_DB_PASSWORD": Production, "deployProduction": Production, "non-prod": Staging,
		"pre_prod": Staging, "qa-env-2": Test, "review/app": Development, "fe-production": Production, "us-prod-east": Production,
		"build": None, "product": None, "main": None, "release": None, "canary": None, "liveness": None, "e2e": Test,
	}
	for n, want := range cases {
		d, ok := c.Name(n)
		if d.Env != want || ok != (want != None) {
			t.Errorf("Name(%q) = %q, %v", n, d.Env, ok)
		}
	}
}

func TestCustomEnvironments(t *testing.T) {
	c := classifier(t, Settings{Environments: []Custom{
		{Name: "production", Aliases: []string{"prd-eu"}, Paths: []string{"deploy/eu-live/**"}, Hosts: []string{"*.acme.internal"}},
		{Name: "sandbox", Like: Development, Aliases: []string{"sbx"}},
		{Name: "perf", Like: Staging},
	}})
	if d := c.Path("deploy/eu-live/app.yaml"); d.Env != Production || !strings.Contains(d.Reason, "deploy/eu-live/**") {
		t.Errorf("custom path: %+v", d)
	}
	if d, _ := c.Name("deploy-sbx"); d.Env != Development || !strings.Contains(d.Reason, "sandbox") {
		t.Errorf("custom alias: %+v", d)
	}
	if d := c.Path("config/perf.json"); d.Env != Staging {
		t.Errorf("custom name: %+v", d)
	}
	if d, _ := c.Host("db1.acme.internal"); d.Env != Production {
		t.Errorf("custom host: %+v", d)
	}
	if _, err := New(Settings{Environments: []Custom{{Name: "perf"}}}); err == nil {
		t.Error("new environment without like: no error")
	}
	if _, err := New(Settings{Environments: []Custom{{Name: "production", Paths: []string{"["}}}}); err == nil {
		t.Error("bad glob: no error")
	}
}

func TestHost(t *testing.T) {
	c := classifier(t, Settings{})
	cases := map[string]Env{"db.prod.acme.net": Production, "api-staging.acme.io": Staging, "prod-db-01.internal": Production,
		"orders-db.staging.acme.internal": Staging, "api.stripe.com": None, "10.0.0.5": None, "localhost": Development}
	for h, want := range cases {
		if d, _ := c.Host(h); d.Env != want {
			t.Errorf("Host(%q) = %q", h, d.Env)
		}
	}
}

func sectionsOf(t *testing.T, c *Classifier, path string, kind source.Kind, src string) (FileScopes, *parse.Doc) {
	t.Helper()
	doc, err := parse.Parse(kind, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return c.File(path, kind, doc), doc
}

func TestSections(t *testing.T) {
	c := classifier(t, Settings{})
	cases := []struct {
		path string
		kind source.Kind
		src  string
		want map[string]Env // entry path → env of its scope
	}{
		{"config/database.yml", source.YAML, "default: &d\n  adapter: pg\ndevelopment:\n  <<: *d\n  password: a\nproduction:\n  password: b\n",
			map[string]Env{"development.password": Development, "production.password": Production, "default.adapter": Shared}},
		{"config/config.json", source.JSON, `{"development": {"password": "a"}, "test": {"password": "b"}, "production": {"use_env_variable": "X"}}`,
			map[string]Env{"development.password": Development, "test.password": Test, "production.use_env_variable": Production}},
		{"src/main/resources/application.yml", source.YAML, "a:\n  b: 1\n---\nspring:\n  config:\n    activate:\n      on-profile: prod\nx:\n  pw: s\n",
			map[string]Env{"a.b": Shared, "x.pw": Production}},
		{"application.properties", source.Properties, "a=1\n%prod.db.password=x\n%dev.db.password=y\n",
			map[string]Env{"a": Shared, "%prod.db.password": Production, "%dev.db.password": Development}},
		{"netlify.toml", source.TOML, "[build]\ncommand = \"x\"\n[context.production.environment]\nAPI = \"p\"\n[context.deploy-preview.environment]\nAPI = \"d\"\n",
			map[string]Env{"build.command": Shared, "context.production.environment.API": Production, "context.deploy-preview.environment.API": Development}},
		{"wrangler.toml", source.TOML, "name = \"w\"\n[env.staging.vars]\nX = \"s\"\n",
			map[string]Env{"name": Shared, "env.staging.vars.X": Staging}},
		{"serverless.yml", source.YAML, "params:\n  default:\n    a: 1\n  prod:\n    a: 2\n",
			map[string]Env{"params.default.a": Shared, "params.prod.a": Production}},
		{"profiles.yml", source.YAML, "shop:\n  outputs:\n    dev:\n      password: a\n    prod:\n      password: b\n",
			map[string]Env{"shop.outputs.dev.password": Development, "shop.outputs.prod.password": Production}},
		{"inventory/hosts", source.INI, "[production]\nweb1 ansible_host=10.0.0.5\n[staging]\nweb2 ansible_host=10.0.1.5\n",
			map[string]Env{"production.web1.ansible_host": Production, "staging.web2.ansible_host": Staging}},
		{"live/app/env.hcl", source.HCL, "locals {\n  environment = \"prod\"\n}\n", map[string]Env{"locals.environment": Production}},
		{".gitlab-ci.yml", source.YAML, "variables:\n  A: 1\ndeploy_prod:\n  environment:\n    name: production\n  variables:\n    DB_PASSWORD: x\nreview:\n  environment: review/$CI_COMMIT_REF_SLUG\n  variables:\n    B: y\n",
			map[string]Env{"variables.A": None, "deploy_prod.variables.DB_PASSWORD": Production, "review.variables.B": Development}},
		{"config/catalog.yml", source.YAML, "products:\n  latest: 1\ndevices:\n  x: 2\n", map[string]Env{"products.latest": None, "devices.x": None}},
	}
	for _, tc := range cases {
		fs, doc := sectionsOf(t, c, tc.path, tc.kind, tc.src)
		for i, e := range doc.Entries {
			key := strings.Join(e.Path, ".")
			want, ok := tc.want[key]
			if !ok {
				continue
			}
			got := fs.File.Env
			if s := fs.EntrySection[i]; s >= 0 {
				got = fs.Sections[s].Env
			}
			if got != want {
				t.Errorf("%s: %s in %q, want %q (sections %+v, file %+v)", tc.path, key, got, want, fs.Sections, fs.File)
			}
		}
	}
}

func FuzzName(f *testing.F) {
	for _, s := range []string{"deploy-prod", "nonProd", "a/b.c_d-e", "prod2", "ÄÖ-prod", ""} {
		f.Add(s)
	}
	c, _ := New(Settings{})
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := c.Name(s)
		if ok && d.Env.Rank() == 0 {
			t.Fatalf("Name(%q) matched without an environment", s)
		}
		c.Path(s)
		c.Host(s)
	})
}

func BenchmarkPath(b *testing.B) {
	c, _ := New(Settings{})
	paths := []string{"services/api/src/handlers/user_handler.go", "services/api/.env.production", "charts/api/values-prod.yaml", "k8s/overlays/staging/kustomization.yaml", "src/main/resources/application.yml"}
	for b.Loop() {
		for _, p := range paths {
			c.Path(p)
		}
	}
}
