package config

import (
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/envfence/envfence/internal/envmodel"
)

// The keys of each mapping and how each value decodes. The JSON Schema
// must list the same keys; TestSchemaMatchesDecoder checks it.
var (
	topFields = []field[Config]{
		{"environments", (*decoder).environments},
		{"rules", (*decoder).rules},
		{"ignore", (*decoder).ignore},
		globsField("exclude", func(c *Config) *[]string { return &c.Exclude }),
		{"fail-on", func(d *decoder, v *yaml.Node, where string, c *Config) (err error) {
			c.FailOn, err = d.severity(v, where, true)
			return err
		}},
		{"hook", func(d *decoder, v *yaml.Node, where string, c *Config) error {
			return decodeFields(d, v, where, hookFields, &c.Hook)
		}},
	}
	environmentFields = []field[Environment]{
		{"aliases", func(d *decoder, v *yaml.Node, where string, e *Environment) (err error) {
			e.Aliases, err = d.words(v, where)
			return err
		}},
		globsField("paths", func(e *Environment) *[]string { return &e.Paths }),
		globsField("hosts", func(e *Environment) *[]string { return &e.Hosts }),
		{"like", (*decoder).like},
	}
	ruleFields = []field[RuleSettings]{
		{"severity", func(d *decoder, v *yaml.Node, where string, s *RuleSettings) (err error) {
			s.Severity, err = d.severity(v, where, false)
			return err
		}},
		{"enabled", func(d *decoder, v *yaml.Node, where string, s *RuleSettings) error {
			b, err := d.boolean(v, where)
			s.Enabled = &b
			return err
		}},
	}
	ignoreFields = []field[IgnoreEntry]{
		{"fingerprint", (*decoder).fingerprint},
		{"path", func(d *decoder, v *yaml.Node, where string, e *IgnoreEntry) (err error) {
			e.Path, err = d.glob(v, where)
			return err
		}},
		{"rule", func(d *decoder, v *yaml.Node, where string, e *IgnoreEntry) (err error) {
			e.Rule, err = d.ruleValue(v, where)
			return err
		}},
		{"reason", func(d *decoder, v *yaml.Node, where string, e *IgnoreEntry) (err error) {
			e.Reason, _, err = d.str(v, where)
			return err
		}},
	}
	hookFields = []field[HookPolicy]{
		{"deadline", (*decoder).deadline},
		{"on-timeout", func(d *decoder, v *yaml.Node, where string, h *HookPolicy) (err error) {
			h.OnTimeout, err = d.choice(v, where, Reject, Accept)
			return err
		}},
		{"on-error", func(d *decoder, v *yaml.Node, where string, h *HookPolicy) (err error) {
			h.OnError, err = d.choice(v, where, Reject, Accept)
			return err
		}},
		{"fail-on", func(d *decoder, v *yaml.Node, where string, h *HookPolicy) (err error) {
			h.FailOn, err = d.severity(v, where, true)
			return err
		}},
		{"bypass", func(d *decoder, v *yaml.Node, where string, h *HookPolicy) error {
			return decodeFields(d, v, where, bypassFields, &h.Bypass)
		}},
		{"repository", func(d *decoder, v *yaml.Node, where string, h *HookPolicy) error {
			return decodeFields(d, v, where, repositoryFields, &h.Repository)
		}},
		boolField("cache", func(h *HookPolicy) *bool { return &h.Cache }),
	}
	bypassFields = []field[Bypass]{
		boolField("enabled", func(b *Bypass) *bool { return &b.Enabled }),
		{"users", func(d *decoder, v *yaml.Node, where string, b *Bypass) (err error) {
			b.Users, err = d.words(v, where)
			return err
		}},
		{"audit-log", (*decoder).auditLog},
	}
	repositoryFields = []field[RepositoryPolicy]{
		boolField("environments", func(r *RepositoryPolicy) *bool { return &r.Environments }),
		boolField("ignore", func(r *RepositoryPolicy) *bool { return &r.Ignore }),
		boolField("exclude", func(r *RepositoryPolicy) *bool { return &r.Exclude }),
		boolField("relax-rules", func(r *RepositoryPolicy) *bool { return &r.RelaxRules }),
	}
)

func boolField[T any](key string, at func(*T) *bool) field[T] {
	return field[T]{key, func(d *decoder, v *yaml.Node, where string, into *T) (err error) {
		*at(into), err = d.boolean(v, where)
		return err
	}}
}

