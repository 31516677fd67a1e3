package gitsource

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/source"
)

// stagedWant is what git says is staged, as a walk should offer it.
func stagedWant(t *testing.T, dir string, env []string, exclude []string) []string {
	t.Helper()
	var want []string
	for _, p := range lines(gitCmd(t, dir, env, "", "diff", "--cached", "--no-renames", "--name-only", "--diff-filter=AMT")) {
		if source.KindOf(p) != source.Unknown && !excludedLikeDir(p, exclude) && !strings.HasPrefix(gitCmd(t, dir, env, "", "ls-files", "-s", "--", p), "120000") {
			want = append(want, p)
		}
	}
	return want
}

func TestStagedReadsTheIndexNotTheWorkTree(t *testing.T) {
	dir := newWorkRepo(t)
	r := openRepo(t, dir)

	// Unborn HEAD: everything staged is new.
	writeFile(t, dir, ".env", "A=1\n")
	writeFile(t, dir, "config/app.yml", "a: 1\n")
	git(t, dir, "add", "-A")
	src, err := r.Staged(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := walkSource(t, src).paths; !slices.Equal(got, []string{".env", "config/app.yml"}) {
		t.Errorf("unborn HEAD: staged %v", got)
	}
	commitAll(t, dir, "first")

	writeFile(t, dir, ".env", "A=staged\n")
	writeFile(t, dir, "config/new.json", "{}")
	writeFile(t, dir, "node_modules/x/config.json", "{}")
	writeFile(t, dir, "docs/x.yml", "d: 1\n")
	writeFile(t, dir, "notes.txt", "n\n")
	os.Symlink(".env", filepath.Join(dir, "link.env"))
	git(t, dir, "add", "-A")
	os.Remove(filepath.Join(dir, "config/app.yml"))
	git(t, dir, "add", "-A", "config/app.yml")
	writeFile(t, dir, ".env", "A=unstaged work tree edit\n")
	writeFile(t, dir, "config/intent.yml", "i: 1\n")
	git(t, dir, "add", "-N", "config/intent.yml")

	exclude := []string{"docs/**"}
	src, err = r.Staged(exclude)
	if err != nil {
		t.Fatal(err)
	}
	w := walkSource(t, src)
	if want := stagedWant(t, dir, nil, exclude); !slices.Equal(w.paths, want) {
		t.Errorf("staged %v, git %v", w.paths, want)
	}
	if want := git(t, dir, "rev-parse", ":0:.env"); w.ids[".env"] != want {
		t.Errorf(".env: id %s, staged blob %s", w.ids[".env"], want)
	}
	if !slices.Contains(w.notes, "link.env: skipped: symbolic link not followed") {
		t.Errorf("notes %v", w.notes)
	}
}

func TestStagedFromAnotherIndex(t *testing.T) {
	dir := newWorkRepo(t)
	writeFile(t, dir, ".env", "A=1\n")
	commitAll(t, dir, "first")
	// What git commit -a does: a temporary index holding the work tree.
	tmpIndex := filepath.Join(t.TempDir(), "index")
	env := []string{"GIT_INDEX_FILE=" + tmpIndex}
	gitCmd(t, dir, env, "", "read-tree", "HEAD")
	writeFile(t, dir, ".env", "A=2\n")
	writeFile(t, dir, "prod.env", "B=1\n")
	gitCmd(t, dir, env, "", "add", "-A")

	r := openRepo(t, dir)
	src, err := r.StagedFrom(tmpIndex, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := walkSource(t, src).paths; !slices.Equal(got, []string{".env", "prod.env"}) {
		t.Errorf("StagedFrom = %v", got)
	}
	src, err = r.Staged(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := walkSource(t, src).paths; len(got) != 0 {
		t.Errorf("the repository's own index has nothing staged, got %v", got)
	}
	if _, err := r.StagedFrom(filepath.Join(t.TempDir(), "missing"), nil); err == nil {
		t.Error("StagedFrom a missing file succeeded")
	}
}
