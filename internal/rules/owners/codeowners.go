// Package owners holds the rule that production configuration has owners
// who must review its changes (CODEOWNERS).
package owners

import (
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// ownerRule is one CODEOWNERS line.
type ownerRule struct {
	globs  []string
	owners []string
	line   int
}

// codeOwners is a parsed CODEOWNERS file. GitHub's semantics: patterns
// follow gitignore rules, and the last matching line wins; a line with no
// owners makes the paths it matches unowned.
type codeOwners struct {
	rules []ownerRule
}

func parseCodeOwners(lines []string) *codeOwners {
	co := &codeOwners{}
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if hash := strings.Index(l, " #"); hash >= 0 {
			l = strings.TrimSpace(l[:hash])
		}
		fields := strings.Fields(l)
		co.rules = append(co.rules, ownerRule{globs: globsFor(fields[0]), owners: fields[1:], line: i + 1})
	}
	return co
}

// globsFor turns a gitignore-style pattern into doublestar globs: a leading
// or inner slash anchors it at the root, otherwise it matches at any
// depth; a match also covers everything below a matched directory.
func globsFor(pattern string) []string {
	p := strings.TrimSuffix(pattern, "/")
	anchored := strings.HasPrefix(p, "/") || strings.Contains(p, "/")
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return []string{"**"}
	}
	if !anchored && !strings.HasPrefix(p, "**") {
		p = "**/" + p
	}
	return []string{p, p + "/**"}
}

// ownerOf returns the rule that decides a path's owners: the last line
// that matches it. A match with no owners leaves the path unowned.
func (co *codeOwners) ownerOf(path string) (ownerRule, bool) {
	var last ownerRule
	matched := false
	for _, r := range co.rules {
		for _, g := range r.globs {
			if ok, _ := doublestar.Match(g, path); ok {
				last, matched = r, true
				break
			}
		}
	}
	return last, matched && len(last.owners) > 0
}