func globsField[T any](key string, at func(*T) *[]string) field[T] {
	return field[T]{key, func(d *decoder, v *yaml.Node, where string, into *T) (err error) {
		*at(into), err = d.globs(v, where)
		return err
	}}
}

// environments decodes the environments: mapping, keyed by name.
func (d *decoder) environments(n *yaml.Node, where string, cfg *Config) error {
	return d.mapping(n, where, func(k, v *yaml.Node) error {
		here := join(where, k.Value)
		if strings.TrimSpace(k.Value) == "" {
			return d.errorf(k, "%s: an environment needs a name", where)
		}
		env := Environment{Name: k.Value}
		if err := decodeFields(d, v, here, environmentFields, &env); err != nil {
			return err
		}
		if !builtIn(env.Name) && env.Like == "" {
			return d.errorf(k, "%s: a new environment needs like: %s", here, oneOf(canonicalNames()))
		}
		cfg.Environments = append(cfg.Environments, env)
		return nil
	})
}

// builtIn reports whether an environment name is a canonical one, in any
// case, as the classifier reads it.
func builtIn(name string) bool {
	return envmodel.Env(strings.ToLower(name)).Rank() > 0
}

func canonicalNames() []string {
	names := make([]string, len(envmodel.Canonical))
	for i, e := range envmodel.Canonical {
		names[i] = string(e)
	}
	return names
}

func (d *decoder) like(v *yaml.Node, where string, e *Environment) error {
	like, err := d.choice(v, where, canonicalNames()...)
	if err != nil {
		return err
	}
	if builtIn(e.Name) {
		return d.errorf(v, "%s: %s is a built-in environment; like: is only for new ones", where, e.Name)
	}
	e.Like = envmodel.Env(like)
	return nil
}

// rules decodes the rules: mapping, keyed by rule id.
func (d *decoder) rules(n *yaml.Node, where string, cfg *Config) error {
	return d.mapping(n, where, func(k, v *yaml.Node) error {
		if err := d.ruleKey(k); err != nil {
			return err
		}
		var s RuleSettings
		if err := decodeFields(d, v, join(where, k.Value), ruleFields, &s); err != nil {
			return err
		}
		cfg.Rules[k.Value] = s
		return nil
	})
}

// ignore decodes the ignore: list.
func (d *decoder) ignore(n *yaml.Node, where string, cfg *Config) error {
	return d.list(n, where, func(item *yaml.Node, where string) error {
		e := IgnoreEntry{File: d.file, Line: item.Line}
		if err := decodeFields(d, item, where, ignoreFields, &e); err != nil {
			return err
		}
		if e.Fingerprint == "" && e.Path == "" && e.Rule == "" {
			return d.errorf(item, "%s: an ignore entry needs a fingerprint, a path or a rule", where)
		}
		cfg.Ignore = append(cfg.Ignore, e)
		return nil
	})
}

// fingerprintPattern is the form of finding fingerprints (engine.Fingerprint).
// Checking it catches the 8-digit value fingerprints that messages show,
// which would never match.
var fingerprintPattern = regexp.MustCompile(`^[0-9a-f]{16}$`)

func (d *decoder) fingerprint(v *yaml.Node, where string, e *IgnoreEntry) error {
	fp, n, err := d.str(v, where)
	if err == nil && !fingerprintPattern.MatchString(fp) {
		err = d.errorf(n, "%s: want the 16-hex-digit fingerprint of a finding (from --format json or a baseline)", where)
	}
	e.Fingerprint = fp
	return err
}

func (d *decoder) deadline(v *yaml.Node, where string, h *HookPolicy) error {
	n, err := d.node(v)
	if err != nil {
		return err
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
		h.Deadline, err = time.ParseDuration(n.Value)
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" || err != nil || h.Deadline <= 0 {
		return d.errorf(n, "%s: want a positive duration such as 4s or 2500ms", where)
	}
	return nil
}

func (d *decoder) auditLog(v *yaml.Node, where string, b *Bypass) error {
	p, n, err := d.word(v, where)
	if err == nil && !filepath.IsAbs(p) {
		err = d.errorf(n, "%s: want an absolute path (the hook runs in each repository's directory)", where)
	}
	b.AuditLog = p
	return err
}
