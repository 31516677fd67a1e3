package parse

import (
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/source"
)

// TestScript reads the exported object literals of configuration modules
// and skips what is not a literal.
func TestScript(t *testing.T) {
	src := `import { Env } from './env';
// a comment with 'quotes' and a { brace
export const environment: Env = {
  production: false,
  apiUrl: 'https://api.acme.io/v1', // trailing comment
  "quoted-key": "x",
  nested: { token: ` + "`plain template`" + `, list: [1, 'two', process.env.THREE] },
  fromEnv: process.env.API_KEY,
  computed: ` + "`${base}/api`" + `,
  joined: 'a' + suffix,
  call: getValue('x'),
  'single': 'it\'s',
  ...base,
  shorthand,
  method() { return { inner: 'x' } },
  [computed]: 'skipped',
  mapped: [...hosts, 'b'].filter(Boolean),
  after: 'kept',
};
function helper() { const inner = { secret: 'not exported' }; return inner; }
module.exports = {
  db: { host: 'db.acme.internal' },
};
export default {
  mode: 'spa',
}
`
	doc, err := Parse(source.Script, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, doc, map[string]string{
		"production": "false", "apiUrl": "https://api.acme.io/v1", "quoted-key": "x",
		"nested.token": "plain template", "nested.list.0": "1", "nested.list.1": "two",
		"single": "it's", "db.host": "db.acme.internal", "mode": "spa", "after": "kept",
		// What is not a literal is a reference to its source.
		"nested.list.2": "${process.env.THREE}", "fromEnv": "${process.env.API_KEY}", "call": "${getValue('x')}",
		"computed": "${`${base}/api`}", "joined": "${'a' + suffix}",
	})
	if _, err := Parse(source.Script, []byte("export const environment = {\n  apiUrl: 'never closed\n};\n")); err == nil || strings.Contains(err.Error(), "never") {
		t.Errorf("broken string: %v", err)
	}
}

// TestJSON5 reads unquoted keys and single-quoted strings in JSON files,
// as JSON5 and many hand-written configs have them.
func TestJSON5(t *testing.T) {
	doc, err := Parse(source.JSON, []byte("{\n  // JSON5\n  unquoted: 'single',\n  $dollar_1: [\"a\",],\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Entries) != 2 || doc.Entries[0].Key() != "unquoted" || doc.Entries[0].Value.Reveal() != "single" || doc.Entries[1].Path[0] != "$dollar_1" {
		t.Errorf("entries %+v", doc.Entries)
	}
	if _, err := Parse(source.JSON, []byte(`{"a": process.env.X}`)); err == nil {
		t.Error("an expression in a JSON file is not an error")
	}
}

// checkEntries compares a doc's entries, path → value, with want: a missing
// and an unexpected entry both fail.
func checkEntries(t *testing.T, doc *Doc, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for _, e := range doc.Entries {
		got[strings.Join(e.Path, ".")] = e.Value.Reveal()
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("%s = %q (%v), want %q", k, g, ok, v)
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected entry %s = %q", k, v)
		}
	}
}
