package parse

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/source"
)

// entryString renders an entry as path=value@line:col-line:col.
func entryString(e Entry) string {
	return fmt.Sprintf("%s=%s@%d:%d-%d:%d", strings.Join(e.Path, "."), e.Value.Reveal(), e.Range.Start.Line, e.Range.Start.Col, e.Range.End.Line, e.Range.End.Col)
}

func entries(t *testing.T, kind source.Kind, src string) []string {
	t.Helper()
	doc, err := Parse(kind, []byte(src))
	if err != nil {
		t.Fatalf("%v: %v", kind, err)
	}
	var out []string
	for _, e := range doc.Entries {
		out = append(out, entryString(e))
	}
	return out
}

func check(t *testing.T, kind source.Kind, src string, want ...string) {
	t.Helper()
	got := entries(t, kind, src)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%v %q:\ngot  %q\nwant %q", kind, src, got, want)
	}
}

func TestDotenv(t *testing.T) {
	check(t, source.Dotenv, "\uFEFFA=1\r\nexport B = two # comment\nC='lit # not comment'\nD=\"x\\ny\"\nE=a#b\n# c\nnot an assignment\nF=\nG=\"multi\nline\"\nH=`tick`\n",
		"A=1@1:3-1:4",
		"B=two@2:12-2:15",
		"C=lit # not comment@3:3-3:22",
		"D=x\ny@4:3-4:9",
		"E=a#b@5:3-5:6",
		"F=@8:3-8:3",
		"G=multi\nline@9:3-10:6",
		"H=tick@11:3-11:9",
	)
	if _, err := Dotenv([]byte("A='open\nB=1\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("unterminated quote: %v", err)
	}
}

func TestYAML(t *testing.T) {
	src := `default: &default
  adapter: postgresql
  password: base-pw
production:
  <<: *default
  password: "prod # pw"
  hosts: [a.internal, "b.internal"]
  script: |
    echo one
    echo two
  héllo: wörld # c
---
second: doc
`
	check(t, source.YAML, src,
		"default.adapter=postgresql@2:12-2:22",
		"default.password=base-pw@3:13-3:20",
		"production.password=prod # pw@6:13-6:24",
		"production.hosts.0=a.internal@7:11-7:21",
		"production.hosts.1=b.internal@7:23-7:35",
		"production.script=echo one\necho two\n@8:11-10:13",
		"production.héllo=wörld@11:10-11:15",
		"production.adapter=postgresql@2:12-2:22",
		"second=doc@13:9-13:12",
	)
	doc, _ := YAML([]byte(src))
	if len(doc.DocStarts) != 2 || doc.Entries[len(doc.Entries)-1].Doc != 1 {
		t.Errorf("documents: %v", doc.DocStarts)
	}
}

func TestYAMLBillionLaughs(t *testing.T) {
	var b strings.Builder
	b.WriteString("a: &a [x, x, x, x, x, x, x, x, x, x]\n")
	prev := "a"
	for i := 0; i < 9; i++ {
		name := fmt.Sprintf("l%d", i)
		fmt.Fprintf(&b, "%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", name, name, prev, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = name
	}
	doc, err := YAML([]byte(b.String()))
	if err == nil || len(doc.Entries) > maxYAMLVisits {
		t.Fatalf("expansion not cut: %d entries, err %v", len(doc.Entries), err)
	}
}

func TestJSON(t *testing.T) {
	check(t, source.JSON, "{\n  // c\n  \"a\": {\"b\": \"x\\u00e9\", \"n\": 12, \"t\": true, \"z\": null},\n  \"arr\": [1, \"two\",],\n}\n",
		"a.b=xé@3:14-3:23",
		"a.n=12@3:30-3:32",
		"a.t=true@3:39-3:43",
		"a.z=@3:50-3:54",
		"arr.0=1@4:11-4:12",
		"arr.1=two@4:14-4:19",
	)
	for _, bad := range []string{"{\"a\": }", "[1 2]", "{\"a\": \"open", strings.Repeat("[", 20000)} {
		if _, err := JSON([]byte(bad)); err == nil {
			t.Errorf("JSON(%.20q): no error", bad)
		}
	}
}

func TestProperties(t *testing.T) {
	check(t, source.Properties, "# c\na.b=1\n%prod.pw : sec\\\n   ret\nkey value here\n#---\nx=\\u0041\n",
		"a.b=1@2:5-2:6",
		"%prod.pw=secret@3:12-4:7",
		"key=value here@5:5-5:15",
		"x=A@7:3-7:9",
	)
}

func TestINI(t *testing.T) {
	check(t, source.INI, "top=1\n[production]\nweb1 ansible_host=10.0.0.5 ansible_password='pw x'\n[db]\npassword = s3cr3t ; comment\n",
		"top=1@1:5-1:6",
		"production.web1.ansible_host=10.0.0.5@3:19-3:27",
		"production.web1.ansible_password=pw x@3:45-3:51",
		"db.password=s3cr3t@5:12-5:18",
	)
}

func TestTOML(t *testing.T) {
	check(t, source.TOML, "[context.production.environment]\nAPI_URL = \"https://api\"\n[[plugins]]\nname = 'x'\n[[plugins]]\nname = \"y\"\nport = 8080\ninline = {a = \"b\"}\n",
		"context.production.environment.API_URL=https://api@2:11-2:24",
		"plugins.0.name=x@4:8-4:11",
		"plugins.1.name=y@6:8-6:11",
		"plugins.1.port=8080@7:8-7:12",
		"plugins.1.inline.a=b@8:15-8:18",
	)
	if _, err := TOML([]byte("a = \n")); err == nil {
		t.Error("bad TOML: no error")
	}
}

func TestHCLVariableDeclarations(t *testing.T) {
	// A variable's type constraint and description declare; only its
	// default is a value. Outputs' descriptions likewise.
	check(t, source.HCL, "variable \"db\" {\n  type = object({ password = string })\n  description = \"the password\"\n  default = { password = \"pw-9\" }\n}\noutput \"x\" {\n  description = \"y\"\n  value = aws_iam_access_key.k.secret\n}\n",
		"variable.db.default.password=pw-9@4:26-4:32",
		"output.x.value=${aws_iam_access_key.k.secret}@8:11-8:38",
	)
}

func TestHCLCallArguments(t *testing.T) {
	// The literals in a call's arguments are entries of their own; the
	// references beside them stay references.
	check(t, source.HCL, "values = [yamlencode({ admin = \"pw-1\", user = var.u })]\n",
		"values.0.admin=pw-1@1:32-1:38",
		"values.0.user=${var.u}@1:47-1:52",
	)
}

func TestHCL(t *testing.T) {
	check(t, source.HCL, "db_password = \"lit\"\nref = var.x\ntpl = \"${var.y}-z\"\nlocals {\n  environment = \"prod\"\n  m = { k = \"v\" }\n}\n",
		"db_password=lit@1:15-1:20",
		"ref=${var.x}@2:7-2:12",
		`tpl="${var.y}-z"@3:7-3:19`,
		"locals.environment=prod@5:17-5:23",
		"locals.m.k=v@6:13-6:16",
	)
}

func TestErrorsNeverQuoteContent(t *testing.T) {
	secret := "Zq8-secret-value-77"
	inputs := map[source.Kind]string{
		source.YAML:   "a: b\n  c: " + secret + "\n d: [",
		source.JSON:   "{\"a\": \"" + secret + "\" \"b\"}",
		source.TOML:   "a = " + secret + "\n",
		source.HCL:    "a = " + secret + " b c {\n",
		source.Dotenv: "A='" + secret + "\n",
	}
	for kind, in := range inputs {
		_, err := Parse(kind, []byte(in))
		if err == nil {
			t.Errorf("%v: no error", kind)
			continue
		}
		if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "Zq8") {
			t.Errorf("%v error quotes the input: %v", kind, err)
		}
	}
}

func TestYAMLRecursiveAnchors(t *testing.T) {
	src := "jobs:\n  test: &r2\n    steps:\n      - &r1\n        env: *r1\n        run: *r2\n      - *r1\n      - *r2\n"
	doc, _ := YAML([]byte(src))
	if len(doc.Entries) > 100 {
		t.Fatalf("a cycle of anchors expanded to %d entries", len(doc.Entries))
	}
}

func TestLabelAssignedItems(t *testing.T) {
	src := "environment:\n  - DB_PASSWORD=compose-1\n  - \"API_TOKEN=quoted-2\"\n  - --flag=x\n  - =nothing\n  - PLAIN\n  - 9LIVES=cat\nmap:\n  KEY=val: not an item\n"
	doc, err := Parse(source.YAML, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	type item struct {
		key, value string
		col        int
	}
	var got []item
	for _, e := range doc.Entries {
		got = append(got, item{e.Key(), e.Value.Reveal(), e.Range.Start.Col})
	}
	want := []item{
		{"DB_PASSWORD", "compose-1", 17},
		{"API_TOKEN", "quoted-2", 16},
		{"2", "--flag=x", 5},
		{"3", "=nothing", 5},
		{"4", "PLAIN", 5},
		{"5", "9LIVES=cat", 5},
		{"KEY=val", "not an item", 12},
	}
	if !slices.Equal(got, want) {
		t.Errorf("entries:\n got %v\nwant %v", got, want)
	}
	// The column points at the value: the line's text from there is the value.
	line := strings.Split(src, "\n")[1]
	if line[17-1:] != "compose-1" {
		t.Errorf("column 17 of %q is not the value", line)
	}
}

func TestLabelNamedValues(t *testing.T) {
	doc, err := Parse(source.YAML, []byte("env:\n  - name: DB_PASSWORD\n    value: k8s-literal-1\n  - name: LOG\n    value: info\n"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range doc.Entries {
		got = append(got, e.Key())
	}
	if strings.Join(got, ",") != "name,DB_PASSWORD,name,LOG" {
		t.Errorf("keys %v", got)
	}
	doc, _ = Parse(source.HCL, []byte("variable \"db_password\" {\n  default = \"tf-literal-2\"\n}\n"))
	if doc.Entries[0].Key() != "db_password" {
		t.Errorf("terraform variable default: key %q", doc.Entries[0].Key())
	}
	doc, _ = Parse(source.JSON, []byte(`{"containerDefinitions": [{"environment": [{"name": "API_TOKEN", "value": "ecs-literal-3"}]}]}`))
	if doc.Entries[1].Key() != "API_TOKEN" {
		t.Errorf("ECS environment: key %q", doc.Entries[1].Key())
	}
}

// TestYAMLBadEncodingHasALine: the library gives no line for invalid
// UTF-8; the error names the first bad byte's place.
func TestYAMLBadEncodingHasALine(t *testing.T) {
	_, err := YAML([]byte("a: 1\nb: \xff\xfe x\n"))
	var pe *Error
	if !errors.As(err, &pe) || pe.Pos.Line != 2 || pe.Pos.Col != 4 {
		t.Fatalf("err = %v", err)
	}
}

// TestMaxEntries: a file with more values than any configuration holds is
// read up to the bound, and its parse says so with a Limit error.
func TestMaxEntries(t *testing.T) {
	content := "[" + strings.Repeat(`"x",`, MaxEntries) + `"y"]`
	doc, err := Parse(source.JSON, []byte(content))
	var pe *Error
	if !errors.As(err, &pe) || !pe.Limit || len(doc.Entries) != MaxEntries {
		t.Fatalf("%d entries, err = %v", len(doc.Entries), err)
	}
	doc, err = Parse(source.Dotenv, []byte(strings.Repeat("A=1\n", 1000)))
	if err != nil || len(doc.Entries) != 1000 {
		t.Fatalf("a small file: %d entries, %v", len(doc.Entries), err)
	}
}

// TestNestingBound: in every bracketed format, nesting past MaxNesting is
// refused before the parser recurses into it, with a Limit error that says
// where; brackets inside strings do not count, and real nesting passes.
func TestNestingBound(t *testing.T) {
	deep := strings.Repeat("[", MaxNesting+1) + strings.Repeat("]", MaxNesting+1)
	for kind, content := range map[source.Kind]string{
		source.HCL:    "a = " + deep + "\n",
		source.TOML:   "a = " + deep + "\n",
		source.JSON:   deep,
		source.Python: "A = " + deep + "\n",
		source.Script: "module.exports = { a: " + deep + " };\n",
	} {
		_, err := Parse(kind, []byte(content))
		var pe *Error
		if !errors.As(err, &pe) || !pe.Limit || pe.Pos.Line != 1 {
			t.Errorf("%v: err = %v", kind, err)
		}
	}
	inStrings := `{"a": "` + strings.Repeat("[", 1000) + `", "b": [[1]]}`
	if doc, err := Parse(source.JSON, []byte(inStrings)); err != nil || len(doc.Entries) != 2 {
		t.Errorf("brackets in a string: %v", err)
	}
}
