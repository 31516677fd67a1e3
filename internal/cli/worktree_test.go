package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestScanReadsWhatGitWouldCommit: inside a git work tree, a scan reads
// tracked files and untracked files git does not ignore, not a
// developer's ignored local overrides; --include-ignored reads those too,
// and outside git everything is read.
func TestScanReadsWhatGitWouldCommit(t *testing.T) {
	dir := t.TempDir()
	git := gitIn(t, dir)
	files := map[string]string{
		".gitignore":                   ".env.*.local\nlocal/\n",
		"svc/.gitignore":               "scratch.*\n",
		"svc/.env.production":          "COMMITTED_PASSWORD=Committed-Pw-71\n",
		"svc/.env.production.local":    "IGNORED_PASSWORD=Ignored-Pw-72\n",
		"svc/scratch.prod.env":         "SCRATCH_PASSWORD=Scratch-Pw-73\n",
		"svc/prod.env":                 "UNTRACKED_PASSWORD=Untracked-Pw-74\n",
		"local/.env.production":        "LOCALDIR_PASSWORD=Localdir-Pw-75\n",
		"forced/.env.production.local": "FORCED_PASSWORD=Forced-Pw-76\n",
	}
	for p, c := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte(c), 0o644)
	}
	git("init", "-q", "-b", "main")
	git("add", ".gitignore", "svc/.gitignore", "svc/.env.production")
	git("add", "-f", "forced/.env.production.local") // tracked, though a pattern ignores it
	git("commit", "-qm", "base")

	keys := func(args ...string) (names []string, notes []string) {
		code, out, errOut := run(t, nil, append([]string{"scan", "--format", "json", "--fail-on", "none"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var doc struct {
			Findings []struct{ Rule, Message string }
			Notes    []struct{ Path, Message string }
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		for _, f := range doc.Findings {
			if f.Rule == "hardcoded-prod-credential" {
				names = append(names, strings.Fields(f.Message)[0])
			}
		}
		for _, n := range doc.Notes {
			notes = append(notes, n.Message)
		}
		slices.Sort(names)
		return names, notes
	}
	got, notes := keys(dir)
	want := []string{"COMMITTED_PASSWORD", "FORCED_PASSWORD", "UNTRACKED_PASSWORD"}
	if !slices.Equal(got, want) {
		t.Errorf("work tree: %v, want %v", got, want)
	}
	if !slices.ContainsFunc(notes, func(n string) bool { return strings.Contains(n, "left out 3 paths that git ignores") }) {
		t.Errorf("no note counting the ignored paths: %v", notes)
	}
	// A scan of a directory inside the work tree applies the .gitignore
	// files above it.
	if got, _ := keys(filepath.Join(dir, "svc")); !slices.Equal(got, []string{"COMMITTED_PASSWORD", "UNTRACKED_PASSWORD"}) {
		t.Errorf("subdirectory: %v", got)
	}
	all := []string{"COMMITTED_PASSWORD", "FORCED_PASSWORD", "IGNORED_PASSWORD", "LOCALDIR_PASSWORD", "SCRATCH_PASSWORD", "UNTRACKED_PASSWORD"}
	if got, _ := keys(dir, "--include-ignored"); !slices.Equal(got, all) {
		t.Errorf("--include-ignored: %v, want %v", got, all)
	}
	os.RemoveAll(filepath.Join(dir, ".git"))
	if got, _ := keys(dir); !slices.Equal(got, all) {
		t.Errorf("outside git: %v, want %v", got, all)
	}
}
