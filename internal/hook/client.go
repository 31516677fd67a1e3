package hook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/gitsource"
	"github.com/envfence/envfence/internal/source"
)

// Client runs the developer-side hooks.
type Client struct {
	Checker *Checker
	Out     io.Writer
	FailOn  finding.Severity
	// IndexFile is git's GIT_INDEX_FILE, or "" for the repository's index.
	// "git commit -a" and "git commit <paths>" stage into a temporary index
	// and run pre-commit with it: what .git/index holds is not what is
	// being committed.
	IndexFile string
	// UnderPreCommit is set when the pre-commit framework runs the hook
	// (it sets PRE_COMMIT=1): its skip idiom is SKIP=envfence.
	UnderPreCommit bool
}

// PreCommit checks the staged changes: the findings of the staged files
// that their HEAD versions do not have.
func (c *Client) PreCommit(ctx context.Context) (int, error) {
	repo := c.Checker.Repo
	staged, err := c.staged()
	if err != nil {
		return Reject, err
	}
	now, err := c.Checker.scan(ctx, staged, c.Checker.Rules, "")
	if err != nil {
		return Reject, err
	}
	var before []finding.Finding
	if head, err := repo.Resolve("HEAD"); err == nil {
		res, err := c.Checker.scan(ctx, onlyPaths{repo.Tree(head, c.Checker.Exclude), pathsOf(now)}, c.Checker.Rules, "")
		if err != nil {
			return Reject, err
		}
		before = res.Findings
	}
	return c.report("commit", newOnly(now.Findings, identities(before))), nil
}

func (c *Client) staged() (source.Source, error) {
	if c.IndexFile != "" {
		return c.Checker.Repo.StagedFrom(c.IndexFile, c.Checker.Exclude)
	}
	return c.Checker.Repo.Staged(c.Checker.Exclude)
}

func pathsOf(res *engine.Result) map[string]bool {
	m := map[string]bool{}
	for _, f := range res.Findings {
		m[f.Path] = true
	}
	return m
}

// PrePush checks the commits being pushed (git's pre-push input), the
// same way the server's pre-receive hook does.
func (c *Client) PrePush(ctx context.Context, stdin io.Reader, remote string) (int, error) {
	updates, err := gitsource.ReadPushUpdates(stdin)
	if err != nil {
		return Reject, err
	}
	repo := c.Checker.Repo
	commits, err := repo.PushCommits(updates, remote)
	if err != nil {
		return Reject, err
	}
	findings, err := c.Checker.NewInCommits(ctx, commits)
	if err != nil {
		return Reject, err
	}
	seen := map[string]bool{}
	for _, f := range findings {
		seen[f.Identity()] = true
	}
	for _, u := range updates {
		if u.IsDelete() {
			continue
		}
		tip, err := repo.Resolve(u.LocalID)
		if err != nil {
			return Reject, err
		}
		base := gitsource.Commit{}
		if !gitsource.IsZeroID(u.RemoteID) {
			if b, err := repo.Resolve(u.RemoteID); err == nil {
				base = b
			}
		}
		fs, err := c.Checker.NewAtTip(ctx, base, tip)
		if err != nil {
			return Reject, err
		}
		for _, f := range fs {
			if !seen[f.Identity()] {
				seen[f.Identity()] = true
				findings = append(findings, f)
			}
		}
	}
	finding.Sort(findings)
	return c.report("push", findings), nil
}

func (c *Client) report(what string, findings []finding.Finding) int {
	var blocking []finding.Finding
	for _, f := range findings {
		fmt.Fprintln(c.Out, clientLine(f))
		if c.FailOn != finding.None && f.Severity.Rank() >= c.FailOn.Rank() {
			blocking = append(blocking, f)
		}
	}
	if len(blocking) == 0 {
		return Accept
	}
	skip := "skip the hook once with --no-verify"
	if c.UnderPreCommit {
		skip = "skip it once with SKIP=envfence"
	}
	fmt.Fprintf(c.Out, "envfence: %s stopped: %d finding%s at or above %s. Fix them, add `# envfence:ignore[rule-id] reason`, or %s.\n", what, len(blocking), plural(len(blocking)), c.FailOn, skip)
	if what == "push" && inHistory(blocking) {
		fmt.Fprintln(c.Out, "envfence: a credential in an earlier commit stays in the history even when a later commit removes it: rewrite the commits that add it (git rebase -i, or git commit --amend for the last one), then rotate the credential.")
	}
	return Reject
}

// clientLine renders a finding as scan's text report does —
// path:line:col: severity: message [rule] — with the commit it is in.
func clientLine(f finding.Finding) string {
	loc := f.Path
	if f.Line > 0 {
		loc += fmt.Sprintf(":%d", f.Line)
		if f.Column > 0 {
			loc += fmt.Sprintf(":%d", f.Column)
		}
	}
	s := fmt.Sprintf("%s: %s: %s [%s]", loc, f.Severity, f.Message, f.Rule)
	if f.Commit != "" {
		s += fmt.Sprintf(" (commit %s)", shortID(f.Commit))
	}
	return s
}

// ErrHookExists is returned when a hook is already installed.
var ErrHookExists = errors.New("a hook is already installed (use --force to replace it)")

// Install writes pre-commit and/or pre-push scripts that run envfence into
// the repository's hooks directory (core.hooksPath when set).
func Install(hooksDir string, names []string, force bool) ([]string, error) {
	if err := os.MkdirAll(hooksDir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	for _, name := range names {
		p := filepath.Join(hooksDir, name)
		script := fmt.Sprintf("#!/bin/sh\n# Installed by envfence: keeps development, test and production apart.\nexec envfence hook %s \"$@\"\n", name)
		// Installing again over envfence's own hook is no conflict.
		if old, err := os.ReadFile(p); err == nil && !force && !strings.Contains(string(old), "# Installed by envfence") {
			return written, fmt.Errorf("%s: %w", p, ErrHookExists)
		}
		if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	return written, nil
}

// HooksDir returns the hooks directory of a repository: core.hooksPath
// from its config if set (relative to the work tree), else GIT_DIR/hooks.
func HooksDir(gitDir string) string {
	data, err := os.ReadFile(filepath.Join(gitDir, "config"))
	if err == nil {
		section := ""
		for _, l := range strings.Split(string(data), "\n") {
			t := strings.TrimSpace(l)
			if strings.HasPrefix(t, "[") {
				section = strings.ToLower(strings.Trim(t, "[] "))
				continue
			}
			k, v, ok := strings.Cut(t, "=")
			if ok && section == "core" && strings.EqualFold(strings.TrimSpace(k), "hooksPath") {
				v = strings.Trim(strings.TrimSpace(v), `"`)
				if !filepath.IsAbs(v) {
					v = filepath.Join(filepath.Dir(gitDir), v)
				}
				return v
			}
		}
	}
	return filepath.Join(gitDir, "hooks")
}
