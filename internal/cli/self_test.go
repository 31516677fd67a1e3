package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
)

const repoRoot = "../.."

// TestEnvfencePassesItself: envfence's own repository, workflows
// included, has no findings and no notes.
func TestEnvfencePassesItself(t *testing.T) {
	code, out, errOut := run(t, nil, "scan", repoRoot, "--fail-on", "note")
	// A developer's ignored files (dist/ of a release dry run) are left out
	// with a note of their own; any other note is a failure.
	out = regexp.MustCompile(`(?m)^note: \.: left out \d+ paths that git ignores.*\n`).ReplaceAllString(out, "")
	if code != ExitOK || strings.Contains(out, "note:") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}

// TestOwnWorkflowsPassActionlint lints .github/workflows with actionlint.
func TestOwnWorkflowsPassActionlint(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(repoRoot, ".github", "workflows", "*.yml"))
	if len(files) == 0 {
		t.Fatal("no workflows")
	}
	var buf bytes.Buffer
	linter, err := actionlint.NewLinter(&buf, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := linter.LintFiles(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("%s:%d:%d: %s [%s]", e.Filepath, e.Line, e.Column, e.Message, e.Kind)
	}
	for _, f := range files {
		data, _ := os.ReadFile(f)
		for _, line := range strings.Split(string(data), "\n") {
			if i := strings.Index(line, "uses: "); i >= 0 && !strings.Contains(line, "uses: ./") {
				ref := strings.Fields(line[i+len("uses: "):])[0]
				if at := strings.LastIndex(ref, "@"); at < 0 || len(ref)-at-1 != 40 {
					t.Errorf("%s: %s is not pinned to a commit SHA", f, ref)
				}
			}
		}
		if !strings.Contains(string(data), "permissions: {}") || !strings.Contains(string(data), "persist-credentials: false") {
			t.Errorf("%s: want top-level permissions: {} and persist-credentials: false", f)
		}
	}
}

// TestActionMetadata checks action.yml against the inputs the action
// reads, and the Dockerfile that builds the image and the GHES hook
// environment. (internal/action's tests check the composite steps.)
func TestActionMetadata(t *testing.T) {
	var meta struct {
		Inputs  map[string]struct{ Description, Default string }
		Outputs map[string]struct{ Description string }
		Runs    struct{ Using string }
	}
	data, err := os.ReadFile(filepath.Join(repoRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &meta); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	for _, in := range []string{"path", "config", "fail-on", "format", "sarif-file", "baseline", "only-new", "annotations", "github-token"} {
		if meta.Inputs[in].Description == "" {
			t.Errorf("input %s is missing or undocumented", in)
		}
	}
	for _, out := range []string{"findings", "errors", "warnings", "sarif-file"} {
		if meta.Outputs[out].Description == "" {
			t.Errorf("output %s is missing or undocumented", out)
		}
	}
	if meta.Runs.Using != "composite" {
		t.Errorf("runs: %+v: the Action runs the release binary (a composite action), it does not build an image", meta.Runs)
	}
	docker, err := os.ReadFile(filepath.Join(repoRoot, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`ENTRYPOINT ["/usr/local/bin/envfence"]`, "CGO_ENABLED=0", "AS ghes-hook-env", "./cmd/envfence"} {
		if !strings.Contains(string(docker), want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
}

// TestServerExampleIsValid loads hooks/server.example.yml as the hook does,
// and checks that it sets every hook key, so the example documents them all.
func TestServerExampleIsValid(t *testing.T) {
	path := filepath.Join(repoRoot, "hooks", "server.example.yml")
	cfg, _, err := serverConfig(path, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	h := cfg.Hook
	if !h.Bypass.Enabled || h.Bypass.AuditLog == "" || !h.Cache || h.Repository.RelaxRules || !h.Repository.Environments {
		t.Errorf("unexpected policy %+v", h)
	}
	data, _ := os.ReadFile(path)
	for _, key := range []string{"deadline:", "on-timeout:", "on-error:", "fail-on:", "bypass:", "users:", "audit-log:", "repository:", "environments:", "ignore:", "exclude:", "relax-rules:", "cache:"} {
		if !bytes.Contains(data, []byte(key)) {
			t.Errorf("the example does not show %s", key)
		}
	}
}

// TestCacheKeyNamesWhatFindingsDependOn: the hook's remembered findings
// are keyed by both configurations and the binary.
func TestCacheKeyNamesWhatFindingsDependOn(t *testing.T) {
	dir := t.TempDir()
	server := filepath.Join(dir, "server.yml")
	none := func(string) string { return "" }
	identity := func(path string, getenv env) string {
		t.Helper()
		_, id, err := serverConfig(path, getenv)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	os.WriteFile(server, nil, 0o644)
	empty := identity(server, none)
	defaults := identity("", none)
	os.WriteFile(server, []byte("hook:\n  fail-on: warning\n"), 0o644)
	strict := identity(server, none)
	viaEnv := identity("", func(k string) string { return map[string]string{"ENVFENCE_CONFIG": server}[k] })
	if empty == "" || empty == defaults || empty == strict || strict != viaEnv {
		t.Fatalf("identities: empty %q, defaults %q, strict %q, via env %q", empty, defaults, strict, viaEnv)
	}
	keys := map[string]bool{}
	for _, k := range []string{cacheKey(empty, ""), cacheKey(strict, ""), cacheKey(strict, ".envfence.yml\x00rules: {}\n")} {
		if k == "" || keys[k] {
			t.Errorf("key %q empty or not distinct", k)
		}
		keys[k] = true
	}
	if first, again := cacheKey(strict, ""), cacheKey(strict, ""); first != again {
		t.Error("the key is not stable")
	}
}

// TestLessGarbageCollection: the hook collects less often, unless GOGC or
// GOMEMLIMIT say otherwise.
func TestLessGarbageCollection(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	lessGarbageCollection(func(k string) string { return map[string]string{"GOGC": "50", "GOMEMLIMIT": "2GiB"}[k] })
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set, but the percent became %d", got)
	}
	lessGarbageCollection(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != 400 {
		t.Errorf("GC percent %d, want 400", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Errorf("memory limit %d, want 1 GiB", got)
	}
}
