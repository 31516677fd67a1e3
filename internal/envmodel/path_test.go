package envmodel

import (
	"strings"
	"testing"
)

// pathCase is one path with the environment and, optionally, a fragment
// of the reason that must be given.
type pathCase struct {
	path   string
	env    Env
	reason string
}

// pathTable holds real-world paths for the rows of notes env-conventions
// §7 that name files by path, keyed by row.
var pathTable = map[int][]pathCase{
	1: {
		{".env.production", Production, `file name ".env.production" has token "production"`},
		{".env.prod", Production, ""}, {".env.staging", Staging, ""}, {".env.development", Development, ""},
		{".env.test", Test, ""}, {".env.testing", Test, ""}, {".env.uat", Staging, ""}, {".env.qa", Test, ""},
		{".env.stg", Staging, ""}, {".env.dev", Development, ""}, {"prod.env", Production, ""},
		{"production.env", Production, ""}, {".env-staging", Staging, ""}, {".env_prod", Production, ""},
		{"env/.env.production", Production, ""}, {"envs/.prod.env", Production, ""},
		{".env.local", Development, `token "local"`},
		{".env.production.local", Production, "a local override"},
		{".env.staging.local", Staging, "a local override"},
		{".env", Shared, `base file ".env" is loaded by every environment`},
		{".env.defaults", Shared, ""},
		{".env.example", None, "template file"}, {".env.production.example", None, "template file"},
		{".env.prod.sample", None, "template file"}, {".env.dist", None, "template file"},
		{".env.template", None, "template file"}, {".env.dev-sample", None, "template file"},
		{".dev.vars", Development, "Wrangler"}, {".dev.vars.staging", Staging, ""},
	},
	2: {{"config/environments/production.rb", Production, ""}, {"config/environments/staging.rb", Staging, ""},
		{"config/environments/development.rb", Development, ""}},
	4: {{"config/credentials/production.key", Production, ""}, {"config/credentials/staging.yml.enc", Staging, ""}},
	5: {{"config/settings/production.py", Production, ""}, {"myapp/settings_prod.py", Production, ""},
		{"myapp/prod_settings.py", Production, ""}, {"config/settings/base.py", Shared, "in settings/"},
		{"config/settings/local.py", Development, ""}, {"config/settings/test.py", Test, ""}},
	6: {{"src/main/resources/application-prod.yml", Production, ""},
		{"src/main/resources/application-staging.properties", Staging, ""},
		{"src/main/resources/bootstrap-prod.yml", Production, ""},
		{"src/main/resources/config/application-dev.yml", Development, ""},
		{"src/main/resources/application-mysql.properties", None, "no environment in path"}},
	7: {{"src/main/resources/application.yml", Shared, `base file "application.yml"`},
		{"src/main/resources/application.properties", Shared, ""},
		{"src/test/resources/application.yml", Test, `directory "src/test" has token "test"`}},
	8: {{"appsettings.Production.json", Production, ""}, {"src/Web/appsettings.Staging.json", Staging, ""},
		{"src/Web/appsettings.Development.json", Development, ""}, {"Web.Production.config", Production, ""},
		{"src/Web/appsettings.json", Shared, ""}, {"src/Web/appsettings.Docker.json", None, ""},
		{"src/Web/Properties/launchSettings.json", Development, "launchSettings.json"}},
	9: {{"config/production.json", Production, ""}, {"config/default.json", Shared, `base file "default.json" in config/`},
		{"config/default.yaml", Shared, ""}, {"config/local.json", Development, ""},
		{"config/local-production.json", Production, "a local override"},
		{"config/web01-production.yaml", Production, ""}, {"config/test.yaml", Test, ""},
		{"config/custom-environment-variables.json", None, "environment variable names"}},
	11: {{"config/prod.exs", Production, ""}, {"config/dev.exs", Development, ""}, {"config/config.exs", Shared, ""},
		{"config/runtime.exs", Shared, ""}},
	12: {{"k8s/overlays/prod/kustomization.yaml", Production, `directory "k8s/overlays/prod" has token "prod"`},
		{"k8s/overlays/non-prod/kustomization.yaml", Staging, `token "non-prod"`},
		{"k8s/overlays/nonprod/kustomization.yaml", Staging, ""}, {"k8s/overlays/preprod/kustomization.yaml", Staging, ""},
		{"envs/staging/main.tf", Staging, ""}, {"environments/production/app.yaml", Production, ""},
		{"env/dev/values.yaml", Development, ""}, {"deploy/uat/values.yaml", Staging, ""},
		{"deployments/prod/app.yaml", Production, ""}, {"clusters/prod-eu-1/apps.yaml", Production, ""},
		{"clusters/prod2/app.yaml", Production, ""}, {"clusters/stg01/app.yaml", Staging, ""},
		{"live/prod/us-east-1/mysql/terragrunt.hcl", Production, ""},
		{"infrastructure-live/non-prod/us-east-1/qa/mysql/terragrunt.hcl", Test, `directory "infrastructure-live/non-prod/us-east-1/qa"`},
		{"stages/prod/app.yaml", Production, ""},
		{"k8s/base/deployment.yaml", Shared, `directory "k8s/base" holds configuration shared`},
		{"live/_envcommon/mysql.hcl", Shared, ""}, {"live/terragrunt.hcl", Shared, ""},
		{"infra/modules/vpc/main.tf", Shared, ""}, {"k8s/overlays/prod/base/deployment.yaml", Production, ""}},
	13: {{"charts/api/values-prod.yaml", Production, ""}, {"charts/api/values.staging.yaml", Staging, ""},
		{"charts/api/prod-values.yaml", Production, ""}, {"charts/api/production.values.yml", Production, ""},
		{"charts/api/values.yaml", Shared, `base file "values.yaml" is loaded by every environment`}},
	14: {{"terraform/prod.tfvars", Production, ""}, {"terraform/prod.auto.tfvars", Production, ""},
		{"terraform/terraform.staging.tfvars", Staging, ""}, {"terraform/prod.tfbackend", Production, ""},
		{"terraform/backend-prod.hcl", Production, ""}, {"terraform/terraform.tfvars", Shared, ""}},
	16: {{"infra/Pulumi.prod.yaml", Production, ""}, {"infra/Pulumi.dev.yaml", Development, ""},
		{"infra/Pulumi.yaml", Shared, ""}},
	17: {{"inventories/production/hosts", Production, ""}, {"inventory/staging.ini", Staging, ""},
		{"production", Production, ""}, {"group_vars/production.yml", Production, ""},
		{"group_vars/production/vault.yml", Production, ""}, {"group_vars/all/vars.yml", Shared, `"group_vars/all"`},
		{"group_vars/all.yml", Shared, ""}, {"inventories/production/group_vars/all/main.yml", Production, ""},
		{"inventories/staging/host_vars/web1.yml", Staging, ""}},
	18: {{"docker-compose.prod.yml", Production, ""}, {"compose.production.yaml", Production, ""},
		{"docker-compose-staging.yml", Staging, ""}, {"production.yml", Production, ""},
		{"Dockerfile.prod", Production, ""}, {"docker-compose.override.yml", Development, "override"},
		{"compose.override.yaml", Development, ""}, {"docker-compose.yml", Shared, ""}, {"compose.yaml", Shared, ""}},
	19: {{"serverless.env.prod.yml", Production, ""}, {"serverless.yml", Shared, ""}},
	20: {{"samconfig.toml", Shared, ""}},
	21: {{"cdk.json", Shared, ""}},
	22: {{"wrangler.toml", Shared, ""}},
	23: {{"netlify.toml", Shared, ""}},
	24: {{".firebaserc", None, ""}},
	25: {{"vercel.json", Shared, ""}, {".vercel/.env.production.local", Production, ""},
		{".vercel/.env.preview.local", Development, ""}},
	26: {{"src/environments/environment.prod.ts", Production, ""}, {"src/environments/environment.staging.ts", Staging, ""},
		{"src/environments/environment.ts", Development, "Angular"}},
	27: {{".github/workflows/deploy-prod.yml", Production, ""},
		{".github/workflows/ci.yml", None, "pipeline definition"}, {".github/workflows/release.yml", None, ""}},
	28: {{".gitlab-ci.yml", None, "pipeline definition"}, {"bitbucket-pipelines.yml", None, ""},
		{"azure-pipelines.yml", None, ""}, {"azure-pipelines-prod.yml", Production, ""}, {".gitlab/ci/deploy.yml", None, ""},
		{".circleci/config.yml", None, ""}},
	29: {{"analytics/profiles.yml", None, ""}},
	30: {{"services/billing/prod/config.ini", Production, ""}, {"ops/staging-eu/app.conf", Staging, ""},
		{"ProdConfig.json", Production, ""}, {"ci/prod.yml", Production, ""}, {"ci/config.yml", None, ""},
		{"test/fixtures/config.yml", Test, ""}, {"deploy/prod/template.yaml", Production, ""},
		{"template.yaml", None, "no environment in path"}},
}

