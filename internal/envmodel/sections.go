package envmodel

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/envfence/envfence/internal/parse"
	"github.com/envfence/envfence/internal/source"
)

// sections finds the scopes inside a file and assigns entries to them, in
// order of precedence: profile documents and prefixes, pipeline jobs, then
// maps keyed by environment. An entry keeps the first section it gets.
func (c *Classifier) sections(p string, kind source.Kind, doc *parse.Doc, fs *FileScopes) {
	switch kind {
	case source.YAML, source.JSON, source.TOML, source.Properties, source.INI, source.HCL, source.Python, source.Script,
		source.Ruby, source.Elixir, source.PHP, source.Dockerfile:
	default:
		return // dotenv files have no sections; workflow jobs are scoped by the workflow reader
	}
	dir, base := splitPath(p)
	lower := strings.ToLower(base)
	b := &sectionBuilder{c: c, doc: doc, fs: fs, index: map[string]int{}}
	b.guards()
	b.profiles()
	b.pipelines(dir, lower)
	b.envMaps(lastSegment(dir), lower, kind)
	sortSections(fs)
}

// sectionBuilder collects the sections of one file.
type sectionBuilder struct {
	c     *Classifier
	doc   *parse.Doc
	fs    *FileScopes
	index map[string]int // section identity → index in fs.Sections
}

// assign puts entry i into the section identified by id, creating it with
// mk on first use. It does nothing if the entry already has a section.
func (b *sectionBuilder) assign(i int, id string, mk func() Section) {
	if b.fs.EntrySection[i] >= 0 {
		return
	}
	s, ok := b.index[id]
	if !ok {
		b.fs.Sections = append(b.fs.Sections, mk())
		s = len(b.fs.Sections) - 1
		b.index[id] = s
	}
	b.fs.EntrySection[i] = s
}

// guards makes a section of each block of code that runs in one
// environment (Ruby's if Rails.env.production?, Elixir's if config_env()
// == :prod do), holding the values set inside it.
func (b *sectionBuilder) guards() {
	for i, e := range b.doc.Entries {
		if e.Guard < 1 || e.Guard > len(b.doc.Guards) {
			continue
		}
		g := b.doc.Guards[e.Guard-1]
		d, ok := b.c.sectionDecision(g.Name, g.Env, true)
		if !ok {
			continue
		}
		b.assign(i, "guard\x00"+strconv.Itoa(e.Guard), func() Section { return Section{Name: g.Name, Line: g.Line, Decision: d} })
	}
}

// keyLine is the line where the key at path is written: the parser
// records keys of depth 1 and 2; deeper keys fall back to the line of the
// section's first entry.
func (b *sectionBuilder) keyLine(path []string, fallback int) int {
	if len(path) >= 1 && len(path) <= 2 {
		if l, ok := b.doc.KeyLines[parse.KeyLineKey(path...)]; ok {
			return l
		}
	}
	return fallback
}

// sectionDecision classifies a section key. lenient accepts any key whose
// first tokens are an environment; otherwise later tokens must be
// qualifiers (see keyEnv). Shared names (default, common …) are shared.
func (c *Classifier) sectionDecision(name, key string, lenient bool) (Decision, bool) {
	if m, ok := c.vocab.keyEnv(key, !lenient); ok {
		return Decision{Env: m.env, Reason: fmt.Sprintf("section %q has %s", name, m.describe())}, true
	}
	if sharedSectionNames[strings.ToLower(key)] {
		return Decision{Env: Shared, Reason: fmt.Sprintf("section %q is inherited by every environment", name)}, true
	}
	return Decision{}, false
}

// sortSections keeps sections in line order without breaking the entry
// mapping.
func sortSections(fs *FileScopes) {
	n := len(fs.Sections)
	if n < 2 {
		return
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return fs.Sections[a].Line - fs.Sections[b].Line })
	newIndex := make([]int, n)
	sorted := make([]Section, n)
	for to, from := range order {
		sorted[to] = fs.Sections[from]
		newIndex[from] = to
	}
	fs.Sections = sorted
	for i, s := range fs.EntrySection {
		if s >= 0 {
			fs.EntrySection[i] = newIndex[s]
		}
	}
}
