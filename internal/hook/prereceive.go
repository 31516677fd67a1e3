package hook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/envfence/envfence/internal/config"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/gitsource"
)

// Server is what the pre-receive hook needs besides the push itself.
type Server struct {
	Env    func(string) string
	Stdin  io.Reader
	Out    io.Writer // git relays it to the pusher
	Policy config.HookPolicy
	// NewChecker opens the push's repository and builds the checker with
	// the server's configuration merged with the repository's own (read
	// from its default branch before the push).
	NewChecker func(repo *gitsource.Repo) (*Checker, error)
	Now        func() time.Time

	updates []gitsource.RefUpdate // the push's ref updates, for the audit log
}

// Exit codes of the hook: git rejects the push on any non-zero status.
const (
	Accept = 0
	Reject = 1
)

// PreReceive checks a push and returns the exit status.
func (s *Server) PreReceive(ctx context.Context) int {
	out := newPrinter(s.Out, detectHost(s.Env))
	ctx, cancel := context.WithTimeout(ctx, s.Policy.Deadline)
	defer cancel()
	findings, push, err := s.check(ctx)
	if push != nil {
		defer push.repo.Close()
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil:
		if s.Policy.OnTimeout == config.Accept {
			out.line(fmt.Sprintf("envfence: the check did not finish within %s; the push is ACCEPTED unchecked (server policy on-timeout: accept)", s.Policy.Deadline))
			return Accept
		}
		out.reject(fmt.Sprintf("envfence: the check did not finish within %s; the push is rejected (server policy on-timeout: reject). Push fewer commits at a time, or ask the server admin.", s.Policy.Deadline))
		return Reject
	case err != nil:
		var internal *internalError
		if s.Policy.OnError == config.Accept && errors.As(err, &internal) {
			out.line("envfence: internal error, the push is ACCEPTED unchecked (server policy on-error: accept): " + err.Error())
			return Accept
		}
		out.reject("envfence: the push could not be checked and is rejected (fail closed): " + err.Error())
		if s.Policy.OnError == config.Accept {
			out.line("envfence: on-error: accept does not apply: the failure came from what the push brings, not from the server")
		}
		return Reject
	}
	status := s.decide(out, findings)
	if push != nil {
		push.remember(status == Accept)
	}
	return status
}

// pushCheck is a push being checked. Its repository stays open until the
// verdict, so that what the check learnt is kept according to it.
type pushCheck struct {
	repo        *gitsource.Repo
	checker     *Checker // nil until built
	cache       bool     // the hook's cache is on
	bases, tips []gitsource.Commit
}

// remember keeps what the check learnt for the next push: about the pushed
// tips only if the push is accepted (a rejected push leaves not even the
// names of its files behind), about the trees before it either way.
func (p *pushCheck) remember(accepted bool) {
	if !p.cache || p.checker == nil {
		return
	}
	_ = p.checker.remember(accepted)
	trees := p.bases
	if accepted {
		trees = p.tips
	}
	_ = p.repo.SaveTreeCache(trees...)
}

// check reads the push, opens the repository and returns the findings the
// push brings. Once the repository is open it returns the push too, which
// the caller closes.
func (s *Server) check(ctx context.Context) (_ []finding.Finding, _ *pushCheck, _ error) {
	updates, err := gitsource.ReadUpdates(s.Stdin)
	if err != nil {
		return nil, nil, &internalError{fmt.Errorf("reading the push from standard input: %w", err)}
	}
	s.updates = updates
	live := slices.DeleteFunc(slices.Clone(updates), func(u gitsource.RefUpdate) bool { return u.IsDelete() })
	if len(live) == 0 {
		return nil, nil, nil // deleting refs brings nothing
	}
	repo, err := gitsource.OpenHook(s.Env)
	if err != nil {
		return nil, nil, &internalError{fmt.Errorf("opening the repository: %w", err)}
	}
	// In a transaction's snapshot (GitLab's Gitaly) a cache would be lost.
	push := &pushCheck{repo: repo, cache: s.Policy.Cache && !repo.Snapshot()}
	if push.cache {
		// A cache that cannot be read or written costs time, never a
		// verdict: trees are looked up by hash, and missing ones are read.
		repo.UseTreeCache(repo.TreeCachePath())
	}
	c, err := s.NewChecker(repo)
	if err != nil {
		return nil, push, &internalError{err}
	}
	push.checker = c
	if push.cache && c.CacheKey != "" {
		c.known = loadKnownFindings(knownFindingsPath(repo), c.CacheKey)
		c.files = newFileIndex(repo, c.CacheKey)
	}
	commits, err := repo.NewCommits(live)
	if err != nil {
		return nil, push, fmt.Errorf("listing the pushed commits: %w", err)
	}
	findings, err := c.NewInCommits(ctx, commits)
	if err != nil {
		return nil, push, err
	}
	seen := map[string]bool{}
	for _, f := range findings {
		seen[f.Identity()] = true
	}
	for _, u := range live {
		base, tip, ok, err := s.endpoints(repo, u)
		if err != nil {
			return nil, push, err
		}
		if !ok {
			continue
		}
		push.bases, push.tips = append(push.bases, base), append(push.tips, tip)
		fs, err := c.NewAtTip(ctx, base, tip)
		if err != nil {
			return nil, push, err
		}
		for _, f := range fs {
			if !seen[f.Identity()] {
				seen[f.Identity()] = true
				findings = append(findings, f)
			}
		}
	}
	finding.Sort(findings)
	return findings, push, nil
}

