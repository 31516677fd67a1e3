package envmodel

import (
	"fmt"
	"net/netip"
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
	Aliases []string // extra names, matched as whole tokens ("prd-eu" only as the two tokens in sequence)
	Paths   []string // doublestar globs; a file matching one belongs to the environment
	Hosts   []string // host globs ("*.acme.internal")
}

// Settings configure a Classifier.
type Settings struct {
	Environments []Custom
}

// Section is a scope inside a file: a top-level environment key, a Spring
// profile document, a Quarkus %prod. prefix, a netlify context, a CI job
// that names its environment …
type Section struct {
	// Name is the section key as a user would write it, dotted from the top
	// of the file: "production", "profile prod", "context.production",
	// "%prod", "env.staging", "shop.outputs.prod", or a pipeline job id.
	Name string
	// Line is the line of the section's key (of the document's start for a
	// profile document). For keys deeper than the parser records, it is the
	// line of the section's first entry.
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

// describe names the glob and its environment for a reason.
func (r globRule) describe() string {
	if strings.EqualFold(r.label, string(r.env)) {
		return fmt.Sprintf("%q of environment %s", r.glob, r.label)
	}
	return fmt.Sprintf("%q of environment %s (like %s)", r.glob, r.label, r.env)
}

// Classifier classifies names, paths, files and hosts. It is safe for
// concurrent use: it is read-only after New.
type Classifier struct {
	vocab *vocab
	paths []globRule
	hosts []globRule
}

// New builds a Classifier with the built-in vocabulary and the user's
// environments. It fails on invalid globs, on names without letters or
// digits, and on new environments that do not say which canonical
// environment they are like.
func New(s Settings) (*Classifier, error) {
	c := &Classifier{vocab: newVocab()}
	for _, ce := range s.Environments {
		if err := c.add(ce); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// add registers one configured environment. A built-in name ("production")
// only gains aliases, paths and hosts; a new name ("sandbox") becomes a
// token itself and reports as the canonical environment it is like.
func (c *Classifier) add(ce Custom) error {
	env, label := Env(strings.ToLower(ce.Name)), ce.Name
	if env.Rank() == 0 {
		if ce.Like.Rank() == 0 {
			return fmt.Errorf("environment %q: not a canonical environment; say which one it is like (like: development|test|staging|shared|production)", ce.Name)
		}
		env = ce.Like
		if !c.vocab.add(ce.Name, vocabEntry{env: env, text: ce.Name, label: label}) {
			return fmt.Errorf("environment %q: the name has no letters or digits", ce.Name)
		}
	}
	for _, a := range ce.Aliases {
		if !c.vocab.add(a, vocabEntry{env: env, text: a, label: label, alias: true}) {
			return fmt.Errorf("environment %q: alias %q has no letters or digits", ce.Name, a)
		}
	}
	for _, g := range ce.Paths {
		if !doublestar.ValidatePattern(g) {
			return fmt.Errorf("environment %q: invalid path glob %q", ce.Name, g)
		}
		c.paths = append(c.paths, globRule{glob: g, env: env, label: label})
	}
	for _, g := range ce.Hosts {
		if !doublestar.ValidatePattern(g) {
			return fmt.Errorf("environment %q: invalid host glob %q", ce.Name, g)
		}
		c.hosts = append(c.hosts, globRule{glob: strings.ToLower(g), env: env, label: label})
	}
	return nil
}

// Name classifies a name (a job id, a secret name, a profile, a host label
// sequence) by its whole tokens: "deploy-prod", "PROD_DB_PASSWORD",
// "deployProduction" are production, "non-prod" is staging.
func (c *Classifier) Name(name string) (Decision, bool) {
	var buf [16]string
	m, ok := c.vocab.match(appendTokens(buf[:0], name))
	if !ok {
		return Decision{}, false
	}
	return Decision{Env: m.env, Reason: fmt.Sprintf("name %q has %s", name, m.describe())}, true
}

// File classifies a file from its path and, for formats with sections, its
// parsed content. doc may be nil. A setting inside the file that names its
// environment (Terragrunt's locals { environment = "prod" }) wins over the
// path, except over a configured path glob.
func (c *Classifier) File(path string, kind source.Kind, doc *parse.Doc) FileScopes {
	d, configured := c.classifyPath(path)
	fs := FileScopes{File: d}
	if doc == nil {
		return fs
	}
	fs.EntrySection = make([]int, len(doc.Entries))
	for i := range fs.EntrySection {
		fs.EntrySection[i] = -1
	}
	if cd, ok := c.fileFromContent(path, kind, doc); ok && !configured {
		if fs.File.Env != None && fs.File.Env != cd.Env {
			cd.Reason += fmt.Sprintf(" (the path says %s: %s)", fs.File.Env, fs.File.Reason)
		}
		fs.File = cd
	}
	c.sections(path, kind, doc, &fs)
	return fs
}

// Host classifies a host name by configured host globs, then by the
// environment tokens of its DNS labels: "db.prod.acme.net" is production,
// "api-staging.acme.io" staging, "prod-db-01.internal" production. The top
// level domain is not read, nor, for hosts of three labels or more, a
// registered name of one word: "login.live.com" is not production. A
// registered name of several words that include an environment is read
// ("api.acme-prod.com" is production), except for "live", which is a brand
// word as often ("api.go-live.io"). IP addresses get no decision; whether a
// host is public or private is judged elsewhere.
func (c *Classifier) Host(host string) (Decision, bool) {
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	for _, r := range c.hosts {
		if doublestar.MatchUnvalidated(r.glob, host) { // validated by New
			return Decision{Env: r.env, Reason: "host matches " + r.describe()}, true
		}
	}
	if host == "" || isIP(host) {
		return Decision{}, false
	}
	var buf [16]string
	if m, ok := c.vocab.match(appendTokens(buf[:0], hostNamePart(host))); ok {
		return Decision{Env: m.env, Reason: fmt.Sprintf("host %q has %s", host, m.describe())}, true
	}
	if toks := appendTokens(buf[:0], registeredName(host)); len(toks) >= 2 {
		if m, ok := c.vocab.match(toks); ok && m.token != "live" {
			return Decision{Env: m.env, Reason: fmt.Sprintf("host %q has %s in its domain name", host, m.describe())}, true
		}
	}
	return Decision{}, false
}

// registeredName is the label before the top-level domain of a host of
// three labels or more ("acme-prod" of "api.acme-prod.com"), or "".
func registeredName(host string) string {
	labels := strings.Split(host, ".")
	if len(labels) < 3 {
		return ""
	}
	return labels[len(labels)-2]
}

// hostNamePart drops the labels that name the registry and the owner
// rather than the machine: "db.prod.acme.net" → "db.prod",
// "prod-db-01.internal" → "prod-db-01", "localhost" → "localhost".
func hostNamePart(host string) string {
	last := strings.LastIndexByte(host, '.')
	if last < 0 {
		return host
	}
	rest := host[:last]
	if second := strings.LastIndexByte(rest, '.'); second >= 0 {
		return rest[:second]
	}
	return rest
}

// isIP reports whether h is an IPv4 or IPv6 address.
func isIP(h string) bool {
	_, err := netip.ParseAddr(h)
	return err == nil
}
