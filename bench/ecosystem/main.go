// Command ecosystem measures envfence on public repositories it was not
// written against: it scans each repository of manifest.txt at its pinned
// commit, compares every finding with the verdicts judged by hand in
// verdicts/, and prints precision per rule, findings not yet judged, and
// judged true findings (and "must" lines) that are no longer reported.
//
//	ENVFENCE_MIRRORS=/work/.mirror go run ./bench/ecosystem [-only REPO] [-todo DIR]
//
// Each repository is read from a local git mirror: $ENVFENCE_MIRRORS/OWNER+NAME
// (a bare repository, or a directory holding one as repo/), or
// $ENVFENCE_MIRRORS/OWNER/NAME(.git). Missing repositories or commits are
// listed, not fatal. Nothing from those repositories is committed here: the
// manifest holds names and commits, the verdicts rule ids, paths, lines,
// fingerprints and a reason in our own words.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

type repo struct{ Name, Commit string }

func main() {
	here := flag.String("dir", "ecosystem", "directory holding manifest.txt and verdicts/ (run from bench/: go -C bench run ./ecosystem)")
	only := flag.String("only", "", "scan only this repository (OWNER/NAME), or a comma-separated list")
	todo := flag.String("todo", "", "write the findings not yet judged to `dir`, one file per repository, in verdict-line form")
	bin := flag.String("envfence", "", "envfence binary to run (default: build ./cmd/envfence)")
	verbose := flag.Bool("v", false, "list every lost verdict and must line")
	list := flag.String("list", "", "print the findings judged so (comma-separated: tp, fp, debatable), with the verdict's reason")
	flag.Parse()

	mirrors := os.Getenv("ENVFENCE_MIRRORS")
	if mirrors == "" {
		fail(fmt.Errorf("set ENVFENCE_MIRRORS to the directory of local git mirrors"))
	}
	repos, err := readManifest(filepath.Join(*here, "manifest.txt"))
	if err != nil {
		fail(err)
	}
	if *bin == "" {
		if *bin, err = buildEnvfence(); err != nil {
			fail(err)
		}
	}
	var t tally
	t.init()
	var missing []string
	for _, r := range repos {
		if *only != "" && !contains(strings.Split(*only, ","), r.Name) {
			continue
		}
		gitDir := findMirror(mirrors, r.Name)
		if gitDir == "" {
			missing = append(missing, r.Name+" (no mirror)")
			continue
		}
		start := time.Now()
		findings, notes, err := scan(*bin, gitDir, r.Commit)
		if err != nil {
			missing = append(missing, fmt.Sprintf("%s (%v)", r.Name, err))
			continue
		}
		verdicts, err := loadRepoVerdicts(filepath.Join(*here, "verdicts"), r.Name)
		if err != nil {
			fail(err)
		}
		m := match(findings, verdicts)
		unjudged := t.add(r.Name, findings, verdicts, m)
		printJudged(r.Name, findings, m, *list)
		fmt.Printf("%-58s %5d findings %4d unjudged %4d notes %6.2fs\n", r.Name, len(findings), len(unjudged), notes, time.Since(start).Seconds())
		if *todo != "" {
			if err := writeTodo(*todo, r.Name, unjudged); err != nil {
				fail(err)
			}
		}
	}
	fmt.Println()
	t.print(os.Stdout, *verbose)
	if len(missing) > 0 {
		fmt.Printf("\nnot scanned (%d): %s\n", len(missing), strings.Join(missing, ", "))
	}
}

func readManifest(path string) ([]repo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []repo
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		text, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(text)
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 2 || strings.Count(fields[0], "/") != 1 || len(fields[1]) != 40 {
			return nil, fmt.Errorf("%s:%d: want OWNER/NAME COMMIT", path, n)
		}
		out = append(out, repo{fields[0], fields[1]})
	}
	return out, sc.Err()
}

func findMirror(dir, name string) string {
	flat := filepath.Join(dir, strings.Replace(name, "/", "+", 1))
	for _, c := range []string{filepath.Join(flat, "repo"), flat, filepath.Join(dir, name), filepath.Join(dir, name+".git")} {
		if st, err := os.Stat(filepath.Join(c, "objects")); err == nil && st.IsDir() {
			return c
		}
		if st, err := os.Stat(filepath.Join(c, ".git", "objects")); err == nil && st.IsDir() {
			return c
		}
	}
	return ""
}

func buildEnvfence() (string, error) {
	dir, err := os.MkdirTemp("", "envfence-ecosystem")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "envfence")
	// envfence is the parent module: bench/ is a module of its own.
	cmd := exec.Command("go", "-C", "..", "build", "-o", bin, "./cmd/envfence")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building envfence: %w", err)
	}
	return bin, nil
}

// scan runs envfence on the pinned commit with no configuration: defaults
// are what is measured.
func scan(bin, gitDir, commit string) ([]finding, int, error) {
	cmd := exec.Command(bin, "scan", "--commit", commit, "--format", "json", "--fail-on", "none", gitDir)
	cmd.Dir = os.TempDir()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, 0, fmt.Errorf("envfence: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	var report struct {
		Findings []finding
		Notes    []json.RawMessage
	}
	if err := json.Unmarshal(out, &report); err != nil {
		return nil, 0, fmt.Errorf("reading report: %w", err)
	}
	return report.Findings, len(report.Notes), nil
}

func loadRepoVerdicts(dir, name string) ([]verdict, error) {
	flat := strings.Replace(name, "/", "+", 1)
	var all []verdict
	for _, pattern := range []string{flat + ".txt", flat + ".*.txt"} {
		names, _ := filepath.Glob(filepath.Join(dir, pattern))
		sort.Strings(names)
		for _, n := range names {
			f, err := os.Open(n)
			if err != nil {
				return nil, err
			}
			vs, err := parseVerdicts(f, filepath.Base(n))
			f.Close()
			if err != nil {
				return nil, err
			}
			all = append(all, vs...)
		}
	}
	return all, nil
}

func writeTodo(dir, name string, unjudged []finding) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(dir, strings.Replace(name, "/", "+", 1)+".txt")
	if len(unjudged) == 0 {
		os.Remove(path)
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: replace ? with tp, fp or debatable and the message with a reason\n", name)
	for _, f := range unjudged {
		fmt.Fprintf(&b, "? %s %s:%d %s [%s/%s] %s\n", f.Rule, f.Path, f.Line, f.Fingerprint, f.Environment, f.Severity, f.Message)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// printJudged prints the findings whose verdict is one of kinds.
func printJudged(name string, findings []finding, m matched, kinds string) {
	if kinds == "" {
		return
	}
	for i, f := range findings {
		if v := m.judged[i]; v != nil && contains(strings.Split(kinds, ","), v.Kind) {
			fmt.Printf("  %s %s %s %s:%d [%s] %s\n      judged: %s\n", v.Kind, name, f.Rule, f.Path, f.Line, f.Environment, f.Message, v.Reason)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.TrimSpace(x) == s {
			return true
		}
	}
	return false
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ecosystem:", err)
	os.Exit(2)
}
