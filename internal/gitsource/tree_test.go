package gitsource

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/source"
)

// richRepo commits files of every sort a walk must handle: known and
// unknown kinds, nested and excluded directories, an executable, a link, a
// submodule, a file over the size limit and one big enough to be streamed
// from a pack.
func richRepo(t *testing.T) string {
	t.Helper()
	dir := newWorkRepo(t)
	writeFile(t, dir, ".env.production", "DB_PASSWORD=one\n")
	writeFile(t, dir, "config/database.yml", "production:\n  host: db\n")
	writeFile(t, dir, "config/deep/er/app.json", `{"a": 1}`)
	writeFile(t, dir, "src/main.go", "package main\n")
	writeFile(t, dir, "README.md", "# x\n")
	writeFile(t, dir, "node_modules/pkg/config.json", "{}")
	writeFile(t, dir, "docs/example.env", "A=1\n")
	writeFile(t, dir, "bin/deploy", "#!/bin/sh\n")
	os.Chmod(filepath.Join(dir, "bin/deploy"), 0o755)
	writeFile(t, dir, "data/huge.json", strings.Repeat(" ", source.MaxFileSize+1))
	writeFile(t, dir, "data/medium.json", "["+strings.Repeat("1,", 1<<20)+"1]")
	// Links: followed to a file inside the tree (also through a chain),
	// never outside it, to a directory, to nothing or round a loop; a
	// link with a name envfence does not read is left alone.
	for link, target := range map[string]string{
		"linked.env": ".env.production", "chain.env": "linked.env", "config/up.env": "../.env.production",
		"outside.env": "../outside.env", "abs.env": "/etc/hostname", "loop1.env": "loop2.env", "loop2.env": "loop1.env",
		"dirlink.yml": "config", "missing.env": "nope.env", "README.link": "README.md",
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, link)), 0o755)
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	git(t, dir, "add", "-A")
	// A gitlink needs no submodule repository to be committed.
	git(t, dir, "update-index", "--add", "--cacheinfo", "160000,"+strings.Repeat("5", 40)+",vendored/sub")
	git(t, dir, "commit", "-qm", "rich")
	return dir
}

func TestTreeMatchesLsTree(t *testing.T) {
	dir := richRepo(t)
	exclude := []string{"docs/**"}
	check := func(state string) {
		r := openRepo(t, dir)
		w := walkSource(t, r.Tree(resolve(t, r, "HEAD"), exclude))
		want := lsTree(t, dir, "HEAD", exclude)
		delete(want, "data/huge.json") // offered, but its Read refuses
		for _, link := range []string{"linked.env", "chain.env", "config/up.env"} {
			want[link] = want[".env.production"] // read at the link's path
		}
		if !slices.Equal(w.paths, sortedKeys(want)) {
			t.Errorf("%s: walk %v\nls-tree %v", state, w.paths, sortedKeys(want))
		}
		for p, id := range want {
			if w.ids[p] != id {
				t.Errorf("%s: %s: id %s, git %s", state, p, w.ids[p], id)
			}
		}
		for _, n := range []string{
			"vendored/sub: skipped: submodule not followed", "data/huge.json: skipped: larger than 5 MiB",
			"outside.env: skipped: symbolic link to a path outside the repository, not followed",
			"abs.env: skipped: symbolic link to a path outside the repository, not followed",
			"loop1.env: skipped: symbolic link loop or chain of more than 8 links, not followed",
			"loop2.env: skipped: symbolic link loop or chain of more than 8 links, not followed",
			"dirlink.yml: skipped: symbolic link to a directory, not followed",
			"missing.env: skipped: symbolic link to a missing file, not followed",
		} {
			if !slices.Contains(w.notes, n) {
				t.Errorf("%s: notes %v lack %q", state, w.notes, n)
			}
		}
	}
	check("loose")
	git(t, dir, "repack", "-adq")
	check("packed")
}

func TestTreeOfZeroCommitIsEmpty(t *testing.T) {
	r := openRepo(t, richRepo(t))
	if w := walkSource(t, r.Tree(Commit{}, nil)); len(w.paths) != 0 {
		t.Errorf("zero commit has files %v", w.paths)
	}
}

