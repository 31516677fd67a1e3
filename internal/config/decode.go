package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"gopkg.in/yaml.v3"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
)

// Error is a configuration error at a line of a file.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// LoadOptions say what the configuration may refer to.
type LoadOptions struct {
	// KnownRules are the rule ids that rules: and ignore: may name.
	KnownRules []string
}

// Load reads and validates a configuration file.
func Load(path string, opts LoadOptions) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot read configuration: " + describe(err)}
	}
	return Parse(path, data, opts)
}

func describe(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse validates configuration data; name is used in errors.
func Parse(name string, data []byte, opts LoadOptions) (*Config, error) {
	cfg := &Config{File: name, Rules: map[string]RuleSettings{}}
	cfg.Hook = HookPolicy{Deadline: DefaultDeadline, OnTimeout: Reject, OnError: Reject, FailOn: finding.Error}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return cfg, nil
		}
		return nil, &Error{File: name, Line: yamlErrorLine(err), Msg: "invalid YAML"}
	}
	d := decoder{file: name, known: opts.KnownRules}
	if len(root.Content) == 0 || root.Content[0].Kind == yaml.ScalarNode && root.Content[0].Tag == "!!null" {
		return cfg, nil
	}
	if err := d.top(root.Content[0], cfg); err != nil {
		return nil, err
	}
	return cfg, nil
}

func yamlErrorLine(err error) int {
	var line int
	msg := err.Error()
	if i := strings.Index(msg, "line "); i >= 0 {
		fmt.Sscanf(msg[i:], "line %d", &line)
	}
	return line
}

// The keys each mapping accepts; the JSON Schema must list the same.
var (
	topKeys         = []string{"environments", "rules", "ignore", "exclude", "fail-on", "hook"}
	environmentKeys = []string{"aliases", "paths", "hosts", "like"}
	ruleKeys        = []string{"severity", "enabled"}
	ignoreKeys      = []string{"fingerprint", "path", "rule", "reason"}
	hookKeys        = []string{"deadline", "on-timeout", "on-error", "fail-on", "bypass"}
	bypassKeys      = []string{"enabled", "users", "audit-log"}
)

type decoder struct {
	file  string
	known []string
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) error {
	return &Error{File: d.file, Line: n.Line, Msg: fmt.Sprintf(format, args...)}
}

