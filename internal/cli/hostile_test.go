//go:build unix

package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// canary starts every credential planted in the hostile repository: no
// byte of any output may hold it.
const canary = "Zq7Canary"

// hostileRepo builds, in a git work tree, a repository an attacker would
// push: credentials in every form a snippet might show, files a scanner
// might skip, names that would rewrite a terminal. It returns the root and
// what must be reported: path → rule that must report it.
func hostileRepo(t *testing.T) (string, map[string]string) {
	t.Helper()
	root := t.TempDir()
	utf16 := func(s string) string {
		b := []byte{0xff, 0xfe}
		for _, c := range s {
			b = append(b, byte(c), 0)
		}
		return string(b)
	}
	nulPadded := strings.Join(strings.Split("DB_PASSWORD="+canary+"20\n", ""), "\x00\x00")
	var bomb strings.Builder
	bomb.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		bomb.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := range 9 {
			if j > 0 {
				bomb.WriteString(", ")
			}
			bomb.WriteString("*a" + string(rune('0'+i-1)))
		}
		bomb.WriteString("]\n")
	}
	var deep strings.Builder
	for i := range 300 {
		deep.WriteString(strings.Repeat("  ", i) + "k:\n")
	}
	deep.WriteString(strings.Repeat("  ", 300) + "password: " + canary + "21\n")
	files := map[string]string{
		"CODEOWNERS": "* @acme/platform\n",
		// Credentials with comments of every form beside them.
		".env.production":         "DB_PASSWORD=" + canary + "01 # was " + canary + "02\n",
		"config/production.json5": "{\"password\": \"" + canary + "03\", /* old " + canary + "04 */ \"host\": \"db.internal\"}\n",
		"deploy/prod/main.tf":     "/*\n  rotated from " + canary + "05\n*/\ndb_password = \"" + canary + "06\" // " + canary + "07\n",
		"settings/production.py":  "SECRET_KEY = \"" + canary + "08\"#" + canary + "09\n",
		"config/production.yml":   "password: " + canary + "10 # envfence:ignore[shared-credential] old one was " + canary + "11\nurl: postgres://app:" + canary + "12@db.prod.acme.internal:5432/shop\n",
		// Command-line credentials that reach production from developer tooling.
		"Makefile": "prod-shell:\n\tsshpass -p " + canary + "13 ssh deploy@app.prod.acme.internal\n" +
			"prod-api:\n\tcurl -u admin:" + canary + "14 -H 'Authorization: Bearer " + canary + "15' -H 'Cookie: session=" + canary + "16' https://api.prod.acme.internal/x\n" +
			"prod-cache:\n\tredis-cli -h cache.prod.acme.internal -a " + canary + "17 ping\n" +
			"prod-db:\n\tmysql -p" + canary + "18 -h db.prod.acme.internal shop\n",
		// Files a scanner might skip.
		"config/app.production.yml":       utf16("password: " + canary + "19\n"),
		".env.staging":                    nulPadded,
		"config/values-prod.yaml":         bomb.String(),
		"config/prod/deep.yml":            deep.String(),
		"deploy/prod/big.tfvars":          "x = 1\n" + strings.Repeat("\n", 2<<20),
		"deploy/prod/nested.tfvars":       "x = " + strings.Repeat("[", 400) + strings.Repeat("]", 400) + "\n",
		"prod\n::add-mask::x\x1b[2K/.env": "API_TOKEN=" + canary + "22\n",
	}
	for p, content := range files {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(root, "prod.env"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		".env.production":           "hardcoded-prod-credential",
		"config/production.json5":   "hardcoded-prod-credential",
		"deploy/prod/main.tf":       "hardcoded-prod-credential",
		"settings/production.py":    "hardcoded-prod-credential",
		"config/production.yml":     "hardcoded-prod-credential",
		"Makefile":                  "dev-tooling-targets-prod",
		"config/app.production.yml": "hardcoded-prod-credential",
		".env.staging":              "unreadable-config",
		"config/values-prod.yaml":   "unreadable-config",
		"config/prod/deep.yml":      "unreadable-config",
		"deploy/prod/big.tfvars":    "unreadable-config",
		"deploy/prod/nested.tfvars": "unreadable-config",
		"prod.env":                  "unreadable-config",
	}
	return root, want
}