// historyRepo makes commits that add, modify, delete, rename, change modes
// and change types, and returns them oldest first.
func historyRepo(t *testing.T) (string, []string) {
	t.Helper()
	dir := newWorkRepo(t)
	var commits []string
	step := func(msg string, change func()) {
		change()
		commits = append(commits, commitAll(t, dir, msg))
	}
	step("base", func() {
		writeFile(t, dir, ".env", "A=1\n")
		writeFile(t, dir, "a/b/c.yml", "x: 1\n")
		writeFile(t, dir, "a/b/d.yml", "x: 1\n")
		writeFile(t, dir, "a/other.txt", "t\n")
		writeFile(t, dir, "link.env", "plain\n")
		writeFile(t, dir, "dirsoon", "file\n")
		// Around directory "a" in git's order: "a.env" < "a/" < "a0.yml".
		writeFile(t, dir, "a.env", "B=1\n")
		writeFile(t, dir, "a0.yml", "z: 1\n")
	})
	step("modify deep, add, delete", func() {
		writeFile(t, dir, "a.env", "B=2\n")
		writeFile(t, dir, "a0.yml", "z: 2\n")
		writeFile(t, dir, "a/b/c.yml", "x: 2\n")
		writeFile(t, dir, "a/new/e.json", "{}")
		os.Remove(filepath.Join(dir, "a/other.txt"))
	})
	step("rename and mode change", func() {
		os.Rename(filepath.Join(dir, "a/b/d.yml"), filepath.Join(dir, "a/renamed.yml"))
		os.Chmod(filepath.Join(dir, ".env"), 0o755)
	})
	step("type changes", func() {
		os.Remove(filepath.Join(dir, "link.env"))
		os.Symlink(".env", filepath.Join(dir, "link.env"))
		os.Remove(filepath.Join(dir, "dirsoon"))
		writeFile(t, dir, "dirsoon/inner.yml", "y: 1\n")
	})
	step("link back to a file, directory back to a file", func() {
		os.Remove(filepath.Join(dir, "link.env"))
		writeFile(t, dir, "link.env", "plain again\n")
		os.RemoveAll(filepath.Join(dir, "dirsoon"))
		writeFile(t, dir, "dirsoon", "file again\n")
	})
	step("nothing", func() {})
	return dir, commits
}

func TestChangedMatchesGitDiff(t *testing.T) {
	dir, commits := historyRepo(t)
	r := openRepo(t, dir)
	pairs := [][2]string{{commits[0], commits[4]}, {commits[4], commits[0]}, {commits[2], commits[2]}}
	for i := 1; i < len(commits); i++ {
		pairs = append(pairs, [2]string{commits[i-1], commits[i]})
	}
	for _, p := range pairs {
		from, to := resolve(t, r, p[0]), resolve(t, r, p[1])
		got, err := r.Changed(from, to)
		if err != nil {
			t.Fatal(err)
		}
		// Type changes (T) count: a link replaced by a file has content.
		want := lines(git(t, dir, "diff", "--no-renames", "--name-only", "--diff-filter=AMT", p[0], p[1]))
		if !slices.Equal(got, want) {
			t.Errorf("Changed(%.7s, %.7s) = %v, git diff %v", p[0], p[1], got, want)
		}
		var wantFiles []string
		for _, path := range want {
			if source.KindOf(path) != source.Unknown && (!isLink(t, dir, p[1], path) || linkEndsAtFile(t, dir, p[1], path)) {
				wantFiles = append(wantFiles, path)
			}
		}
		if w := walkSource(t, r.ChangedSource(from, to, nil)); !slices.Equal(w.paths, wantFiles) {
			t.Errorf("ChangedSource(%.7s, %.7s) = %v, want %v", p[0], p[1], w.paths, wantFiles)
		}
	}
	all, err := r.Changed(Commit{}, resolve(t, r, commits[1]))
	if err != nil {
		t.Fatal(err)
	}
	if want := lines(git(t, dir, "ls-tree", "-r", "--name-only", commits[1])); !slices.Equal(all, want) {
		t.Errorf("Changed from zero = %v, ls-tree %v", all, want)
	}
}

