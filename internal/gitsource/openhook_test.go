package gitsource

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// ghqServer simulates GitHub Enterprise Server's receive: the push's objects
// arrive as one pack in objects/ghq_<id>, and the hook's environment names
// that directory. It returns the server, the quarantine and the new tip.
func ghqServer(t *testing.T) (srv, quarantine, base, tip string) {
	t.Helper()
	client := newWorkRepo(t)
	addFiles(t, client, "config", 4, "base")
	base = git(t, client, "rev-parse", "HEAD")
	srv = filepath.Join(t.TempDir(), "srv.git")
	git(t, client, "clone", "-q", "--bare", client, srv)
	addFiles(t, client, "config", 2, "pushed one")
	tip = addFiles(t, client, "deploy", 3, "pushed two")
	quarantine = filepath.Join(srv, "objects", "ghq_sim1234")
	os.MkdirAll(filepath.Join(quarantine, "pack"), 0o755)
	gitCmd(t, client, nil, tip+"\n^"+base+"\n", "pack-objects", "-q", "--revs", filepath.Join(quarantine, "pack", "pack"))
	return srv, quarantine, base, tip
}

func hookEnv(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestOpenHookGHESQuarantine(t *testing.T) {
	srv, quarantine, base, tip := ghqServer(t)
	objects := filepath.Join(srv, "objects")
	// A concurrent push's quarantine holding a commit of its own: go-git
	// would look there; this push must not.
	decoyClient := newWorkRepo(t)
	decoy := addFiles(t, decoyClient, "x", 1, "decoy")
	decoyDir := filepath.Join(objects, "tmp_objdir-incoming-decoy")
	copyLooseObjects(t, filepath.Join(decoyClient, ".git", "objects"), decoyDir)

	t.Chdir(srv)
	before := snapshot(t, srv)
	r, err := OpenHook(hookEnv(map[string]string{
		"GIT_DIR":                          ".",
		"GIT_QUARANTINE_PATH":              quarantine,
		"GIT_OBJECT_DIRECTORY":             quarantine,
		"GIT_ALTERNATE_OBJECT_DIRECTORIES": objects,
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	commits, err := r.NewCommits([]RefUpdate{{Old: base, New: tip, Ref: "refs/heads/main"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(commits) != 2 || commits[1].Hash.String() != tip {
		t.Errorf("new commits %v", hashes(commits))
	}
	w := walkSource(t, r.Tree(commits[1], nil))
	if len(w.paths) != 7 {
		t.Errorf("tip tree %v", w.paths)
	}
	if _, err := r.Resolve(decoy); !errors.Is(err, ErrMissingObject) {
		t.Errorf("another push's quarantine was read: %v", err)
	}
	if after := snapshot(t, srv); !slices.Equal(before, after) {
		t.Errorf("the repository changed:\nbefore %v\nafter  %v", before, after)
	}
	if r.Snapshot() {
		t.Error("a quarantine inside the repository taken for a transaction snapshot")
	}

	// Without the quarantine the new tip is missing: an error, never an
	// empty result.
	r2, err := OpenHook(hookEnv(map[string]string{"GIT_DIR": srv}))
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	if _, err := r2.NewCommits([]RefUpdate{{Old: base, New: tip, Ref: "refs/heads/main"}}); !errors.Is(err, ErrMissingObject) {
		t.Errorf("quarantine not given: %v", err)
	}
}

// TestOpenHookTransactionSnapshot moves the quarantine out of the
// repository, as Gitaly's transactions do: the push still reads, and the
// repository is known to be a snapshot.
func TestOpenHookTransactionSnapshot(t *testing.T) {
	srv, quarantine, base, tip := ghqServer(t)
	staged := filepath.Join(t.TempDir(), "staging", "txn1", "quarantine", "tmp_objdir-incoming-x")
	if err := os.MkdirAll(filepath.Dir(staged), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(quarantine, staged); err != nil {
		t.Fatal(err)
	}
	r, err := OpenHook(hookEnv(map[string]string{
		"GIT_DIR":                          srv,
		"GIT_QUARANTINE_PATH":              staged,
		"GIT_ALTERNATE_OBJECT_DIRECTORIES": filepath.Join(srv, "objects"),
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !r.Snapshot() {
		t.Error("a quarantine outside the repository not taken for a snapshot")
	}
	if commits, err := r.NewCommits([]RefUpdate{{Old: base, New: tip, Ref: "refs/heads/main"}}); err != nil || len(commits) != 2 {
		t.Errorf("new commits %v, %v", hashes(commits), err)
	}
	for dir, want := range map[string]bool{srv: true, srv + "/objects/x": true, srv + "x": false, filepath.Dir(srv): false} {
		if within(dir, srv) != want {
			t.Errorf("within(%s, %s) != %v", dir, srv, want)
		}
	}
}

func TestOpenHookGitDir(t *testing.T) {
	srv, _, _, _ := ghqServer(t)
	t.Chdir(filepath.Dir(srv))
	for _, gitDir := range []string{filepath.Base(srv), srv} {
		r, err := OpenHook(hookEnv(map[string]string{"GIT_DIR": gitDir}))
		if err != nil {
			t.Fatalf("GIT_DIR=%s: %v", gitDir, err)
		}
		if r.GitDir() != srv {
			t.Errorf("GIT_DIR=%s: GitDir() = %s", gitDir, r.GitDir())
		}
		r.Close()
	}
	t.Chdir(srv)
	if r, err := OpenHook(hookEnv(nil)); err != nil {
		t.Errorf("no GIT_DIR, in the repository: %v", err)
	} else {
		r.Close()
	}
	if _, err := OpenHook(hookEnv(map[string]string{"GIT_DIR": t.TempDir()})); !errors.Is(err, ErrNotRepository) {
		t.Errorf("GIT_DIR not a repository: %v", err)
	}
}

// copyLooseObjects copies the xx/ directories of one objects directory.
func copyLooseObjects(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if len(filepath.Dir(rel)) != 2 {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		os.MkdirAll(filepath.Join(to, filepath.Dir(rel)), 0o755)
		return os.WriteFile(filepath.Join(to, rel), data, 0o444)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// snapshot lists every file and directory under dir with size, mode and
// modification time.
func snapshot(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, fmt.Sprintf("%s %d %v %s", p, info.Size(), info.Mode(), info.ModTime().Format(time.RFC3339Nano)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
