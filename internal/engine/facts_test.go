package engine

import (
	"context"
	"slices"
	"testing"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/source"
)

// keyLinks links files by their keys, so that the facts show its links.
var keyLinks = &rule.Rule{ID: "key-links", Summary: "test", Doc: "# key-links\n", Severity: finding.Note, Reach: rule.Linked,
	Links: func(_ *model.Repo, f *model.File) []rule.Link {
		var out []rule.Link
		for _, v := range f.Values {
			out = append(out, rule.SameKey("key:"+v.Key()), rule.SameKey("key:"+v.Key()))
		}
		return out
	},
	Run: func(*rule.Pass) error { return nil }}

// perFile reports every file it sees, with the environments of its scopes.
var perFile = &rule.Rule{ID: "per-file", Summary: "test", Doc: "# per-file\n", Severity: finding.Note, Reach: rule.OwnFile, Run: func(p *rule.Pass) error {
	for _, f := range p.Repo.Files {
		msg := string(f.Scope.Env)
		for _, s := range f.Sections {
			msg += "," + string(s.Env)
		}
		p.Report(finding.Finding{Path: f.Path, Line: 1, Message: msg})
	}
	return nil
}}

func TestFactsAndStubs(t *testing.T) {
	root := writeTree(t, map[string]string{
		".env.production":        "A=1\nB=2\n",
		"config/application.yml": "app: x\n---\nspring:\n  config:\n    activate:\n      on-profile: staging\nurl: y\n",
	})
	facts, err := Facts(context.Background(), source.Dir{Root: root}, Options{Rules: []*rule.Rule{keyLinks, perFile}})
	if err != nil {
		t.Fatal(err)
	}
	if len(facts) != 2 || facts[0].Path != ".env.production" {
		t.Fatalf("facts: %+v", facts)
	}
	prod := facts[0]
	if !slices.Equal(prod.Envs, []envmodel.Env{envmodel.Production}) || !slices.Equal(prod.Links, []rule.Link{rule.SameKey("key:A"), rule.SameKey("key:B"), rule.Provider("production-project:"), rule.Provider("production-project:*")}) {
		t.Fatalf("facts of .env.production: %+v", prod)
	}
	if app := facts[1]; !slices.Contains(app.Envs, envmodel.Staging) {
		t.Fatalf("a section's environment is missing from the facts: %+v", app)
	}

	// A stub stands in with its environments; its findings are dropped;
	// a read file of the same path wins over a stub.
	stubs := []FileFacts{
		{Path: "svc/.env.staging", Kind: source.Dotenv, Envs: []envmodel.Env{envmodel.None, envmodel.Staging, envmodel.Production}},
		prod,
	}
	res, err := Scan(context.Background(), source.Dir{Root: root}, Options{Rules: []*rule.Rule{perFile}, Stubs: stubs, Facts: true})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range res.Repo.Files {
		paths = append(paths, f.Path)
		if f.Path == "svc/.env.staging" && (!f.Stub || len(f.Sections) != 2 || f.Sections[1].Env != envmodel.Production) {
			t.Fatalf("stub: %+v", f)
		}
		if f.Path == ".env.production" && f.Stub {
			t.Fatal("a stub replaced a file that was read")
		}
	}
	if !slices.Equal(paths, []string{".env.production", "config/application.yml", "svc/.env.staging"}) {
		t.Fatalf("files in path order with the stub: %v", paths)
	}
	for _, f := range res.Findings {
		if f.Path == "svc/.env.staging" {
			t.Fatal("a finding in a stub was reported")
		}
	}
	if len(res.Findings) != 2 || len(res.Facts) != 2 {
		t.Fatalf("findings %d, facts %d: want 2 each (stubs have no facts)", len(res.Findings), len(res.Facts))
	}
}