func TestPathTable(t *testing.T) {
	c := classifier(t, Settings{})
	for row, cases := range pathTable {
		for _, tc := range cases {
			d := c.Path(tc.path)
			if d.Env != tc.env {
				t.Errorf("row %d: Path(%q) = %q (%s), want %q", row, tc.path, d.Env, d.Reason, tc.env)
			}
			if d.Reason == "" || !strings.Contains(d.Reason, tc.reason) {
				t.Errorf("row %d: Path(%q) reason %q, want it to contain %q", row, tc.path, d.Reason, tc.reason)
			}
		}
	}
}

// TestPathFalsePositives: directories and files whose names contain an
// environment word, but not as a token.
func TestPathFalsePositives(t *testing.T) {
	c := classifier(t, Settings{})
	for _, p := range []string{"config/product.yml", "devices/config.yml", "latest/config.yml", "backstage/app-config.yaml",
		"k8s/livenessProbe.yaml", "config/locale.yml", "src/localStorage.json", "contest/settings.json",
		"devise/config.yml", "deliver/app.json", "src/testdata/a.json", "products/prod_id.json"} {
		if d := c.Path(p); d.Env != None {
			t.Errorf("Path(%q) = %q (%s), want none", p, d.Env, d.Reason)
		}
	}
}

// checkPaths checks each path's environment and a fragment of its reason.
func checkPaths(t *testing.T, c *Classifier, cases []pathCase) {
	t.Helper()
	for _, tc := range cases {
		d := c.Path(tc.path)
		if d.Env != tc.env || !strings.Contains(d.Reason, tc.reason) {
			t.Errorf("Path(%q) = %+v, want %q with %q", tc.path, d, tc.env, tc.reason)
		}
	}
}