// endpoints returns the tree before the push and the pushed tip: the old
// value of the ref, or the default branch for a new ref.
func (s *Server) endpoints(repo *gitsource.Repo, u gitsource.RefUpdate) (base, tip gitsource.Commit, ok bool, err error) {
	tip, ok, err = repo.ResolveTip(u.New)
	if err != nil {
		return base, tip, false, fmt.Errorf("%s: new object %s: %w", u.Ref, shortID(u.New), err)
	}
	if !ok {
		return base, tip, false, nil // a tag of a blob: no path, nothing to judge
	}
	if !u.IsCreate() {
		if b, okOld, err := repo.ResolveTip(u.Old); err == nil && okOld {
			base = b
		}
		return base, tip, true, nil
	}
	if def, err := repo.DefaultBranch(); err == nil {
		if b, err := repo.Resolve(def); err == nil {
			base = b
		}
	}
	return base, tip, true, nil
}

// decide prints the findings and applies fail-on and break-glass.
func (s *Server) decide(out *printer, findings []finding.Finding) int {
	var blocking, advisory []finding.Finding
	for _, f := range findings {
		if s.Policy.FailOn != finding.None && f.Severity.Rank() >= s.Policy.FailOn.Rank() {
			blocking = append(blocking, f)
		} else {
			advisory = append(advisory, f)
		}
	}
	for _, f := range advisory {
		out.line("envfence: " + describe(f)) // describe starts with the severity
	}
	if len(blocking) == 0 {
		return Accept
	}
	if reason, ok := bypassReason(s.Env); ok {
		msg, allowed := s.bypass(reason, blocking)
		out.line(msg)
		if allowed {
			return Accept
		}
	}
	out.reject(fmt.Sprintf("envfence: push to %s rejected: %d finding%s break%s the separation of development, test and production (ISO 27001 A.8.31):", s.refNames(), len(blocking), plural(len(blocking)), verbS(len(blocking))))
	for _, group := range byRule(blocking) {
		out.reject(fmt.Sprintf("  %s (%d):", group[0].Rule, len(group)))
		for _, f := range group {
			out.reject("    " + describe(f))
		}
	}
	out.reject("envfence: fix the findings and push again, or, for an accepted risk, add `# envfence:ignore[rule-id] reason` on or above the line.")
	if inHistory(blocking) {
		out.reject("envfence: a credential in a commit stays in the history even when a later commit removes it: rewrite the commits that add it (git rebase -i, or git commit --amend for the last one), then rotate the credential.")
	}
	if s.Policy.Bypass.Enabled && s.mayBypass(pusher(s.Env)) {
		out.reject(`envfence: in an emergency: git push -o envfence.bypass="reason" (the bypass is logged).`)
	}
	return Reject
}

// bypassReason reads git push -o envfence.bypass="reason".
func bypassReason(env func(string) string) (string, bool) {
	n, _ := strconv.Atoi(env("GIT_PUSH_OPTION_COUNT"))
	for i := 0; i < n; i++ {
		opt := env(fmt.Sprintf("GIT_PUSH_OPTION_%d", i))
		if v, ok := strings.CutPrefix(opt, "envfence.bypass="); ok {
			return strings.TrimSpace(strings.Trim(v, `"'`)), true
		}
		if opt == "envfence.bypass" {
			return "", true
		}
	}
	return "", false
}

// refNames names the refs the push updates (deletions aside).
func (s *Server) refNames() string {
	var names []string
	for _, u := range s.updates {
		if !u.IsDelete() {
			names = append(names, u.Ref)
		}
	}
	if len(names) == 0 {
		return "the repository"
	}
	return strings.Join(names, ", ")
}

// byRule groups findings by rule, in the order the rules first appear.
func byRule(fs []finding.Finding) [][]finding.Finding {
	var out [][]finding.Finding
	index := map[string]int{}
	for _, f := range fs {
		i, ok := index[f.Rule]
		if !ok {
			i = len(out)
			index[f.Rule] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], f)
	}
	return out
}

// inHistory reports credential findings found in a commit: editing the
// file does not take them out of what the push brings.
func inHistory(fs []finding.Finding) bool {
	for _, f := range fs {
		switch f.Rule {
		case "shared-credential", "hardcoded-prod-credential", "live-key-in-nonprod", "committed-secret-key-file":
			if f.Commit != "" {
				return true
			}
		}
	}
	return false
}

