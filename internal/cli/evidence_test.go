package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/evidence"
)

func TestEvidenceReport(t *testing.T) {
	for _, format := range []string{"markdown", "html", "json"} {
		out := filepath.Join(t.TempDir(), "evidence."+format)
		if code, _, errOut := run(t, nil, "report", demo, "--format", format, "--output", out); code != ExitOK {
			t.Fatalf("%s: exit %d %s", format, code, errOut)
		}
		data, _ := os.ReadFile(out)
		for _, want := range []string{"A.8.31", "shared-credential", "Architecture", "Access", "Data and credentials", "Promotion", "Direct paths", "ccepted"} {
			if !strings.Contains(string(data), want) {
				t.Errorf("%s evidence lacks %q", format, want)
			}
		}
		assertNoSecrets(t, "evidence "+format, string(data))
	}
	if code, _, _ := run(t, nil, "report", demo, "--format", "pdf"); code != ExitUsage {
		t.Errorf("bad evidence format accepted")
	}
}

// shopClone is a git work tree of the demo whose origin carries a token
// in its URL, as a CI checkout's does.
func shopClone(t *testing.T) (dir, commit string) {
	dir = t.TempDir()
	cmd := exec.Command("cp", "-R", demo+"/.", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	git := gitIn(t, dir)
	git("init", "-q", "-b", "release/2026-12")
	git("add", "-A")
	git("commit", "-qm", "shop")
	git("remote", "add", "origin", "https://x-access-token:ghs_RemoteUrlToken123@github.com/acme/shop.git")
	return dir, git("rev-parse", "HEAD")
}

func reportJSON(t *testing.T, env map[string]string, args ...string) *evidence.Pack {
	t.Helper()
	code, out, errOut := run(t, env, append([]string{"report", "--format", "json"}, args...)...)
	if code != ExitOK {
		t.Fatalf("report: exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "ghs_RemoteUrlToken123") {
		t.Fatal("the pack prints the token of the remote's URL")
	}
	var p evidence.Pack
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return &p
}

func TestEvidenceHeaderIsReproducible(t *testing.T) {
	dir, commit := shopClone(t)
	env := map[string]string{"SOURCE_DATE_EPOCH": "1764633600"}
	p := reportJSON(t, env, dir)
	h := p.Header
	if h.Repository != "github.com/acme/shop" || h.RepositoryFrom != "git remote origin" {
		t.Errorf("repository %q from %q", h.Repository, h.RepositoryFrom)
	}
	if h.Commit != commit || h.Branch != "release/2026-12" || h.Tree != "work tree" {
		t.Errorf("commit %q branch %q tree %q; want %s on release/2026-12", h.Commit, h.Branch, h.Tree, commit)
	}
	if h.Date != "2025-12-02T00:00:00Z" || h.DateFrom != "SOURCE_DATE_EPOCH" {
		t.Errorf("date %s from %s", h.Date, h.DateFrom)
	}
	if h.Tool.Version != Version || !strings.HasPrefix(h.Config.Digest, "sha256:") || len(h.Config.Files) != 0 {
		t.Errorf("tool %+v config %+v", h.Tool, h.Config)
	}
	if h.GitHub.Read || !strings.Contains(h.GitHub.Why, "GITHUB_TOKEN") {
		t.Errorf("github %+v; want not read, saying a token is needed", h.GitHub)
	}
	if c := check(p, "environment-unprotected"); c.Result != evidence.NotRun || !strings.Contains(c.Why, "GITHUB_TOKEN") {
		t.Errorf("environment-unprotected: %+v; want not run, and why", c)
	}
	// The same commit, configuration and date give the same bytes.
	for _, format := range []string{"json", "markdown", "html"} {
		_, a, _ := run(t, env, "report", "--format", format, dir)
		_, b, _ := run(t, env, "report", "--format", format, dir)
		if a != b || a == "" {
			t.Errorf("%s: two runs differ", format)
		}
	}
	// --commit names the tree; --repository names the repository.
	p = reportJSON(t, env, "--commit", "HEAD", "--repository", "acme/shop-mirror", dir)
	if p.Header.Tree != "commit" || p.Header.Commit != commit || p.Header.Branch != "" || p.Header.Repository != "acme/shop-mirror" || p.Header.RepositoryFrom != "--repository" {
		t.Errorf("--commit/--repository header: %+v", p.Header)
	}
	// A configuration changes the digest and is named.
	os.WriteFile(filepath.Join(dir, ".envfence.yml"), []byte("rules:\n  prod-deploy-without-gate: {severity: error}\n"), 0o644)
	p2 := reportJSON(t, env, dir)
	if p2.Header.Config.Digest == h.Config.Digest || len(p2.Header.Config.Files) != 1 {
		t.Errorf("config %+v after adding .envfence.yml; before %+v", p2.Header.Config, h.Config)
	}
	if code, _, errOut := run(t, map[string]string{"SOURCE_DATE_EPOCH": "yesterday"}, "report", dir); code != ExitUsage || !strings.Contains(errOut, "SOURCE_DATE_EPOCH") {
		t.Errorf("a bad SOURCE_DATE_EPOCH: exit %d %q", code, errOut)
	}
}

func check(p *evidence.Pack, id string) evidence.Check {
	for _, c := range p.Checks {
		if c.ID == id {
			return c
		}
	}
	return evidence.Check{}
}

func TestEvidenceOutsideGit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "payments")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, ".env.production"), []byte("API_URL=https://api.payments.acme.io\n"), 0o644)
	p := reportJSON(t, nil, dir)
	if p.Header.Repository != "payments" || !strings.Contains(p.Header.RepositoryFrom, "--repository") || p.Header.Commit != "" || p.Header.DateFrom != "clock" {
		t.Errorf("header outside git: %+v", p.Header)
	}
}

