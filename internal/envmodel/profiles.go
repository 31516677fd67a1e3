package envmodel

import (
	"fmt"
	"strings"

	"github.com/envfence/envfence/internal/parse"
	"github.com/envfence/envfence/internal/secret"
	"github.com/envfence/envfence/internal/source"
)

// profiles makes sections of Spring Boot profile documents (a "---" or
// "#---" document with spring.config.activate.on-profile or the older
// spring.profiles), Quarkus %profile key prefixes ("%prod.db.url" in
// .properties, "%prod": in YAML) and Symfony when@env: blocks. A profile
// that names no environment (mysql, docker, cloud) is still a section, of
// no environment: its values apply only when that profile is active.
func (b *sectionBuilder) profiles() {
	docs := b.springDocuments()
	for i := range b.doc.Entries {
		e := &b.doc.Entries[i]
		if sec, ok := docs[e.Doc]; ok {
			b.assign(i, fmt.Sprintf("doc\x00%d", e.Doc), func() Section { return sec })
			continue
		}
		if len(e.Path) == 0 {
			continue
		}
		head := e.Path[0]
		var prefix string
		switch {
		case strings.HasPrefix(head, "%"):
			prefix, _, _ = strings.Cut(head, ".")
		case strings.HasPrefix(head, "when@"):
			prefix = head
		default:
			continue
		}
		b.assign(i, "profile\x00"+prefix, func() Section {
			return Section{Name: prefix, Line: b.keyLine(e.Path[:1], e.KeyPos.Line), Decision: b.c.profileDecision(prefix)}
		})
	}
}

// profileDecision classifies a Quarkus or Symfony profile prefix.
func (c *Classifier) profileDecision(prefix string) Decision {
	if m, ok := c.vocab.keyEnv(strings.TrimPrefix(prefix, "%"), false); ok {
		return Decision{Env: m.env, Reason: fmt.Sprintf("profile %q has %s", prefix, m.describe())}
	}
	return Decision{Reason: fmt.Sprintf("profile %q names no known environment", prefix)}
}

// springDocuments finds the documents gated by a Spring profile and the
// section each one becomes.
func (b *sectionBuilder) springDocuments() map[int]Section {
	var docs map[int]Section
	for i := range b.doc.Entries {
		e := &b.doc.Entries[i]
		if !isSpringProfileKey(e.Path) {
			continue
		}
		if _, seen := docs[e.Doc]; seen {
			continue
		}
		if docs == nil {
			docs = map[int]Section{}
		}
		docs[e.Doc] = Section{
			Name:     "profile " + profileName(e.Value),
			Line:     docLine(b.doc, e),
			Decision: b.c.springProfileDecision(e.Value),
		}
	}
	return docs
}

// profileName is a Spring profile expression as written, when it is
// name-shaped.
func profileName(v secret.Value) string {
	if s, ok := nameShaped(v); ok {
		return s
	}
	return "(expression)"
}

// isSpringProfileKey matches spring.config.activate.on-profile and
// spring.profiles, nested (YAML) or dotted (.properties), and their list
// items.
func isSpringProfileKey(path []string) bool {
	if n := len(path); n > 1 && isNumber(path[n-1]) {
		path = path[:n-1]
	}
	return pathIs(path, "spring.config.activate.on-profile") || pathIs(path, "spring.profiles")
}

// pathIs reports whether path, joined with dots, is dotted; without
// joining, as it runs on every entry.
func pathIs(path []string, dotted string) bool {
	rest := dotted
	for i, elem := range path {
		if i > 0 {
			if !strings.HasPrefix(rest, ".") {
				return false
			}
			rest = rest[1:]
		}
		if !strings.HasPrefix(rest, elem) {
			return false
		}
		rest = rest[len(elem):]
	}
	return rest == "" && len(path) > 0
}

// springProfileDecision classifies a profile expression: "prod",
// "prod & !cloud", "staging | uat". Negated profiles ("!dev") say where
// the document does not apply, so they never classify it.
func (c *Classifier) springProfileDecision(v secret.Value) Decision {
	expr := v.Reveal() // a profile expression: configuration, not a credential
	for _, term := range strings.FieldsFunc(expr, func(r rune) bool { return strings.ContainsRune(",|&() \t", r) }) {
		if strings.HasPrefix(term, "!") {
			continue
		}
		if m, ok := c.vocab.keyEnv(term, false); ok {
			return Decision{Env: m.env, Reason: fmt.Sprintf("Spring profile %s has %s", nameOrKey(v, "expression"), m.describe())}
		}
	}
	return Decision{Reason: fmt.Sprintf("Spring profile %s names no known environment", nameOrKey(v, "expression"))}
}

// docLine is the first line of the entry's document, or the profile key's
// line in a single-document file.
func docLine(doc *parse.Doc, e *parse.Entry) int {
	if e.Doc > 0 && e.Doc < len(doc.DocStarts) {
		return doc.DocStarts[e.Doc]
	}
	return e.KeyPos.Line
}

// nameOrKey quotes a value that looks like an environment or profile name
// (see nameShaped); anything else is replaced by what, so that a reason
// never repeats arbitrary file content.
func nameOrKey(v secret.Value, what string) string {
	if s, ok := nameShaped(v); ok {
		return fmt.Sprintf("%q", s)
	}
	return what
}

// nameShaped returns a value that is shaped like a name or a profile
// expression: letters, digits and the punctuation of names and
// expressions, at most 64 characters.
func nameShaped(v secret.Value) (string, bool) {
	s := v.Reveal() // returned only if it is name-shaped, checked below
	if s == "" || len(s) > 64 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !isAlnumASCII(b) && !strings.ContainsRune(" _-./&|!,()$@{}:%", rune(b)) {
			return "", false
		}
	}
	return s, true
}

// contentKeys are Terragrunt locals that name the environment of the whole
// file and the tree below it (env.hcl, account.hcl).
var contentKeys = map[string]bool{"environment": true, "env": true, "env_name": true, "environment_name": true, "stage": true, "account_name": true}

// fileFromContent classifies a whole file by a setting inside it:
// Terragrunt's env.hcl or account.hcl with locals { environment = "prod" }.
// Only literal names count; an expression names no environment.
func (c *Classifier) fileFromContent(p string, kind source.Kind, doc *parse.Doc) (Decision, bool) {
	if kind != source.HCL || !strings.HasSuffix(strings.ToLower(p), ".hcl") {
		return Decision{}, false
	}
	for i := range doc.Entries {
		e := &doc.Entries[i]
		if len(e.Path) != 2 || e.Path[0] != "locals" || !contentKeys[e.Path[1]] {
			continue
		}
		v := e.Value.Reveal() // an environment name, checked to be name-shaped before it is shown
		if v == "" || strings.ContainsAny(v, "${}()") {
			continue
		}
		if m, ok := c.vocab.keyEnv(v, false); ok {
			return Decision{Env: m.env, Reason: fmt.Sprintf("locals.%s = %s has %s", e.Path[1], nameOrKey(e.Value, "a name"), m.describe())}, true
		}
	}
	return Decision{}, false
}
