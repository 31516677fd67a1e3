package envmodel

import (
	"fmt"
	"slices"
	"strings"

	"github.com/envfence/envfence/internal/source"
)

// layout is a known place where a file keys its settings by environment.
type layout struct {
	// prefix leads to the map whose children are sections; "*" matches
	// any key. An empty prefix is the top level.
	prefix []string
	// every makes every child a section, named environments or not
	// (netlify branch contexts, samconfig environments); otherwise only
	// children named like an environment are.
	every bool
	// lenient accepts keys that merely start with an environment token
	// ("production_replica"); see keyEnv.
	lenient bool
}

// rootEnvKeys is the layout of files with one top-level key per
// environment (Rails row 3, Sequelize, knex, TypeORM).
var rootEnvKeys = []layout{{lenient: true}}

// layouts are the known environment-keyed files, by lower-case base name
// or by parent directory and base name (Sequelize's config/config.json).
var layouts = map[string][]layout{
	"database.yml": rootEnvKeys, "secrets.yml": rootEnvKeys, "storage.yml": rootEnvKeys, "cable.yml": rootEnvKeys,
	"mongoid.yml": rootEnvKeys, "sidekiq.yml": rootEnvKeys, "newrelic.yml": rootEnvKeys, "knexfile.json": rootEnvKeys,
	"ormconfig.json": rootEnvKeys, "ormconfig.yml": rootEnvKeys, "config/config.json": {{}},
	"netlify.toml":    {{prefix: []string{"context"}, every: true, lenient: true}},
	"wrangler.toml":   {{prefix: []string{"env"}, every: true, lenient: true}},
	"wrangler.json":   {{prefix: []string{"env"}, every: true, lenient: true}},
	"wrangler.jsonc":  {{prefix: []string{"env"}, every: true, lenient: true}},
	"serverless.yml":  {{prefix: []string{"params"}, every: true, lenient: true}, {prefix: []string{"custom", "*"}}},
	"serverless.yaml": {{prefix: []string{"params"}, every: true, lenient: true}, {prefix: []string{"custom", "*"}}},
	"serverless.json": {{prefix: []string{"params"}, every: true, lenient: true}, {prefix: []string{"custom", "*"}}},
	"cdk.json":        {{prefix: []string{"context"}}},
	".firebaserc":     {{prefix: []string{"projects"}, every: true, lenient: true}},
	"helmfile.yaml":   {{prefix: []string{"environments"}, every: true, lenient: true}},
	"helmfile.yml":    {{prefix: []string{"environments"}, every: true, lenient: true}},
	"samconfig.toml":  {{every: true, lenient: true}},
	"samconfig.yaml":  {{every: true, lenient: true}},
	"samconfig.yml":   {{every: true, lenient: true}},
	"profiles.yml":    {{prefix: []string{"*", "outputs"}, every: true, lenient: true}},
	"angular.json":    {{prefix: []string{"projects", "*", "architect", "*", "configurations"}, every: true, lenient: true}},
	"eas.json":        {{prefix: []string{"build"}, lenient: true}},
}

// notSections are children of an every-child layout that are settings,
// not environments: samconfig's version = 0.1.
var notSections = map[string]bool{"version": true}

// netlifyContexts are Netlify's named contexts that are no branch name.
var netlifyContexts = map[string]Decision{
	"deploy-preview": {Env: Development, Reason: "netlify context \"deploy-preview\" builds pull request previews"},
	"branch-deploy":  {Env: Development, Reason: "netlify context \"branch-deploy\" builds branches other than production"},
}

// noGenericMaps are files whose maps are keyed by command, not by
// environment, though "dev", "test" and "preview" are common keys there.
var noGenericMaps = map[string]bool{"package.json": true, "composer.json": true, "deno.json": true, "eas.json": true}

// maxMapDepth bounds how deep a map keyed by environment is looked for.
const maxMapDepth = 8

// maxMapNodes bounds the candidate maps per file, so that a pathological
// file costs linear time.
const maxMapNodes = 256

// mapNode is a map inside a document that may be keyed by environment.
type mapNode struct {
	doc    int
	prefix []string // path of the map; shares the first entry's backing array
	layout layout
	// counts, for maps found by their keys: distinct children, children
	// that are environments, children that are shared names.
	children        map[string]bool
	envKeys, shared int
}

// envMaps makes sections of maps keyed by environment: the known layouts
// of this file name, then any map in a YAML, JSON, TOML or HCL file with
// at least two children that are environment names and mostly such
// children ({dev: …, prod: …} in a Terraform locals block, Grails
// environments:, Serverless custom.stages).
func (b *sectionBuilder) envMaps(parent, lowerBase string, kind source.Kind) {
	paths := b.logicalPaths(kind)
	var nodes []*mapNode
	for _, l := range slices.Concat(layouts[lowerBase], layouts[parent+"/"+lowerBase]) {
		nodes = b.layoutNodes(paths, l, nodes)
	}
	if kind == source.INI {
		// Ansible inventories: [production], [prod_web:vars] groups
		nodes = b.layoutNodes(paths, layout{lenient: true}, nodes)
	}
	if !noGenericMaps[lowerBase] {
		nodes = append(nodes, b.genericNodes(paths, kind)...)
	}
	slices.SortStableFunc(nodes, func(x, y *mapNode) int { return len(x.prefix) - len(y.prefix) })
	for _, n := range nodes {
		b.mapSections(paths, n, lowerBase)
	}
}

