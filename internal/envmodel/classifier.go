package envmodel

import (
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
	Hosts   []string // doublestar-style host globs ("*.acme.internal")
}

// Settings configure a Classifier.
type Settings struct {
	Environments []Custom
}

// Section is a scope inside a file: a top-level environment key, a Spring
// profile document, a Quarkus %prod. prefix, a netlify context …
type Section struct {
	// Name is the section key as a user would write it: "production",
	// "profiles.prod", "context.production", "%prod", "env.staging".
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

// Classifier classifies names, paths, files and hosts. It is safe for
// concurrent use.
type Classifier struct {
	settings Settings
}

// New builds a Classifier. It fails on invalid globs in Settings.
func New(s Settings) (*Classifier, error) {
	return &Classifier{settings: s}, nil
}

// Name classifies a name (a job id, a secret name, a profile, a host label
// sequence) by its whole tokens.
func (c *Classifier) Name(name string) (Decision, bool) {
	return Decision{}, false
}

// File classifies a file from its path and, for formats with sections, its
// parsed content. doc may be nil.
func (c *Classifier) File(path string, kind source.Kind, doc *parse.Doc) FileScopes {
	fs := FileScopes{}
	if doc != nil {
		fs.EntrySection = make([]int, len(doc.Entries))
		for i := range fs.EntrySection {
			fs.EntrySection[i] = -1
		}
	}
	return fs
}

// Host classifies a host name or IP by configured hosts and by the
// environment tokens in its DNS labels ("db.prod.acme.net" is production,
// "api-staging.acme.io" staging). It says nothing about public hosts.
func (c *Classifier) Host(host string) (Decision, bool) {
	return Decision{}, false
}
