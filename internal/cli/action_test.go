package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/evidence"
)

// runnerEnv is what the Actions runner sets for a Docker action.
func runnerEnv(t *testing.T, workspace string, inputs map[string]string) (map[string]string, string, string) {
	dir := t.TempDir()
	outputs, summary := filepath.Join(dir, "output"), filepath.Join(dir, "summary")
	os.WriteFile(outputs, nil, 0o644)
	os.WriteFile(summary, nil, 0o644)
	env := map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": workspace, "GITHUB_OUTPUT": outputs, "GITHUB_STEP_SUMMARY": summary,
		"GITHUB_REPOSITORY": "acme/shop", "GITHUB_SHA": "4b825dc642cb6eb9a060e54bf8d69288fbee4904", "GITHUB_SERVER_URL": "https://github.com",
		"GITHUB_EVENT_NAME": "push",
	}
	for k, v := range inputs {
		env["INPUT_"+strings.ToUpper(strings.ReplaceAll(k, " ", "_"))] = v
	}
	return env, outputs, summary
}

func TestActionWritesEverything(t *testing.T) {
	ws, _ := filepath.Abs(demo)
	sarifDir := t.TempDir()
	env, outputs, summary := runnerEnv(t, ws, map[string]string{"path": ".", "sarif-file": filepath.Join(sarifDir, "out.sarif"), "fail-on": "error"})
	code, stdout, stderr := run(t, env, "action")
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "::error col=16,endColumn=40,endLine=3,file=.env.staging,line=3,title=envfence%3A shared-credential::SESSION_SECRET in staging") {
		t.Errorf("no annotation for the shared credential:\n%s", stdout)
	}
	out, _ := os.ReadFile(outputs)
	for _, want := range []string{"findings<<", "errors<<", "warnings<<", "sarif-file<<"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("outputs lack %s:\n%s", want, out)
		}
	}
	sum, _ := os.ReadFile(summary)
	for _, want := range []string{"## envfence", "| rule |", "https://github.com/acme/shop/blob/4b825dc642cb6eb9a060e54bf8d69288fbee4904/.env.staging#L3", "<details><summary>Environment map"} {
		if !strings.Contains(string(sum), want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	sarif, err := os.ReadFile(filepath.Join(sarifDir, "out.sarif"))
	if err != nil || !json.Valid(sarif) {
		t.Fatalf("sarif: %v", err)
	}
	validateSARIF(t, sarif)
	for name, text := range map[string]string{"stdout": stdout, "outputs": string(out), "summary": string(sum), "sarif": string(sarif)} {
		assertNoSecrets(t, name, text)
	}
}

// TestActionWritesTheEvidencePack: the report input writes the pack of
// the same scan into the workspace, named for GITHUB_REPOSITORY, before
// only-new narrows the findings, and names it in an output.
func TestActionWritesTheEvidencePack(t *testing.T) {
	ws, _ := shopClone(t)
	env, outputs, _ := runnerEnv(t, ws, map[string]string{"report": "evidence/pack.json", "sarif-file": "", "only-new": "true"})
	env["GITHUB_EVENT_NAME"], env["SOURCE_DATE_EPOCH"] = "pull_request", "1764633600"
	_, stdout, stderr := run(t, env, "action")
	data, err := os.ReadFile(filepath.Join(ws, "evidence", "pack.json"))
	if err != nil {
		t.Fatalf("%v\n%s\n%s", err, stdout, stderr)
	}
	var p evidence.Pack
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	if p.Header.Repository != "github.com/acme/shop" || p.Header.RepositoryFrom != "GITHUB_REPOSITORY" || p.Header.Date != "2025-12-02T00:00:00Z" || p.Summary.Findings == 0 {
		t.Errorf("pack header %+v, %d findings", p.Header, p.Summary.Findings)
	}
	if c := check(&p, "environment-unprotected"); c.Result != evidence.NotRun || !strings.Contains(c.Why, "github-token") {
		t.Errorf("environment-unprotected %+v; want not run for want of the github-token input", c)
	}
	out, _ := os.ReadFile(outputs)
	if !strings.Contains(string(out), "report-file<<") || !strings.Contains(string(out), "evidence/pack.json") {
		t.Errorf("no report-file output:\n%s", out)
	}
	assertNoSecrets(t, "the Action's pack", string(data))
}

// TestActionBadInput: a bad input is an ::error:: line naming the input
// (not a CLI flag), before anything is scanned or written.
func TestActionBadInput(t *testing.T) {
	ws, _ := filepath.Abs(demo)
	for input, value := range map[string]string{"only-new": "maybe", "fail-on": "critical", "format": "yaml", "baseline": "missing-baseline.json", "report": "evidence.pdf"} {
		sarif := filepath.Join(t.TempDir(), "out.sarif")
		env, _, summary := runnerEnv(t, ws, map[string]string{input: value, "sarif-file": sarif})
		code, stdout, _ := run(t, env, "action")
		if code != ExitUsage || !strings.Contains(stdout, "::error::input "+input) || strings.Contains(stdout, "--"+input) {
			t.Errorf("%s: %s: exit %d: %s", input, value, code, stdout)
		}
		if _, err := os.Stat(sarif); err == nil {
			t.Errorf("%s: a SARIF file was written before the inputs were checked", input)
		}
		if s, _ := os.ReadFile(summary); len(s) != 0 {
			t.Errorf("%s: a summary was written", input)
		}
	}
}

// TestActionAnnotationLimit: GitHub shows ten annotations of each severity
// per step; the most severe come first and the rest are counted.
func TestActionAnnotationLimit(t *testing.T) {
	ws := t.TempDir()
	var prod strings.Builder
	for i := range 12 {
		fmt.Fprintf(&prod, "PASSWORD_%d=Prod-Only-Literal-%d-x\n", i, i)
	}
	os.WriteFile(filepath.Join(ws, ".env.production"), []byte(prod.String()), 0o644)
	env, _, summary := runnerEnv(t, ws, map[string]string{"format": "json", "sarif-file": filepath.Join(t.TempDir(), "out.sarif")})
	code, stdout, _ := run(t, env, "action")
	if code != ExitFindings {
		t.Fatalf("exit %d", code)
	}
	if n := strings.Count(stdout, "::error "); n != 10 {
		t.Errorf("%d error annotations, want 10", n)
	}
	if !strings.Contains(stdout, "2 findings are not annotated") {
		t.Errorf("the omitted annotations are not counted in the log:\n%s", stdout)
	}
	s, _ := os.ReadFile(summary)
	if !strings.Contains(string(s), "❌ **Failed**: 12 errors, 1 warning") || !strings.Contains(string(s), "2 findings are not annotated") {
		t.Errorf("summary does not open with the verdict and the omitted count:\n%s", s)
	}
}

// gitRepo builds a two-commit repository: base without, head with a leak.
func gitRepo(t *testing.T) (dir, base string) {
	dir = t.TempDir()
	gitRun := gitIn(t, dir)
	gitRun("init", "-q", "-b", "main")
	os.WriteFile(filepath.Join(dir, ".env.production"), []byte("OLD_SECRET=Old-Known-Pw-1234\n"), 0o644)
	gitRun("add", "-A")
	gitRun("commit", "-qm", "base")
	base = gitRun("rev-parse", "HEAD")
	os.WriteFile(filepath.Join(dir, ".env.staging"), []byte("NEW_TOKEN=New-Token-In-Pr-99\n"), 0o644)
	os.WriteFile(filepath.Join(dir, ".env.production"), []byte("OLD_SECRET=Old-Known-Pw-1234\nNEW_TOKEN=New-Token-In-Pr-99\n"), 0o644)
	gitRun("add", "-A")
	gitRun("commit", "-qm", "head")
	return dir, base
}

func TestActionOnlyNewOnPullRequests(t *testing.T) {
	dir, base := gitRepo(t)
	event := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(event, []byte(`{"pull_request": {"base": {"sha": "`+base+`"}, "head": {"sha": "x"}}}`), 0o644)
	env, _, summary := runnerEnv(t, dir, map[string]string{"only-new": "true", "format": "json", "sarif-file": filepath.Join(t.TempDir(), "out.sarif")})
	env["GITHUB_EVENT_NAME"], env["GITHUB_EVENT_PATH"] = "pull_request", event
	_, stdout, stderr := run(t, env, "action")
	if strings.Contains(stdout, `"OLD_SECRET"`) || strings.Contains(stdout, "OLD_SECRET is a literal") || !strings.Contains(stdout, "NEW_TOKEN") {
		t.Fatalf("only-new kept old findings or lost new ones:\n%s\n%s", stdout, stderr)
	}
	sum, _ := os.ReadFile(summary)
	if !strings.Contains(string(sum), "Only findings that the base commit") {
		t.Errorf("summary does not say it shows only new findings:\n%s", sum)
	}
	// A base commit the checkout lacks (shallow clone): say so, scan everything.
	os.WriteFile(event, []byte(`{"pull_request": {"base": {"sha": "1111111111111111111111111111111111111111"}}}`), 0o644)
	_, stdout, _ = run(t, env, "action")
	if !strings.Contains(stdout, "::warning::only-new: the base commit") || !strings.Contains(stdout, "fetch-depth: 2") || !strings.Contains(stdout, "OLD_SECRET is a literal") {
		t.Fatalf("shallow checkout not explained or findings dropped:\n%s", stdout)
	}
}

// TestActionOnlyNewOnMergeCommit: actions/checkout of a pull request with
// fetch-depth: 2 holds GitHub's merge commit and its parents; the first
// parent is the base branch, enough to compare with even when the event's
// base commit is not there.
func TestActionOnlyNewOnMergeCommit(t *testing.T) {
	src, _ := gitRepo(t) // main: base, then the head commit with a new token
	inSrc := gitIn(t, src)
	// A pull request branch from the base commit, merged into main as
	// GitHub does for refs/pull/N/merge.
	inSrc("checkout", "-q", "-b", "pr", "HEAD~1")
	os.MkdirAll(filepath.Join(src, "config"), 0o755)
	os.WriteFile(filepath.Join(src, "config", "production.env"), []byte("PR_PASSWORD=Pr-Branch-Pw-77\n"), 0o644)
	inSrc("add", "-A")
	inSrc("commit", "-qm", "pr")
	inSrc("checkout", "-q", "main")
	inSrc("merge", "-q", "--no-ff", "-m", "merge pr", "pr")
	shallow := filepath.Join(t.TempDir(), "ws")
	gitIn(t, filepath.Dir(shallow))("clone", "-q", "--depth", "2", "file://"+src, shallow)

	event := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(event, []byte(`{"pull_request": {"base": {"sha": "2222222222222222222222222222222222222222"}}}`), 0o644)
	renv, _, summary := runnerEnv(t, shallow, map[string]string{"only-new": "true", "format": "json", "sarif-file": filepath.Join(t.TempDir(), "out.sarif")})
	renv["GITHUB_EVENT_NAME"], renv["GITHUB_EVENT_PATH"] = "pull_request", event
	_, stdout, stderr := run(t, renv, "action")
	if strings.Contains(stdout, "::warning::only-new") || !strings.Contains(stdout, "PR_PASSWORD is a literal") || strings.Contains(stdout, "NEW_TOKEN is a literal") || strings.Contains(stdout, "OLD_SECRET is a literal") {
		t.Fatalf("the merge commit's first parent was not used as the base:\n%s\n%s", stdout, stderr)
	}
	if sum, _ := os.ReadFile(summary); !strings.Contains(string(sum), "Only findings that the base commit") {
		t.Errorf("summary:\n%s", sum)
	}
}

// validateSARIF runs sarif-multitool when available (required in CI).
func validateSARIF(t *testing.T, sarif []byte) {
	t.Helper()
	tool, err := exec.LookPath("sarif-multitool")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("sarif-multitool is not installed")
		}
		t.Skip("sarif-multitool is not installed")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.sarif"), filepath.Join(dir, "out.sarif")
	os.WriteFile(in, sarif, 0o644)
	if msg, err := exec.Command(tool, "validate", in, "--output", out).CombinedOutput(); err != nil {
		t.Fatalf("validate: %v\n%s", err, msg)
	}
	data, _ := os.ReadFile(out)
	var res struct {
		Runs []struct {
			Results []struct{ Level, RuleID string }
		}
	}
	json.Unmarshal(data, &res)
	for _, r := range res.Runs {
		for _, x := range r.Results {
			if x.Level == "error" {
				t.Errorf("SARIF validation error %s", x.RuleID)
			}
		}
	}
}

func TestActionChecksEnvironmentsWithAToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer gh-token-for-test" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusNotFound) // no environment created yet
	}))
	defer srv.Close()
	ws, _ := filepath.Abs(demo)
	env, _, _ := runnerEnv(t, ws, map[string]string{"github-token": "gh-token-for-test", "format": "json", "sarif-file": filepath.Join(t.TempDir(), "out.sarif")})
	env["GITHUB_API_URL"] = srv.URL
	_, stdout, stderr := run(t, env, "action")
	if !strings.Contains(stdout, `environment \"production\" does not exist on GitHub`) {
		t.Fatalf("no environment-unprotected finding:\n%s\n%s", stdout, stderr)
	}
	if strings.Contains(stdout, "gh-token-for-test") && !strings.Contains(stdout, "::add-mask::gh-token-for-test") {
		t.Fatal("the token was printed")
	}
}

// TestActionPathInput: with path: services, paths in every report are the
// repository's (services/web/…), CODEOWNERS at the root is found, and
// findings outside the path are not reported.
func TestActionPathInput(t *testing.T) {
	ws := t.TempDir()
	write := func(p, c string) {
		os.MkdirAll(filepath.Dir(filepath.Join(ws, p)), 0o755)
		os.WriteFile(filepath.Join(ws, p), []byte(c), 0o644)
	}
	write(".github/CODEOWNERS", "/services/ @acme/platform\n/other/ @acme/other\n")
	write("services/web/.env.production", "WEB_PASSWORD=Web-Prod-Pw-81\n")
	write("other/.env.production", "OTHER_PASSWORD=Other-Prod-Pw-82\n")
	sarif := filepath.Join(t.TempDir(), "out.sarif")
	env, _, summary := runnerEnv(t, ws, map[string]string{"path": "services", "format": "json", "sarif-file": sarif, "fail-on": "none"})
	code, out, errOut := run(t, env, "action")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct{ Findings []struct{ Rule, Path string } }
	if err := json.NewDecoder(strings.NewReader(out[strings.Index(out, "{"):])).Decode(&doc); err != nil { // annotations follow the report
		t.Fatalf("%v\n%s", err, out)
	}
	var got []string
	for _, f := range doc.Findings {
		got = append(got, f.Rule+" "+f.Path)
	}
	if len(got) != 1 || got[0] != "hardcoded-prod-credential services/web/.env.production" {
		t.Errorf("findings %v, want only the one under services/, with the repository's path", got)
	}
	data, _ := os.ReadFile(sarif)
	if !strings.Contains(string(data), `"uri": "services/web/.env.production"`) {
		t.Errorf("SARIF does not name services/web/.env.production:\n%s", data)
	}
	if s, _ := os.ReadFile(summary); !strings.Contains(string(s), "services/web/.env.production") {
		t.Errorf("summary does not link services/web/.env.production")
	}
}

