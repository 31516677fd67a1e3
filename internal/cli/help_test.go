package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelpAndVersion: help goes to standard output when asked for, names
// a command's arguments, and an unknown flag is one line on standard error.
func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-V"}, {"version"}} {
		code, out, _ := run(t, nil, args...)
		if code != 0 || !strings.HasPrefix(out, "envfence ") {
			t.Errorf("%v: exit %d, %q", args, code, out)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"help", "scan"}, "Usage: envfence scan [flags] [PATH | FILE]"},
		{[]string{"scan", "-h"}, "-include-ignored"},
		{[]string{"explain", "-h"}, "RULE"},
		{[]string{"help", "hook"}, "pre-receive"},
		{[]string{"hook", "-h"}, "install"},
		{[]string{"hook", "warm", "-h"}, "[REF...]"},
	} {
		code, out, errOut := run(t, nil, tc.args...)
		if code != 0 || !strings.Contains(out, tc.want) || errOut != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %q on stdout", tc.args, code, out, errOut, tc.want)
		}
	}
	code, out, errOut := run(t, nil, "scan", "--bogus")
	if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 || strings.Count(errOut, "not defined") != 1 || !strings.Contains(errOut, "envfence scan -h") {
		t.Errorf("unknown flag: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code, _, errOut := run(t, nil); code != 2 || !strings.Contains(errOut, "Usage: envfence <command>") {
		t.Errorf("no command: exit %d, stderr %q", code, errOut)
	}
}

// TestScanOneFile: a file is scanned on its own, classified by its path;
// repository-wide findings need the tree and are left out with a note.
func TestScanOneFile(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "deploy", "prod"), 0o755)
	os.WriteFile(filepath.Join(dir, "deploy", "prod", "app.env"), []byte("DB_PASSWORD=One-File-Pw-81\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("# notes\n"), 0o644)
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(dir)
	code, out, errOut := run(t, nil, "scan", "--format", "json", filepath.Join("deploy", "prod", "app.env"))
	if code != 1 || !strings.Contains(out, `"path": "deploy/prod/app.env"`) || !strings.Contains(out, `"environment": "production"`) ||
		strings.Contains(out, `"path": "."`) || !strings.Contains(out, "scanned on its own") || strings.Contains(out, "One-File-Pw-81") {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
	if code, _, errOut := run(t, nil, "scan", "notes.md"); code != 2 || !strings.Contains(errOut, "not a file envfence reads") {
		t.Errorf("unreadable kind: exit %d, %q", code, errOut)
	}
}
