package gitsource

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/envfence/envfence/internal/source"
)

// testHome is HOME for every git command the tests run: a global config
// with a fixed identity and branch name, and no system config.
var testHome string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	var err error
	if testHome, err = os.MkdirTemp("", "gitsource-home-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(testHome)
	defer cleanupProbe()
	config := "[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n" +
		"[protocol \"file\"]\n\tallow = always\n[gc]\n\tauto = 0\n[advice]\n\tdetachedHead = false\n"
	if err := os.WriteFile(filepath.Join(testHome, ".gitconfig"), []byte(config), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

// gitEnv is the environment of the tests' git commands: the test process's
// own, without any GIT_ variable that could point git elsewhere.
func gitEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") && !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "XDG_CONFIG_HOME=") {
			env = append(env, kv)
		}
	}
	return append(append(env, "HOME="+testHome, "GIT_CONFIG_NOSYSTEM=1"), extra...)
}

// gitCmd runs git in dir and returns its trimmed standard output.
func gitCmd(t testing.TB, dir string, env []string, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir, cmd.Env = dir, gitEnv(env...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return strings.TrimRight(stdout.String(), "\n")
}

func git(t testing.TB, dir string, args ...string) string {
	t.Helper()
	return gitCmd(t, dir, nil, "", args...)
}

// lines splits git output into lines; empty output has none.
func lines(out string) []string {
	if out == "" {
		return nil
	}
	return strings.Split(out, "\n")
}

func writeFile(t testing.TB, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// newWorkRepo creates an empty repository with a work tree.
func newWorkRepo(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	git(t, dir, "init", "-q")
	return dir
}

// commitAll stages everything and commits; it returns the commit id.
func commitAll(t testing.TB, dir, msg string) string {
	t.Helper()
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "--allow-empty", "-m", msg)
	return git(t, dir, "rev-parse", "HEAD")
}

func openRepo(t testing.TB, path string) *Repo {
	t.Helper()
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func resolve(t testing.TB, r *Repo, rev string) Commit {
	t.Helper()
	c, err := r.Resolve(rev)
	if err != nil {
		t.Fatalf("Resolve(%q): %v", rev, err)
	}
	return c
}

// walked is what a source offered: files by path with their blob ids, and
// the notes.
type walked struct {
	paths []string
	ids   map[string]string
	notes []string
}

// walkSource walks src, reads every file and checks that the content
// hashes to the file's ID and has the announced size.
func walkSource(t testing.TB, src source.Source) walked {
	t.Helper()
	w, err := tryWalk(src)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func tryWalk(src source.Source) (walked, error) {
	w := walked{ids: map[string]string{}}
	err := src.Walk(context.Background(), func(f source.File) error {
		data, err := f.Read()
		if errors.Is(err, source.ErrTooLarge) {
			// What the engine turns into a note.
			w.notes = append(w.notes, f.Path+": skipped: larger than 5 MiB")
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", f.Path, err)
		}
		if got := plumbing.ComputeHash(plumbing.BlobObject, data).String(); got != f.ID {
			return fmt.Errorf("%s: content hashes to %s, ID is %s", f.Path, got, f.ID)
		}
		if f.Size >= 0 && int64(len(data)) != f.Size {
			return fmt.Errorf("%s: size %d, read %d bytes", f.Path, f.Size, len(data))
		}
		if f.Kind != source.KindOf(f.Path) {
			return fmt.Errorf("%s: kind %v", f.Path, f.Kind)
		}
		if len(data) > source.MaxFileSize {
			return fmt.Errorf("%s: read %d bytes, over the limit", f.Path, len(data))
		}
		w.paths = append(w.paths, f.Path)
		w.ids[f.Path] = f.ID
		return nil
	}, func(n source.Note) { w.notes = append(w.notes, n.Path+": "+n.Message) })
	return w, err
}

// lsTree lists what git says rev's tree holds, as a walk should offer it:
// regular files of a known kind and not excluded, with their blob ids.
func lsTree(t testing.TB, dir, rev string, exclude []string) map[string]string {
	t.Helper()
	want := map[string]string{}
	for _, line := range lines(git(t, dir, "ls-tree", "-r", "--full-tree", rev)) {
		meta, p, _ := strings.Cut(line, "\t")
		f := strings.Fields(meta) // mode type hash
		if f[1] != "blob" || f[0] == "120000" || source.KindOf(p) == source.Unknown || excludedLikeDir(p, exclude) {
			continue
		}
		want[p] = f[2]
	}
	return want
}

// excludedLikeDir applies source.Dir's exclusion rules to a file path.
func excludedLikeDir(p string, exclude []string) bool {
	return source.Excluded(p, exclude) || inExcludedDir(p, slices.Concat(source.DefaultExcludes, exclude), map[string]bool{})
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// hashes turns commits into their ids.
func hashes(cs []Commit) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Hash.String())
	}
	return out
}

// checkParentsFirst fails if a commit comes before one of its parents.
func checkParentsFirst(t testing.TB, cs []Commit) {
	t.Helper()
	pos := map[plumbing.Hash]int{}
	for i, c := range cs {
		pos[c.Hash] = i
	}
	for i, c := range cs {
		for _, p := range c.Parents {
			if j, ok := pos[p]; ok && j > i {
				t.Errorf("commit %s comes before its parent %s", c.Hash, p)
			}
		}
	}
}

// sameSet reports whether a and b hold the same strings.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func contextWithCancel() (context.Context, context.CancelFunc) {
	return context.WithCancel(context.Background())
}
