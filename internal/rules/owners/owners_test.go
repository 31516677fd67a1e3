package owners_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/rules/owners"
	"github.com/envfence/envfence/internal/ruletest"
	"github.com/envfence/envfence/internal/source"
)

func TestProdConfigWithoutOwner(t *testing.T) {
	ruletest.Run(t, "testdata/prod-config-without-owner", owners.ProdConfigWithoutOwner)
}

// TestNoCodeOwners checks the finding at the repository root, which no
// want comment can sit next to.
func TestNoCodeOwners(t *testing.T) {
	res, err := engine.Scan(context.Background(), source.Dir{Root: filepath.Join("testdata", "prod-config-without-owner", "none")}, engine.Options{Rules: []*rule.Rule{owners.ProdConfigWithoutOwner}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Path != "." || len(res.Findings[0].Related) != 1 || res.Findings[0].Related[0].Path != "config/database.yml" {
		t.Fatalf("findings: %+v", res.Findings)
	}
	if _, err := os.Stat(filepath.Join("testdata", "prod-config-without-owner", "none", "CODEOWNERS")); err == nil {
		t.Fatal("the none scenario must not have a CODEOWNERS file")
	}
}
