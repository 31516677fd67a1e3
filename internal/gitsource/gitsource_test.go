package gitsource

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/source"
)

func gitEnv(t *testing.T) []string {
	return append(os.Environ(), "HOME="+t.TempDir(), "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=a", "GIT_AUTHOR_EMAIL=a@b",
		"GIT_COMMITTER_NAME=a", "GIT_COMMITTER_EMAIL=a@b")
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir, cmd.Env = dir, gitEnv(t)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func write(t *testing.T, dir, rel, content string) {
	p := filepath.Join(dir, rel)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// repoWithHistory builds three commits: base, a change, and a removal.
func repoWithHistory(t *testing.T) string {
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	write(t, dir, ".env.production", "A=1\n")
	write(t, dir, "config/database.yml", "production:\n  host: db\n")
	write(t, dir, "src/main.go", "package main\n")
	write(t, dir, "deploy/prod/values.yaml", "x: 1\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "base")
	write(t, dir, ".env.production", "A=2\n")
	write(t, dir, "config/new.yml", "b: 2\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "change")
	os.Remove(filepath.Join(dir, "deploy/prod/values.yaml"))
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "remove")
	return dir
}

func walkPaths(t *testing.T, src source.Source) []string {
	var paths []string
	err := src.Walk(context.Background(), func(f source.File) error {
		if _, err := f.Read(); err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		if f.ID == "" {
			t.Errorf("%s: no blob id", f.Path)
		}
		paths = append(paths, f.Path)
		return nil
	}, func(source.Note) {})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(paths)
	return paths
}

func TestTreeMatchesGit(t *testing.T) {
	dir := repoWithHistory(t)
	r, err := Open(filepath.Join(dir, "src"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, rev := range []string{"HEAD", "HEAD~1", "HEAD~2", "main"} {
		c, err := r.Resolve(rev)
		if err != nil {
			t.Fatalf("%s: %v", rev, err)
		}
		var want []string
		for _, p := range strings.Split(git(t, dir, "ls-tree", "-r", "--name-only", rev), "\n") {
			if source.KindOf(p) != source.Unknown {
				want = append(want, p)
			}
		}
		slices.Sort(want)
		if got := walkPaths(t, r.Tree(c, nil)); !slices.Equal(got, want) {
			t.Errorf("%s: tree %v, git %v", rev, got, want)
		}
	}
	from, _ := r.Resolve("HEAD~2")
	to, _ := r.Resolve("HEAD~1")
	changed, err := r.Changed(from, to)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(changed)
	want := strings.Split(git(t, dir, "diff", "--name-only", "--diff-filter=AM", "HEAD~2", "HEAD~1"), "\n")
	if !slices.Equal(changed, want) {
		t.Errorf("changed %v, git %v", changed, want)
	}
	if data, found, err := r.ReadFile(to, ".env.production"); err != nil || !found || string(data) != "A=2\n" {
		t.Errorf("ReadFile: %q %v %v", data, found, err)
	}
	if def, err := r.DefaultBranch(); err != nil || !strings.HasSuffix(def, "main") {
		t.Errorf("default branch %q %v", def, err)
	}
	if _, err := r.Resolve("no-such-rev"); err == nil {
		t.Error("unknown revision resolved")
	}
}

func TestNewCommitsMatchesRevList(t *testing.T) {
	dir := repoWithHistory(t)
	base := git(t, dir, "rev-parse", "HEAD~2")
	head := git(t, dir, "rev-parse", "HEAD")
	git(t, dir, "update-ref", "refs/heads/main", base) // the server still has base
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	commits, err := r.NewCommits([]RefUpdate{{Old: base, New: head, Ref: "refs/heads/main"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range commits {
		got = append(got, c.Hash.String())
	}
	want := strings.Split(git(t, dir, "rev-list", "--reverse", head, "--not", "--all"), "\n")
	want = strings.Split(git(t, dir, "rev-list", "--reverse", base+".."+head), "\n")
	if !slices.Equal(got, want) {
		t.Errorf("new commits %v, git %v", got, want)
	}
	none, err := r.NewCommits([]RefUpdate{{Old: head, New: ZeroID, Ref: "refs/heads/gone"}})
	if err != nil || len(none) != 0 {
		t.Errorf("deletion brought %v, %v", none, err)
	}
}

func TestReadUpdates(t *testing.T) {
	a, b := strings.Repeat("a", 40), strings.Repeat("b", 40)
	ups, err := ReadUpdates(strings.NewReader(a + " " + b + " refs/heads/main\r\n" + ZeroID + " " + b + " refs/tags/v1\n\n"))
	if err != nil || len(ups) != 2 || !ups[1].IsCreate() || ups[0].Ref != "refs/heads/main" {
		t.Fatalf("%+v %v", ups, err)
	}
	for _, bad := range []string{"x y\n", a + " " + b + "\n", "zz " + b + " refs/heads/x\n", a + " " + b + " refs/heads/a b\n"} {
		if _, err := ReadUpdates(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("ReadUpdates(%q) = %v", bad, err)
		}
	}
	pu, err := ReadPushUpdates(strings.NewReader("refs/heads/main " + b + " refs/heads/main " + a + "\n"))
	if err != nil || len(pu) != 1 || pu[0].RemoteID != a {
		t.Fatalf("%+v %v", pu, err)
	}
}

func FuzzReadUpdates(f *testing.F) {
	f.Add(strings.Repeat("a", 40) + " " + strings.Repeat("b", 40) + " refs/heads/main\n")
	f.Add(ZeroID + " " + strings.Repeat("1", 40) + " refs/tags/v1\r\n\n")
	f.Add("garbage")
	f.Fuzz(func(t *testing.T, s string) {
		ups, err := ReadUpdates(strings.NewReader(s))
		if err == nil {
			for _, u := range ups {
				if len(u.Old) < 40 || len(u.New) < 40 || u.Ref == "" {
					t.Fatalf("accepted a bad update %+v", u)
				}
			}
		}
		ReadPushUpdates(strings.NewReader(s))
	})
}