// TestActionOutsideRunner: -h prints help and touches nothing; outside a
// runner the command says what is missing and exits 2, writing nothing.
func TestActionOutsideRunner(t *testing.T) {
	dir := t.TempDir()
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(dir)
	code, out, errOut := run(t, nil, "action", "-h")
	if code != 0 || !strings.Contains(out, "Usage: envfence action") || errOut != "" {
		t.Errorf("-h: exit %d, %q, %q", code, out, errOut)
	}
	code, _, errOut = run(t, map[string]string{"GITHUB_ACTIONS": "true"}, "action")
	if code != ExitUsage || !strings.Contains(errOut, "GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY are not set") {
		t.Errorf("outside a runner: exit %d, %q", code, errOut)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files written outside a runner: %v", entries)
	}
}

// TestActionLogInColour: runners render ANSI colour, so the text report in
// the log is coloured, unless NO_COLOR is set.
func TestActionLogInColour(t *testing.T) {
	ws, _ := filepath.Abs(demo)
	for _, noColor := range []string{"", "1"} {
		env, _, _ := runnerEnv(t, ws, map[string]string{"sarif-file": filepath.Join(t.TempDir(), "out.sarif"), "annotations": "false"})
		env["NO_COLOR"] = noColor
		_, out, _ := run(t, env, "action")
		if coloured := strings.Contains(out, "\x1b["); coloured != (noColor == "") {
			t.Errorf("NO_COLOR=%q: coloured=%v", noColor, coloured)
		}
	}
}