// fields iterates a mapping, rejecting keys not in allowed.
func (d *decoder) fields(n *yaml.Node, where string, allowed []string, each func(key string, k, v *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return d.errorf(n, "%s must be a mapping", where)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if allowed != nil && !slices.Contains(allowed, k.Value) {
			return d.errorf(k, "unknown key %q in %s (want %s)", k.Value, where, strings.Join(allowed, ", "))
		}
		if err := each(k.Value, k, v); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) top(n *yaml.Node, cfg *Config) error {
	return d.fields(n, "the configuration", topKeys, func(key string, k, v *yaml.Node) error {
		switch key {
		case "environments":
			return d.environments(v, cfg)
		case "rules":
			return d.rules(v, cfg)
		case "ignore":
			return d.ignore(v, cfg)
		case "exclude":
			globs, err := d.globs(v, "exclude")
			cfg.Exclude = globs
			return err
		case "fail-on":
			s, err := d.severity(v, "fail-on", true)
			cfg.FailOn = s
			return err
		case "hook":
			return d.hook(v, &cfg.Hook)
		}
		return nil
	})
}

func (d *decoder) environments(n *yaml.Node, cfg *Config) error {
	return d.fields(n, "environments", nil, func(name string, k, v *yaml.Node) error {
		env := Environment{Name: name}
		canonical := envmodel.Env(strings.ToLower(name)).Rank() > 0
		where := "environments." + name
		err := d.fields(v, where, environmentKeys, func(key string, k2, v2 *yaml.Node) error {
			var err error
			switch key {
			case "aliases":
				env.Aliases, err = d.strings(v2, where+".aliases")
			case "paths":
				env.Paths, err = d.globs(v2, where+".paths")
			case "hosts":
				env.Hosts, err = d.globs(v2, where+".hosts")
			case "like":
				like := envmodel.Env(strings.ToLower(v2.Value))
				if v2.Kind != yaml.ScalarNode || like.Rank() == 0 {
					return d.errorf(v2, "%s.like: want development, test, staging, shared or production", where)
				}
				if canonical {
					return d.errorf(v2, "%s.like: %s is a built-in environment and cannot be like another", where, name)
				}
				env.Like = like
			}
			return err
		})
		if err != nil {
			return err
		}
		if !canonical && env.Like == "" {
			return d.errorf(k, "environments.%s: a new environment needs like: development|test|staging|shared|production", name)
		}
		cfg.Environments = append(cfg.Environments, env)
		return nil
	})
}

func (d *decoder) rules(n *yaml.Node, cfg *Config) error {
	return d.fields(n, "rules", nil, func(id string, k, v *yaml.Node) error {
		if err := d.ruleID(k, id); err != nil {
			return err
		}
		var s RuleSettings
		where := "rules." + id
		err := d.fields(v, where, ruleKeys, func(key string, _, v2 *yaml.Node) error {
			switch key {
			case "severity":
				sev, err := d.severity(v2, where+".severity", false)
				s.Severity = sev
				return err
			case "enabled":
				b, err := d.bool(v2, where+".enabled")
				s.Enabled = &b
				return err
			}
			return nil
		})
		cfg.Rules[id] = s
		return err
	})
}

func (d *decoder) ignore(n *yaml.Node, cfg *Config) error {
	if n.Kind != yaml.SequenceNode {
		return d.errorf(n, "ignore must be a list")
	}
	for _, item := range n.Content {
		e := IgnoreEntry{Line: item.Line}
		err := d.fields(item, "an ignore entry", ignoreKeys, func(key string, _, v *yaml.Node) error {
			s, err := d.scalar(v, "ignore."+key)
			switch key {
			case "fingerprint":
				e.Fingerprint = s
			case "path":
				if err == nil && !doublestar.ValidatePattern(s) {
					return d.errorf(v, "ignore.path: invalid glob %q", s)
				}
				e.Path = s
			case "rule":
				if err == nil {
					err = d.ruleID(v, s)
				}
				e.Rule = s
			case "reason":
				e.Reason = s
			}
			return err
		})
		if err != nil {
			return err
		}
		if e.Fingerprint == "" && e.Path == "" && e.Rule == "" {
			return d.errorf(item, "an ignore entry needs a fingerprint, a path or a rule")
		}
		cfg.Ignore = append(cfg.Ignore, e)
	}
	return nil
}

func (d *decoder) hook(n *yaml.Node, h *HookPolicy) error {
	return d.fields(n, "hook", hookKeys, func(key string, _, v *yaml.Node) error {
		var err error
		switch key {
		case "deadline":
			var s string
			if s, err = d.scalar(v, "hook.deadline"); err == nil {
				h.Deadline, err = time.ParseDuration(s)
				if err != nil || h.Deadline <= 0 {
					return d.errorf(v, "hook.deadline: want a positive duration such as 4s or 2500ms")
				}
			}
		case "on-timeout", "on-error":
			var s string
			if s, err = d.scalar(v, "hook."+key); err == nil && s != Reject && s != Accept {
				return d.errorf(v, "hook.%s: want reject or accept", key)
			}
			if key == "on-timeout" {
				h.OnTimeout = s
			} else {
				h.OnError = s
			}
		case "fail-on":
			h.FailOn, err = d.severity(v, "hook.fail-on", true)
		case "bypass":
			err = d.fields(v, "hook.bypass", bypassKeys, func(key string, _, v2 *yaml.Node) error {
				var err error
				switch key {
				case "enabled":
					h.Bypass.Enabled, err = d.bool(v2, "hook.bypass.enabled")
				case "users":
					h.Bypass.Users, err = d.strings(v2, "hook.bypass.users")
				case "audit-log":
					h.Bypass.AuditLog, err = d.scalar(v2, "hook.bypass.audit-log")
				}
				return err
			})
		}
		return err
	})
}

func (d *decoder) ruleID(n *yaml.Node, id string) error {
	if d.known != nil && !slices.Contains(d.known, id) {
		return d.errorf(n, "unknown rule %q (see 'envfence rules')", id)
	}
	return nil
}

func (d *decoder) scalar(n *yaml.Node, where string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", d.errorf(n, "%s must be a string", where)
	}
	return n.Value, nil
}

func (d *decoder) bool(n *yaml.Node, where string) (bool, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		return n.Value == "true", nil
	}
	return false, d.errorf(n, "%s must be true or false", where)
}

func (d *decoder) strings(n *yaml.Node, where string) ([]string, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, d.errorf(n, "%s must be a list", where)
	}
	var out []string
	for _, item := range n.Content {
		s, err := d.scalar(item, where)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (d *decoder) globs(n *yaml.Node, where string) ([]string, error) {
	list, err := d.strings(n, where)
	if err != nil {
		return nil, err
	}
	for i, g := range list {
		if !doublestar.ValidatePattern(g) {
			return nil, d.errorf(n.Content[i], "%s: invalid glob %q", where, g)
		}
	}
	return list, nil
}

func (d *decoder) severity(n *yaml.Node, where string, allowNone bool) (finding.Severity, error) {
	s, err := d.scalar(n, where)
	if err != nil {
		return "", err
	}
	sev, err := finding.ParseSeverity(s, allowNone)
	if err != nil {
		return "", d.errorf(n, "%s: %v", where, err)
	}
	return sev, nil
}
