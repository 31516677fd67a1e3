package engine

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/source"
)

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, content := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// everyValue reports one finding per value, so tests see what was read.
var everyValue = &rule.Rule{ID: "every-value", Summary: "test", Doc: "# every-value\n", Severity: finding.Note, Run: func(p *rule.Pass) error {
	for _, f := range p.Repo.Files {
		for _, v := range f.Values {
			p.Report(rule.At(v))
		}
	}
	return nil
}}

func TestBadInputNeverStopsTheScan(t *testing.T) {
	root := writeTree(t, map[string]string{
		"broken.yml":        "a: [\n  b: c\n",
		"broken.json":       `{"a": `,
		"binary.yml":        "a: 1\x00\x01\x02",
		"invalid-utf8.env":  "A=\xff\xfe\n",
		"empty.yaml":        "",
		"ok/.env.prod":      "B=2\n",
		"deep.json":         strings.Repeat("[", 100000),
		"config/fine.toml":  "x = 1\n",
		"ignored/README.md": "not config",
	})
	res, notes := scanNotes(t, root)
	for _, want := range []string{"binary.yml: skipped: binary file", "broken.json: not fully parsed", "broken.yml: not fully parsed", "deep.json: not fully parsed"} {
		if !slices.ContainsFunc(notes, func(n string) bool { return strings.HasPrefix(n, want) }) {
			t.Errorf("notes %q lack %q", notes, want)
		}
	}
	var paths []string
	for _, f := range res.Findings {
		paths = append(paths, f.Path)
	}
	for _, want := range []string{"ok/.env.prod", "config/fine.toml", "invalid-utf8.env"} {
		if !slices.Contains(paths, want) {
			t.Errorf("value of %s not read (findings in %v)", want, paths)
		}
	}
}

func TestPanickingRuleIsAnError(t *testing.T) {
	root := writeTree(t, map[string]string{".env": "A=1\n"})
	boom := &rule.Rule{ID: "boom", Summary: "x", Doc: "# boom\n", Severity: finding.Error, Run: func(*rule.Pass) error { panic("bad index") }}
	_, err := Scan(context.Background(), source.Dir{Root: root}, Options{Rules: []*rule.Rule{boom}})
	if err == nil || !strings.Contains(err.Error(), "rule boom: internal error: a panic (string)") || strings.Contains(err.Error(), "goroutine") {
		t.Fatalf("err = %v", err)
	}
}

// panickingSource yields a file whose read panics, and a good one.
type panickingSource struct{}

func (panickingSource) Walk(_ context.Context, visit func(source.File) error, _ func(source.Note)) error {
	if err := visit(source.File{Path: ".env.production", Kind: source.Dotenv, Read: func() ([]byte, error) { panic("parser bug") }}); err != nil {
		return err
	}
	return visit(source.File{Path: ".env.staging", Kind: source.Dotenv, Read: func() ([]byte, error) { return []byte("A=1\n"), nil }})
}

// TestPanicWhileReadingIsAnUnreadFile: a panic while reading one file
// makes that file unread, said in a note and in the model, and the scan
// reads the others.
func TestPanicWhileReadingIsAnUnreadFile(t *testing.T) {
	var unread []string
	seeUnread := &rule.Rule{ID: "see-unread", Summary: "x", Doc: "# x\n", Severity: finding.Note, Run: func(p *rule.Pass) error {
		for _, f := range p.Repo.Files {
			if f.Unread != "" {
				unread = append(unread, f.Path+": "+f.Unread)
			}
		}
		return nil
	}}
	res, err := Scan(context.Background(), panickingSource{}, Options{Rules: []*rule.Rule{everyValue, seeUnread}})
	if err != nil {
		t.Fatal(err)
	}
	if len(unread) != 1 || !strings.Contains(unread[0], ".env.production: internal error while reading it: a panic (string)") {
		t.Errorf("unread files: %q", unread)
	}
	if len(res.Findings) != 1 || res.Findings[0].Path != ".env.staging" {
		t.Errorf("the good file was not read: %+v", res.Findings)
	}
}

