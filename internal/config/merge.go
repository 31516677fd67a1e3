package config

import (
	"maps"
	"slices"

	"github.com/envfence/envfence/internal/finding"
)

// Merge combines the server's configuration with a repository's for the
// pre-receive hook (SPEC §7). The hook reads the repository's file from
// the default branch as it was before the push, so a push cannot change
// the checks applied to itself; Merge decides how much of that file a
// server lets through:
//
//   - hook: and fail-on: come from the server only; the repository's are
//     ignored.
//   - rules: the server's settings stand, and a repository may always make
//     them stricter: raise a rule's severity above what the server gives it
//     (its own setting or the rule's default) and switch on a rule the
//     server switched off. It may lower a severity or switch a rule off only
//     when the server sets hook.repository.relax-rules: true; then its
//     settings replace the server's for the rules it names.
//   - environments:, ignore: and exclude: of the repository are added to
//     the server's when hook.repository.environments, .ignore and .exclude
//     allow it (they do by default). The server's environment paths, hosts
//     and aliases keep precedence over the repository's.
//
// Neither argument is modified; a nil server means Default().
func Merge(server, repo *Config) *Config {
	if server == nil {
		server = Default()
	}
	out := server.clone()
	if repo == nil {
		return out
	}
	allow := server.Hook.Repository
	if allow.Environments && len(repo.Environments) > 0 {
		out.Environments = append(out.Environments, repo.Environments...)
		// The classifier lets the first path or host glob win but the last
		// alias: repeating the server's names and aliases after the
		// repository's keeps the server ahead on both.
		out.Environments = append(out.Environments, namesAndAliases(server.Environments)...)
	}
	if allow.Ignore {
		out.Ignore = append(out.Ignore, repo.Ignore...)
	}
	if allow.Exclude {
		out.Exclude = append(out.Exclude, repo.Exclude...)
	}
	for _, id := range slices.Sorted(maps.Keys(repo.Rules)) {
		if allow.RelaxRules {
			out.override(id, repo.Rules[id])
		} else {
			out.tighten(id, repo.Rules[id])
		}
	}
	return out
}

// clone copies c deeply enough that appending to or setting in the copy
// leaves c alone.
func (c *Config) clone() *Config {
	out := *c
	out.Environments = slices.Clone(c.Environments)
	out.Ignore = slices.Clone(c.Ignore)
	out.Exclude = slices.Clone(c.Exclude)
	out.Rules = maps.Clone(c.Rules)
	if out.Rules == nil {
		out.Rules = map[string]RuleSettings{}
	}
	out.atLeast = maps.Clone(c.atLeast)
	out.Hook.Bypass.Users = slices.Clone(c.Hook.Bypass.Users)
	return &out
}

// override applies what a repository sets for a rule over the server's
// settings.
func (c *Config) override(id string, r RuleSettings) {
	s := c.Rules[id]
	if r.Severity != "" {
		s.Severity = r.Severity
		delete(c.atLeast, id)
	}
	if r.Enabled != nil {
		s.Enabled = r.Enabled
	}
	c.Rules[id] = s
}

// tighten applies only the stricter half of a repository's settings for a
// rule: switching it on, and a severity that Severity uses only where it is
// above the server's (which may be the rule default, known only then).
func (c *Config) tighten(id string, r RuleSettings) {
	if r.Enabled != nil && *r.Enabled {
		s := c.Rules[id]
		s.Enabled = r.Enabled
		c.Rules[id] = s
	}
	if r.Severity == "" {
		return
	}
	if c.atLeast == nil {
		c.atLeast = map[string]finding.Severity{}
	}
	if r.Severity.Rank() > c.atLeast[id].Rank() {
		c.atLeast[id] = r.Severity
	}
}

// namesAndAliases keeps of each environment what the classifier matches
// as tokens: the name, what it is like, and its aliases.
func namesAndAliases(envs []Environment) []Environment {
	var out []Environment
	for _, e := range envs {
		if len(e.Aliases) > 0 || e.Like != "" {
			out = append(out, Environment{Name: e.Name, Like: e.Like, Aliases: e.Aliases})
		}
	}
	return out
}
