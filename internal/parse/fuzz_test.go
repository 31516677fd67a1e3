package parse

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/envfence/envfence/internal/source"
)

// fuzzParser checks the invariants every parser keeps on any input: no
// panic, positions inside the file, and errors that never quote it.
func fuzzParser(f *testing.F, kind source.Kind, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse(kind, data)
		if doc == nil {
			t.Fatal("nil doc")
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, e := range doc.Entries {
			r := e.Range
			if r.Start.Line < 1 || r.End.Line > lines || r.Start.Line > r.End.Line || r.Start.Col < 1 || r.End.Col < 1 ||
				r.Start.Line == r.End.Line && r.End.Col < r.Start.Col {
				t.Fatalf("entry %v: range %+v outside %d lines", e.Path, r, lines)
			}
		}
		if err != nil {
			msg := err.Error()
			for _, e := range doc.Entries {
				if v := e.Value.Reveal(); len(v) >= 8 && strings.Contains(msg, v) {
					t.Fatalf("error %q quotes a value", msg)
				}
			}
		}
	})
}

func FuzzDotenv(f *testing.F) {
	fuzzParser(f, source.Dotenv, "A=1\n", "export B='x'\nC=\"y\\n\nz\"", "D=`e", "\uFEFFX=1 # c\r\n")
}

func FuzzYAML(f *testing.F) {
	fuzzParser(f, source.YAML, "a: &x {b: 1}\nc:\n  <<: *x\n", "- |\n  text\n- 'q''q'\n", "a: [b, {c: d}]\n---\ne: !vault |\n  x\n", "{{{", "a: *missing")
}

func FuzzJSON(f *testing.F) {
	fuzzParser(f, source.JSON, `{"a": [1, "b", {"c": null}], // x
}`, `"\ud83d\ude00"`, "[", `{"a":1,}`)
}

func FuzzTOML(f *testing.F) {
	fuzzParser(f, source.TOML, "[a.b]\nc = \"d\"\n[[e]]\nf = 1\n", "x = {y = [1, 2]}\n", "s = '''\nmulti\n'''\n", "[")
}

func FuzzINI(f *testing.F) {
	fuzzParser(f, source.INI, "[s]\nk = v ; c\nhost a=1 b='2 3'\n", "=\n[", "k:")
}

func FuzzProperties(f *testing.F) {
	fuzzParser(f, source.Properties, "a=b\\\n c\n#---\nd : e\n", "\\", "k\\u00")
}

func FuzzHCL(f *testing.F) {
	fuzzParser(f, source.HCL, "a = \"b\"\nblock \"l\" { c = [1, {d = var.e}] }\n", "a = <<EOT\nx\nEOT\n", "{")
}

func FuzzPython(f *testing.F) {
	fuzzParser(f, source.Python,
		"A = 'x'\nB = {'c': [1, (2, \"d\")], 'e': None}\nC['k'] = r'\\d'\n",
		"D = os.environ.get('X', 'y')\nE = f'{x}'\nF = '''\nmulti\n'''\nif x:\n    G = 1\n",
		"H = ('a'\n     'b')\nI = 'a' + b\nJ = {**base, 'k': 1}\nK = [x for x in y]\n",
		"L = 'unterminated\n", "M = \"\"\"never closed", "N = [[[[[[", "O = \\\n  'continued'\n")
}

func FuzzScript(f *testing.F) {
	fuzzParser(f, source.Script,
		"export const environment = {\n  production: true,\n  apiUrl: 'https://api.acme.io',\n  key: process.env.KEY,\n};\n",
		"module.exports = { a: [1, {b: `t ${x}`}], 'c': \"d\" }\n", "export default {\n  x: 'unterminated\n",
		"const c: T = { a: f(1, {b: 2}), d: 'e' }\n", "export const e = {{{{", "export default { a: `multi\nline` }\n")
}

// BenchmarkJSONOneLine parses a minified 1 MB JSON file: positions on one
// long line must cost linear time, not quadratic.
func BenchmarkJSONOneLine(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("{")
	for i := 0; sb.Len() < 1<<20; i++ {
		if i > 0 {
			sb.WriteString(",")
		}
		sb.WriteString(`"k` + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + `":[1.5,"v",true]`)
	}
	sb.WriteString("}")
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := JSON(data); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzDecode: decoding never panics, text stays text (no NUL reaches a
// parser), and content that decodes is UTF-8 when its BOM says UTF-16/32.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"A=1\n", "\xff\xfea\x00=\x001\x00", "\x00\x00\xfe\xff\x00\x00\x00a", "# c\x00\nA=1\n", "\xef\xbb\xbfx: 1", "\x89PNG\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text, binary := Decode(data)
		if binary {
			return
		}
		if bytes.IndexByte(text, 0) >= 0 {
			t.Fatalf("a NUL reached the parsers: %q", text)
		}
		if _, ok := decodeBOM(data); ok && !utf8.Valid(text) {
			t.Fatalf("BOM-decoded text is not UTF-8: %q", text)
		}
	})
}

func FuzzRuby(f *testing.F) {
	fuzzParser(f, source.Ruby,
		"Rails.application.configure do\n  config.a = { b: \"c\", :d => [1, :e] }\n  config.f = ENV.fetch(\"X\", \"y\")\nend\n",
		"if Rails.env.production?\n  X = 'a'\nelse\n  X = \"#{b}\"\nend\n", "x = <<~EOS\n  body\nEOS\ny = %w[a b]\n",
		"=begin\nx = 1\n=end\n", "x = [[[[", "x = \"unterminated\n", "def a\n  b = 1\nend\n__END__\nc = 2\n")
}

func FuzzElixir(f *testing.F) {
	fuzzParser(f, source.Elixir,
		"import Config\nconfig :a, A.Repo,\n  url: \"x\",\n  pw: System.get_env(\"P\", \"d\")\n",
		"if config_env() == :prod do\n  config :a, b: %{\"c\" => {:d, 1}}\nend\n", "x = \"\"\"\nheredoc\n\"\"\"\n",
		"config :a, b: ~s(x), c: ~r/y/i", "config :a, [b: 1", "config(:a, :b, c: [d: 'e'])\n")
}

func FuzzPHP(f *testing.F) {
	fuzzParser(f, source.PHP,
		"<?php\nreturn [\n  'a' => env('B', 'c'),\n  'd' => ['e' => 1, 'f' => array('g' => null)],\n];\n",
		"<?php define('A', 'b'); $c['d'] = \"e$f\"; const G = 1;", "<?php return [ 'a' => <<<EOT\n  x\n  EOT, 'b' => 1 ];",
		"<?php /* never closed", "<?php return [[[[", "<?php return ['a' => 'unterminated")
}

func FuzzDockerfile(f *testing.F) {
	fuzzParser(f, source.Dockerfile,
		"FROM a AS b\nENV C=d E=\"f g\" \\\n  H=i\nARG J=k\n", "ENV legacy value here\nRUN <<EOF\nx\nEOF\n",
		"ENV A=\"unterminated\n", "ENV \\\n", "FROM\nENV =x\n", "ENV A=a\\ b\\\n")
}

func FuzzTemplate(f *testing.F) {
	fuzzParser(f, source.YAML,
		"a: {{ .Values.a }}\n  {{- if .b }}\nc: \"x{{ .d }}y\"\n{{- end }}\n", "{{ .k }}: v\n", "a: {{ never closed\n",
		"a: |\n  {{ .x }}\n  text\n", "{{/* c\n*/}}\nb: 1\n", "a: {{.}}{{.}}\n- {{")
}
