package hook_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	// The tests run a binary built from ./cmd/envfence; importing what it
	// is built from makes go test's cache notice changes there too.
	_ "github.com/envfence/envfence/internal/cli"
)

// binary is envfence built once for the end-to-end tests; repoRoot is the
// repository's root.
var binary, repoRoot string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "envfence-hook-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "envfence")
	_, file, _, _ := runtime.Caller(0)
	repoRoot = filepath.Join(filepath.Dir(file), "..", "..")
	build := exec.Command("go", "build", "-o", binary, "./cmd/envfence")
	build.Dir = repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		panic(fmt.Sprintf("build: %v\n%s", err, out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// gitEnv isolates git from the machine's configuration.
func gitEnv(t *testing.T, extra ...string) []string {
	home := t.TempDir()
	return append(append(os.Environ(), "HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=dev", "GIT_AUTHOR_EMAIL=dev@acme.io",
		"GIT_COMMITTER_NAME=dev", "GIT_COMMITTER_EMAIL=dev@acme.io", "GIT_TERMINAL_PROMPT=0"), extra...)
}

func git(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// server is a bare repository with envfence installed as pre-receive hook.
type server struct {
	bare, work string
	env        []string
}

func newServer(t *testing.T, serverConfig string) *server {
	t.Helper()
	dir := t.TempDir()
	s := &server{bare: filepath.Join(dir, "origin.git"), work: filepath.Join(dir, "work")}
	cfg := filepath.Join(dir, "server.yml")
	if err := os.WriteFile(cfg, []byte(serverConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	s.env = gitEnv(t, "ENVFENCE_CONFIG="+cfg, "ENVFENCE_BIN="+binary)
	git(t, dir, s.env, "init", "-q", "--bare", "-b", "main", s.bare)
	// The hook is the script shipped in hooks/git.
	script, err := os.ReadFile(filepath.Join(repoRoot, "hooks", "git", "pre-receive"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.bare, "hooks", "pre-receive"), script, 0o755); err != nil {
		t.Fatal(err)
	}
	git(t, dir, s.env, "init", "-q", "-b", "main", s.work)
	git(t, s.work, s.env, "remote", "add", "origin", s.bare)
	return s
}

func (s *server) commit(t *testing.T, files map[string]string, msg string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(s.work, p)
		os.MkdirAll(filepath.Dir(full), 0o755)
		if content == "" {
			os.Remove(full)
			continue
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git(t, s.work, s.env, "add", "-A")
	git(t, s.work, s.env, "commit", "-q", "-m", msg)
}

// push pushes and returns whether it was accepted and what git printed.
func (s *server) push(t *testing.T, extraEnv []string, args ...string) (bool, string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"push"}, args...)...)
	cmd.Dir, cmd.Env = s.work, append(s.env, extraEnv...)
	out, err := cmd.CombinedOutput()
	return err == nil, string(out)
}

const cleanEnv = "APP_NAME=shop\nDATABASE_URL=${DATABASE_URL}\n"
const leaked = "DB_PASSWORD=Hook-Leak-Pw-9931\n"

func TestPreReceiveAcceptsAndRejects(t *testing.T) {
	s := newServer(t, "")
	s.commit(t, map[string]string{".env.production": cleanEnv}, "clean")
	if ok, out := s.push(t, nil, "origin", "main"); !ok {
		t.Fatalf("clean push rejected:\n%s", out)
	}
	s.commit(t, map[string]string{".env.production": cleanEnv + leaked}, "leak")
	ok, out := s.push(t, nil, "origin", "main")
	if ok || !strings.Contains(out, "hardcoded-prod-credential .env.production:3 (commit ") || !strings.Contains(out, "rejected: 1 finding") {
		t.Fatalf("violation accepted or unclear:\n%s", out)
	}
	// The rejection groups findings by rule, says it in grammar, and says
	// that a credential in a commit must leave the history.
	for _, want := range []string{"push to refs/heads/main rejected: 1 finding breaks the separation", "  hardcoded-prod-credential (1):", "stays in the history", "git rebase -i"} {
		if !strings.Contains(out, want) {
			t.Errorf("rejection lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "warning: warning") || strings.Contains(out, "in an emergency") {
		t.Errorf("rejection text:\n%s", out)
	}
	if strings.Contains(out, "Hook-Leak-Pw-9931") {
		t.Fatal("the hook printed the credential")
	}
}

func TestCredentialAddedAndRemovedInOnePush(t *testing.T) {
	s := newServer(t, "")
	s.commit(t, map[string]string{".env.production": cleanEnv}, "clean")
	s.push(t, nil, "origin", "main")
	s.commit(t, map[string]string{".env.production": cleanEnv + leaked}, "oops")
	s.commit(t, map[string]string{".env.production": cleanEnv}, "remove it again")
	if ok, out := s.push(t, nil, "origin", "main"); ok || !strings.Contains(out, "hardcoded-prod-credential") {
		t.Fatalf("a credential in history was accepted:\n%s", out)
	}
}

func TestPushedConfigNeverRelaxesItsOwnPush(t *testing.T) {
	s := newServer(t, "")
	s.commit(t, map[string]string{".env.production": cleanEnv}, "clean")
	s.push(t, nil, "origin", "main")
	s.commit(t, map[string]string{
		".envfence.yml":   "rules:\n  hardcoded-prod-credential: {enabled: false}\n",
		".env.production": cleanEnv + leaked,
	}, "disable the rule and leak")
	if ok, out := s.push(t, nil, "origin", "main"); ok {
		t.Fatalf("the pushed config relaxed its own push:\n%s", out)
	}
}

func TestNewBranchDeletionTagAndPackedPush(t *testing.T) {
	s := newServer(t, "")
	git(t, s.bare, s.env, "config", "receive.unpackLimit", "1") // every push arrives as a pack
	s.commit(t, map[string]string{".env.production": cleanEnv}, "clean")
	if ok, out := s.push(t, nil, "origin", "main"); !ok {
		t.Fatalf("packed clean push rejected:\n%s", out)
	}
	git(t, s.work, s.env, "checkout", "-q", "-b", "feature")
	s.commit(t, map[string]string{"src/app.yml": "name: shop\n"}, "feature")
	if ok, out := s.push(t, nil, "origin", "feature"); !ok {
		t.Fatalf("clean new branch rejected:\n%s", out)
	}
	git(t, s.work, s.env, "tag", "-a", "v1", "-m", "release")
	if ok, out := s.push(t, nil, "origin", "v1"); !ok {
		t.Fatalf("tag rejected:\n%s", out)
	}
	if ok, out := s.push(t, nil, "origin", "--delete", "feature"); !ok {
		t.Fatalf("deletion rejected:\n%s", out)
	}
	s.commit(t, map[string]string{"config/.env.production": leaked}, "leak on a branch")
	git(t, s.work, s.env, "checkout", "-q", "-b", "feature2")
	if ok, out := s.push(t, nil, "origin", "feature2"); ok || !strings.Contains(out, "hardcoded-prod-credential") {
		t.Fatalf("violation on a new branch accepted:\n%s", out)
	}
}

func TestGitLabOutputAndBreakGlass(t *testing.T) {
	dir := t.TempDir()
	audit := filepath.Join(dir, "audit.jsonl")
	s := newServer(t, fmt.Sprintf("hook:\n  bypass: {enabled: true, users: [alice], audit-log: %q}\n", audit))
	s.commit(t, map[string]string{".env.production": leaked}, "leak")
	ok, out := s.push(t, []string{"GL_USERNAME=bob", "GL_ID=user-2"}, "origin", "main")
	if ok || !strings.Contains(out, "GL-HOOK-ERR: envfence: push to refs/heads/main rejected") {
		t.Fatalf("GitLab output:\n%s", out)
	}
	git(t, s.bare, s.env, "config", "receive.advertisePushOptions", "true")
	ok, out = s.push(t, []string{"GL_USERNAME=bob"}, "-o", "envfence.bypass=hotfix", "origin", "main")
	if ok || !strings.Contains(out, `user "bob" may not bypass`) {
		t.Fatalf("unlisted user bypassed:\n%s", out)
	}
	ok, out = s.push(t, []string{"GL_USERNAME=alice"}, "-o", "envfence.bypass=", "origin", "main")
	if ok || !strings.Contains(out, "needs a reason") {
		t.Fatalf("empty reason accepted:\n%s", out)
	}
	ok, out = s.push(t, []string{"GL_USERNAME=alice"}, "-o", "envfence.bypass=incident 42", "origin", "main")
	if !ok || !strings.Contains(out, "BYPASSED by alice") {
		t.Fatalf("break-glass refused:\n%s", out)
	}
	data, err := os.ReadFile(audit)
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		User, Reason, Repo string
		Refs               []struct{ Name, Old, New string }
		Commits            []string
		Findings           []struct{ Rule, Path, Fingerprint string }
	}
	if err := json.Unmarshal(bytes.TrimSpace(data), &rec); err != nil || rec.User != "alice" || rec.Reason != "incident 42" ||
		!filepath.IsAbs(rec.Repo) || len(rec.Refs) != 1 || rec.Refs[0].Name != "refs/heads/main" || len(rec.Refs[0].New) != 40 ||
		len(rec.Commits) != 1 || len(rec.Findings) != 1 || rec.Findings[0].Rule != "hardcoded-prod-credential" || rec.Findings[0].Path != ".env.production" || rec.Findings[0].Fingerprint == "" {
		t.Fatalf("audit line %q: %v", data, err)
	}
	// Without a known pusher, a bypass is refused: it must name who took it.
	s.commit(t, map[string]string{".env.production": "DB_PASSWORD=Anon-Bypass-Pw-43\n"}, "another leak")
	ok, out = s.push(t, []string{"GL_USERNAME=", "USER=", "REMOTE_USER=", "GL_USER="}, "-o", "envfence.bypass=incident 43", "origin", "main")
	if ok || !strings.Contains(out, "does not say who is pushing") {
		t.Fatalf("anonymous bypass accepted:\n%s", out)
	}
}

func TestDeadline(t *testing.T) {
	for _, policy := range []string{"reject", "accept"} {
		s := newServer(t, fmt.Sprintf("hook:\n  deadline: 1ns\n  on-timeout: %s\n", policy))
		s.commit(t, map[string]string{".env.production": cleanEnv}, "clean")
		ok, out := s.push(t, nil, "origin", "main")
		if ok != (policy == "accept") || !strings.Contains(out, "did not finish within 1ns") {
			t.Fatalf("on-timeout %s: accepted=%v\n%s", policy, ok, out)
		}
	}
}

func TestConcurrentPushes(t *testing.T) {
	s := newServer(t, "")
	s.commit(t, map[string]string{".env.production": cleanEnv}, "base")
	s.push(t, nil, "origin", "main")
	var wg sync.WaitGroup
	results := make([]bool, 4)
	outputs := make([]string, 4)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Setup steps report into outputs[i] rather than calling
			// t.Fatalf, which must not run outside the test's goroutine.
			step := func(dir string, args ...string) bool {
				cmd := exec.Command("git", args...)
				cmd.Dir, cmd.Env = dir, s.env
				if out, err := cmd.CombinedOutput(); err != nil {
					outputs[i] = fmt.Sprintf("setup: git %s: %v\n%s", strings.Join(args, " "), err, out)
					return false
				}
				return true
			}
			work := filepath.Join(t.TempDir(), "w")
			if !step(filepath.Dir(work), "clone", "-q", s.bare, work) {
				return
			}
			body := cleanEnv + fmt.Sprintf("FEATURE_%d=on\n", i)
			if i%2 == 1 {
				body += fmt.Sprintf("DB_PASSWORD=Concurrent-Leak-%d-xy\n", i)
			}
			os.WriteFile(filepath.Join(work, ".env.production"), []byte(body), 0o644)
			if !step(work, "checkout", "-q", "-b", fmt.Sprintf("b%d", i)) || !step(work, "commit", "-qam", "change") {
				return
			}
			cmd := exec.Command("git", "push", "origin", fmt.Sprintf("b%d", i))
			cmd.Dir, cmd.Env = work, s.env
			out, err := cmd.CombinedOutput()
			results[i], outputs[i] = err == nil, string(out)
		}()
	}
	wg.Wait()
	for i, ok := range results {
		if ok != (i%2 == 0) {
			t.Errorf("push %d: accepted=%v; the push said:\n%s", i, ok, outputs[i])
		}
	}
}

func TestForkWithRelativeAlternates(t *testing.T) {
	s := newServer(t, "")
	s.commit(t, map[string]string{".env.production": cleanEnv}, "base")
	s.push(t, nil, "origin", "main")
	fork := filepath.Join(filepath.Dir(s.bare), "fork.git")
	git(t, filepath.Dir(fork), s.env, "init", "-q", "--bare", "-b", "main", fork)
	os.WriteFile(filepath.Join(fork, "objects", "info", "alternates"), []byte("../../origin.git/objects\n"), 0o644)
	head := git(t, s.bare, s.env, "rev-parse", "main")
	git(t, fork, s.env, "update-ref", "refs/heads/main", head)
	os.WriteFile(filepath.Join(fork, "hooks", "pre-receive"), []byte(fmt.Sprintf("#!/bin/sh\nexec %q hook pre-receive\n", binary)), 0o755)
	git(t, s.work, s.env, "remote", "add", "fork", fork)
	s.commit(t, map[string]string{"deploy/prod/.env": leaked}, "leak in the fork")
	if ok, out := s.push(t, nil, "fork", "main"); ok || !strings.Contains(out, "hardcoded-prod-credential deploy/prod/.env:1") {
		t.Fatalf("fork push:\n%s", out)
	}
}

func TestBadInputRejects(t *testing.T) {
	s := newServer(t, "")
	s.commit(t, map[string]string{".env.production": cleanEnv}, "base")
	s.push(t, nil, "origin", "main")
	cases := map[string]string{
		"not a push line\n": "reading the push from standard input",
		"0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 refs/heads/x\n": "could not be checked",
	}
	for stdin, want := range cases {
		cmd := exec.Command(binary, "hook", "pre-receive")
		cmd.Dir, cmd.Env, cmd.Stdin = s.bare, append(s.env, "GIT_DIR=."), strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), want) {
			t.Errorf("stdin %q: err=%v\n%s", stdin, err, out)
		}
	}
	cmd := exec.Command(binary, "hook", "pre-receive")
	cmd.Dir, cmd.Env, cmd.Stdin = t.TempDir(), s.env, strings.NewReader("0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 refs/heads/x\n")
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "not a git repository") {
		t.Errorf("missing repository: %v\n%s", err, out)
	}
}

