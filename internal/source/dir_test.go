package source

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func write(t *testing.T, root, rel, content string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func walk(t *testing.T, d Dir) (paths []string, notes []Note) {
	t.Helper()
	err := d.Walk(context.Background(), func(f File) error {
		data, err := f.Read()
		if errors.Is(err, ErrTooLarge) {
			paths = append(paths, f.Path+" (too large)")
			return nil
		}
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(data)) != f.Size {
			t.Errorf("%s: size %d, read %d", f.Path, f.Size, len(data))
		}
		paths = append(paths, f.Path)
		return nil
	}, func(n Note) { notes = append(notes, n) })
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(paths)
	return paths, notes
}

func TestDirWalk(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write(t, outside, "secret.env", "X=1\n")
	write(t, root, ".env.production", "A=1\n")
	write(t, root, "config/database.yml", "a: 1\n")
	write(t, root, "src/main.go", "package main\n")
	write(t, root, ".git/config", "[core]\n")
	write(t, root, "node_modules/pkg/config.json", "{}")
	write(t, root, "vendor/x/app.yml", "a: 1")
	write(t, root, "docs/ignored.yml", "a: 1")
	if err := os.Symlink(filepath.Join(outside, "secret.env"), filepath.Join(root, "linked.env")); err != nil {
		t.Fatal(err)
	}
	// Links inside the tree are followed to files, under their own path.
	for link, target := range map[string]string{
		"deploy/prod/common.tf": "../../modules/common.tf", "chain.env": "deploy/prod/common.tf.env",
		"deploy/prod/common.tf.env": "../../.env.production", "up.env": "../outside.env",
		"loop1.env": "loop2.env", "loop2.env": "loop1.env", "dir.yml": "config", "missing.env": "nope.env",
		"README.link": "README.md",
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(root, link)), 0o755)
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	write(t, root, "modules/common.tf", "variable \"a\" {}\n")
	big := strings.Repeat("A=1\n", MaxFileSize/4+1)
	write(t, root, "huge.env", big)

	paths, notes := walk(t, Dir{Root: root, Exclude: []string{"docs/**"}})
	// An oversized file is handed on with a read that says so: the scan
	// reports it instead of skipping it in silence.
	want := []string{".env.production", "chain.env", "config/database.yml", "deploy/prod/common.tf", "deploy/prod/common.tf.env", "huge.env (too large)", "modules/common.tf"}
	if !slices.Equal(paths, want) {
		t.Errorf("paths = %v, want %v", paths, want)
	}
	var msgs []string
	for _, n := range notes {
		msgs = append(msgs, n.Path+": "+n.Message)
	}
	for _, w := range []string{
		"linked.env: skipped: symbolic link to a path outside the scanned tree, not followed",
		"up.env: skipped: symbolic link to a path outside the scanned tree, not followed",
		"loop1.env: skipped: symbolic link loop or chain of too many links, not followed",
		"dir.yml: skipped: symbolic link to a directory, not followed",
		"missing.env: skipped: symbolic link to a missing file, not followed",
	} {
		if !slices.Contains(msgs, w) {
			t.Errorf("notes %v lack %q", msgs, w)
		}
	}
}

func TestDirWalkErrors(t *testing.T) {
	err := Dir{Root: filepath.Join(t.TempDir(), "missing")}.Walk(context.Background(), func(File) error { return nil }, func(Note) {})
	if err == nil {
		t.Fatal("missing root: no error")
	}
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, nil, 0o644)
	if err := (Dir{Root: f}).Walk(context.Background(), func(File) error { return nil }, func(Note) {}); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Fatalf("file root: %v", err)
	}
}

func TestExcluded(t *testing.T) {
	cases := []struct {
		path  string
		globs []string
		want  bool
	}{
		{"vendor/a/b.yml", []string{"vendor/**"}, true},
		{"vendor", []string{"vendor/**"}, true},
		{"a/node_modules", []string{"**/node_modules/**"}, true},
		{"src/app.yml", []string{"vendor/**"}, false},
		{"x.yml", []string{"["}, false},
	}
	for _, c := range cases {
		if got := Excluded(c.path, c.globs); got != c.want {
			t.Errorf("Excluded(%q, %q) = %v", c.path, c.globs, got)
		}
	}
}
