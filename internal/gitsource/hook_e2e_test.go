package gitsource

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// probe is testdata/hookprobe, built once per test binary.
var probe struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func probeBinary(t *testing.T) string {
	t.Helper()
	probe.once.Do(func() {
		if probe.dir, probe.err = os.MkdirTemp("", "gitsource-probe-"); probe.err != nil {
			return
		}
		probe.path = filepath.Join(probe.dir, "hookprobe")
		out, err := exec.Command("go", "build", "-o", probe.path, "./testdata/hookprobe").CombinedOutput()
		if err != nil {
			probe.err = fmt.Errorf("building the hook probe: %v\n%s", err, out)
		}
	})
	if probe.err != nil {
		t.Fatal(probe.err)
	}
	return probe.path
}

func cleanupProbe() {
	if probe.dir != "" {
		os.RemoveAll(probe.dir)
	}
}

// probeReport mirrors the probe's JSON line.
type probeReport struct {
	Updates         []RefUpdate                  `json:"updates"`
	Quarantine      bool                         `json:"quarantine"`
	QuarantinePacks int                          `json:"quarantine_packs"`
	Commits         []string                     `json:"commits"`
	Changed         map[string][]string          `json:"changed"`
	Files           map[string]map[string]string `json:"files"`
	Notes           map[string][]string          `json:"notes"`
	Error           string                       `json:"error"`
}

// server is a bare repository with the probe as its pre-receive hook.
type server struct {
	t   *testing.T
	dir string
}

func newServer(t *testing.T, dir string) *server {
	t.Helper()
	git(t, filepath.Dir(dir), "init", "-q", "--bare", dir)
	if err := os.Symlink(probeBinary(t), filepath.Join(dir, "hooks", "pre-receive")); err != nil {
		t.Fatal(err)
	}
	return &server{t: t, dir: dir}
}

// refs lists the server's ref values.
func (s *server) refs() []string {
	return lines(git(s.t, s.dir, "for-each-ref", "--format=%(objectname)"))
}

// pushResult is a push as the hook saw it, with the server's refs before.
type pushResult struct {
	report probeReport
	before []string
	err    error
}