// TestActionRefusesPlantedLinks: a pull request that plants envfence.sarif
// as a link to a file elsewhere cannot make the Action write through it,
// and a .envfence.yml linked to a file outside the tree is refused, not read.
func TestActionRefusesPlantedLinks(t *testing.T) {
	ws := t.TempDir()
	victim := filepath.Join(t.TempDir(), "victim")
	writeFile(t, victim, "untouched\n")
	writeFile(t, filepath.Join(ws, ".env.production"), "APP=shop\n")
	writeFile(t, filepath.Join(ws, "CODEOWNERS"), "* @acme/platform\n")
	if err := os.Symlink(victim, filepath.Join(ws, "envfence.sarif")); err != nil {
		t.Fatal(err)
	}
	env, _, _ := runnerEnv(t, ws, map[string]string{"path": ".", "sarif-file": filepath.Join(ws, "envfence.sarif")})
	if code, _, stderr := run(t, env, "action"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if data, _ := os.ReadFile(victim); string(data) != "untouched\n" {
		t.Fatalf("the Action wrote through a planted link: %q", data)
	}
	if info, err := os.Lstat(filepath.Join(ws, "envfence.sarif")); err != nil || !info.Mode().IsRegular() {
		t.Fatalf("the SARIF file is not a regular file: %v", err)
	}
	// A baseline input that is a link is refused too.
	if err := os.Symlink(victim, filepath.Join(ws, "baseline.json")); err != nil {
		t.Fatal(err)
	}
	withBaseline, _, _ := runnerEnv(t, ws, map[string]string{"path": ".", "sarif-file": filepath.Join(ws, "envfence.sarif"), "baseline": "baseline.json"})
	if code, stdout, stderr := run(t, withBaseline, "action"); code == ExitOK || !strings.Contains(stdout+stderr, "symbolic link, not followed") {
		t.Fatalf("a linked baseline: exit %d\n%s%s", code, stdout, stderr)
	}
	if err := os.Symlink(victim, filepath.Join(ws, ".envfence.yml")); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, env, "action")
	if code == ExitOK || !strings.Contains(stdout+stderr, "symbolic link, not followed") || strings.Contains(stdout+stderr, "untouched") {
		t.Fatalf("a linked .envfence.yml: exit %d\n%s%s", code, stdout, stderr)
	}
}
