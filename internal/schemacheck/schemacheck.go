// Package schemacheck validates documents against the subset of JSON
// Schema draft 2020-12 that envfence's shipped schemas use (the
// configuration's and the evidence pack's). Tests use it; a keyword it does
// not implement fails the test, so a schema cannot come to rely on one
// that would be ignored here.
package schemacheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Checker validates documents against one schema.
type Checker struct {
	root map[string]any
}

// annotations are keywords that do not constrain values.
var annotations = []string{"$schema", "$id", "$defs", "title", "description", "default", "examples", "$comment"}

// New reads a schema.
func New(t testing.TB, schema []byte) *Checker {
	t.Helper()
	var root map[string]any
	if err := json.Unmarshal(schema, &root); err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	return &Checker{root: root}
}

// Root is the schema's top object.
func (c *Checker) Root() map[string]any { return c.root }

// CheckJSON returns what the schema finds wrong with a JSON document.
func (c *Checker) CheckJSON(t testing.TB, data []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // to tell integers from other numbers
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return []string{"JSON: " + err.Error()}
	}
	return c.check(t, c.root, doc, "$")
}

// CheckYAML decodes a YAML document as a JSON Schema validator sees it
// and returns what the schema finds wrong with it.
func (c *Checker) CheckYAML(t testing.TB, data []byte) []string {
	t.Helper()
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return []string{"YAML: " + err.Error()}
	}
	return c.check(t, c.root, jsonValue(doc), "$")
}

// jsonValue turns the YAML decoder's generic values into JSON's.
func jsonValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = jsonValue(x)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = jsonValue(x)
		}
		return out
	case time.Time:
		// YAML 1.2, which editors use, has no timestamps: a date is a string.
		return v.Format(time.DateOnly)
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = jsonValue(x)
		}
		return out
	}
	return v
}

// Resolve returns the definition a "#/$defs/NAME" reference names.
func (c *Checker) Resolve(t testing.TB, ref string) map[string]any {
	t.Helper()
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	defs, _ := c.root["$defs"].(map[string]any)
	def, found := defs[name].(map[string]any)
	if !ok || !found {
		t.Fatalf("schema: unresolvable $ref %q", ref)
	}
	return def
}

// check returns the problems of value against schema; at is where the
// value is, for messages.
func (c *Checker) check(t testing.TB, schema map[string]any, value any, at string) []string {
	t.Helper()
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, at+": "+fmt.Sprintf(format, args...)) }
	obj, isObj := value.(map[string]any)
	for kw, arg := range schema {
		switch kw {
		case "$ref":
			problems = append(problems, c.check(t, c.Resolve(t, arg.(string)), value, at)...)
		case "type":
			if !typeMatches(arg, value) {
				add("type %s, want %v", jsonType(value), arg)
			}
		case "enum":
			if !slices.ContainsFunc(arg.([]any), func(e any) bool { return reflect.DeepEqual(e, value) }) {
				add("not one of %v", arg)
			}
		case "pattern":
			if s, ok := value.(string); ok && !regexp.MustCompile(arg.(string)).MatchString(s) {
				add("does not match %s", arg)
			}
		case "minLength":
			if s, ok := value.(string); ok && utf8.RuneCountInString(s) < int(arg.(float64)) {
				add("shorter than %v", arg)
			}
		case "items":
			if list, ok := value.([]any); ok {
				for i, item := range list {
					problems = append(problems, c.check(t, arg.(map[string]any), item, fmt.Sprintf("%s[%d]", at, i))...)
				}
			}
		case "required":
			for _, k := range arg.([]any) {
				if _, ok := obj[k.(string)]; isObj && !ok {
					add("missing %s", k)
				}
			}
		case "anyOf":
			if !slices.ContainsFunc(arg.([]any), func(s any) bool { return len(c.check(t, s.(map[string]any), value, at)) == 0 }) {
				add("matches none of anyOf")
			}
		case "properties", "additionalProperties", "propertyNames":
			if isObj {
				problems = append(problems, c.checkObject(t, schema, kw, obj, at)...)
			}
		default:
			if !slices.Contains(annotations, kw) {
				t.Fatalf("schema uses %q, which the test validator does not implement", kw)
			}
		}
	}
	return problems
}

// checkObject applies one of the object keywords.
func (c *Checker) checkObject(t testing.TB, schema map[string]any, kw string, obj map[string]any, at string) []string {
	t.Helper()
	props, _ := schema["properties"].(map[string]any)
	var problems []string
	for k, v := range obj {
		sub, declared := props[k].(map[string]any)
		switch kw {
		case "properties":
			if declared {
				problems = append(problems, c.check(t, sub, v, at+"."+k)...)
			}
		case "additionalProperties":
			if declared {
				continue
			}
			switch extra := schema[kw].(type) {
			case bool:
				if !extra {
					problems = append(problems, at+": unknown property "+k)
				}
			case map[string]any:
				problems = append(problems, c.check(t, extra, v, at+"."+k)...)
			}
		case "propertyNames":
			problems = append(problems, c.check(t, schema[kw].(map[string]any), k, at+" key "+k)...)
		}
	}
	return problems
}

func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case int, int64, uint64:
		return "integer"
	case float64:
		return "number"
	case json.Number:
		if _, err := v.Int64(); err == nil {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func typeMatches(want, v any) bool {
	got := jsonType(v)
	ok := func(w any) bool { return w == got || w == "number" && got == "integer" }
	if list, isList := want.([]any); isList {
		return slices.ContainsFunc(list, ok)
	}
	return ok(want)
}