func TestScopesAndDeterminism(t *testing.T) {
	root := writeTree(t, map[string]string{
		"config/database.yml": "development:\n  password: a\nproduction:\n  password: b\n",
		".env.staging":        "X=1\n",
	})
	var last []finding.Finding
	for i := 0; i < 3; i++ {
		res, err := Scan(context.Background(), source.Dir{Root: root}, Options{Rules: []*rule.Rule{everyValue}, Workers: i + 1})
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 && !slices.EqualFunc(last, res.Findings, func(a, b finding.Finding) bool { return a.Fingerprint == b.Fingerprint && a.Line == b.Line }) {
			t.Fatal("findings differ between runs")
		}
		last = res.Findings
		scopes := res.Repo.Scopes()
		if len(scopes) != 4 || scopes[1].Kind != model.FileScope || scopes[2].Name != "development" || scopes[3].Env != "production" {
			for _, s := range scopes {
				t.Logf("%+v", *s)
			}
			t.Fatal("unexpected scopes")
		}
	}
}

func BenchmarkScanSmallRepo(b *testing.B) {
	files := map[string]string{}
	for i := 0; i < 200; i++ {
		files[filepath.Join("svc", string(rune('a'+i%26)), strings.Repeat("x", i%7+1), ".env.production")] = "DB_PASSWORD=p\nDB_HOST=db.prod.internal\n"
		files[filepath.Join("svc", string(rune('a'+i%26)), strings.Repeat("y", i%5+1), "values.yaml")] = "image: x\nenv:\n  A: b\n"
	}
	root := b.TempDir()
	for p, c := range files {
		full := filepath.Join(root, p)
		os.MkdirAll(filepath.Dir(full), 0o755)
		os.WriteFile(full, []byte(c), 0o644)
	}
	for b.Loop() {
		if _, err := Scan(context.Background(), source.Dir{Root: root}, Options{Rules: []*rule.Rule{everyValue}}); err != nil {
			b.Fatal(err)
		}
	}
}

// memSource serves files from memory with blob ids, as git sources do.
type memSource map[string]string // path → content; the id is the content

func (m memSource) Walk(ctx context.Context, visit func(source.File) error, note func(source.Note)) error {
	for _, p := range slices.Sorted(maps.Keys(m)) {
		content := m[p]
		f := source.File{Path: p, Kind: source.KindOf(p), Size: int64(len(content)), ID: "id:" + content,
			Read: func() ([]byte, error) { return []byte(content), nil }}
		if err := visit(f); err != nil {
			return err
		}
	}
	return nil
}

