package envmodel

import (
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/parse"
	"github.com/envfence/envfence/internal/source"
)

// scoped is where an entry landed: its section's name ("" for the file
// scope) and environment.
type scoped struct {
	section string
	env     Env
}

// sectionCase is a file and where some of its entries must land, by
// dotted entry path.
type sectionCase struct {
	path string
	kind source.Kind
	src  string
	want map[string]scoped
	// lines, optional: section name → line of its key.
	lines map[string]int
}

var sectionCases = []sectionCase{
	{path: "config/database.yml", kind: source.YAML,
		src: "default: &default\n  adapter: postgresql\n  pool: 5\ndevelopment:\n  <<: *default\n  password: a\ntest:\n  <<: *default\nstaging:\n  password: s\nproduction:\n  <<: *default\n  password: <%= ENV['DB_PASSWORD'] %>\n",
		want: map[string]scoped{"default.adapter": {"default", Shared}, "development.password": {"development", Development},
			"development.adapter": {"development", Development}, "staging.password": {"staging", Staging},
			"production.password": {"production", Production}},
		lines: map[string]int{"default": 1, "development": 4, "test": 7, "staging": 9, "production": 11}},
	{path: "config/secrets.yml", kind: source.YAML, src: "production:\n  secret_key_base: x\n",
		want: map[string]scoped{"production.secret_key_base": {"production", Production}}},
	{path: "config/config.json", kind: source.JSON,
		src:  `{"development": {"password": "a"}, "test": {"password": "b"}, "production": {"use_env_variable": "X"}}`,
		want: map[string]scoped{"development.password": {"development", Development}, "test.password": {"test", Test}, "production.use_env_variable": {"production", Production}}},
	{path: "db/knexfile.json", kind: source.JSON, src: `{"staging": {"connection": "a"}, "client": "pg"}`,
		want: map[string]scoped{"staging.connection": {"staging", Staging}, "client": {"", None}}},
	// any file whose keys are mostly environments
	{path: "config/app.yml", kind: source.YAML, src: "dev:\n  url: a\nprod-eu:\n  url: b\nstaging2:\n  url: c\n",
		want: map[string]scoped{"dev.url": {"dev", Development}, "prod-eu.url": {"prod-eu", Production}, "staging2.url": {"staging2", Staging}}},
	// settings that start with an environment word are not environments
	{path: "config/app.yml", kind: source.YAML, src: "test_timeout: 5\ndev_server:\n  port: 1\nport: 3\n",
		want: map[string]scoped{"test_timeout": {"", None}, "dev_server.port": {"", None}}},
	// environments must be most of the map's keys
	{path: "config/app.yml", kind: source.YAML, src: "dev: 1\nprod: 2\nname: a\nimage: b\nports: c\nreplicas: d\n",
		want: map[string]scoped{"dev": {"", None}, "prod": {"", None}}},
	{path: "package.json", kind: source.JSON, src: `{"scripts": {"dev": "vite", "test": "vitest", "preview": "vite preview"}}`,
		want: map[string]scoped{"scripts.dev": {"", None}, "scripts.test": {"", None}}},
	// Spring Boot profile documents
	{path: "src/main/resources/application.yml", kind: source.YAML,
		src: "a:\n  b: 1\n---\nspring:\n  config:\n    activate:\n      on-profile: prod\nx:\n  pw: s\n---\nspring:\n  profiles: staging\ny: 1\n---\nspring.config.activate.on-profile: prod & !cloud\nz: 1\n---\nspring:\n  config:\n    activate:\n      on-profile: \"!dev\"\nw: 1\n---\nspring:\n  config:\n    activate:\n      on-profile: mysql\nv: 1\n",
		want: map[string]scoped{"a.b": {"", Shared}, "x.pw": {"profile prod", Production}, "spring.profiles": {"profile staging", Staging},
			"y": {"profile staging", Staging}, "z": {"profile prod & !cloud", Production}, "w": {"profile !dev", None}, "v": {"profile mysql", None}},
		lines: map[string]int{"profile prod": 3, "profile staging": 10}},
	{path: "src/main/resources/application.properties", kind: source.Properties,
		src:  "a=1\n#---\nspring.config.activate.on-profile=prod\ndb.password=x\n",
		want: map[string]scoped{"a": {"", Shared}, "db.password": {"profile prod", Production}}},
	// Quarkus and Symfony profiles
	{path: "src/main/resources/application.properties", kind: source.Properties,
		src:   "a=1\n%prod.quarkus.datasource.password=x\n%dev.quarkus.datasource.password=y\n%test.x=z\n%mysql.x=w\n",
		want:  map[string]scoped{"a": {"", Shared}, "%prod.quarkus.datasource.password": {"%prod", Production}, "%dev.quarkus.datasource.password": {"%dev", Development}, "%test.x": {"%test", Test}, "%mysql.x": {"%mysql", None}},
		lines: map[string]int{"%prod": 2, "%dev": 3}},
	{path: "src/main/resources/application.yaml", kind: source.YAML, src: "quarkus:\n  a: 1\n\"%prod\":\n  quarkus:\n    b: 2\n",
		want: map[string]scoped{"quarkus.a": {"", Shared}, "%prod.quarkus.b": {"%prod", Production}}},
	{path: "config/packages/doctrine.yaml", kind: source.YAML, src: "doctrine:\n  a: 1\nwhen@prod:\n  doctrine:\n    b: 2\nwhen@test:\n  c: 3\n",
		want: map[string]scoped{"doctrine.a": {"", None}, "when@prod.doctrine.b": {"when@prod", Production}, "when@test.c": {"when@test", Test}}},
	// netlify contexts
	{path: "netlify.toml", kind: source.TOML,
		src: "[build]\ncommand = \"x\"\n[context.production.environment]\nAPI = \"p\"\n[context.deploy-preview.environment]\nAPI = \"d\"\n[context.branch-deploy]\ncommand = \"b\"\n[context.staging.environment]\nAPI = \"s\"\n[context.feature-x.environment]\nAPI = \"f\"\n",
		want: map[string]scoped{"build.command": {"", Shared}, "context.production.environment.API": {"context.production", Production},
			"context.deploy-preview.environment.API": {"context.deploy-preview", Development}, "context.branch-deploy.command": {"context.branch-deploy", Development},
			"context.staging.environment.API": {"context.staging", Staging}, "context.feature-x.environment.API": {"context.feature-x", None}}},
	{path: "wrangler.toml", kind: source.TOML, src: "name = \"w\"\n[vars]\nA = \"1\"\n[env.staging.vars]\nX = \"s\"\n[env.production]\nroute = \"r\"\n",
		want: map[string]scoped{"name": {"", Shared}, "vars.A": {"", Shared}, "env.staging.vars.X": {"env.staging", Staging}, "env.production.route": {"env.production", Production}}},
	{path: "samconfig.toml", kind: source.TOML,
		src:  "version = 0.1\n[default.deploy.parameters]\nstack_name = \"a\"\n[prod.deploy.parameters]\nstack_name = \"b\"\n[stg.deploy.parameters]\nstack_name = \"c\"\n",
		want: map[string]scoped{"version": {"", Shared}, "default.deploy.parameters.stack_name": {"default", Shared}, "prod.deploy.parameters.stack_name": {"prod", Production}, "stg.deploy.parameters.stack_name": {"stg", Staging}}},
	{path: "serverless.yml", kind: source.YAML,
		src:  "service: a\nparams:\n  default:\n    domain: x\n  prod:\n    domain: y\ncustom:\n  domain:\n    prod: api.acme.com\n    dev: dev-api.acme.com\n  other: 1\n",
		want: map[string]scoped{"service": {"", Shared}, "params.default.domain": {"params.default", Shared}, "params.prod.domain": {"params.prod", Production}, "custom.domain.prod": {"custom.domain.prod", Production}, "custom.domain.dev": {"custom.domain.dev", Development}, "custom.other": {"", Shared}}},
	{path: "analytics/profiles.yml", kind: source.YAML,
		src:  "shop:\n  target: dev\n  outputs:\n    dev:\n      password: a\n    prod:\n      password: b\n",
		want: map[string]scoped{"shop.target": {"", None}, "shop.outputs.dev.password": {"shop.outputs.dev", Development}, "shop.outputs.prod.password": {"shop.outputs.prod", Production}}},
	{path: "cdk.json", kind: source.JSON,
		src:  `{"app": "npx ts-node bin/app.ts", "context": {"@aws-cdk/core:stackRelativeExports": true, "prod": {"account": "123456789012"}, "dev": {"account": "210987654321"}}}`,
		want: map[string]scoped{"app": {"", Shared}, "context.@aws-cdk/core:stackRelativeExports": {"", Shared}, "context.prod.account": {"context.prod", Production}, "context.dev.account": {"context.dev", Development}}},
	{path: ".firebaserc", kind: source.JSON, src: `{"projects": {"default": "acme-dev", "staging": "acme-stg", "prod": "acme"}, "targets": {}}`,
		want: map[string]scoped{"projects.default": {"projects.default", Shared}, "projects.staging": {"projects.staging", Staging}, "projects.prod": {"projects.prod", Production}}},
	{path: "angular.json", kind: source.JSON,
		src:  `{"projects": {"app": {"architect": {"build": {"options": {"outputPath": "dist"}, "configurations": {"production": {"budgets": "x"}, "development": {"sourceMap": true}, "es": {"localize": "es"}}}}}}}`,
		want: map[string]scoped{"projects.app.architect.build.options.outputPath": {"", None}, "projects.app.architect.build.configurations.production.budgets": {"projects.app.architect.build.configurations.production", Production}, "projects.app.architect.build.configurations.development.sourceMap": {"projects.app.architect.build.configurations.development", Development}, "projects.app.architect.build.configurations.es.localize": {"projects.app.architect.build.configurations.es", None}}},
	{path: "helmfile.yaml", kind: source.YAML, src: "environments:\n  staging:\n    values:\n      - staging.yaml\n  prod:\n    values:\n      - prod.yaml\nreleases:\n  - name: api\n",
		want: map[string]scoped{"environments.staging.values.0": {"environments.staging", Staging}, "environments.prod.values.0": {"environments.prod", Production}, "releases.0.name": {"", Shared}}},
	// Ansible inventory groups
	{path: "inventory/hosts", kind: source.INI, src: "[production]\nweb1 ansible_host=10.0.0.5\n[staging]\nweb2 ansible_host=10.0.1.5\n[prod_db:vars]\nansible_user=db\n[webservers]\nweb3 ansible_host=10.0.2.5\n",
		want: map[string]scoped{"production.web1.ansible_host": {"production", Production}, "staging.web2.ansible_host": {"staging", Staging}, "prod_db:vars.ansible_user": {"prod_db:vars", Production}, "webservers.web3.ansible_host": {"", None}}},
	// Terraform maps keyed by workspace
	{path: "infra/locals.tf", kind: source.HCL, src: "locals {\n  db_host = {\n    prod = \"db.prod.internal\"\n    dev  = \"localhost\"\n  }\n  region = \"eu-west-1\"\n}\n",
		want:  map[string]scoped{"locals.db_host.prod": {"locals.db_host.prod", Production}, "locals.db_host.dev": {"locals.db_host.dev", Development}, "locals.region": {"", None}},
		lines: map[string]int{"locals.db_host.prod": 3, "locals.db_host.dev": 4}},
	// properties keyed by environment
	{path: "conf/app.properties", kind: source.Properties, src: "prod.db.url=a\ndev.db.url=b\ntimeout=3\n",
		want: map[string]scoped{"prod.db.url": {"prod", Production}, "dev.db.url": {"dev", Development}, "timeout": {"", None}}},
	// pipelines
	{path: ".gitlab-ci.yml", kind: source.YAML,
		src: "variables:\n  A: 1\ndeploy_prod:\n  environment:\n    name: production\n  variables:\n    DB_PASSWORD: x\nreview:\n  environment: review/$CI_COMMIT_REF_SLUG\n  variables:\n    B: y\ndeploy_eu:\n  environment:\n    name: eu-live-$X\n    deployment_tier: staging\n  script: go\nbuild:\n  script: make\ndefault:\n  image: ruby\nstages: [build]\n",
		want: map[string]scoped{"variables.A": {"variables", Shared}, "deploy_prod.variables.DB_PASSWORD": {"deploy_prod", Production}, "review.variables.B": {"review", Development},
			"deploy_eu.script": {"deploy_eu", Staging}, "build.script": {"", None}, "default.image": {"default", Shared}, "stages.0": {"", None}},
		lines: map[string]int{"deploy_prod": 3, "review": 8, "variables": 1, "default": 19}},
	// without a job that names an environment, pipeline variables stay the file's
	{path: ".gitlab-ci.yml", kind: source.YAML, src: "variables:\n  A: 1\nbuild:\n  script: make\n",
		want: map[string]scoped{"variables.A": {"", None}, "build.script": {"", None}}},
	{path: "bitbucket-pipelines.yml", kind: source.YAML,
		src:  "pipelines:\n  branches:\n    main:\n      - step:\n          name: Deploy to production\n          deployment: production\n          script:\n            - ./deploy.sh\n      - step:\n          name: Test\n          script:\n            - make test\n",
		want: map[string]scoped{"pipelines.branches.main.0.step.script.0": {"pipelines.branches.main.0.step \"Deploy to production\"", Production}, "pipelines.branches.main.1.step.script.0": {"", None}}},
	{path: "azure-pipelines.yml", kind: source.YAML,
		src:  "variables:\n  B: 2\nstages:\n  - stage: Deploy\n    jobs:\n      - deployment: DeployWeb\n        environment: smarthotel-prod\n        variables:\n          A: 1\n      - deployment: DeployQA\n        environment:\n          name: qa\n          resourceType: VirtualMachine\n",
		want: map[string]scoped{"variables.B": {"variables", Shared}, "stages.0.jobs.0.variables.A": {"stages.0.jobs.0 \"DeployWeb\"", Production}, "stages.0.jobs.1.environment.resourceType": {"stages.0.jobs.1 \"DeployQA\"", Test}}},
}