// TestEvidenceReadsGitHubProtection: with a token, the pack shows each
// production environment's protection, read once for the rule and the
// pack, and the token appears nowhere.
func TestEvidenceReadsGitHubProtection(t *testing.T) {
	requests := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer gh-token-for-report" || r.URL.Path != "/repos/acme/shop/environments/production" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		requests++
		w.Write([]byte(`{"name": "production", "can_admins_bypass": false, "protection_rules": [{"type": "required_reviewers", "reviewers": [{"type": "Team"}, {"type": "User"}]}, {"type": "wait_timer", "wait_timer": 15}], "deployment_branch_policy": {"protected_branches": true, "custom_branch_policies": false}}`))
	}))
	defer srv.Close()
	dir, _ := shopClone(t)
	env := map[string]string{"GITHUB_TOKEN": "gh-token-for-report", "GITHUB_API_URL": srv.URL, "SOURCE_DATE_EPOCH": "0"}
	p := reportJSON(t, env, dir)
	if !p.Header.GitHub.Read || requests != 1 {
		t.Fatalf("github %+v after %d requests; want read, once", p.Header.GitHub, requests)
	}
	var acc *evidence.Access
	for _, s := range p.Sections {
		if s.Access != nil {
			acc = s.Access
		}
	}
	if len(acc.Environments) != 1 || acc.Environments[0].Reviewers != 2 || acc.Environments[0].WaitMinutes != 15 || acc.Environments[0].BranchPolicy != "protected branches" {
		t.Errorf("protection %+v", acc.Environments)
	}
	if c := check(p, "environment-unprotected"); c.Result != evidence.Passed {
		t.Errorf("environment-unprotected %+v; want passed", c)
	}
	for _, format := range []string{"markdown", "html"} {
		if _, out, _ := run(t, env, "report", "--format", format, dir); strings.Contains(out, "gh-token-for-report") || !strings.Contains(out, "wait timer 15 min") {
			t.Errorf("%s: the token is printed, or the protection is not", format)
		}
	}
	off := reportJSON(t, env, "--offline", dir)
	if off.Header.GitHub.Read || off.Header.GitHub.Why != "--offline" {
		t.Errorf("--offline: %+v", off.Header.GitHub)
	}
	env["GITHUB_TOKEN"] = "gh-token-for-report"
	if p := reportJSON(t, env, "--repository", "shop", dir); p.Header.GitHub.Read || !strings.Contains(p.Header.GitHub.Why, "OWNER/NAME") {
		t.Errorf("a name GitHub does not know: %+v", p.Header.GitHub)
	}
}

func TestEvidenceHookPolicy(t *testing.T) {
	p := reportJSON(t, nil, "--hook-config", "../../hooks/server.example.yml", demo)
	var hook *evidence.HookPolicy
	for _, s := range p.Sections {
		if s.Access != nil {
			hook = s.Access.Hook
		}
	}
	if hook == nil || hook.FailOn == "" || hook.Deadline == "" {
		t.Fatalf("hook policy %+v", hook)
	}
	onServer := reportJSON(t, map[string]string{"ENVFENCE_CONFIG": "../../hooks/server.example.yml"}, demo)
	for _, s := range onServer.Sections {
		if s.Access != nil && s.Access.Hook == nil {
			t.Error("with ENVFENCE_CONFIG set, as on the server, the hook policy is not described")
		}
	}
	if code, _, errOut := run(t, nil, "report", "--hook-config", "no-such-file.yml", demo); code != ExitUsage || !strings.Contains(errOut, "no-such-file.yml") {
		t.Errorf("a missing hook configuration: exit %d %q", code, errOut)
	}
}
