package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gitIn returns a runner of git in dir, with an identity and no system or
// user configuration; a failing command fails the test.
func gitIn(t *testing.T, dir string) func(args ...string) string {
	t.Helper()
	env := append(os.Environ(), "HOME="+t.TempDir(), "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=a", "GIT_AUTHOR_EMAIL=a@b", "GIT_COMMITTER_NAME=a", "GIT_COMMITTER_EMAIL=a@b")
	return func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
}

// historyRepo has three commits: clean, a leak, and the leak removed.
func historyRepo(t *testing.T) string {
	dir := t.TempDir()
	git := gitIn(t, dir)
	write := func(content string) {
		os.WriteFile(filepath.Join(dir, ".env.production"), []byte(content), 0o644)
		git("add", "-A")
	}
	git("init", "-q", "-b", "main")
	write("OLD_PASSWORD=Old-Leak-Value-1\n")
	git("commit", "-qm", "old finding")
	write("OLD_PASSWORD=Old-Leak-Value-1\nNEW_PASSWORD=New-Leak-Value-2\n")
	git("commit", "-qm", "new finding")
	write("APP=shop\n")
	git("commit", "-qm", "clean")
	return dir
}

func findingKeys(t *testing.T, out string) []string {
	var doc struct {
		Findings []struct {
			Rule, Message, Commit string
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var keys []string
	for _, f := range doc.Findings {
		if f.Commit == "" {
			t.Errorf("git-mode finding without commit: %+v", f)
		}
		if f.Rule == "hardcoded-prod-credential" {
			keys = append(keys, strings.Fields(f.Message)[0])
		}
	}
	return keys
}

func TestScanCommitAndSince(t *testing.T) {
	dir := historyRepo(t)
	code, out, errOut := run(t, nil, "scan", dir, "--commit", "HEAD~1", "--format", "json")
	if code != ExitFindings || strings.Join(findingKeys(t, out), ",") != "OLD_PASSWORD,NEW_PASSWORD" {
		t.Fatalf("--commit HEAD~1: exit %d %s %s", code, out, errOut)
	}
	code, out, _ = run(t, nil, "scan", dir, "--commit", "HEAD~1", "--since", "HEAD~2", "--format", "json")
	if code != ExitFindings || strings.Join(findingKeys(t, out), ",") != "NEW_PASSWORD" {
		t.Fatalf("--since: exit %d %s", code, out)
	}
	if code, _, _ := run(t, nil, "scan", dir, "--commit", "HEAD", "--fail-on", "error"); code != ExitOK {
		t.Fatalf("--commit HEAD: exit %d", code)
	}
	if code, _, errOut := run(t, nil, "scan", dir, "--commit", "no-such-rev"); code != ExitUsage || !strings.Contains(errOut, "no-such-rev") {
		t.Fatalf("bad revision: exit %d %s", code, errOut)
	}
	if code, _, errOut := run(t, nil, "scan", t.TempDir(), "--commit", "HEAD"); code != ExitUsage || !strings.Contains(errOut, "not a git repository") {
		t.Fatalf("no repository: exit %d %s", code, errOut)
	}
}