// logicalPaths are the entries' key paths; a .properties key "a.b.c" is
// split at its dots, which is how Spring and Quarkus read it.
func (b *sectionBuilder) logicalPaths(kind source.Kind) [][]string {
	paths := make([][]string, len(b.doc.Entries))
	for i := range b.doc.Entries {
		p := b.doc.Entries[i].Path
		if kind == source.Properties && len(p) == 1 {
			p = strings.Split(p[0], ".")
		}
		paths[i] = p
	}
	return paths
}

// layoutNodes adds the concrete maps that match a layout's prefix.
func (b *sectionBuilder) layoutNodes(paths [][]string, l layout, nodes []*mapNode) []*mapNode {
	for i, p := range paths {
		if len(p) <= len(l.prefix) || !matchPrefix(p, l.prefix) || b.fs.EntrySection[i] >= 0 {
			continue
		}
		if findNode(nodes, b.doc.Entries[i].Doc, p[:len(l.prefix)]) == nil && len(nodes) < maxMapNodes {
			nodes = append(nodes, &mapNode{doc: b.doc.Entries[i].Doc, prefix: p[:len(l.prefix)], layout: l})
		}
	}
	return nodes
}

func matchPrefix(p, prefix []string) bool {
	for k, want := range prefix {
		if want != "*" && p[k] != want {
			return false
		}
	}
	return true
}

func findNode(nodes []*mapNode, doc int, prefix []string) *mapNode {
	for _, n := range nodes {
		if n.doc == doc && slices.Equal(n.prefix, prefix) {
			return n
		}
	}
	return nil
}

// genericNodes finds maps with at least two children named exactly like
// an environment, and keeps those whose children are mostly environments
// or shared names, so that a settings map with test_timeout and dev_server
// keys, or {dev: …, build: …, lint: …, start: …}, is no section.
func (b *sectionBuilder) genericNodes(paths [][]string, kind source.Kind) []*mapNode {
	if kind == source.INI {
		return nil
	}
	var cands []*mapNode
	for i, p := range paths {
		if b.fs.EntrySection[i] >= 0 {
			continue
		}
		for d := 0; d < len(p) && d < maxMapDepth; d++ {
			if _, ok := b.c.vocab.keyEnv(p[d], true); !ok || d > 0 && excludedMap(p[d-1]) {
				continue
			}
			if findNode(cands, b.doc.Entries[i].Doc, p[:d]) == nil && len(cands) < maxMapNodes {
				cands = append(cands, &mapNode{doc: b.doc.Entries[i].Doc, prefix: p[:d], children: map[string]bool{}})
			}
		}
	}
	if len(cands) == 0 {
		return nil
	}
	b.countChildren(paths, cands)
	var out []*mapNode
	for _, n := range cands {
		if n.envKeys >= 2 && 2*(n.envKeys+n.shared) >= len(n.children) {
			out = append(out, n)
		}
	}
	return out
}

// excludedMap names maps keyed by task or command, never by environment.
func excludedMap(key string) bool { return key == "scripts" || key == "tasks" || key == "commands" }

// countChildren counts each candidate map's distinct children.
func (b *sectionBuilder) countChildren(paths [][]string, cands []*mapNode) {
	for i, p := range paths {
		for _, n := range cands {
			d := len(n.prefix)
			if len(p) <= d || b.doc.Entries[i].Doc != n.doc || !slices.Equal(p[:d], n.prefix) || n.children[p[d]] {
				continue
			}
			n.children[p[d]] = true
			if _, ok := b.c.vocab.keyEnv(p[d], true); ok {
				n.envKeys++
			} else if sharedSectionNames[strings.ToLower(p[d])] {
				n.shared++
			}
		}
	}
}

// mapSections assigns the entries below a map node to one section per
// child that names an environment (or, for every-child layouts, per child).
func (b *sectionBuilder) mapSections(paths [][]string, n *mapNode, lowerBase string) {
	d := len(n.prefix)
	decided := map[string]*Decision{} // child key → its decision, nil if no section
	for i, p := range paths {
		if len(p) <= d || b.doc.Entries[i].Doc != n.doc || !slices.Equal(p[:d], n.prefix) || b.fs.EntrySection[i] >= 0 {
			continue
		}
		key := p[d]
		dec, seen := decided[key]
		if !seen {
			dec = b.childDecision(p[:d+1], n, lowerBase)
			decided[key] = dec
		}
		if dec == nil {
			continue
		}
		line := b.doc.Entries[i].KeyPos.Line
		if len(p) == len(b.doc.Entries[i].Path) {
			line = b.keyLine(p[:d+1], line)
		}
		name := strings.Join(p[:d+1], ".")
		b.assign(i, fmt.Sprintf("map\x00%d\x00%s", n.doc, name), func() Section { return Section{Name: name, Line: line, Decision: *dec} })
	}
}

// childDecision classifies one child of a map node; nil means the child
// is no section and its entries stay in the file's scope.
func (b *sectionBuilder) childDecision(path []string, n *mapNode, lowerBase string) *Decision {
	key, name := path[len(path)-1], strings.Join(path, ".")
	if d, ok := netlifyContexts[key]; ok && lowerBase == "netlify.toml" {
		return &d
	}
	if d, ok := b.c.sectionDecision(name, key, n.layout.lenient); ok {
		return &d
	}
	if n.layout.every && key != "" && !(len(path) == 1 && notSections[key]) {
		return &Decision{Reason: fmt.Sprintf("section %q names no known environment", name)}
	}
	return nil
}
