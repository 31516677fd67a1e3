package source

import "testing"

func TestKindOf(t *testing.T) {
	cases := map[string]Kind{
		".env":                                 Dotenv,
		".env.production":                      Dotenv,
		".firebaserc":                          JSON,
		"config/environments/production.rb":    Ruby,
		"config/application.rb":                Ruby,
		"config/initializers/sidekiq.rb":       Ruby,
		"apps/shop/config/puma.rb":             Ruby,
		"config/routes.rb":                     Unknown,
		"app/models/user.rb":                   Unknown,
		"config/prod.exs":                      Elixir,
		"apps/web/config/runtime.exs":          Elixir,
		"test/test_helper.exs":                 Unknown,
		"config/database.php":                  PHP,
		"wp-config.php":                        PHP,
		"web/sites/default/settings.php":       PHP,
		"app/Http/Kernel.php":                  Unknown,
		"Dockerfile":                           Dockerfile,
		"docker/Dockerfile.prod":               Dockerfile,
		"api.Dockerfile":                       Dockerfile,
		"Containerfile":                        Dockerfile,
		".dockerignore":                        Unknown,
		"Dockerfile.dockerignore":              Unknown,
		"knexfile.js":                          Script,
		"ecosystem.config.js":                  Script,
		"config/database.ts":                   Script,
		"src/database.ts":                      Unknown,
		"web/.firebaserc":                      JSON,
		"shop/settings.py":                     Python,
		"config/settings/production.py":        Python,
		"config/settings/__init__.py":          Python,
		"settings_local.py":                    Python,
		"shop/prod_settings.py":                Python,
		"shop/views.py":                        Unknown,
		"src/environments/environment.ts":      Script,
		"src/environments/environment.prod.ts": Script,
		"config/production.js":                 Script,
		"config/default-eu.cjs":                Script,
		"config/webpack.js":                    Unknown,
		"src/app/app.component.ts":             Unknown,
		"tests/test_settings_page.py":          Unknown,
		"services/api/.env.staging.local":      Dotenv,
		"prod.env":                             Dotenv,
		".env-prod":                            Dotenv,
		".env_dev":                             Dotenv,
		".dev.vars":                            Dotenv,
		".env.keys":                            KeyFile,
		".env.production.enc":                  Unknown,
		"config/master.key":                    KeyFile,
		"config/credentials/production.key":    KeyFile,
		"certs/server.pem":                     KeyFile,
		"deploy/id_rsa":                        KeyFile,
		"config/database.yml":                  YAML,
		"charts/app/values-prod.yaml":          YAML,
		".github/workflows/deploy.yml":         Workflow,
		"sub/.github/workflows/ci.yaml":        Workflow,
		".github/dependabot.yml":               YAML,
		"appsettings.Production.json":          JSON,
		"package-lock.json":                    Unknown,
		"tsconfig.json":                        Unknown,
		"dist/app.min.json":                    Unknown,
		"netlify.toml":                         TOML,
		"Cargo.lock":                           Unknown,
		"setup.cfg":                            INI,
		"inventories/production/hosts":         INI,
		"inventory/staging":                    INI,
		"src/main/resources/app.properties":    Properties,
		"envs/prod/main.tf":                    HCL,
		"envs/prod/prod.tfvars":                HCL,
		"live/prod/terragrunt.hcl":             HCL,
		".terraform.lock.hcl":                  Unknown,
		"Makefile":                             Makefile,
		"build/rules.mk":                       Makefile,
		"justfile":                             Makefile,
		"scripts/deploy.sh":                    Shell,
		"bin/release":                          Shell,
		"CODEOWNERS":                           CodeOwners,
		".github/CODEOWNERS":                   CodeOwners,
		"docs/CODEOWNERS":                      CodeOwners,
		"OWNERS":                               ProwOwners,
		"site/OWNERS":                          ProwOwners,
		"src/CODEOWNERS":                       Unknown,
		".envfence.yml":                        OwnConfig,
		"main.go":                              Unknown,
		"README.md":                            Unknown,
		"src/environment.prod.ts":              Script,
		"src/main.ts":                          Unknown,
		"LICENSE":                              Unknown,
		"assets/logo.png":                      Unknown,
		"docker-compose.prod.yml":              YAML,
		"config/environments/production.json":  JSON,
	}
	for path, want := range cases {
		if got := KindOf(path); got != want {
			t.Errorf("KindOf(%q) = %v, want %v", path, got, want)
		}
	}
}

func BenchmarkKindOf(b *testing.B) {
	paths := []string{"src/app/components/Button.tsx", "services/api/.env.production", "charts/app/values-prod.yaml", "pkg/server/handler.go", "README.md", ".github/workflows/deploy.yml"}
	for b.Loop() {
		for _, p := range paths {
			KindOf(p)
		}
	}
}