// push runs git push from client into the server and returns what the hook
// saw. env adds to the push's environment (the hook inherits it).
func (s *server) push(client string, env []string, args ...string) pushResult {
	s.t.Helper()
	res := pushResult{before: s.refs()}
	out := filepath.Join(s.t.TempDir(), "report.json")
	cmd := exec.Command("git", append([]string{"push", "-q", s.dir}, args...)...)
	cmd.Dir, cmd.Env = client, gitEnv(append([]string{"HOOKPROBE_OUT=" + out}, env...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		res.err = fmt.Errorf("%v: %s", err, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		s.t.Fatalf("the hook did not run (%v); push: %v", err, res.err)
	}
	if err := json.Unmarshal(data, &res.report); err != nil {
		s.t.Fatal(err)
	}
	return res
}

// check compares what the hook saw with what git says, asked in the client
// (which has every object, whether the push was accepted or not).
func check(t *testing.T, client string, res pushResult) {
	t.Helper()
	rep := res.report
	if rep.Error != "" {
		t.Fatalf("hook failed: %s", rep.Error)
	}
	args := []string{"rev-list"}
	for _, u := range rep.Updates {
		if !u.IsDelete() {
			args = append(args, u.New)
		}
	}
	var want []string
	if len(args) > 1 {
		want = lines(git(t, client, append(append(args, "--not"), res.before...)...))
	}
	if !sameSet(rep.Commits, want) || len(rep.Commits) != len(want) {
		t.Errorf("hook found %d new commits %v\ngit rev-list  %d %v", len(rep.Commits), rep.Commits, len(want), want)
	}
	checkOrder(t, client, rep.Commits)
	for _, c := range rep.Commits {
		if got, want := rep.Changed[c], changedByGit(t, client, c); !slices.Equal(got, want) {
			t.Errorf("commit %.7s changed %v, git %v", c, got, want)
		}
	}
	for _, u := range rep.Updates {
		if u.IsDelete() {
			continue
		}
		want := lsTree(t, client, u.New, nil)
		got := rep.Files[u.Ref]
		if !slices.Equal(sortedKeys(got), sortedKeys(want)) {
			t.Errorf("%s: hook walked %v\ngit ls-tree %v", u.Ref, sortedKeys(got), sortedKeys(want))
		}
		for p, id := range want {
			if got[p] != id {
				t.Errorf("%s: %s: id %s, git %s", u.Ref, p, got[p], id)
			}
		}
	}
}

// changedByGit is git diff against the first parent, or ls-tree for a root.
func changedByGit(t *testing.T, dir, c string) []string {
	parents := strings.Fields(git(t, dir, "rev-parse", c+"^@"))
	if len(parents) == 0 {
		return lines(git(t, dir, "ls-tree", "-r", "--name-only", c))
	}
	return lines(git(t, dir, "diff", "--no-renames", "--name-only", "--diff-filter=AMT", parents[0], c))
}

// checkOrder fails if a commit is listed after one of its children.
func checkOrder(t *testing.T, dir string, commits []string) {
	t.Helper()
	pos := map[string]int{}
	for i, c := range commits {
		pos[c] = i
	}
	for i, c := range commits {
		for _, p := range strings.Fields(git(t, dir, "rev-parse", c+"^@")) {
			if j, ok := pos[p]; ok && j > i {
				t.Errorf("commit %.7s listed before its parent %.7s", c, p)
			}
		}
	}
}

// addFiles writes n files under dir/sub and commits them.
func addFiles(t *testing.T, client, sub string, n int, msg string) string {
	t.Helper()
	for i := range n {
		writeFile(t, client, fmt.Sprintf("%s/f%03d.yml", sub, i), fmt.Sprintf("key: %s-%d\n", msg, i))
	}
	return commitAll(t, client, msg)
}

func TestHookEndToEnd(t *testing.T) {
	root := t.TempDir()
	srv := newServer(t, filepath.Join(root, "srv.git"))
	client := filepath.Join(root, "client")
	os.Mkdir(client, 0o755)
	git(t, client, "init", "-q")
	writeFile(t, client, ".env.production", "DB_PASSWORD=x\n")
	writeFile(t, client, "README.md", "readme\n")
	commitAll(t, client, "one")
	addFiles(t, client, "config", 3, "two")

	step := func(name string, wantQuarantine bool, wantPacks int, res func() pushResult) {
		t.Run(name, func(t *testing.T) {
			r := res()
			if r.err != nil {
				t.Fatalf("push failed: %v", r.err)
			}
			check(t, client, r)
			if r.report.Quarantine != wantQuarantine || (wantPacks >= 0 && (r.report.QuarantinePacks > 0) != (wantPacks > 0)) {
				t.Errorf("quarantine %v with %d packs, want %v and packs %d", r.report.Quarantine, r.report.QuarantinePacks, wantQuarantine, wantPacks)
			}
		})
	}
	step("initial push", true, 0, func() pushResult { return srv.push(client, nil, "main") })
	step("small push, loose objects", true, 0, func() pushResult {
		addFiles(t, client, "config", 2, "small")
		return srv.push(client, nil, "main")
	})
	step("large push, a pack", true, 1, func() pushResult {
		addFiles(t, client, "bulk", 150, "large")
		return srv.push(client, nil, "main")
	})
	step("small push forced into a pack", true, 1, func() pushResult {
		git(t, srv.dir, "config", "receive.unpackLimit", "1")
		defer git(t, srv.dir, "config", "--unset", "receive.unpackLimit")
		addFiles(t, client, "config", 1, "forced-pack")
		return srv.push(client, nil, "main")
	})
	step("new branch", true, -1, func() pushResult {
		git(t, client, "checkout", "-q", "-b", "feature", "main~1")
		addFiles(t, client, "feature", 2, "f1")
		addFiles(t, client, "feature", 2, "f2")
		git(t, client, "checkout", "-q", "main")
		return srv.push(client, nil, "feature")
	})
	step("branch at a known commit", true, 0, func() pushResult { return srv.push(client, nil, "main~2:refs/heads/old") })
	step("annotated tag of a new commit", true, -1, func() pushResult {
		addFiles(t, client, "config", 1, "tagged")
		git(t, client, "tag", "-a", "-m", "release", "v1")
		return srv.push(client, nil, "v1")
	})
	step("branch and tag in one push", true, -1, func() pushResult {
		addFiles(t, client, "config", 1, "both")
		git(t, client, "tag", "-a", "-m", "release", "v2")
		return srv.push(client, nil, "main", "v2")
	})
	step("force push", true, -1, func() pushResult {
		git(t, client, "reset", "-q", "--hard", "main~2")
		addFiles(t, client, "rewritten", 2, "rewrite")
		return srv.push(client, nil, "--force", "main")
	})
	step("deletion", false, -1, func() pushResult { return srv.push(client, nil, ":refs/heads/feature") })

	t.Run("rejected push", func(t *testing.T) {
		addFiles(t, client, "config", 1, "rejected")
		before := git(t, srv.dir, "rev-parse", "main")
		r := srv.push(client, []string{"HOOKPROBE_REJECT=1"}, "main")
		if r.err == nil {
			t.Fatal("the push went through")
		}
		check(t, client, r)
		if after := git(t, srv.dir, "rev-parse", "main"); after != before {
			t.Errorf("main moved from %s to %s", before, after)
		}
	})
}

func TestHookConcurrentPushes(t *testing.T) {
	root := t.TempDir()
	srv := newServer(t, filepath.Join(root, "srv.git"))
	client := filepath.Join(root, "client")
	os.Mkdir(client, 0o755)
	git(t, client, "init", "-q")
	addFiles(t, client, "config", 3, "base")
	if r := srv.push(client, nil, "main"); r.err != nil {
		t.Fatal(r.err)
	}
	for _, b := range []string{"a", "b"} {
		git(t, client, "checkout", "-q", "-b", b, "main")
		addFiles(t, client, "config-"+b, 3, b)
	}
	barrier := t.TempDir()
	env := []string{"HOOKPROBE_BARRIER=" + barrier, "HOOKPROBE_PARTIES=2"}
	results := make([]pushResult, 2)
	var wg sync.WaitGroup
	for i, b := range []string{"a", "b"} {
		wg.Go(func() { results[i] = srv.push(client, env, b) })
	}
	wg.Wait()
	for i, r := range results {
		if r.err != nil {
			t.Fatalf("push %d: %v\nthe hook's error: %s", i, r.err, r.report.Error)
		}
		check(t, client, r)
		if len(r.report.Commits) != 1 {
			t.Errorf("push %d saw %d commits, want its own one", i, len(r.report.Commits))
		}
	}
}

func TestHookForkWithRelativeAlternates(t *testing.T) {
	root := t.TempDir()
	client := filepath.Join(root, "client")
	os.Mkdir(client, 0o755)
	git(t, client, "init", "-q")
	addFiles(t, client, "config", 20, "network history")
	addFiles(t, client, "config", 5, "more")
	network := filepath.Join(root, "network.git")
	git(t, root, "clone", "-q", "--bare", client, network)
	git(t, network, "repack", "-adq")

	// GitHub Enterprise Server's layout: the fork has its refs, and its
	// objects directory borrows everything through a relative path.
	os.MkdirAll(filepath.Join(root, "forks"), 0o755)
	fork := newServer(t, filepath.Join(root, "forks", "fork.git"))
	writeFile(t, fork.dir, "objects/info/alternates", "../../../network.git/objects\n")
	git(t, fork.dir, "update-ref", "refs/heads/main", git(t, client, "rev-parse", "main"))

	addFiles(t, client, "config", 2, "fork change")
	r := fork.push(client, nil, "main")
	if r.err != nil {
		t.Fatal(r.err)
	}
	check(t, client, r)
	if len(r.report.Commits) != 1 || len(r.report.Files["refs/heads/main"]) != 20 {
		t.Errorf("fork push: %d commits, %d files", len(r.report.Commits), len(r.report.Files["refs/heads/main"]))
	}
	addFiles(t, client, "bulk", 120, "fork pack")
	r = fork.push(client, nil, "main")
	if r.err != nil {
		t.Fatal(r.err)
	}
	check(t, client, r)
}
