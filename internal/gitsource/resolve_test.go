package gitsource

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestResolveMatchesRevParse(t *testing.T) {
	dir, commits := historyRepo(t)
	git(t, dir, "tag", "light", commits[1])
	git(t, dir, "tag", "-a", "-m", "annotated", "v1", commits[2])
	git(t, dir, "tag", "-a", "-m", "tag of a tag", "v1-again", "v1")
	git(t, dir, "branch", "feature", commits[3])
	// A merge, for ^2.
	git(t, dir, "checkout", "-q", "-b", "side", commits[0])
	writeFile(t, dir, "side.yml", "s: 1\n")
	commitAll(t, dir, "side")
	git(t, dir, "checkout", "-q", "main")
	git(t, dir, "merge", "-q", "--no-edit", "side")
	git(t, dir, "update-ref", "refs/remotes/origin/main", commits[1])
	r := openRepo(t, dir)
	for _, rev := range []string{
		"HEAD", "@", "main", "refs/heads/main", "heads/main", "feature", "light", "v1", "v1-again",
		"tags/v1", "origin/main", commits[2], commits[2][:7], strings.ToUpper(commits[2][:9]),
		"HEAD~1", "HEAD^", "HEAD^1", "HEAD^2", "HEAD^0", "main~2", "HEAD~1^", "v1^{}", "v1~1", "HEAD~", "HEAD^^",
	} {
		want := git(t, dir, "rev-parse", "--verify", "-q", rev+"^{commit}")
		got, err := r.Resolve(rev)
		if err != nil {
			t.Errorf("Resolve(%q): %v", rev, err)
			continue
		}
		if got.Hash.String() != want {
			t.Errorf("Resolve(%q) = %s, git %s", rev, got.Hash, want)
		}
		if wantTree := git(t, dir, "rev-parse", want+"^{tree}"); got.Tree.String() != wantTree {
			t.Errorf("Resolve(%q).Tree = %s, git %s", rev, got.Tree, wantTree)
		}
	}
	tree := git(t, dir, "rev-parse", "HEAD^{tree}")
	for rev, want := range map[string]error{
		"":                      ErrUnknownRevision,
		"nope":                  ErrUnknownRevision,
		"HEAD~99":               ErrUnknownRevision,
		"HEAD^3":                ErrUnknownRevision,
		"ffffffffff":            ErrUnknownRevision,
		strings.Repeat("f", 40): ErrMissingObject,
		tree:                    ErrWrongType,
	} {
		if _, err := r.Resolve(rev); !errors.Is(err, want) {
			t.Errorf("Resolve(%q) = %v, want %v", rev, err, want)
		}
	}
	if _, err := r.Resolve("HEAD~x"); err == nil {
		t.Error("Resolve(HEAD~x) succeeded")
	}
}

func TestDefaultBranch(t *testing.T) {
	dir, _ := historyRepo(t)
	r := openRepo(t, dir)
	if b, err := r.DefaultBranch(); err != nil || b != "refs/heads/main" {
		t.Errorf("DefaultBranch = %q, %v", b, err)
	}

	// A bare repository whose HEAD still names master after pushes to main.
	bare := filepath.Join(t.TempDir(), "srv.git")
	git(t, dir, "clone", "-q", "--bare", dir, bare)
	git(t, bare, "symbolic-ref", "HEAD", "refs/heads/master")
	if b, err := openRepo(t, bare).DefaultBranch(); err != nil || b != "refs/heads/main" {
		t.Errorf("dangling HEAD: DefaultBranch = %q, %v", b, err)
	}
	git(t, bare, "branch", "-m", "main", "trunk")
	if b, err := openRepo(t, bare).DefaultBranch(); !errors.Is(err, ErrNoDefaultBranch) {
		t.Errorf("no main or master: DefaultBranch = %q, %v", b, err)
	}
	git(t, bare, "symbolic-ref", "HEAD", "refs/heads/trunk")
	if b, err := openRepo(t, bare).DefaultBranch(); err != nil || b != "refs/heads/trunk" {
		t.Errorf("HEAD at trunk: DefaultBranch = %q, %v", b, err)
	}

	empty := newWorkRepo(t)
	if b, err := openRepo(t, empty).DefaultBranch(); !errors.Is(err, ErrNoDefaultBranch) {
		t.Errorf("empty repository: DefaultBranch = %q, %v", b, err)
	}

	git(t, dir, "checkout", "-q", "--detach", "HEAD~1")
	if b, err := openRepo(t, dir).DefaultBranch(); err != nil || b != "refs/heads/main" {
		t.Errorf("detached HEAD: DefaultBranch = %q, %v", b, err)
	}
}

