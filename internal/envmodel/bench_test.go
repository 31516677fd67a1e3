package envmodel

import (
	"testing"

	"github.com/envfence/envfence/internal/parse"
	"github.com/envfence/envfence/internal/source"
)

// benchPaths is ~1,000 paths as a monorepo has them: service trees with
// source files, config and deploy directories per environment, charts,
// Terraform and Terragrunt trees, workflows.
func benchPaths() []string {
	dirs := []string{
		"", "services/api", "services/billing", "services/web/src/components/Button", "services/web/src/hooks",
		"k8s/base", "k8s/overlays/prod", "k8s/overlays/staging", "k8s/overlays/dev", "charts/api", "charts/api/templates",
		"infra/envs/prod", "infra/envs/nonprod", "infra/modules/vpc", "live/prod/us-east-1/mysql", "live/_envcommon",
		"src/main/resources", "src/test/resources", "config", "config/environments", "config/settings",
		".github/workflows", "deploy/uat", "inventories/production/group_vars/all", "docs/ProductGuide",
		"packages/shared/lib", "tools/DevTools/scripts", "clusters/prod-eu-1/apps", "test/fixtures", "node/LocalStorage",
		"services/orders/internal/handlers", "services/orders/cmd/server", "ops/Terraform/Modules/Network",
		"apps/mobile/ios/Runner", "apps/mobile/android/app/src/main", "e2e/specs", "scripts", "db/migrations",
		"vendor/github.com/acme/lib",
	}
	files := []string{
		"main.go", "handler_test.go", "README.md", ".env", ".env.production", ".env.example", "values.yaml",
		"values-prod.yaml", "application.yml", "application-prod.yml", "appsettings.Production.json", "config.json",
		"database.yml", "kustomization.yaml", "main.tf", "terraform.tfvars", "prod.tfvars", "terragrunt.hcl",
		"docker-compose.yml", "docker-compose.override.yml", "index.tsx", "Button.stories.tsx", "deploy-prod.yml",
		"package.json", "Makefile",
	}
	var out []string
	for _, d := range dirs {
		for _, f := range files {
			if d == "" {
				out = append(out, f)
			} else {
				out = append(out, d+"/"+f)
			}
		}
	}
	return out
}

func BenchmarkFile(b *testing.B) {
	c := classifier(b, spec6)
	paths := benchPaths()
	kinds := make([]source.Kind, len(paths))
	for i, p := range paths {
		kinds[i] = source.KindOf(p)
	}
	b.ReportAllocs()
	for b.Loop() {
		for i, p := range paths {
			c.File(p, kinds[i], nil)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(paths)), "ns/path")
}

func BenchmarkName(b *testing.B) {
	c := classifier(b, Settings{})
	names := []string{"deploy-prod", "PROD_DB_PASSWORD", "build-and-test", "deployToStaging", "AWS_ACCESS_KEY_ID", "review/app-42"}
	b.ReportAllocs()
	for b.Loop() {
		for _, n := range names {
			c.Name(n)
		}
	}
}

// BenchmarkSections classifies a 600-line database.yml-shaped file and a
// 2,000-entry file with no environment keys.
func BenchmarkSections(b *testing.B) {
	c := classifier(b, Settings{})
	envs := []byte{}
	for _, env := range []string{"default", "development", "test", "staging", "production", "production_replica"} {
		envs = append(envs, env+":\n"...)
		for i := range 100 {
			envs = append(envs, "  key_"...)
			envs = append(envs, byte('a'+i%26), byte('a'+i/26))
			envs = append(envs, ": value\n"...)
		}
	}
	plain := []byte{}
	for i := range 2000 {
		plain = append(plain, "service"...)
		plain = append(plain, byte('a'+i%26), byte('a'+(i/26)%26), byte('a'+i/676))
		plain = append(plain, ":\n  image: nginx\n  replicas: 2\n"...)
	}
	for _, tc := range []struct {
		name, path string
		src        []byte
	}{{"env-keyed", "config/database.yml", envs}, {"plain", "deploy/services.yml", plain}} {
		doc, err := parse.Parse(source.YAML, tc.src)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.File(tc.path, source.YAML, doc)
			}
		})
	}
}