// TestHostileRepository scans the hostile repository with every command
// and format: it completes, reports what was planted, and no output holds
// a planted value or an unescaped control character.
func TestHostileRepository(t *testing.T) {
	root, want := hostileRepo(t)
	outputs := map[string]string{}
	for _, format := range []string{"text", "json", "sarif", "github", "markdown"} {
		code, out, errOut := run(t, nil, "scan", root, "--format", format)
		if code != ExitFindings {
			t.Fatalf("scan --format %s: exit %d: %s", format, code, errOut)
		}
		outputs["scan "+format] = out + errOut
	}
	for _, format := range []string{"markdown", "html", "json"} {
		_, out, errOut := run(t, nil, "report", root, "--format", format)
		outputs["report "+format] = out + errOut
	}
	for _, format := range []string{"text", "json"} {
		_, out, errOut := run(t, nil, "envs", root, "--format", format)
		outputs["envs "+format] = out + errOut
	}
	base := filepath.Join(t.TempDir(), "baseline.json")
	if code, _, errOut := run(t, nil, "baseline", root, "--output", base); code != ExitOK {
		t.Fatalf("baseline: exit %d: %s", code, errOut)
	}
	data, _ := os.ReadFile(base)
	outputs["baseline"] = string(data)

	// The Action: its log, annotations, outputs, job summary and SARIF file.
	sarif := filepath.Join(t.TempDir(), "out.sarif")
	env, outFile, summary := runnerEnv(t, root, map[string]string{"path": ".", "sarif-file": sarif, "fail-on": "error"})
	code, out, errOut := run(t, env, "action")
	if code != ExitFindings {
		t.Fatalf("action: exit %d: %s", code, errOut)
	}
	outputs["action log"] = out + errOut
	for name, p := range map[string]string{"action outputs": outFile, "action summary": summary, "action sarif": sarif} {
		data, _ := os.ReadFile(p)
		outputs[name] = string(data)
	}
	for name, out := range outputs {
		if strings.Contains(out, canary) {
			i := strings.Index(out, canary)
			t.Errorf("%s shows a planted value near %q", name, out[max(0, i-80):i])
		}
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, "\x1b[2K") || strings.Contains(l, "\r") || strings.HasPrefix(l, "::add-mask::") { // envfence's own colours aside
				t.Errorf("%s carries a control character from a file name: %q", name, l)
			}
		}
	}
	text := outputs["scan text"]
	for path, rule := range want {
		if !strings.Contains(text, path+":") || !strings.Contains(text, "["+rule+"]") {
			t.Errorf("%s: no %s finding in:\n%s", path, rule, text)
			continue
		}
		found := false
		for _, l := range strings.Split(text, "\n") {
			if strings.HasPrefix(l, path+":") && strings.HasSuffix(l, "["+rule+"]") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no %s finding on its own line", path, rule)
		}
	}
}

// TestHostileRepositoryInGit: the same repository committed and scanned
// from git (--commit): the FIFO cannot be committed, the rest is the same.
func TestHostileRepositoryInGit(t *testing.T) {
	root, want := hostileRepo(t)
	os.Remove(filepath.Join(root, "prod.env"))
	delete(want, "prod.env")
	env := gitEnv(t)
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"commit", "-qm", "hostile"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = root, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	code, out, errOut := run(t, nil, "scan", root, "--commit", "HEAD")
	if code != ExitFindings || strings.Contains(out+errOut, canary) {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for path, rule := range want {
		if !strings.Contains(out, path+":") || !strings.Contains(out, "["+rule+"]") {
			t.Errorf("%s: no %s finding", path, rule)
		}
	}
}

func gitEnv(t *testing.T) []string {
	return append(os.Environ(), "HOME="+t.TempDir(), "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=dev", "GIT_AUTHOR_EMAIL=dev@acme.io",
		"GIT_COMMITTER_NAME=dev", "GIT_COMMITTER_EMAIL=dev@acme.io")
}