// scopesOf parses src with the real parser and classifies it.
func scopesOf(t *testing.T, c *Classifier, path string, kind source.Kind, src string) (FileScopes, *parse.Doc) {
	t.Helper()
	doc, err := parse.Parse(kind, []byte(src))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c.File(path, kind, doc), doc
}

func TestSections(t *testing.T) {
	c := classifier(t, Settings{})
	for _, tc := range sectionCases {
		fs, doc := scopesOf(t, c, tc.path, tc.kind, tc.src)
		checkScopes(t, tc.path, fs, doc)
		seen := map[string]bool{}
		for i, e := range doc.Entries {
			key := strings.Join(e.Path, ".")
			want, ok := tc.want[key]
			if !ok {
				continue
			}
			seen[key] = true
			got := scoped{env: fs.File.Env}
			if s := fs.EntrySection[i]; s >= 0 {
				got = scoped{section: fs.Sections[s].Name, env: fs.Sections[s].Env}
			}
			if got != want {
				t.Errorf("%s: %s in %+v, want %+v (sections %+v, file %+v)", tc.path, key, got, want, fs.Sections, fs.File)
			}
		}
		for key := range tc.want {
			if !seen[key] {
				t.Errorf("%s: no entry %s in %q", tc.path, key, entryPaths(doc))
			}
		}
		for name, line := range tc.lines {
			if got := sectionLine(fs, name); got != line {
				t.Errorf("%s: section %q at line %d, want %d", tc.path, name, got, line)
			}
		}
	}
}

