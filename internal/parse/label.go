package parse

import "strings"

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
