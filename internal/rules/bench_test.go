package rules

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/source"
)

// benchRepo builds the model of a 2,000-file repository of services with
// per-environment configuration and workflows.
func benchRepo(b *testing.B) *model.Repo {
	root := b.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(content), 0o644)
	}
	for i := 0; i < 200; i++ {
		svc := fmt.Sprintf("services/s%03d/", i)
		write(svc+".env.staging", fmt.Sprintf("DATABASE_URL=postgres://app:${PW}@s%d-db.staging.acme.internal/x\nAPI_TOKEN=tok-%d-shared\n", i, i))
		write(svc+".env.production", fmt.Sprintf("DATABASE_URL=postgres://app:${PW}@s%d-db.prod.acme.internal/x\nAPI_TOKEN=tok-%d-shared\n", i, i))
		write(svc+"config/database.yml", "development:\n  password: dev\nproduction:\n  password: <%= ENV['X'] %>\n")
		write(svc+"deploy/values-prod.yaml", fmt.Sprintf("roleArn: arn:aws:iam::2109876543%02d:role/x\n", i%100))
		write(svc+"Makefile", "deploy:\n\tkubectl --context prod-eu apply -f k8s/\n")
		write(svc+"package.json", `{"scripts": {"test": "jest"}}`)
		for j := 0; j < 4; j++ {
			write(fmt.Sprintf("%sapp/config%d.yml", svc, j), "a: 1\nb:\n  c: [x, y]\n")
		}
	}
	for i := 0; i < 20; i++ {
		write(fmt.Sprintf(".github/workflows/deploy%d.yml", i), "on: push\njobs:\n  deploy:\n    runs-on: x\n    steps:\n      - run: helm upgrade a ./c -f values-prod.yaml\n        env:\n          T: ${{ secrets.PROD_TOKEN }}\n")
	}
	res, err := engine.Scan(context.Background(), source.Dir{Root: root}, engine.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return res.Repo
}

// BenchmarkRule times each rule alone on the same model (shared derived
// facts are rebuilt per iteration, as in a real scan).
func BenchmarkRule(b *testing.B) {
	base := benchRepo(b)
	for _, r := range All() {
		if r.Online {
			continue
		}
		b.Run(r.ID, func(b *testing.B) {
			for b.Loop() {
				repo := &model.Repo{Files: base.Files, Classifier: base.Classifier}
				pass := rule.NewPass(r, repo, func(finding.Finding) {})
				if err := r.Run(pass); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
