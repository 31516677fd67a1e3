package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/envfence/envfence/internal/config"
	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/gitsource"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/rules"
	"github.com/envfence/envfence/internal/source"
)

// setup is what every scanning command needs: the configuration, the
// classifier built from it, and the rules to run.
type setup struct {
	cfg      *config.Config
	cls      *envmodel.Classifier
	rules    []*rule.Rule
	baseline *config.Baseline
	// online is handed to online rules (a GitHub API client); nil keeps
	// them off.
	online any
}

// enableOnline turns on the online rules with their client.
func (s *setup) enableOnline(client any) {
	s.online = client
	for _, r := range rules.All() {
		if r.Online {
			s.rules = append(s.rules, r)
		}
	}
}

// loadSetup reads the configuration (explicit path, else .envfence.yml or
// .envfence.yaml in root) and builds the classifier.
func loadSetup(root, configPath string) (*setup, error) {
	return loadSetupFrom(root, configPath, false)
}

// loadSetupFrom is loadSetup where fromTree says that a named configuration
// comes from the scanned tree (the Action's inputs point into the checkout):
// a symbolic link there is refused, not followed.
func loadSetupFrom(root, configPath string, fromTree bool) (*setup, error) {
	cfg, err := loadConfigFrom(root, configPath, fromTree)
	if err != nil {
		return nil, err
	}
	cls, err := envmodel.New(cfg.EnvSettings())
	if err != nil {
		return nil, usagef("%s: %v", configPath, err)
	}
	s := &setup{cfg: cfg, cls: cls}
	for _, r := range rules.All() {
		if !r.Online {
			s.rules = append(s.rules, r)
		}
	}
	return s, nil
}

func loadConfig(root, configPath string) (*config.Config, error) {
	return loadConfigFrom(root, configPath, false)
}

func loadConfigFrom(root, configPath string, fromTree bool) (*config.Config, error) {
	opts := config.LoadOptions{KnownRules: rules.IDs(), FromTree: fromTree}
	if configPath != "" {
		return config.Load(configPath, opts)
	}
	for _, name := range []string{".envfence.yml", ".envfence.yaml"} {
		p := filepath.Join(root, name)
		if _, err := os.Lstat(p); err == nil {
			opts.FromTree = true // the repository's own: a link is not followed
			return config.Load(p, opts)
		}
	}
	return config.Parse("(defaults)", nil, opts)
}

// loadBaseline reads a baseline file if one is named.
func (s *setup) loadBaseline(path string, fromTree bool) error {
	if path == "" {
		return nil
	}
	b, err := config.LoadBaseline(path, fromTree)
	if err != nil {
		return err
	}
	s.baseline = b
	return nil
}

// options returns engine options for one scan.
func (s *setup) options(commit string, cache *engine.Cache) engine.Options {
	opts := engine.Options{Rules: s.rules, Classifier: s.cls, Policy: s.cfg, Commit: commit, Cache: cache, RuleContext: s.online}
	if s.baseline != nil {
		opts.Baseline = s.baseline
	}
	return opts
}

// target says what to scan: the work tree at root, or a commit of the
// repository that contains root.
type target struct {
	root   string
	commit string // a revision, or "" for the work tree
	// includeIgnored reads, in a work tree, the files git ignores too.
	includeIgnored bool
}