// checkScopes checks the invariants of every FileScopes: one section
// index per entry, each valid, sections in line order, reasons given.
func checkScopes(t *testing.T, path string, fs FileScopes, doc *parse.Doc) {
	t.Helper()
	if len(fs.EntrySection) != len(doc.Entries) {
		t.Fatalf("%s: %d entry sections for %d entries", path, len(fs.EntrySection), len(doc.Entries))
	}
	for i, s := range fs.EntrySection {
		if s < -1 || s >= len(fs.Sections) {
			t.Fatalf("%s: entry %d in section %d of %d", path, i, s, len(fs.Sections))
		}
	}
	for i, s := range fs.Sections {
		if s.Reason == "" || s.Name == "" {
			t.Errorf("%s: section %d without name or reason: %+v", path, i, s)
		}
		if i > 0 && s.Line < fs.Sections[i-1].Line {
			t.Errorf("%s: sections out of line order: %+v", path, fs.Sections)
		}
	}
	if fs.File.Reason == "" {
		t.Errorf("%s: file decision without reason", path)
	}
}

func sectionLine(fs FileScopes, name string) int {
	for _, s := range fs.Sections {
		if s.Name == name {
			return s.Line
		}
	}
	return -1
}

func entryPaths(doc *parse.Doc) []string {
	var out []string
	for _, e := range doc.Entries {
		out = append(out, strings.Join(e.Path, "."))
	}
	return out
}