// TestCacheKeepsKindAndPath shares one cache between scans in which the
// same blob sits at paths of other kinds and other environments: each is
// parsed as its own kind and classified at its own path.
func TestCacheKeepsKindAndPath(t *testing.T) {
	const content = "password: a\n"
	cache := NewCache()
	scan := func(files memSource) map[string]string {
		t.Helper()
		res, err := Scan(context.Background(), files, Options{Rules: []*rule.Rule{everyValue}, Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, f := range res.Repo.Files {
			for _, v := range f.Values {
				got[f.Path] += strings.Join(v.Entry.Path, ".") + "@" + string(v.Scope.Env) + " "
			}
		}
		return got
	}
	first := scan(memSource{"config/production.yml": content})
	second := scan(memSource{"config/production.yml": content, "config/development.yml": content, "deploy/production.env": content})
	want := map[string]string{
		"config/production.yml":  "password@production ",
		"config/development.yml": "password@development ",
		"deploy/production.env":  "", // not a dotenv assignment: parsed as YAML it would be one
	}
	if first["config/production.yml"] != want["config/production.yml"] {
		t.Errorf("first scan: %v", first)
	}
	for p, w := range want {
		if second[p] != w {
			t.Errorf("%s: got %q, want %q", p, second[p], w)
		}
	}
}

// slowSource yields a file whose read outlasts any deadline.
type slowSource struct{ release chan struct{} }

func (s slowSource) Walk(_ context.Context, visit func(source.File) error, _ func(source.Note)) error {
	return visit(source.File{Path: ".env.production", Kind: source.Dotenv, Read: func() ([]byte, error) { <-s.release; return []byte("A=1\n"), nil }})
}

// TestDeadlineDuringOneFile: a scan returns at its deadline even while a
// file is still being read, so that a hook can print its verdict in time.
func TestDeadlineDuringOneFile(t *testing.T) {
	src := slowSource{release: make(chan struct{})}
	defer close(src.release)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := Scan(ctx, src, Options{Rules: []*rule.Rule{everyValue}})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
}

// TestTemplatesGetOneNote: Helm templates that do not parse as YAML are
// counted in one note; a broken YAML file elsewhere, or a template that is
// broken without any template expression, keeps its own note.
func TestTemplatesGetOneNote(t *testing.T) {
	broken := "a: [\n  b: c\n"
	tpl := "metadata:\n  name: {{ include \"x\" . }}\n  labels:\n{{ toYaml .Values.labels | indent 4 }}\n"
	// Only rendering makes this one YAML: its range builds the mapping.
	rendered := "items:\n{{- range .Values.items }}\n  - name: {{ . }}\n    tags: [\n{{- end }}\n"
	root := writeTree(t, map[string]string{
		"charts/web/templates/deployment.yaml": tpl,
		"charts/web/templates/service.yaml":    tpl,
		"charts/web/templates/list.yaml":       rendered,
		"charts/web/templates/list2.yaml":      rendered,
		"charts/web/templates/plain.yaml":      broken,
		"config/app.yml":                       broken,
	})
	_, notes := scanNotes(t, root)
	want := []string{
		".: 2 Helm or Go template files (under templates/, or *.tpl) are YAML only once rendered: what parses with their template actions set aside was read",
		"charts/web/templates/plain.yaml: not fully parsed: line 2: invalid YAML: did not find expected ',(…)]'",
		"config/app.yml: not fully parsed: line 2: invalid YAML: did not find expected ',(…)]'",
	}
	if !slices.Equal(notes, want) {
		t.Errorf("notes:\n%s", strings.Join(notes, "\n"))
	}
}

// scanNotes scans root with everyValue and returns the result and its
// notes as "path: message" lines.
func scanNotes(t *testing.T, root string) (*Result, []string) {
	t.Helper()
	res, err := Scan(context.Background(), source.Dir{Root: root}, Options{Rules: []*rule.Rule{everyValue}})
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, n := range res.Notes {
		notes = append(notes, n.Path+": "+n.Message)
	}
	return res, notes
}

// TestLinksAddOnlyAnEnvironment: a file linked into a deployment is read
// there when it has no environment of its own (shared, or none), and not
// when its own path already gives it one: then the link would only
// repeat its findings.
func TestLinksAddOnlyAnEnvironment(t *testing.T) {
	root := writeTree(t, map[string]string{
		"deploy/common/common.env":          "DB_HOST=db\n",
		"deploy/prod/.env":                  "APP_ENV=production\n",
		"charts/app/values-staging.yaml":    "host: staging.acme.io\n",
		"charts/app/values-production.yaml": "host: acme.io\n",
	})
	for link, target := range map[string]string{"deploy/prod/common.env": "../common/common.env", "charts/app/ci/staging-values.yaml": "../values-staging.yaml"} {
		os.MkdirAll(filepath.Dir(filepath.Join(root, link)), 0o755)
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	res, notes := scanNotes(t, root)
	var paths []string
	for _, f := range res.Repo.Files {
		paths = append(paths, f.Path)
	}
	if !slices.Contains(paths, "deploy/prod/common.env") || slices.Contains(paths, "charts/app/ci/staging-values.yaml") {
		t.Errorf("files read: %v", paths)
	}
	want := "charts/app/ci/staging-values.yaml: read at charts/app/values-staging.yaml, the file this link ends at, whose environment is its own"
	if !slices.Contains(notes, want) {
		t.Errorf("notes %v lack %q", notes, want)
	}
}