// scanTarget scans a work tree or a commit's tree.
func (s *setup) scanTarget(ctx context.Context, t target, cache *engine.Cache) (*engine.Result, error) {
	if t.commit == "" {
		info, err := os.Stat(t.root)
		if err != nil {
			return nil, usagef("%s: no such directory", t.root)
		}
		if info.Mode().IsRegular() {
			f := oneFile(t.root)
			if source.KindOf(f.Path) == source.Unknown {
				return nil, usagef("%s: not a file envfence reads (configuration, env, workflow, script or key file)", t.root)
			}
			return scanOneFile(ctx, f, s.options("", cache))
		}
		if !info.IsDir() {
			return nil, usagef("%s: not a directory or a regular file", t.root)
		}
		dir := source.Dir{Root: t.root, Exclude: s.cfg.Exclude}
		if !t.includeIgnored {
			// Inside a git work tree, what git would commit (SPEC §1).
			gi, err := gitsource.WorkTreeIgnore(t.root)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", t.root, err)
			}
			dir.GitIgnore = gi
		}
		return engine.Scan(ctx, dir, s.options("", cache))
	}
	repo, err := gitsource.Open(t.root)
	if err != nil {
		return nil, usagef("%s: %v", t.root, err)
	}
	c, err := repo.Resolve(t.commit)
	if err != nil {
		return nil, usagef("--commit/--since %s: %v", t.commit, err)
	}
	return engine.Scan(ctx, repo.Tree(c, s.cfg.Exclude), s.options(c.Hash.String(), cache))
}

// scanOneFile scans one file. Findings about the repository as a whole
// (no CODEOWNERS) need the tree, which was not read: they are left out,
// and a note says that rules comparing files saw this file alone.
func scanOneFile(ctx context.Context, f source.OneFile, opts engine.Options) (*engine.Result, error) {
	res, err := engine.Scan(ctx, f, opts)
	if err != nil {
		return nil, err
	}
	kept := res.Findings[:0]
	for _, fd := range res.Findings {
		if fd.Path != "." {
			kept = append(kept, fd)
		}
	}
	res.Findings = kept
	res.Notes = append(res.Notes, source.Note{Path: f.Path, Message: "scanned on its own: rules that compare files (shared credentials, production hosts, owners) saw this file alone"})
	return res, nil
}

// oneFile is the source of `envfence scan FILE`: the file keeps the path it
// was given when that stays below the working directory, so that
// config/.env.production is classified by its directory too; otherwise its
// name alone.
func oneFile(p string) source.OneFile {
	abs, err := filepath.Abs(p)
	if err != nil {
		abs = p
	}
	rel := filepath.Clean(p)
	if filepath.IsAbs(rel) || !filepath.IsLocal(rel) {
		rel = filepath.Base(abs)
	}
	return source.OneFile{Abs: abs, Path: filepath.ToSlash(rel)}
}

// newSince removes from res the findings that the base revision also has.
func (s *setup) newSince(ctx context.Context, res *engine.Result, root, base string) error {
	old, err := s.scanTarget(ctx, target{root: root, commit: base}, engine.NewCache())
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, f := range old.Findings {
		known[f.Fingerprint] = true
	}
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		if !known[f.Fingerprint] {
			kept = append(kept, f)
		}
	}
	res.Findings = kept
	return nil
}

// failed reports whether any finding is at or above the threshold.
func failed(fs []finding.Finding, failOn finding.Severity) bool {
	if failOn == finding.None {
		return false
	}
	for _, f := range fs {
		if f.Severity.Rank() >= failOn.Rank() {
			return true
		}
	}
	return false
}

// resolveFailOn picks --fail-on, then the config's fail-on, then error.
func resolveFailOn(flagValue string, cfg *config.Config) (finding.Severity, error) {
	v := flagValue
	if v == "" {
		v = string(cfg.FailOn)
	}
	if v == "" {
		return finding.Error, nil
	}
	sev, err := finding.ParseSeverity(v, true)
	if err != nil {
		return "", usagef("--fail-on: %v", err)
	}
	return sev, nil
}

// parseRoot parses a command's flags and its one optional PATH.
func parseRoot(fs *flag.FlagSet, args []string) (string, error) {
	positional, err := parseFlags(fs, args)
	if err != nil {
		return "", err
	}
	return onePath(positional)
}

func onePath(positional []string) (string, error) {
	switch len(positional) {
	case 0:
		return ".", nil
	case 1:
		return positional[0], nil
	}
	return "", usagef("expected at most one PATH, got %d", len(positional))
}

func noPath(cmd string, positional []string) error {
	if len(positional) > 0 {
		return usagef("%s takes no arguments", cmd)
	}
	return nil
}