// TestFileFromContent: Terragrunt's env.hcl and account.hcl name the
// environment of the whole file, over the path; expressions do not.
func TestFileFromContent(t *testing.T) {
	c := classifier(t, Settings{Environments: []Custom{{Name: "production", Paths: []string{"pinned/**"}}}})
	cases := []struct {
		path, src string
		env       Env
		reason    string
	}{
		{"live/app/env.hcl", "locals {\n  environment = \"prod\"\n}\n", Production, `locals.environment = "prod" has token "prod"`},
		{"live/stage/env.hcl", "locals {\n  environment = \"prod\"\n}\n", Production, "the path says staging"},
		{"live/non-prod/account.hcl", "locals {\n  account_name = \"non-prod\"\n  aws_account_id = \"123456789012\"\n}\n", Staging, "account_name"},
		{"live/qa/env.hcl", "locals {\n  environment = \"${local.x}-prod\"\n}\n", Test, `directory "live/qa"`},
		{"pinned/env.hcl", "locals {\n  environment = \"dev\"\n}\n", Production, "path matches"},
		{"envs/dev/main.tf", "locals {\n  environment = \"prod\"\n}\n", Development, ""},
	}
	for _, tc := range cases {
		fs, doc := scopesOf(t, c, tc.path, source.HCL, tc.src)
		checkScopes(t, tc.path, fs, doc)
		if fs.File.Env != tc.env || !strings.Contains(fs.File.Reason, tc.reason) {
			t.Errorf("%s: %+v, want %q with %q", tc.path, fs.File, tc.env, tc.reason)
		}
	}
}

