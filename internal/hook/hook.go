// Package hook runs envfence inside git: the server-side pre-receive hook
// that rejects a push, and the client-side pre-commit and pre-push hooks.
//
// Every hook compares: it reports only what the change brings, never what
// was already there. Credential rules look at every new commit, so a
// credential added in one commit and removed in a later one of the same
// push is still found; every other rule looks at the pushed tips, compared
// with the tree before the push. The pre-receive hook remembers what it
// learnt of each accepted tip — its files (fileindex.go) and findings
// (knowncache.go) — so that the next push, which starts there, is judged
// on the part of the tree it can affect (partial.go).
package hook

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/gitsource"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/secret"
	"github.com/envfence/envfence/internal/source"
)

// CredentialRules are checked in every new commit (SPEC §7).
var CredentialRules = []string{"shared-credential", "hardcoded-prod-credential", "live-key-in-nonprod", "committed-secret-key-file"}

// Checker scans git trees with one configuration; the CLI builds it.
type Checker struct {
	Repo    *gitsource.Repo
	Rules   []*rule.Rule
	Options engine.Options // Rules and Commit are set per scan
	Exclude []string
	// CacheKey names the configuration and the envfence binary; the hook
	// remembers findings between pushes only under a non-empty key.
	CacheKey string

	known *knownFindings // nil: nothing remembered
	files *fileIndex     // nil: nothing remembered
	// partialScans counts the pushes judged on a part of the tree.
	partialScans int
	cacheOnce    sync.Once
	cache        *engine.Cache // shared by every scan, safe for concurrent use
}

// remember writes what the checker learnt for the next push: about the
// pushed tips only if the push is accepted (a rejected push leaves not
// even the hashes of its credentials behind), about trees already in the
// repository whatever the verdict.
func (c *Checker) remember(accepted bool) error {
	if !accepted {
		return c.files.save(false)
	}
	return errors.Join(c.known.save(), c.files.save(true))
}

func (c *Checker) parseCache() *engine.Cache {
	c.cacheOnce.Do(func() { c.cache = engine.NewCache() })
	return c.cache
}

func (c *Checker) scan(ctx context.Context, src source.Source, rules []*rule.Rule, commit string) (*engine.Result, error) {
	opts := c.Options
	opts.Rules, opts.Commit, opts.Cache = rules, commit, c.parseCache()
	return engine.Scan(ctx, src, opts)
}

func (c *Checker) credentialRules() []*rule.Rule {
	var out []*rule.Rule
	for _, r := range c.Rules {
		if slices.Contains(CredentialRules, r.ID) {
			out = append(out, r)
		}
	}
	return out
}