func TestOpenFindsRepositories(t *testing.T) {
	dir, _ := historyRepo(t)
	head := git(t, dir, "rev-parse", "HEAD")
	bare := filepath.Join(t.TempDir(), "bare.git")
	git(t, dir, "clone", "-q", "--bare", dir, bare)
	worktree := filepath.Join(t.TempDir(), "wt")
	git(t, dir, "worktree", "add", "-q", "-b", "wt", worktree, "HEAD~1")
	shared := filepath.Join(t.TempDir(), "shared")
	git(t, dir, "clone", "-q", "--shared", dir, shared) // absolute alternates

	cases := map[string]string{
		dir:                         head,
		filepath.Join(dir, "a/b"):   head,
		bare:                        head,
		filepath.Join(bare, "refs"): head,
		worktree:                    git(t, dir, "rev-parse", "HEAD~1"),
		shared:                      head,
	}
	for path, want := range cases {
		r := openRepo(t, path)
		if got := resolve(t, r, "HEAD"); got.Hash.String() != want {
			t.Errorf("Open(%s): HEAD = %s, want %s", path, got.Hash, want)
		}
		walkSource(t, r.Tree(resolve(t, r, "HEAD"), nil))
	}
	if _, err := Open(t.TempDir()); !errors.Is(err, ErrNotRepository) {
		t.Errorf("Open(empty dir) = %v", err)
	}
}

func TestOpenFollowsRelativeAlternates(t *testing.T) {
	// GitHub Enterprise Server's fork layout: the fork's objects directory is
	// empty and borrows from the network through a relative path.
	dir, _ := historyRepo(t)
	root := t.TempDir()
	network := filepath.Join(root, "network.git")
	git(t, dir, "clone", "-q", "--bare", dir, network)
	git(t, network, "repack", "-adq")
	fork := filepath.Join(root, "forks", "fork.git")
	git(t, root, "init", "-q", "--bare", fork)
	writeFile(t, fork, "objects/info/alternates", "# network\n../../../network.git/objects\n")
	git(t, fork, "update-ref", "refs/heads/main", git(t, network, "rev-parse", "main"))
	r := openRepo(t, fork)
	c := resolve(t, r, "main")
	w := walkSource(t, r.Tree(c, nil))
	if want := sortedKeys(lsTree(t, fork, "main", nil)); !equalStrings(w.paths, want) {
		t.Errorf("fork tree %v, git %v", w.paths, want)
	}
}

func TestOpenRefusesSHA256(t *testing.T) {
	dir := t.TempDir()
	git(t, dir, "init", "-q", "--object-format=sha256")
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "SHA-1") {
		t.Errorf("Open(sha256 repository) = %v", err)
	}
}

func TestGitFile(t *testing.T) {
	dir, _ := historyRepo(t)
	elsewhere := t.TempDir()
	writeFile(t, elsewhere, ".git", "gitdir: "+filepath.Join(dir, ".git")+"\n")
	if _, err := Open(filepath.Join(elsewhere)); err != nil {
		t.Errorf("Open via .git file: %v", err)
	}
	writeFile(t, elsewhere, ".git", "not a gitdir line\n")
	if _, err := Open(elsewhere); !errors.Is(err, ErrNotRepository) {
		t.Errorf("Open via broken .git file: %v", err)
	}
	os.Remove(filepath.Join(elsewhere, ".git"))
}

func equalStrings(a, b []string) bool {
	return strings.Join(a, "\n") == strings.Join(b, "\n")
}