func isLink(t *testing.T, dir, rev, path string) bool {
	return strings.HasPrefix(git(t, dir, "ls-tree", rev, "--", path), "120000")
}

// linkEndsAtFile reports, by asking git, a link whose target is a regular
// file of the same tree.
func linkEndsAtFile(t *testing.T, dir, rev, p string) bool {
	target, ok := source.LinkTarget(p, git(t, dir, "cat-file", "blob", rev+":"+p))
	return ok && strings.HasPrefix(git(t, dir, "ls-tree", rev, "--", target), "100")
}

// TestMissingObjectFailsClosed removes objects from a loose repository: every
// reader must fail, not return fewer files (go-git's TreeWalker ends the walk
// with io.EOF instead).
func TestMissingObjectFailsClosed(t *testing.T) {
	dir, commits := historyRepo(t)
	subtree := git(t, dir, "rev-parse", commits[1]+":a/b")
	blob := git(t, dir, "rev-parse", commits[1]+":.env")
	for _, h := range []string{subtree, blob} {
		if err := os.Remove(filepath.Join(dir, ".git", "objects", h[:2], h[2:])); err != nil {
			t.Fatal(err)
		}
	}
	r := openRepo(t, dir)
	c := resolve(t, r, commits[1])
	if _, err := tryWalk(r.Tree(c, nil)); !errors.Is(err, ErrMissingObject) {
		t.Errorf("Tree walk: %v", err)
	}
	if _, err := r.Changed(Commit{}, c); !errors.Is(err, ErrMissingObject) {
		t.Errorf("Changed: %v", err)
	}
	if _, err := tryWalk(r.ChangedSource(resolve(t, r, commits[0]), c, nil)); !errors.Is(err, ErrMissingObject) {
		t.Errorf("ChangedSource: %v", err)
	}
	if _, _, err := r.ReadFile(c, ".env"); !errors.Is(err, ErrMissingObject) {
		t.Errorf("ReadFile: %v", err)
	}
}

func TestWalkStopsOnCancelAndVisitError(t *testing.T) {
	r := openRepo(t, richRepo(t))
	c := resolve(t, r, "HEAD")
	ctx, cancel := contextWithCancel()
	cancel()
	if err := r.Tree(c, nil).Walk(ctx, func(source.File) error { return nil }, func(source.Note) {}); err == nil {
		t.Error("cancelled walk succeeded")
	}
	stop := errors.New("stop")
	n := 0
	err := r.Tree(c, nil).Walk(t.Context(), func(source.File) error { n++; return stop }, func(source.Note) {})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("visit error: %v after %d files", err, n)
	}
}

func TestReadFile(t *testing.T) {
	dir := richRepo(t)
	r := openRepo(t, dir)
	c := resolve(t, r, "HEAD")
	data, found, err := r.ReadFile(c, "config/database.yml")
	if err != nil || !found || string(data) != "production:\n  host: db\n" {
		t.Errorf("ReadFile = %q, %v, %v", data, found, err)
	}
	for _, missing := range []string{"nope.yml", "config/nope.yml", ".env.production/x", "config/database.yml/x"} {
		if _, found, err := r.ReadFile(c, missing); found || err != nil {
			t.Errorf("ReadFile(%s) = %v, %v", missing, found, err)
		}
	}
	for _, bad := range []string{"config", "linked.env", "vendored/sub", "data/huge.json"} {
		if _, _, err := r.ReadFile(c, bad); err == nil {
			t.Errorf("ReadFile(%s) succeeded", bad)
		}
	}
	if _, found, err := r.ReadFile(Commit{}, ".env.production"); found || err != nil {
		t.Errorf("ReadFile on the zero commit = %v, %v", found, err)
	}
	// A commit given by hash alone is loaded on demand.
	if _, found, err := r.ReadFile(Commit{Hash: c.Hash}, ".env.production"); !found || err != nil {
		t.Errorf("ReadFile by hash = %v, %v", found, err)
	}
}
