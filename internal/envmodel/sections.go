package envmodel

import (
	"fmt"
	"path"
	"strings"

	"github.com/envfence/envfence/internal/parse"
	"github.com/envfence/envfence/internal/source"
)

// sectionedFiles hold one top-level key per environment even when only
// one of them is present.
var sectionedFiles = map[string]bool{
	"database.yml": true, "secrets.yml": true, "storage.yml": true, "cable.yml": true, "mongoid.yml": true,
	"sidekiq.yml": true, "newrelic.yml": true, "config.json": true, "samconfig.toml": true, "samconfig.yaml": true,
	"samconfig.yml": true, "knexfile.json": true, "ormconfig.json": true,
}

// wrappers are keys under which environment-named sections live, by file:
// netlify.toml [context.production], wrangler.toml [env.staging],
// serverless.yml params.prod, cdk.json context.prod, .firebaserc
// projects.prod, helmfile environments.prod.
var wrappers = map[string][]string{
	"netlify.toml": {"context"}, "wrangler.toml": {"env"}, "wrangler.json": {"env"}, "wrangler.jsonc": {"env"},
	"serverless.yml": {"params"}, "serverless.yaml": {"params"}, "serverless.json": {"params"}, "cdk.json": {"context"},
	".firebaserc": {"projects"}, "helmfile.yaml": {"environments"}, "helmfile.yml": {"environments"},
}

// sharedSectionNames are sections that every environment inherits.
var sharedSectionNames = map[string]bool{"default": true, "defaults": true, "common": true, "shared": true, "base": true, "global": true, "all": true}

// sectionCandidate is a group of entries that may form a section.
type sectionCandidate struct {
	name    string // as the user writes it
	key     string // the key to classify
	line    int
	entries []int
}

// sections finds the scopes inside a file and assigns entries to them.
func (c *Classifier) sections(p string, kind source.Kind, doc *parse.Doc, fs *FileScopes) {
	if kind == source.Dotenv || kind == source.Workflow {
		return
	}
	c.profileSections(doc, fs)
	base := strings.ToLower(path.Base(p))
	depth, prefix := 0, ""
	if w, ok := wrappers[base]; ok {
		depth, prefix = 1, w[0]
	}
	if base == "profiles.yml" {
		c.dbtSections(doc, fs)
		return
	}
	if base == "angular.json" {
		return // configurations.X are build configurations, kept file-level
	}
	if base == ".gitlab-ci.yml" || base == ".gitlab-ci.yaml" {
		c.gitlabJobs(doc, fs)
		sortSections(fs)
		return
	}
	cands := groupByKey(doc, depth, prefix, fs)
	envKeys := 0
	for _, cand := range cands {
		if _, ok := c.sectionEnv(cand.key); ok {
			envKeys++
		}
	}
	if envKeys >= 2 || envKeys >= 1 && (sectionedFiles[base] || depth > 0) || kind == source.INI && envKeys >= 1 {
		c.addSections(cands, fs, base)
	}
	sortSections(fs)
}

// groupByKey groups entries not yet in a section by their key at depth
// (under prefix when depth is 1).
func groupByKey(doc *parse.Doc, depth int, prefix string, fs *FileScopes) []*sectionCandidate {
	byKey := map[string]*sectionCandidate{}
	var order []*sectionCandidate
	for i, e := range doc.Entries {
		if fs.EntrySection[i] >= 0 || len(e.Path) < depth+2 || depth == 1 && e.Path[0] != prefix {
			continue
		}
		key := e.Path[depth]
		cand, ok := byKey[key]
		if !ok {
			name := key
			if prefix != "" {
				name = prefix + "." + key
			}
			cand = &sectionCandidate{name: name, key: key, line: e.KeyPos.Line}
			if l, ok := doc.KeyLines[parse.KeyLineKey(e.Path[:depth+1]...)]; ok {
				cand.line = l
			}
			byKey[key] = cand
			order = append(order, cand)
		}
		cand.entries = append(cand.entries, i)
	}
	return order
}

// sectionEnv classifies a section key: its first token must be an
// environment ("production", "prod-eu", "%prod", "when@prod", "staging_us").
func (c *Classifier) sectionEnv(key string) (tokenMatch, bool) {
	key = strings.TrimPrefix(strings.TrimPrefix(key, "%"), "when@")
	toks := splitTokens(key)
	if len(toks) == 0 {
		return tokenMatch{}, false
	}
	if len(toks) > 1 && compoundPrefixes[toks[0]] {
		return c.match(toks[:2])
	}
	return c.match(toks[:1])
}

func (c *Classifier) addSections(cands []*sectionCandidate, fs *FileScopes, base string) {
	for _, cand := range cands {
		var d Decision
		if m, ok := c.sectionEnv(cand.key); ok {
			d = Decision{Env: m.env, Reason: fmt.Sprintf("section %q has %s", cand.name, m.describe())}
		} else if sharedSectionNames[strings.ToLower(cand.key)] {
			d = Decision{Env: Shared, Reason: fmt.Sprintf("section %q is inherited by every environment", cand.name)}
		} else if base == "netlify.toml" && (cand.key == "deploy-preview" || cand.key == "branch-deploy") {
			d = Decision{Env: Development, Reason: fmt.Sprintf("netlify context %q deploys previews", cand.key)}
		} else {
			continue // not a section: an ordinary top-level key such as adapter or build
		}
		fs.Sections = append(fs.Sections, Section{Name: cand.name, Line: cand.line, Decision: d})
		for _, i := range cand.entries {
			fs.EntrySection[i] = len(fs.Sections) - 1
		}
	}
}