// NewInCommits returns the credential findings each commit brings: those
// in the files it changed that its first parent's version of the same
// files does not have. Commits are checked on every core; the findings come
// in commit order, each fingerprint once.
func (c *Checker) NewInCommits(ctx context.Context, commits []gitsource.Commit) ([]finding.Finding, error) {
	rules := c.credentialRules()
	// A commit's parent is usually another commit of the push: already read.
	byHash := make(map[plumbing.Hash]gitsource.Commit, len(commits))
	for _, cm := range commits {
		byHash[cm.Hash] = cm
	}
	perCommit := make([][]finding.Finding, len(commits))
	errs := make([]error, len(commits))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(commits)) {
		wg.Go(func() {
			for i := range next {
				perCommit[i], errs[i] = c.newInCommitSafely(ctx, commits[i], byHash, rules)
			}
		})
	}
	for i := range commits {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err // the first in commit order, not one per commit
		}
	}
	var out []finding.Finding
	seen := map[string]bool{}
	for _, fs := range perCommit {
		for _, f := range fs {
			if !seen[f.Identity()] {
				seen[f.Identity()] = true
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// newInCommitSafely is newInCommit with a panic turned into an error: on
// another goroutine it would kill the hook with a Go dump sent to the
// pusher.
func (c *Checker) newInCommitSafely(ctx context.Context, cm gitsource.Commit, pushed map[plumbing.Hash]gitsource.Commit, rules []*rule.Rule) (_ []finding.Finding, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("commit %s: internal error: %s", cm.Hash.String()[:12], secret.PanicReason(p))
		}
	}()
	return c.newInCommit(ctx, cm, pushed, rules)
}

// newInCommit returns the credential findings one commit brings.
func (c *Checker) newInCommit(ctx context.Context, cm gitsource.Commit, pushed map[plumbing.Hash]gitsource.Commit, rules []*rule.Rule) ([]finding.Finding, error) {
	parent := gitsource.Commit{}
	if len(cm.Parents) > 0 {
		p, ok := pushed[cm.Parents[0]]
		if !ok {
			var err error
			if p, err = c.Repo.Resolve(cm.Parents[0].String()); err != nil {
				return nil, err
			}
		}
		parent = p
	}
	return c.newInChanged(ctx, parent, cm, rules)
}

// NewAtTip returns the findings of every rule in the tree of tip that the
// tree of base does not have (base may be the zero Commit). A push that
// changes no file envfence reads (only source code, say) cannot change any
// finding, and costs two tree diffs. When the file index knows the files
// of base, only the part of the tree the push can affect is read
// (partial.go). Otherwise the whole tip is read, and compared with the
// base from the tip's own index when every rule says its reach, or by
// reading the base whole when one does not (and its findings are not
// remembered from an earlier push).
func (c *Checker) NewAtTip(ctx context.Context, base, tip gitsource.Commit) ([]finding.Finding, error) {
	added, err := c.Repo.Changed(base, tip)
	if err != nil {
		return nil, err
	}
	removed, err := c.Repo.Changed(tip, base)
	if err != nil {
		return nil, err
	}
	if !anyScannable(added) && !anyScannable(removed) {
		// The same files: the same findings, and the same index.
		if fps, ok := c.known.lookup(base.Tree); ok {
			c.known.rememberSet(tip.Tree, fps)
		}
		c.files.rememberSame(tip.Tree, base.Tree)
		return nil, nil
	}
	index, indexed := c.files.lookup(base.Tree)
	kinds, partial := c.partialRules()
	if indexed && partial {
		return c.newAtTipPartial(ctx, base, tip, index, true, kinds)
	}
	opts := c.Options
	opts.Rules, opts.Commit, opts.Cache, opts.Facts = c.Rules, tip.Hash.String(), c.parseCache(), partial || c.files != nil
	now, err := engine.Scan(ctx, c.Repo.Tree(tip, c.Exclude), opts)
	if err != nil {
		return nil, err
	}
	c.known.remember(tip.Tree, now.Findings)
	tipIndex := newTreeFiles().with(nil, now.Facts)
	c.files.remember(tip.Tree, tipIndex)
	if len(now.Findings) == 0 || base.IsZero() {
		return now.Findings, nil
	}
	if before, ok := c.known.lookup(base.Tree); ok {
		return newOnly(now.Findings, before), nil
	}
	if partial {
		// The files the push left alone are the tip's: compare with the
		// base as a warm push would, from the tip's index.
		return c.newAtTipPartial(ctx, base, tip, tipIndex, false, kinds)
	}
	// Only the rules with findings now can tell which of them are old.
	opts.Rules, opts.Commit, opts.Facts = rulesOf(c.Rules, now.Findings), base.Hash.String(), false
	res, err := engine.Scan(ctx, c.Repo.Tree(base, c.Exclude), opts)
	if err != nil {
		return nil, err
	}
	return newOnly(now.Findings, identities(res.Findings)), nil
}

// anyScannable reports whether a path list holds a file envfence reads.
func anyScannable(paths []string) bool {
	for _, p := range paths {
		if source.KindOf(p) != source.Unknown {
			return true
		}
	}
	return false
}

// newInChanged returns the findings in the files that to changed compared
// with from that from's versions of the same files do not have.
func (c *Checker) newInChanged(ctx context.Context, from, to gitsource.Commit, rules []*rule.Rule) ([]finding.Finding, error) {
	paths, err := c.Repo.Changed(from, to)
	if err != nil {
		return nil, err
	}
	if !anyScannable(paths) {
		return nil, nil
	}
	now, err := c.scan(ctx, c.Repo.ChangedSource(from, to, c.Exclude), rules, to.Hash.String())
	if err != nil {
		return nil, err // the deadline, mostly: there is no result to read
	}
	if len(now.Findings) == 0 || from.IsZero() {
		return now.Findings, nil
	}
	res, err := c.scan(ctx, c.Repo.ChangedSource(to, from, c.Exclude), rules, from.Hash.String())
	if err != nil {
		return nil, err
	}
	return newOnly(now.Findings, identities(res.Findings)), nil
}

// rulesOf returns the rules that produced any of findings.
func rulesOf(rules []*rule.Rule, findings []finding.Finding) []*rule.Rule {
	ids := map[string]bool{}
	for _, f := range findings {
		ids[f.Rule] = true
	}
	return slices.DeleteFunc(slices.Clone(rules), func(r *rule.Rule) bool { return !ids[r.ID] })
}

// newOnly returns the findings of now whose identities are not known.
func newOnly(now []finding.Finding, known map[string]bool) []finding.Finding {
	var out []finding.Finding
	for _, f := range now {
		if !known[f.Identity()] {
			out = append(out, f)
		}
	}
	return out
}

// identities returns the set of the findings' identities (Finding.Identity).
func identities(findings []finding.Finding) map[string]bool {
	set := make(map[string]bool, len(findings))
	for _, f := range findings {
		set[f.Identity()] = true
	}
	return set
}

// onlyPaths limits a source to a set of paths.
type onlyPaths struct {
	src   source.Source
	paths map[string]bool
}

func (o onlyPaths) Walk(ctx context.Context, visit func(source.File) error, note func(source.Note)) error {
	return o.src.Walk(ctx, func(f source.File) error {
		if !o.paths[f.Path] {
			return nil
		}
		return visit(f)
	}, func(n source.Note) {
		if o.paths[n.Path] {
			note(n)
		}
	})
}

// shortID is the 7-digit abbreviation of a commit id.
func shortID(id string) string {
	if len(id) > 7 {
		return id[:7]
	}
	return id
}

// describe renders one finding as a hook output line.
func describe(f finding.Finding) string {
	s := fmt.Sprintf("%s %s %s:%d", f.Severity, f.Rule, f.Path, f.Line)
	if f.Commit != "" {
		s += fmt.Sprintf(" (commit %s)", shortID(f.Commit))
	}
	return s + ": " + f.Message
}