func TestClientHooks(t *testing.T) {
	s := newServer(t, "")
	s.commit(t, map[string]string{".env.production": cleanEnv}, "base")
	install := exec.Command(binary, "hook", "install")
	install.Dir, install.Env = s.work, s.env
	if out, err := install.CombinedOutput(); err != nil || !strings.Contains(string(out), "pre-commit") {
		t.Fatalf("install: %v\n%s", err, out)
	}
	// Installing again over envfence's own hooks is no conflict; over
	// another tool's hook it needs --force.
	again := exec.Command(binary, "hook", "install", "--pre-commit")
	again.Dir, again.Env = s.work, s.env
	if out, err := again.CombinedOutput(); err != nil {
		t.Fatalf("install over envfence's own hook: %v\n%s", err, out)
	}
	hooks := strings.TrimSpace(git(t, s.work, s.env, "rev-parse", "--git-path", "hooks"))
	if !filepath.IsAbs(hooks) {
		hooks = filepath.Join(s.work, hooks)
	}
	foreign := filepath.Join(hooks, "pre-push")
	own, _ := os.ReadFile(foreign)
	os.WriteFile(foreign, []byte("#!/bin/sh\nexec other-tool\n"), 0o755)
	again = exec.Command(binary, "hook", "install", "--pre-push")
	again.Dir, again.Env = s.work, s.env
	if out, err := again.CombinedOutput(); err == nil || !strings.Contains(string(out), "--force") {
		t.Fatalf("install over another tool's hook: %v\n%s", err, out)
	}
	os.WriteFile(foreign, own, 0o755)
	os.WriteFile(filepath.Join(s.work, ".env.production"), []byte(cleanEnv+leaked), 0o644)
	git(t, s.work, s.env, "add", "-A")
	pre := exec.Command(binary, "hook", "pre-commit")
	pre.Dir, pre.Env = s.work, s.env
	out, err := pre.CombinedOutput()
	// The same layout as scan's: path:line:col: severity: message [rule].
	if err == nil || !strings.Contains(string(out), ".env.production:3:") || !strings.Contains(string(out), ": error: ") || !strings.Contains(string(out), "[hardcoded-prod-credential]") {
		t.Fatalf("pre-commit: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--no-verify") {
		t.Errorf("pre-commit does not say how to skip it:\n%s", out)
	}
	// Under the pre-commit framework, its own skip idiom.
	pre = exec.Command(binary, "hook", "pre-commit")
	pre.Dir, pre.Env = s.work, append(s.env, "PRE_COMMIT=1")
	if out, _ := pre.CombinedOutput(); !strings.Contains(string(out), "SKIP=envfence") {
		t.Errorf("under the pre-commit framework:\n%s", out)
	}
	// The installed hook (envfence on PATH) stops the commit too.
	path := filepath.Dir(binary) + string(os.PathListSeparator) + os.Getenv("PATH")
	cmd := exec.Command("git", "commit", "-qm", "leak")
	cmd.Dir, cmd.Env = s.work, append(s.env, "PATH="+path)
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("the installed pre-commit hook let the commit through:\n%s", out)
	}
	// pre-push sees the commits the remote does not have.
	cmd = exec.Command("git", "commit", "-qm", "leak", "--no-verify")
	cmd.Dir, cmd.Env = s.work, s.env
	cmd.Run()
	ok, out2 := s.push(t, []string{"PATH=" + path}, "origin", "main")
	if ok || !strings.Contains(out2, "[hardcoded-prod-credential] (commit ") || !strings.Contains(out2, "stays in the history") {
		t.Fatalf("pre-push:\n%s", out2)
	}
}