func verbS(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}

// mayBypass reports whether the break-glass hint is for this pusher: a
// known identity, on the allow-list when there is one.
func (s *Server) mayBypass(user string) bool {
	users := s.Policy.Bypass.Users
	return user != "" && (len(users) == 0 || slices.Contains(users, user))
}

// pusher names who pushes, from what each server gives: GitHub Enterprise
// Server, GitLab, Gitea and Forgejo, gitolite, a web server's
// authentication, then the account git runs as.
func pusher(env func(string) string) string {
	for _, k := range []string{"GITHUB_USER_LOGIN", "GL_USERNAME", "GITEA_PUSHER_NAME", "FORGEJO_PUSHER_NAME", "GL_USER", "REMOTE_USER", "USER"} {
		if v := env(k); v != "" {
			return v
		}
	}
	return ""
}

// bypass decides a break-glass request and writes the audit line.
func (s *Server) bypass(reason string, blocking []finding.Finding) (string, bool) {
	b := s.Policy.Bypass
	user := pusher(s.Env)
	switch {
	case !b.Enabled:
		return "envfence: envfence.bypass was requested, but break-glass is not enabled on this server", false
	case reason == "":
		return `envfence: envfence.bypass needs a reason: git push -o envfence.bypass="why this cannot wait"`, false
	case user == "":
		return "envfence: bypass refused: this server does not say who is pushing, and a bypass must name who took it", false
	case len(b.Users) > 0 && !slices.Contains(b.Users, user):
		return fmt.Sprintf("envfence: user %q may not bypass envfence on this server", user), false
	}
	if err := s.audit(user, reason, blocking); err != nil {
		return "envfence: bypass refused: the audit log cannot be written: " + err.Error(), false
	}
	return fmt.Sprintf("envfence: BYPASSED by %s (%q): %d finding%s accepted and logged", user, reason, len(blocking), plural(len(blocking))), true
}

// auditRecord is one JSON line of the break-glass audit log.
type auditRecord struct {
	Time     string         `json:"time"`
	User     string         `json:"user"`
	Repo     string         `json:"repo"`
	Refs     []auditRef     `json:"refs"`
	Commits  []string       `json:"commits"`
	Findings []auditFinding `json:"findings"`
	Reason   string         `json:"reason"`
}

// auditRef is one ref the bypassed push updates.
type auditRef struct {
	Name string `json:"name"`
	Old  string `json:"old"`
	New  string `json:"new"`
}

// auditFinding is one bypassed finding: its rule, where, and its
// fingerprint, never its value.
type auditFinding struct {
	Rule        string `json:"rule"`
	Path        string `json:"path"`
	Line        int    `json:"line"`
	Fingerprint string `json:"fingerprint"`
}

func (s *Server) audit(user, reason string, blocking []finding.Finding) error {
	if s.Policy.Bypass.AuditLog == "" {
		return errors.New("no audit-log is configured")
	}
	rec := auditRecord{Time: s.now().UTC().Format(time.RFC3339), User: user, Repo: repoName(s.Env), Reason: reason,
		Refs: []auditRef{}, Commits: []string{}, Findings: []auditFinding{}}
	for _, u := range s.updates {
		rec.Refs = append(rec.Refs, auditRef{Name: u.Ref, Old: u.Old, New: u.New})
	}
	for _, f := range blocking {
		rec.Findings = append(rec.Findings, auditFinding{Rule: f.Rule, Path: f.Path, Line: f.Line, Fingerprint: f.Fingerprint})
		if f.Commit != "" && !slices.Contains(rec.Commits, f.Commit) {
			rec.Commits = append(rec.Commits, f.Commit)
		}
	}
	line, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	// One write of one line with O_APPEND: concurrent pushes never interleave.
	f, err := os.OpenFile(s.Policy.Bypass.AuditLog, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func repoName(env func(string) string) string {
	for _, k := range []string{"GITHUB_REPO_NAME", "GL_PROJECT_PATH", "GITEA_REPO_USER_NAME", "GIT_DIR"} {
		if v := env(k); v != "" {
			switch k {
			case "GITEA_REPO_USER_NAME":
				return v + "/" + env("GITEA_REPO_NAME")
			case "GIT_DIR":
				// Plain git runs the hook with GIT_DIR=".": the log names
				// the repository by its real path.
				if abs, err := filepath.Abs(v); err == nil {
					return abs
				}
			}
			return v
		}
	}
	return ""
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// internalError is a failure of the server or of envfence itself — the
// push's input from git, the repository, the policy — that on-error may
// accept. Every other failure comes from what the push brings (an object
// that does not resolve, a file a rule chokes on) and rejects whatever the
// policy says: a pusher must not be able to turn a check into a pass.
type internalError struct{ err error }

func (e *internalError) Error() string { return e.err.Error() }
func (e *internalError) Unwrap() error { return e.err }
