package parse

import (
	"strings"

	"github.com/envfence/envfence/internal/secret"
)

// valueKeys are keys whose value is named by a sibling key.
var valueKeys = map[string]bool{"value": true, "Value": true, "default": true}

// nameKeys are sibling keys that name a value: Kubernetes and ECS use
// name, CloudFormation parameters ParameterKey.
var nameKeys = []string{"name", "Name", "key", "Key", "ParameterKey"}

// LabelNamedValues sets Entry.Label where a value is named by a sibling —
// `{name: DB_PASSWORD, value: hunter2}` — or by a Terraform variable
// block's label, so that rules judge the value by its real name.
func LabelNamedValues(doc *Doc) {
	names := map[string]string{} // parent path → the name sibling's value
	for i := range doc.Entries {
		e := &doc.Entries[i]
		if len(e.Path) < 2 {
			continue
		}
		for _, k := range nameKeys {
			if e.Key() == k {
				if v := e.Value.Reveal(); isIdentifier(v) { // a variable name, not a secret
					names[parentKey(e)] = v
				}
			}
		}
	}
	for i := range doc.Entries {
		e := &doc.Entries[i]
		if len(e.Path) < 2 || !valueKeys[e.Path[len(e.Path)-1]] {
			continue
		}
		if name, ok := names[parentKey(e)]; ok {
			e.Label = name
		} else if len(e.Path) == 3 && e.Path[0] == "variable" && e.Path[2] == "default" {
			e.Label = e.Path[1]
		}
	}
}

// LabelAssignedItems splits list items written "NAME=value" (Docker
// Compose environment: and args: lists, command lines): the item goes by
// NAME, and its value and range cover only what follows the "=", so that
// rules judge DATABASE_URL's value as DATABASE_URL, not as item 0.
func LabelAssignedItems(doc *Doc) {
	for i := range doc.Entries {
		e := &doc.Entries[i]
		if len(e.Path) == 0 || e.Label != "" || !isIndex(e.Path[len(e.Path)-1]) || e.Range.Start.Line != e.Range.End.Line {
			continue
		}
		v := e.Value.Reveal()
		eq := strings.IndexByte(v, '=')
		if eq <= 0 || !isEnvName(v[:eq]) {
			continue
		}
		start := e.Range.Start.Col + eq + 1
		if e.Quoted {
			start++ // the opening quote
		}
		if start > e.Range.End.Col {
			continue
		}
		e.Label = v[:eq]
		e.Value = secret.New(v[eq+1:])
		e.Range.Start.Col = start
	}
}

// isIndex reports whether a path element is a sequence index.
func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// isEnvName accepts environment variable names: a letter or underscore,
// then letters, digits and underscores.
func isEnvName(s string) bool {
	for i, r := range s {
		ok := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9'
		if !ok {
			return false
		}
	}
	return s != ""
}

func parentKey(e *Entry) string {
	return strings.Join(e.Path[:len(e.Path)-1], "\x00") + "\x00" + string(rune('0'+e.Doc%10))
}

// isIdentifier accepts names such as DB_PASSWORD or db.password.
func isIdentifier(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}