func TestForcePush(t *testing.T) {
	s := newServer(t, "")
	s.commit(t, map[string]string{".env.production": cleanEnv}, "base")
	s.commit(t, map[string]string{"README.env": "A=1\n"}, "second")
	s.push(t, nil, "origin", "main")
	git(t, s.work, s.env, "reset", "-q", "--hard", "HEAD~1")
	s.commit(t, map[string]string{".env.production": cleanEnv + leaked}, "rewritten with a leak")
	if ok, out := s.push(t, nil, "--force", "origin", "main"); ok || !strings.Contains(out, "hardcoded-prod-credential") {
		t.Fatalf("force push with a violation:\n%s", out)
	}
	git(t, s.work, s.env, "reset", "-q", "--hard", "HEAD~1")
	s.commit(t, map[string]string{"notes.env": "B=2\n"}, "clean rewrite")
	if ok, out := s.push(t, nil, "--force", "origin", "main"); !ok {
		t.Fatalf("clean force push rejected:\n%s", out)
	}
}

// TestTreeCache checks that the hook keeps its tree cache in the bare
// repository, that a damaged cache changes no verdict, and that the server
// policy can turn the cache off.
func TestTreeCache(t *testing.T) {
	s := newServer(t, "")
	cache := filepath.Join(s.bare, "envfence", "trees.cache")
	s.commit(t, map[string]string{".env.production": cleanEnv, "config/app.yml": "production:\n  host: db.acme.io\n"}, "clean")
	if ok, out := s.push(t, nil, "origin", "main"); !ok {
		t.Fatalf("clean push rejected:\n%s", out)
	}
	if _, err := os.Stat(cache); err != nil {
		t.Fatalf("no tree cache after a push: %v", err)
	}
	if err := os.WriteFile(cache, []byte("damaged"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.commit(t, map[string]string{".env.production": cleanEnv + leaked}, "leak")
	if ok, out := s.push(t, nil, "origin", "main"); ok || !strings.Contains(out, "hardcoded-prod-credential") {
		t.Fatalf("a damaged cache changed the verdict:\n%s", out)
	}

	off := newServer(t, "hook:\n  cache: false\n")
	off.commit(t, map[string]string{".env.production": cleanEnv}, "clean")
	if ok, out := off.push(t, nil, "origin", "main"); !ok {
		t.Fatalf("clean push rejected:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(off.bare, "envfence")); !os.IsNotExist(err) {
		t.Errorf("cache: false still wrote into the repository: %v", err)
	}
}

// TestPreCommitReadsGitsIndex commits with "git commit -a" and "git commit
// <path>": git then hands the hook a temporary index in GIT_INDEX_FILE, and
// the leak is only there, not in .git/index.
func TestPreCommitReadsGitsIndex(t *testing.T) {
	s := newServer(t, "")
	s.commit(t, map[string]string{".env.production": cleanEnv, "config/app.yml": "a: 1\n"}, "base")
	install := exec.Command(binary, "hook", "install", "--pre-commit")
	install.Dir, install.Env = s.work, s.env
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("install: %v\n%s", err, out)
	}
	path := "PATH=" + filepath.Dir(binary) + string(os.PathListSeparator) + os.Getenv("PATH")
	os.WriteFile(filepath.Join(s.work, ".env.production"), []byte(cleanEnv+leaked), 0o644)
	for _, args := range [][]string{{"commit", "-a", "-qm", "leak"}, {"commit", "-qm", "leak", ".env.production"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = s.work, append(s.env, path)
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), ".env.production:3:") || !strings.Contains(string(out), "[hardcoded-prod-credential]") {
			t.Errorf("git %s: the pre-commit hook let the leak through: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	// A clean change to another file goes through with -a.
	os.WriteFile(filepath.Join(s.work, ".env.production"), []byte(cleanEnv), 0o644)
	os.WriteFile(filepath.Join(s.work, "config/app.yml"), []byte("a: 2\n"), 0o644)
	cmd := exec.Command("git", "commit", "-a", "-qm", "clean")
	cmd.Dir, cmd.Env = s.work, append(s.env, path)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("clean commit -a rejected: %v\n%s", err, out)
	}
}

// TestKnownFindingsAcrossPushes pushes three times: the second push's base
// is the first push's tip, whose findings the hook remembered, and the
// warning that was already there must not come back as new; the third
// push's credential is still caught.
func TestKnownFindingsAcrossPushes(t *testing.T) {
	s := newServer(t, "")
	const sandbox = "PAYPAL_BASE_URL=https://api-m.sandbox.paypal.com\n"
	s.commit(t, map[string]string{".env.production": cleanEnv + sandbox, "config/app.yml": "a: 1\n"}, "with a warning")
	ok, out := s.push(t, nil, "origin", "main")
	if !ok || !strings.Contains(out, "warning sandbox-key-in-prod") {
		t.Fatalf("first push:\n%s", out)
	}
	known := filepath.Join(s.bare, "envfence", "findings.json")
	data, err := os.ReadFile(known)
	if err != nil {
		t.Fatalf("no findings remembered: %v", err)
	}
	if strings.Contains(string(data), "paypal") || strings.Contains(string(data), "Hook-Leak") {
		t.Fatalf("the findings file holds values:\n%s", data)
	}
	s.commit(t, map[string]string{"config/app.yml": "a: 2\n"}, "unrelated config change")
	if ok, out := s.push(t, nil, "origin", "main"); !ok || strings.Contains(out, "sandbox-key-in-prod") {
		t.Fatalf("second push reported an old finding, or was rejected:\n%s", out)
	}
	s.commit(t, map[string]string{".env.production": cleanEnv + sandbox + leaked}, "leak")
	if ok, out := s.push(t, nil, "origin", "main"); ok || !strings.Contains(out, "hardcoded-prod-credential") || strings.Contains(out, "sandbox-key-in-prod") {
		t.Fatalf("third push:\n%s", out)
	}
}

// TestFileIndexAcrossPushes follows the file index through real pushes:
// an accepted push indexes its tip, the next push is judged from that
// index (a staging file copying a production password is still found),
// and a rejected push leaves no index of its tip behind.
func TestFileIndexAcrossPushes(t *testing.T) {
	s := newServer(t, "")
	prod := "DB_PASSWORD=${DB_PASSWORD}\nAPI_TOKEN=Pr0d-Api-Token-4471\n"
	s.commit(t, map[string]string{".env.production": prod, "other/.env.development": "LOG_LEVEL=debug\n"}, "first")
	if ok, out := s.push(t, nil, "origin", "main"); ok || !strings.Contains(out, "hardcoded-prod-credential") {
		t.Fatalf("first push should be rejected for the literal token:\n%s", out)
	}
	index := filepath.Join(s.bare, "envfence", "files")
	if entries, _ := os.ReadDir(index); len(entries) != 0 {
		t.Fatalf("a rejected push left %d file indexes", len(entries))
	}
	if _, err := os.Stat(filepath.Join(s.bare, "envfence", "findings.json")); !os.IsNotExist(err) {
		t.Fatalf("a rejected push left its findings: %v", err)
	}
	// The first commit again, with the risk accepted on the token's line.
	accepted := "DB_PASSWORD=${DB_PASSWORD}\n# envfence:ignore[hardcoded-prod-credential] rotated weekly by the vault agent\nAPI_TOKEN=Pr0d-Api-Token-4471\n"
	if err := os.WriteFile(filepath.Join(s.work, ".env.production"), []byte(accepted), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, s.work, s.env, "commit", "-q", "-a", "--amend", "-m", "first, with the risk accepted")
	if ok, out := s.push(t, nil, "origin", "main"); !ok {
		t.Fatalf("push with the risk accepted rejected:\n%s", out)
	}
	tip := git(t, s.work, s.env, "rev-parse", "HEAD^{tree}")
	data, err := os.ReadFile(filepath.Join(index, tip))
	if err != nil {
		t.Fatalf("the accepted tip was not indexed: %v", err)
	}
	if bytes.Contains(data, []byte("Pr0d-Api-Token")) || bytes.Contains(data, []byte("DB_PASSWORD")) {
		t.Fatal("the file index holds content")
	}
	s.commit(t, map[string]string{"staging/.env.staging": "API_TOKEN=Pr0d-Api-Token-4471\n"}, "copy")
	ok, out := s.push(t, nil, "origin", "main")
	if ok || !strings.Contains(out, "shared-credential staging/.env.staging:1") {
		t.Fatalf("a credential shared with an unchanged production file was missed:\n%s", out)
	}
	if strings.Contains(out, "Pr0d-Api-Token") {
		t.Fatal("the hook printed the credential")
	}
	if _, err := os.Stat(filepath.Join(index, git(t, s.work, s.env, "rev-parse", "HEAD^{tree}"))); !os.IsNotExist(err) {
		t.Fatalf("the rejected tip was indexed: %v", err)
	}
}

// pushBeforeEnvfence commits files and pushes them with the hook switched
// off, as history that arrived before envfence was installed.
func (s *server) pushBeforeEnvfence(t *testing.T, files map[string]string) {
	t.Helper()
	hookPath := filepath.Join(s.bare, "hooks", "pre-receive")
	if err := os.Rename(hookPath, hookPath+".off"); err != nil {
		t.Fatal(err)
	}
	s.commit(t, files, "before envfence")
	if ok, out := s.push(t, nil, "origin", "main"); !ok {
		t.Fatalf("push without the hook:\n%s", out)
	}
	if err := os.Rename(hookPath+".off", hookPath); err != nil {
		t.Fatal(err)
	}
}

// TestWarm prepares a repository whose history arrived before envfence was
// installed: `envfence hook warm` indexes the default branch, and the next
// push is judged from that index and still finds what it brings.
func TestWarm(t *testing.T) {
	s := newServer(t, "")
	s.pushBeforeEnvfence(t, map[string]string{".env.production": "DB_HOST=db1.acme.internal\nDB_PASSWORD=${DB_PASSWORD}\n", "app/.env.development": "LOG_LEVEL=debug\n"})
	cmd := exec.Command(binary, "hook", "warm")
	cmd.Dir, cmd.Env = s.bare, append(slices.Clone(s.env), "GIT_DIR=.")
	out, err := cmd.CombinedOutput()
	tree := git(t, s.work, s.env, "rev-parse", "HEAD^{tree}")
	if err != nil || !strings.Contains(string(out), "refs/heads/main: 2 files indexed (tree "+tree[:7]) {
		t.Fatalf("hook warm: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(s.bare, "envfence", "files", tree)); err != nil {
		t.Fatalf("no index of the default branch: %v", err)
	}
	s.commit(t, map[string]string{"app/.env.staging": "REPORTS_DB=postgres://app@db1.acme.internal:5432/app\n"}, "staging reads production's database")
	ok, pushOut := s.push(t, nil, "origin", "main")
	if ok || !strings.Contains(pushOut, "prod-endpoint-in-nonprod app/.env.staging:1") {
		t.Fatalf("a host an unchanged production file uses was missed:\n%s", pushOut)
	}

	cmd = exec.Command(binary, "hook", "warm", "refs/heads/nope")
	cmd.Dir, cmd.Env = s.bare, append(slices.Clone(s.env), "GIT_DIR=.")
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "refs/heads/nope") {
		t.Fatalf("warming an unknown ref: %v\n%s", err, out)
	}
}

// TestRejectedColdPushIndexesItsBase: the first push the hook sees is read
// whole, and so is the tree before it when the push brings findings. When
// the push is rejected, the index of that tree — already in the
// repository — is kept, so that pushing again starts warm; the rejected
// tip's is not.
func TestRejectedColdPushIndexesItsBase(t *testing.T) {
	s := newServer(t, "")
	s.pushBeforeEnvfence(t, map[string]string{".env.production": "API_KEY=${API_KEY}\n", "app/.env.development": "LOG_LEVEL=debug\n"})
	base := git(t, s.work, s.env, "rev-parse", "HEAD^{tree}")
	s.commit(t, map[string]string{"app/.env.production": "DB_PASSWORD=Cold-Push-Leak-55\n"}, "leak")
	if ok, out := s.push(t, nil, "origin", "main"); ok || !strings.Contains(out, "hardcoded-prod-credential") {
		t.Fatalf("the leak was not rejected:\n%s", out)
	}
	index := filepath.Join(s.bare, "envfence", "files")
	if _, err := os.Stat(filepath.Join(index, base)); err != nil {
		t.Fatalf("the tree before the rejected push was not indexed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(index, git(t, s.work, s.env, "rev-parse", "HEAD^{tree}"))); !os.IsNotExist(err) {
		t.Fatalf("the rejected tip was indexed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(s.bare, "envfence", "findings.json")); !os.IsNotExist(err) {
		t.Fatalf("a rejected push left its findings: %v", err)
	}
	// The tree cache keeps the trees before the push, not the pushed ones.
	trees, err := os.ReadFile(filepath.Join(s.bare, "envfence", "trees.cache"))
	if err != nil {
		t.Fatal(err)
	}
	id := func(hexID string) []byte { b, _ := hex.DecodeString(hexID); return b }
	if !bytes.Contains(trees, id(base)) || bytes.Contains(trees, id(git(t, s.work, s.env, "rev-parse", "HEAD^{tree}"))) {
		t.Fatal("the tree cache should hold the tree before the rejected push and not the pushed one")
	}
}

// TestShippedScriptsFailClosed: a policy the admin names but that is
// missing rejects the push with a message for the admin, through the
// shipped script; and every shipped script finds the binary and the policy
// the same way.
func TestShippedScriptsFailClosed(t *testing.T) {
	s := newServer(t, "")
	s.commit(t, map[string]string{".env.production": cleanEnv}, "clean")
	ok, out := s.push(t, []string{"ENVFENCE_CONFIG=" + filepath.Join(t.TempDir(), "missing.yml")}, "origin", "main")
	if ok || !strings.Contains(out, "server configuration is invalid") || !strings.Contains(out, "cannot read the configuration") {
		t.Fatalf("a named, missing policy did not reject the push:\n%s", out)
	}
	// Found on PATH when ENVFENCE_BIN is not set.
	ok, out = s.push(t, []string{"ENVFENCE_BIN=", "PATH=" + filepath.Dir(binary) + string(os.PathListSeparator) + os.Getenv("PATH")}, "origin", "main")
	if !ok {
		t.Fatalf("clean push through the binary on PATH:\n%s", out)
	}
	var tail string
	for _, p := range []string{"git/pre-receive", "gitea/pre-receive", "gitlab/pre-receive", "github-enterprise/pre-receive.sh"} {
		data, err := os.ReadFile(filepath.Join(repoRoot, "hooks", p))
		if err != nil {
			t.Fatal(err)
		}
		_, rest, found := strings.Cut(string(data), "# The binary:")
		if !found || tail != "" && rest != tail {
			t.Errorf("hooks/%s does not find the binary and the policy as the other scripts do", p)
		}
		tail = rest
	}
}

// TestUnreadFilesAreRejected: files a scanner might skip — NUL padding, a
// UTF-16 encoding, nesting past the parser's bound — are either read or
// rejected as unreadable; none passes in silence. A NUL in a comment of a
// file that is otherwise text is read as text.
func TestUnreadFilesAreRejected(t *testing.T) {
	utf16 := func(s string) string {
		b := []byte{0xff, 0xfe}
		for _, c := range s {
			b = append(b, byte(c), 0)
		}
		return string(b)
	}
	padded := strings.Join(strings.Split("DB_PASSWORD=Nul-Padded-Pw-51\n", ""), "\x00\x00")
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"nul-padded", map[string]string{".env.production": padded}, "unreadable-config .env.production:1"},
		{"nul-in-comment", map[string]string{".env.production": "# exported\x00\nDB_PASSWORD=Nul-Comment-Pw-52\n"}, "hardcoded-prod-credential .env.production:2"},
		{"utf-16", map[string]string{"config/production.yml": utf16("password: Utf16-Push-Pw-53\n")}, "hardcoded-prod-credential config/production.yml:1"},
		{"deep", map[string]string{"deploy/prod.tfvars": "tags = " + strings.Repeat("[", 400) + strings.Repeat("]", 400) + "\ndb_password = \"Deep-Pw-54\"\n"}, "unreadable-config deploy/prod.tfvars:1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newServer(t, "")
			s.commit(t, map[string]string{"CODEOWNERS": "* @acme/platform\n"}, "owners")
			if ok, out := s.push(t, nil, "origin", "main"); !ok {
				t.Fatalf("clean push rejected:\n%s", out)
			}
			s.commit(t, c.files, c.name)
			ok, out := s.push(t, nil, "origin", "main")
			if ok || !strings.Contains(out, c.want) {
				t.Fatalf("push accepted or without %q:\n%s", c.want, out)
			}
			if strings.Contains(out, "-Pw-5") {
				t.Fatal("the hook printed the credential")
			}
		})
	}
}

// TestTagOfATreeIsChecked: a lightweight tag pointing at a tree brings no
// commit; it is checked as the tree it is, and it cannot turn a credential
// pushed beside it into an "internal error" that on-error: accept lets
// through.
func TestTagOfATreeIsChecked(t *testing.T) {
	s := newServer(t, "hook:\n  on-error: accept\n")
	s.commit(t, map[string]string{".env.production": cleanEnv}, "clean")
	if ok, out := s.push(t, nil, "origin", "main"); !ok {
		t.Fatalf("clean push rejected:\n%s", out)
	}
	s.commit(t, map[string]string{".env.production": cleanEnv + leaked}, "leak")
	tree := git(t, s.work, s.env, "rev-parse", "HEAD^{tree}")
	git(t, s.work, s.env, "tag", "tree-tag", tree)
	ok, out := s.push(t, nil, "origin", "main", "tree-tag")
	if ok || !strings.Contains(out, "hardcoded-prod-credential") || strings.Contains(out, "ACCEPTED") {
		t.Fatalf("push with a tree tag accepted or unchecked:\n%s", out)
	}
	// The tree on its own is checked too.
	ok, out = s.push(t, nil, "origin", "tree-tag")
	if ok || !strings.Contains(out, "hardcoded-prod-credential") {
		t.Fatalf("a tag of a tree holding a credential accepted:\n%s", out)
	}
	// A tag of a clean tree, and of a blob, are accepted.
	git(t, s.work, s.env, "tag", "clean-tree", git(t, s.work, s.env, "rev-parse", "HEAD~1^{tree}"))
	git(t, s.work, s.env, "tag", "a-blob", git(t, s.work, s.env, "rev-parse", "HEAD~1:.env.production"))
	if ok, out := s.push(t, nil, "origin", "clean-tree", "a-blob"); !ok {
		t.Fatalf("tags of a clean tree and a blob rejected:\n%s", out)
	}
}

// TestOnErrorAcceptCoversServerFailuresOnly: with on-error: accept, a
// failure of the server's side (git's input) is accepted, one caused by
// what the push names (an object that is not there) is rejected.
func TestOnErrorAcceptCoversServerFailuresOnly(t *testing.T) {
	s := newServer(t, "hook:\n  on-error: accept\n")
	s.commit(t, map[string]string{".env.production": cleanEnv}, "base")
	s.push(t, nil, "origin", "main")
	cases := []struct {
		stdin    string
		accepted bool
		want     string
	}{
		{"not a push line\n", true, "ACCEPTED unchecked"},
		{"0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 refs/heads/x\n", false, "on-error: accept does not apply"},
	}
	for _, c := range cases {
		cmd := exec.Command(binary, "hook", "pre-receive")
		cmd.Dir, cmd.Env, cmd.Stdin = s.bare, append(s.env, "GIT_DIR=."), strings.NewReader(c.stdin)
		out, err := cmd.CombinedOutput()
		if (err == nil) != c.accepted || !strings.Contains(string(out), c.want) {
			t.Errorf("stdin %q: err=%v\n%s", c.stdin, err, out)
		}
	}
}

// TestControlCharactersInNamesAreEscaped: a pushed file name holding a
// newline and an escape sequence is printed escaped, on the line it
// belongs to.
func TestControlCharactersInNamesAreEscaped(t *testing.T) {
	s := newServer(t, "")
	s.commit(t, map[string]string{"CODEOWNERS": "* @acme/platform\n"}, "owners")
	s.push(t, nil, "origin", "main")
	name := "deploy/prod\n::add-mask::x\x1b[2K/.env.production"
	s.commit(t, map[string]string{name: "DB_PASSWORD=Escaped-Name-Pw-71\n"}, "odd name")
	ok, out := s.push(t, nil, "origin", "main")
	if ok || !strings.Contains(out, `deploy/prod\x0a::add-mask::x\x1b[2K/.env.production`) {
		t.Fatalf("push accepted or name not escaped:\n%q", out)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(strings.TrimPrefix(l, "remote: "), "::add-mask::") && !strings.Contains(l, `\x0a::add-mask::`) || strings.Contains(l, "\x1b") {
			t.Fatalf("a control character reached the output: %q", l)
		}
	}
}

// TestHookLeavesNoValueBehind: a push of credentials in many forms, first
// rejected and then let through by break-glass, leaves no value in the
// hook's output, its caches or its audit log.
func TestHookLeavesNoValueBehind(t *testing.T) {
	const canary = "Zq7HookCanary"
	dir := t.TempDir()
	audit := filepath.Join(dir, "audit.jsonl")
	s := newServer(t, fmt.Sprintf("hook:\n  bypass: {enabled: true, users: [alice], audit-log: %q}\n", audit))
	git(t, s.bare, s.env, "config", "receive.advertisePushOptions", "true")
	s.commit(t, map[string]string{"CODEOWNERS": "* @acme/platform\n"}, "owners")
	s.push(t, nil, "origin", "main")
	s.commit(t, map[string]string{
		".env.production":        "DB_PASSWORD=" + canary + "1 # was " + canary + "2\n",
		".env.staging":           "DB_PASSWORD=" + canary + "1\n",
		"config/production.yml":  "url: postgres://app:" + canary + "3@db.prod.acme.internal/shop # envfence:ignore[x] " + canary + "4\n",
		"Makefile":               "prod:\n\tcurl -u admin:" + canary + "5 -H 'Authorization: Bearer " + canary + "6' https://api.prod.acme.internal\n",
		"settings/production.py": "SECRET_KEY = '" + canary + "7'#" + canary + "8\n",
	}, "leaks")
	ok, out := s.push(t, []string{"GL_USERNAME=alice"}, "origin", "main")
	if ok || strings.Contains(out, canary) {
		t.Fatalf("accepted, or the rejection shows a value:\n%s", out)
	}
	ok, out = s.push(t, []string{"GL_USERNAME=alice"}, "-o", "envfence.bypass=incident 7", "origin", "main")
	if !ok || strings.Contains(out, canary) {
		t.Fatalf("bypass refused, or its output shows a value:\n%s", out)
	}
	files := []string{audit}
	filepath.WalkDir(s.bare, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.Contains(p, string(filepath.Separator)+"objects"+string(filepath.Separator)) {
			files = append(files, p)
		}
		return nil
	})
	caches := 0
	for _, p := range files {
		data, _ := os.ReadFile(p)
		if bytes.Contains(data, []byte(canary)) {
			t.Errorf("%s holds a planted value", p)
		}
		if strings.Contains(p, "envfence") {
			caches++
		}
	}
	if caches == 0 {
		t.Error("no cache file was written: the test checks nothing")
	}
}

// TestLinkedFileIsCheckedWhereItIsLinked: a Terraform variables file kept
// once and linked into each deployment is read under the link, with the
// link's environment: a literal password default there is production's,
// and the push that links it into production is rejected. A link out of
// the repository is not followed.
func TestLinkedFileIsCheckedWhereItIsLinked(t *testing.T) {
	s := newServer(t, "")
	s.commit(t, map[string]string{
		"CODEOWNERS":                  "* @acme/platform\n",
		"modules/common/variables.tf": "variable \"db_password\" {\n  default = \"L1nked-Tf-Pw-61\"\n}\n",
		"deploy/staging/main.tf":      "module \"app\" {\n  source = \"../../modules/app\"\n}\n",
		"deploy/production/main.tf":   "module \"app\" {\n  source = \"../../modules/app\"\n}\n",
	}, "modules")
	if ok, out := s.push(t, nil, "origin", "main"); !ok {
		t.Fatalf("push without links rejected:\n%s", out)
	}
	for _, link := range []string{"deploy/staging/variables.tf", "deploy/production/variables.tf"} {
		if err := os.Symlink("../../modules/common/variables.tf", filepath.Join(s.work, link)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("/etc/hostname", filepath.Join(s.work, "deploy/production/outside.tfvars")); err != nil {
		t.Fatal(err)
	}
	s.commit(t, nil, "link the shared variables into each deployment")
	ok, out := s.push(t, nil, "origin", "main")
	// One file linked into staging and production gives both one
	// database password: that is reported too.
	for _, want := range []string{"hardcoded-prod-credential deploy/production/variables.tf:2", "shared-credential deploy/staging/variables.tf:2"} {
		if ok || !strings.Contains(out, want) {
			t.Fatalf("push accepted or without %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "modules/common/variables.tf") || strings.Contains(out, "L1nked-Tf-Pw") {
		t.Fatalf("the link's target reported as an environment of its own, or the value printed:\n%s", out)
	}
}