// profileSections makes a section of every Spring Boot profile document
// (spring.config.activate.on-profile or the older spring.profiles) and of
// every Quarkus %profile. key prefix.
func (c *Classifier) profileSections(doc *parse.Doc, fs *FileScopes) {
	profiles := map[int]parse.Entry{}
	for _, e := range doc.Entries {
		switch strings.Join(e.Path, ".") {
		case "spring.config.activate.on-profile", "spring.profiles":
			profiles[e.Doc] = e
		}
	}
	docSection := map[int]int{}
	for d, e := range profiles {
		name := e.Value.Reveal() // a profile name: configuration, not a credential
		m, ok := c.match(splitTokens(name))
		if !ok {
			continue
		}
		fs.Sections = append(fs.Sections, Section{
			Name:     "profile " + name,
			Line:     docLine(doc, d, e),
			Decision: Decision{Env: m.env, Reason: fmt.Sprintf("Spring profile %q has %s", name, m.describe())},
		})
		docSection[d] = len(fs.Sections) - 1
	}
	quarkus := map[string]int{}
	for i, e := range doc.Entries {
		if s, ok := docSection[e.Doc]; ok {
			fs.EntrySection[i] = s
			continue
		}
		if len(e.Path) == 0 || !strings.HasPrefix(e.Path[0], "%") {
			continue
		}
		profile, _, _ := strings.Cut(e.Path[0], ".")
		s, ok := quarkus[profile]
		if !ok {
			m, matched := c.match(splitTokens(profile))
			if !matched {
				continue
			}
			fs.Sections = append(fs.Sections, Section{Name: profile, Line: e.KeyPos.Line,
				Decision: Decision{Env: m.env, Reason: fmt.Sprintf("profile prefix %q has %s", profile, m.describe())}})
			s = len(fs.Sections) - 1
			quarkus[profile] = s
		}
		fs.EntrySection[i] = s
	}
}

// docLine is the first line of document d, or the profile key's line.
func docLine(doc *parse.Doc, d int, e parse.Entry) int {
	if d < len(doc.DocStarts) && d > 0 {
		return doc.DocStarts[d]
	}
	return e.KeyPos.Line
}

// dbtSections handles dbt profiles.yml: <profile>.outputs.<target>.
func (c *Classifier) dbtSections(doc *parse.Doc, fs *FileScopes) {
	idx := map[string]int{}
	for i, e := range doc.Entries {
		if len(e.Path) < 3 || e.Path[1] != "outputs" {
			continue
		}
		name := e.Path[0] + ".outputs." + e.Path[2]
		s, ok := idx[name]
		if !ok {
			m, matched := c.match(splitTokens(e.Path[2]))
			if !matched {
				continue
			}
			fs.Sections = append(fs.Sections, Section{Name: name, Line: e.KeyPos.Line,
				Decision: Decision{Env: m.env, Reason: fmt.Sprintf("dbt target %q has %s", e.Path[2], m.describe())}})
			s = len(fs.Sections) - 1
			idx[name] = s
		}
		fs.EntrySection[i] = s
	}
}

// fileFromContent classifies a whole file by a setting inside it:
// Terragrunt env.hcl's locals { environment = "prod" }.
func (c *Classifier) fileFromContent(kind source.Kind, doc *parse.Doc) (Decision, bool) {
	if kind != source.HCL {
		return Decision{}, false
	}
	for _, e := range doc.Entries {
		if len(e.Path) == 2 && e.Path[0] == "locals" && (e.Path[1] == "environment" || e.Path[1] == "env") {
			v := e.Value.Reveal() // an environment name, not a credential
			if m, ok := c.match(splitTokens(v)); ok {
				return Decision{Env: m.env, Reason: fmt.Sprintf("locals.%s = %q has %s", e.Path[1], v, m.describe())}, true
			}
		}
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
	for i := 1; i < n; i++ {
		for j := i; j > 0 && fs.Sections[order[j]].Line < fs.Sections[order[j-1]].Line; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
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

// gitlabJobs makes a section of every GitLab CI job whose environment:
// (or environment.name, or environment.deployment_tier) names an
// environment: the job's variables then belong to it.
func (c *Classifier) gitlabJobs(doc *parse.Doc, fs *FileScopes) {
	jobEnv := map[string]Section{}
	for _, e := range doc.Entries {
		if len(e.Path) < 2 || e.Path[1] != "environment" {
			continue
		}
		if len(e.Path) == 3 && e.Path[2] != "name" && e.Path[2] != "deployment_tier" {
			continue
		}
		name := e.Value.Reveal() // an environment name, not a credential
		m, ok := c.match(splitTokens(name))
		if !ok {
			continue
		}
		tier := len(e.Path) == 3 && e.Path[2] == "deployment_tier"
		if _, seen := jobEnv[e.Path[0]]; seen && !tier {
			continue // deployment_tier, when given, is more precise than the name
		}
		line := e.KeyPos.Line
		if l, ok := doc.KeyLines[parse.KeyLineKey(e.Path[0])]; ok {
			line = l
		}
		jobEnv[e.Path[0]] = Section{Name: e.Path[0], Line: line,
			Decision: Decision{Env: m.env, Reason: fmt.Sprintf("GitLab job environment %q has %s", name, m.describe())}}
	}
	index := map[string]int{}
	for i, e := range doc.Entries {
		if len(e.Path) == 0 {
			continue
		}
		sec, ok := jobEnv[e.Path[0]]
		if !ok {
			continue
		}
		j, seen := index[e.Path[0]]
		if !seen {
			fs.Sections = append(fs.Sections, sec)
			j = len(fs.Sections) - 1
			index[e.Path[0]] = j
		}
		fs.EntrySection[i] = j
	}
}