// TestPathAppTestWords: a test word after the first token of a compound
// directory name says what an application does, not where it runs; first,
// or alone, it names the environment; other environments count anywhere.
func TestPathAppTestWords(t *testing.T) {
	c := classifier(t, Settings{})
	cases := []pathCase{
		{"charts/govuk-e2e-tests/values.yaml", Shared, ""},
		{"deployments/synthetic-test/main.tf", None, ""},
		{"apps/load-testing/config.yml", None, ""},
		{"charts/chat-evaluation-ci/values.yaml", Shared, ""},
		{"e2e-tests/config.yml", Test, `directory "e2e-tests"`},
		{"test-cluster/config.yml", Test, ""},
		{"tests/config.yml", Test, ""},
		{"envs/qa-eu/app.yaml", Test, ""},
		{"deploy/payments-integration-api-prod/app.yaml", Production, `token "prod"`},
		{"deploy/shop-staging-eu/app.yaml", Staging, ""},
		{"charts/app/values-integration.yaml", Test, `file name`},
	}
	checkPaths(t, c, cases)
}

// TestPathTerraformCode: a .tf file's name is its topic, not its
// environment; directories and .tfvars names still decide.
func TestPathTerraformCode(t *testing.T) {
	c := classifier(t, Settings{})
	cases := []pathCase{
		{"cluster/components/ingress-non-prod.tf", None, ""},
		{"accounts/prod.tf", None, ""},
		{"envs/prod/ingress-non-prod.tf", Production, `directory "envs/prod"`},
		{"variables/prod.tfvars", Production, `file name "prod.tfvars"`},
		{"envs/staging.tfvars.json", Staging, ""},
	}
	checkPaths(t, c, cases)
}

// TestPathSpecificity: file name beats directory, the nearest directory
// beats outer ones, and shared applies only when no level names an
// environment.
func TestPathSpecificity(t *testing.T) {
	c := classifier(t, Settings{})
	cases := []pathCase{
		{"envs/prod/values-dev.yaml", Development, `more specific than directory "envs/prod", production`},
		{"envs/prod/eu/staging/app.yaml", Staging, `directory "envs/prod/eu/staging"`},
		{"deploy/uat/values.yaml", Staging, ""},
		{"overlays/staging/.env", Staging, ""},
		{"prod/k8s/base/deployment.yaml", Production, ""},
	}
	checkPaths(t, c, cases)
}

func TestPathAllocations(t *testing.T) {
	c := classifier(t, Settings{})
	for _, p := range []string{"services/api/src/handlers/user_handler.go", "web/src/components/Button/index.json"} {
		if n := testing.AllocsPerRun(100, func() { c.Path(p) }); n > 1 {
			t.Errorf("Path(%q): %v allocations per call, want at most 1", p, n)
		}
	}
}