// TestSectionsIgnoreDotenvAndNilDoc: dotenv files have no sections and a
// file without a parsed doc is classified by path alone.
func TestSectionsIgnoreDotenvAndNilDoc(t *testing.T) {
	c := classifier(t, Settings{})
	fs, _ := scopesOf(t, c, ".env.production", source.Dotenv, "PROD_A=1\nDEV_B=2\nTEST_C=3\n")
	if len(fs.Sections) != 0 || fs.File.Env != Production {
		t.Errorf("dotenv: %+v", fs)
	}
	if fs := c.File("config/database.yml", source.YAML, nil); fs.EntrySection != nil || fs.File.Reason == "" {
		t.Errorf("nil doc: %+v", fs)
	}
}

// TestSectionReasonsDoNotQuoteValues: a value that is not shaped like a
// name never appears in a reason.
func TestSectionReasonsDoNotQuoteValues(t *testing.T) {
	c := classifier(t, Settings{})
	const secretish = "prod-Zx9#q!w8%Lk2$aB7^hunter2@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@"
	for _, tc := range []struct {
		path string
		kind source.Kind
		src  string
	}{
		{".gitlab-ci.yml", source.YAML, "job:\n  environment: \"" + secretish + "\"\n"},
		{"application.yml", source.YAML, "a: 1\n---\nspring:\n  profiles: \"" + secretish + "\"\n"},
		{"env.hcl", source.HCL, "locals {\n  environment = \"" + secretish + "\"\n}\n"},
	} {
		fs, _ := scopesOf(t, c, tc.path, tc.kind, tc.src)
		all := fs.File.Reason
		for _, s := range fs.Sections {
			all += s.Name + s.Reason
		}
		if strings.Contains(all, "hunter2") {
			t.Errorf("%s: a reason quotes the value: %s", tc.path, all)
		}
	}
}

func FuzzFile(f *testing.F) {
	for _, tc := range sectionCases {
		f.Add(tc.path, uint8(tc.kind), tc.src)
	}
	c := classifier(f, Settings{})
	f.Fuzz(func(t *testing.T, path string, kind uint8, src string) {
		k := source.Kind(kind % uint8(source.OwnConfig+1))
		doc, _ := parse.Parse(k, []byte(src))
		if doc == nil {
			return
		}
		checkScopes(t, path, c.File(path, k, doc), doc)
	})
}
