package envmodel

import (
	"fmt"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/envfence/envfence/internal/parse"
	"github.com/envfence/envfence/internal/source"
)

// Custom is an environment from the user's configuration (SPEC §6): either a
// built-in one (Name "production") with extra aliases, paths and hosts, or a
// new one (Name "sandbox") that behaves Like a canonical environment.
type Custom struct {
	Name    string
	Like    Env      // for new names; None for built-in names
	Aliases []string // extra whole-token names
	Paths   []string // doublestar globs; a file matching one belongs to the environment
	Hosts   []string // host globs ("*.acme.internal")
}

// Settings configure a Classifier.
type Settings struct {
	Environments []Custom
}

// Section is a scope inside a file: a top-level environment key, a Spring
// profile document, a Quarkus %prod. prefix, a netlify context …
type Section struct {
	// Name is the section key as a user would write it: "production",
	// "profile prod", "context.production", "%prod", "env.staging".
	Name string
	// Line is where the section starts.
	Line int
	Decision
}

// FileScopes is the classification of one file.
type FileScopes struct {
	File     Decision
	Sections []Section
	// EntrySection[i] is the index into Sections of the section that holds
	// doc.Entries[i], or -1 if the entry belongs to the file scope.
	EntrySection []int
}

// globRule maps a configured glob to an environment.
type globRule struct {
	glob  string
	env   Env
	label string // the configured environment's name
}

// Classifier classifies names, paths, files and hosts. It is safe for
// concurrent use: it is read-only after New.
type Classifier struct {
	tokens map[string]tokenMatch
	paths  []globRule
	hosts  []globRule
}

// New builds a Classifier with the built-in vocabulary and the user's
// environments. It fails on invalid globs and on new environments that do
// not say which canonical environment they are like.
func New(s Settings) (*Classifier, error) {
	c := &Classifier{tokens: map[string]tokenMatch{}}
	for t, e := range builtinTokens {
		c.tokens[t] = tokenMatch{env: e, token: t}
	}
	for _, ce := range s.Environments {
		if err := c.add(ce); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *Classifier) add(ce Custom) error {
	env, label := Env(strings.ToLower(ce.Name)), ""
	if env.Rank() == 0 {
		if ce.Like.Rank() == 0 {
			return fmt.Errorf("environment %q: not a canonical environment; say which one it is like (like: development|test|staging|shared|production)", ce.Name)
		}
		env, label = ce.Like, ce.Name
		for _, t := range splitTokens(ce.Name) {
			c.tokens[t] = tokenMatch{env: env, token: t, label: label}
		}
	}
	for _, a := range ce.Aliases {
		for _, t := range splitTokens(a) {
			c.tokens[t] = tokenMatch{env: env, token: t, label: label}
		}
	}
	for _, g := range ce.Paths {
		if !doublestar.ValidatePattern(g) {
			return fmt.Errorf("environment %q: invalid path glob %q", ce.Name, g)
		}
		c.paths = append(c.paths, globRule{glob: g, env: env, label: orName(label, ce.Name)})
	}
	for _, g := range ce.Hosts {
		if !doublestar.ValidatePattern(g) {
			return fmt.Errorf("environment %q: invalid host glob %q", ce.Name, g)
		}
		c.hosts = append(c.hosts, globRule{glob: strings.ToLower(g), env: env, label: orName(label, ce.Name)})
	}
	return nil
}

func orName(label, name string) string {
	if label != "" {
		return label
	}
	return name
}

// match finds the first environment token in a token list, checking
// non-/pre-/not- compounds before production.
func (c *Classifier) match(toks []string) (tokenMatch, bool) {
	for i, t := range toks {
		m, ok := c.lookup(t)
		if !ok {
			continue
		}
		if m.env == Production && m.label == "" && i > 0 && compoundPrefixes[toks[i-1]] {
			return tokenMatch{env: Staging, token: toks[i-1] + "-" + t}, true
		}
		return m, true
	}
	return tokenMatch{}, false
}

func (c *Classifier) lookup(t string) (tokenMatch, bool) {
	if m, ok := c.tokens[t]; ok {
		return m, true
	}
	if s := stripNumber(t); s != t {
		if m, ok := c.tokens[s]; ok {
			m.token = t
			return m, true
		}
	}
	return tokenMatch{}, false
}

// describe renders a token match for a reason: `token "prod"`, or
// `token "sbx" (sandbox, like development)` for a custom environment.
func (m tokenMatch) describe() string {
	if m.label != "" {
		return fmt.Sprintf("token %q (%s, like %s)", m.token, m.label, m.env)
	}
	return fmt.Sprintf("token %q", m.token)
}

// Name classifies a name (a job id, a secret name, a profile, a host label
// sequence) by its whole tokens.
func (c *Classifier) Name(name string) (Decision, bool) {
	m, ok := c.match(splitTokens(name))
	if !ok {
		return Decision{}, false
	}
	return Decision{Env: m.env, Reason: fmt.Sprintf("name %q has %s", name, m.describe())}, true
}

// File classifies a file from its path and, for formats with sections, its
// parsed content. doc may be nil.
func (c *Classifier) File(path string, kind source.Kind, doc *parse.Doc) FileScopes {
	fs := FileScopes{File: c.Path(path)}
	if doc == nil {
		return fs
	}
	fs.EntrySection = make([]int, len(doc.Entries))
	for i := range fs.EntrySection {
		fs.EntrySection[i] = -1
	}
	if d, ok := c.fileFromContent(kind, doc); ok && fs.File.Env == None {
		fs.File = d
	}
	c.sections(path, kind, doc, &fs)
	return fs
}

// Host classifies a host name by configured host globs and by the
// environment tokens in its DNS labels ("db.prod.acme.net" is production,
// "api-staging.acme.io" staging). It says nothing about IP addresses.
func (c *Classifier) Host(host string) (Decision, bool) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, r := range c.hosts {
		if ok, _ := doublestar.Match(r.glob, host); ok {
			return Decision{Env: r.env, Reason: fmt.Sprintf("host matches %q of environment %s", r.glob, r.label)}, true
		}
	}
	if isIP(host) {
		return Decision{}, false
	}
	m, ok := c.match(splitTokens(host))
	if !ok {
		return Decision{}, false
	}
	return Decision{Env: m.env, Reason: fmt.Sprintf("host %q has %s", host, m.describe())}, true
}

func isIP(h string) bool {
	if strings.Contains(h, ":") {
		return true
	}
	for _, r := range h {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return h != ""
}
