// Package config reads envfence's configuration file, .envfence.yml
// (SPEC §6), strictly: unknown keys, wrong types, bad globs, bad severities
// and unknown rule ids are errors that name the file and the line. It also
// merges the pre-receive hook's server policy with a repository's file
// (SPEC §7), ships the JSON Schema of the file, and reads and writes
// baselines.
//
// Configuration values are never quoted in errors: a misplaced credential
// pasted into the file must not end up in a CI log.
package config

import (
	"time"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
)

// Config is a parsed .envfence.yml. Default returns the configuration of
// an empty file; Parse and Load start from it.
type Config struct {
	// File is where the configuration came from, for messages.
	File string
	// FailOn is the default for --fail-on, or "" when the file sets none.
	FailOn finding.Severity
	// Environments extend built-in environments or add new ones, in file
	// order.
	Environments []Environment
	// Rules change the severity of rules or switch them off, by rule id.
	Rules map[string]RuleSettings
	// Ignore hides findings; hidden findings are still counted.
	Ignore []IgnoreEntry
	// Exclude are doublestar globs of paths that are not scanned.
	Exclude []string
	// Hook is the pre-receive hook's policy. Only the server's
	// configuration sets it (see Merge).
	Hook HookPolicy

	// atLeast holds severities a repository asked for under a server
	// policy that only lets it raise them (see Merge).
	atLeast map[string]finding.Severity
}

// Environment extends a built-in environment (Name "production") or adds
// one (Name "sandbox", Like development): SPEC §6 environments:.
type Environment struct {
	Name    string
	Like    envmodel.Env // only for a new environment
	Aliases []string     // extra whole-token names
	Paths   []string     // doublestar globs of files in the environment
	Hosts   []string     // host globs such as *.acme.internal
}

// RuleSettings change one rule.
type RuleSettings struct {
	Severity finding.Severity // "" keeps the rule's default
	Enabled  *bool            // nil keeps the default (enabled)
}

// IgnoreEntry hides findings. Every field that is set must match: a
// fingerprint exactly, a path as a doublestar glob, a rule by id.
type IgnoreEntry struct {
	Fingerprint string
	Path        string
	Rule        string
	Reason      string
	// File and Line are where the entry is written.
	File string
	Line int
}

// HookPolicy is the server-side policy of the pre-receive hook (SPEC §7).
type HookPolicy struct {
	// Deadline bounds the whole check; default 4s.
	Deadline time.Duration
	// OnTimeout is Reject (default) or Accept: what to do with a push the
	// deadline cut short.
	OnTimeout string
	// OnError is Reject (default) or Accept: what to do when the check
	// cannot run (unreadable objects, an internal error).
	OnError string
	// FailOn rejects pushes with findings at or above it; default error.
	FailOn finding.Severity
	// Bypass is the break-glass push option.
	Bypass Bypass
	// Repository says what a repository's own .envfence.yml may change.
	Repository RepositoryPolicy
	// Cache keeps what the hook learnt about a repository in
	// $GIT_DIR/envfence/ between pushes (default true): the decoded trees
	// and the findings of the pushed tips. The tip of one push is the base
	// of the next, and reading it again is most of a large repository's
	// cost.
	Cache bool
}

// Bypass is the break-glass setting: git push -o envfence.bypass="reason".
type Bypass struct {
	Enabled  bool
	Users    []string // empty: any user may bypass
	AuditLog string   // absolute path of a JSON-lines file every bypass is appended to
}

// RepositoryPolicy is the part of the server policy that says which parts
// of a repository's .envfence.yml the hook applies (hook.repository: in the
// server's file). A repository can always make the check stricter.
type RepositoryPolicy struct {
	// Environments lets the repository add environments, aliases, paths
	// and hosts (default true: classification is the repository's own
	// knowledge). The server's paths, hosts and aliases still win.
	Environments bool
	// Ignore lets the repository's ignore: entries hide findings (default
	// true: like inline envfence:ignore comments, they are reviewed on the
	// default branch, and what they hide is still counted).
	Ignore bool
	// Exclude lets the repository's exclude: globs skip files (default true).
	Exclude bool
	// RelaxRules lets the repository lower severities and switch rules
	// off (default false: those changes leave no trace in the output).
	RelaxRules bool
}

// Defaults of the hook policy.
const (
	DefaultDeadline = 4 * time.Second
	Reject          = "reject"
	Accept          = "accept"
)

// Default returns the configuration of an empty file.
func Default() *Config {
	return &Config{
		Rules: map[string]RuleSettings{},
		Hook: HookPolicy{
			Deadline:   DefaultDeadline,
			OnTimeout:  Reject,
			OnError:    Reject,
			FailOn:     finding.Error,
			Repository: RepositoryPolicy{Environments: true, Ignore: true, Exclude: true},
			Cache:      true,
		},
	}
}

// Severity returns the configured severity of a rule, or def.
func (c *Config) Severity(ruleID string, def finding.Severity) finding.Severity {
	sev := def
	if s, ok := c.Rules[ruleID]; ok && s.Severity != "" {
		sev = s.Severity
	}
	if floor, ok := c.atLeast[ruleID]; ok && floor.Rank() > sev.Rank() {
		sev = floor
	}
	return sev
}

// Enabled reports whether a rule runs.
func (c *Config) Enabled(ruleID string) bool {
	if s, ok := c.Rules[ruleID]; ok && s.Enabled != nil {
		return *s.Enabled
	}
	return true
}

// Ignored reports whether an ignore entry hides the finding, and the
// entry's reason. The first matching entry wins.
func (c *Config) Ignored(f *finding.Finding) (finding.Acceptance, bool) {
	for _, e := range c.Ignore {
		if e.matches(f) {
			return finding.Acceptance{By: finding.AcceptedByConfig, Reason: e.Reason, Path: e.File, Line: e.Line}, true
		}
	}
	return finding.Acceptance{}, false
}

// IgnoredByLegacy reports whether the entry that hides f names its v1
// fingerprint, which hashed the value in.
func (c *Config) IgnoredByLegacy(f *finding.Finding) bool {
	for _, e := range c.Ignore {
		if e.matches(f) {
			return e.Fingerprint != "" && e.Fingerprint == f.LegacyFingerprint
		}
	}
	return false
}

// matches reports whether every field the entry sets matches the finding.
// Parse guarantees that at least one is set and that the glob is valid.
func (e *IgnoreEntry) matches(f *finding.Finding) bool {
	if e.Fingerprint == "" && e.Path == "" && e.Rule == "" {
		return false
	}
	if e.Fingerprint != "" && e.Fingerprint != f.Fingerprint && e.Fingerprint != f.LegacyFingerprint {
		return false
	}
	if e.Rule != "" && e.Rule != f.Rule {
		return false
	}
	if e.Path != "" {
		ok, _ := doublestar.Match(e.Path, f.Path)
		return ok
	}
	return true
}

// EnvSettings converts the environments for the classifier.
func (c *Config) EnvSettings() envmodel.Settings {
	var s envmodel.Settings
	for _, e := range c.Environments {
		s.Environments = append(s.Environments, envmodel.Custom{Name: e.Name, Like: e.Like, Aliases: e.Aliases, Paths: e.Paths, Hosts: e.Hosts})
	}
	return s
}
