// Package config reads envfence's configuration file, .envfence.yml
// (SPEC §6), strictly: unknown keys, wrong types, bad globs and bad
// severities are errors that name the file and the line. It also reads and
// writes baselines.
package config

import (
	"time"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
)

// Config is a parsed .envfence.yml. The zero value is the default
// configuration.
type Config struct {
	// File is where the configuration came from, for messages.
	File string
	// FailOn is the default for --fail-on, or "".
	FailOn       finding.Severity
	Environments []Environment
	Rules        map[string]RuleSettings
	Ignore       []IgnoreEntry
	Exclude      []string
	Hook         HookPolicy
}

// Environment extends or adds an environment (SPEC §6 environments:).
type Environment struct {
	Name    string
	Like    envmodel.Env
	Aliases []string
	Paths   []string
	Hosts   []string
}

// RuleSettings change one rule.
type RuleSettings struct {
	Severity finding.Severity // "" keeps the default
	Enabled  *bool            // nil keeps the default (enabled)
}

// IgnoreEntry hides findings by fingerprint, path glob, rule, or rule and
// path glob together.
type IgnoreEntry struct {
	Fingerprint string
	Path        string
	Rule        string
	Reason      string
	Line        int // where the entry is written
}

// HookPolicy is the server-side policy of the pre-receive hook (SPEC §7).
// Only the server's configuration sets it; a repository's .envfence.yml
// cannot relax it.
type HookPolicy struct {
	Deadline  time.Duration    // default 4s
	OnTimeout string           // reject (default) or accept
	OnError   string           // reject (default) or accept
	FailOn    finding.Severity // default error
	Bypass    Bypass
}

// Bypass is the break-glass setting: git push -o envfence.bypass="reason".
type Bypass struct {
	Enabled  bool
	Users    []string // empty: any user may bypass
	AuditLog string   // JSON-lines file every bypass is appended to
}

// Defaults of the hook policy.
const (
	DefaultDeadline = 4 * time.Second
	Reject          = "reject"
	Accept          = "accept"
)

// Severity returns the configured severity of a rule, or def.
func (c *Config) Severity(ruleID string, def finding.Severity) finding.Severity {
	if s, ok := c.Rules[ruleID]; ok && s.Severity != "" {
		return s.Severity
	}
	return def
}

// Enabled reports whether a rule runs.
func (c *Config) Enabled(ruleID string) bool {
	if s, ok := c.Rules[ruleID]; ok && s.Enabled != nil {
		return *s.Enabled
	}
	return true
}

// Ignored reports whether an ignore entry hides the finding, and its reason.
func (c *Config) Ignored(f *finding.Finding) (string, bool) {
	for _, e := range c.Ignore {
		if e.Fingerprint != "" && e.Fingerprint != f.Fingerprint {
			continue
		}
		if e.Rule != "" && e.Rule != f.Rule {
			continue
		}
		if e.Path != "" {
			if ok, _ := doublestar.Match(e.Path, f.Path); !ok {
				continue
			}
		}
		return e.Reason, true
	}
	return "", false
}

// EnvSettings converts the environments for the classifier.
func (c *Config) EnvSettings() envmodel.Settings {
	var s envmodel.Settings
	for _, e := range c.Environments {
		s.Environments = append(s.Environments, envmodel.Custom{Name: e.Name, Like: e.Like, Aliases: e.Aliases, Paths: e.Paths, Hosts: e.Hosts})
	}
	return s
}

// Merge combines the server's configuration with a repository's for the
// pre-receive hook. The server decides the hook policy, fail-on and which
// rules run at what severity: a repository may raise a severity or
// re-enable a rule, never lower a severity or disable a rule. The
// repository adds its environments, excludes and ignore entries: they are
// read from the default branch as it was before the push, so they went
// through the repository's review, like inline envfence:ignore comments.
func Merge(server, repo *Config) *Config {
	if repo == nil {
		return server
	}
	out := *server
	out.Environments = append(append([]Environment(nil), server.Environments...), repo.Environments...)
	out.Ignore = append(append([]IgnoreEntry(nil), server.Ignore...), repo.Ignore...)
	out.Exclude = append(append([]string(nil), server.Exclude...), repo.Exclude...)
	out.Rules = map[string]RuleSettings{}
	for id, s := range server.Rules {
		out.Rules[id] = s
	}
	for id, r := range repo.Rules {
		s := out.Rules[id]
		if r.Severity != "" && r.Severity.Rank() > server.Severity(id, "").Rank() {
			s.Severity = r.Severity
		}
		if r.Enabled != nil && *r.Enabled && s.Enabled != nil && !*s.Enabled {
			s.Enabled = r.Enabled
		}
		out.Rules[id] = s
	}
	return &out
}
