package config

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/schemacheck"
)

// schemaObject is a mapping the schema describes with properties.
type schemaObject struct {
	keys   []string
	closed bool // additionalProperties: false
}

// schemaObjects walks the schema and returns every object with declared
// properties by path: "" for the top, "hook.bypass", "rules.*" for the
// values of a name-keyed mapping, "ignore[]" for list items.
func schemaObjects(t *testing.T, c *schemacheck.Checker) map[string]schemaObject {
	out := map[string]schemaObject{}
	var walk func(s map[string]any, path string, depth int)
	walk = func(s map[string]any, path string, depth int) {
		if depth > 20 {
			t.Fatalf("schema: $ref cycle at %s", path)
		}
		if ref, ok := s["$ref"].(string); ok {
			walk(c.Resolve(t, ref), path, depth+1)
		}
		if props, ok := s["properties"].(map[string]any); ok {
			obj := schemaObject{closed: s["additionalProperties"] == false}
			for k, sub := range props {
				obj.keys = append(obj.keys, k)
				walk(sub.(map[string]any), join(path, k), depth+1)
			}
			slices.Sort(obj.keys)
			out[path] = obj
		}
		if extra, ok := s["additionalProperties"].(map[string]any); ok {
			walk(extra, join(path, "*"), depth+1)
		}
		if items, ok := s["items"].(map[string]any); ok {
			walk(items, path+"[]", depth+1)
		}
	}
	walk(c.Root(), "", 0)
	return out
}

// TestSchemaMatchesDecoder keeps the JSON Schema and the decoder in step:
// the same mappings, each with the same keys, and every one closed to
// unknown keys as the decoder is.
func TestSchemaMatchesDecoder(t *testing.T) {
	decoder := map[string][]string{
		"":                keysOf(topFields),
		"environments.*":  keysOf(environmentFields),
		"rules.*":         keysOf(ruleFields),
		"ignore[]":        keysOf(ignoreFields),
		"hook":            keysOf(hookFields),
		"hook.bypass":     keysOf(bypassFields),
		"hook.repository": keysOf(repositoryFields),
	}
	schema := schemaObjects(t, schemacheck.New(t, Schema))
	for path, keys := range decoder {
		keys = slices.Sorted(slices.Values(keys))
		obj, ok := schema[path]
		switch {
		case !ok:
			t.Errorf("%q: the decoder reads a mapping the schema does not describe", path)
		case !slices.Equal(obj.keys, keys):
			t.Errorf("%q: schema keys %v, decoder keys %v", path, obj.keys, keys)
		case !obj.closed:
			t.Errorf("%q: the schema allows keys the decoder refuses (want additionalProperties: false)", path)
		}
	}
	for path := range schema {
		if _, ok := decoder[path]; !ok {
			t.Errorf("%q: the schema describes a mapping the decoder does not read", path)
		}
	}
}

// TestExamples parses every example: the valid ones pass both the decoder
// and the schema; the invalid ones fail the decoder with the error in
// their first line, and the schema too.
func TestExamples(t *testing.T) {
	c := schemacheck.New(t, Schema)
	valid, _ := filepath.Glob("testdata/valid/*.yml")
	invalid, _ := filepath.Glob("testdata/invalid/*.yml")
	if len(valid) < 3 || len(invalid) < 3 {
		t.Fatalf("examples missing: %v %v", valid, invalid)
	}
	for _, path := range valid {
		data := readFile(t, path)
		if _, err := Parse(path, data, knownRules); err != nil {
			t.Errorf("decoder: %v", err)
		}
		if problems := c.CheckYAML(t, data); len(problems) > 0 {
			t.Errorf("%s: schema: %v", path, problems)
		}
	}
	for _, path := range invalid {
		data := readFile(t, path)
		first, _, _ := bytes.Cut(data, []byte("\n"))
		want, ok := strings.CutPrefix(string(first), "# error: ")
		if !ok {
			t.Fatalf("%s: the first line must be # error: <line>: <message>", path)
		}
		if _, err := Parse(path, data, knownRules); err == nil || err.Error() != path+":"+want {
			t.Errorf("decoder: got %v, want %s:%s", err, path, want)
		}
		if problems := c.CheckYAML(t, data); len(problems) == 0 {
			t.Errorf("%s: the schema accepts it", path)
		}
	}
}

// TestSchemaChecker shows that the test validator can fail.
func TestSchemaChecker(t *testing.T) {
	c := schemacheck.New(t, Schema)
	bad := []string{
		"rules: [a]",
		"unknown: 1",
		"hook: {deadline: soon}",
		"hook: {on-timeout: maybe}",
		"ignore: [{reason: x}]",
		"ignore: [{rule: Not_A_Rule}]",
		"environments: {perf: {like: prod}}",
		"exclude: [1]",
		"rules: {shared-credential: {enabled: yes}}",
	}
	for _, src := range bad {
		if problems := c.CheckYAML(t, []byte(src)); len(problems) == 0 {
			t.Errorf("schema accepts %q", src)
		}
	}
	if problems := c.CheckYAML(t, []byte("rules: {shared-credential: {severity: note}}\nhook: {deadline: 1m30s}")); len(problems) > 0 {
		t.Errorf("schema rejects a valid file: %v", problems)
	}
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
