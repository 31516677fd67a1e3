package parse

import (
	"fmt"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/source"
)

// benchInput is a realistic ~50 KB file of one format.
type benchInput struct {
	name string
	kind source.Kind
	data []byte
}

// benchInputs are realistic ~50 KB files of each format.
func benchInputs() []benchInput {
	var env, yml, jsn, toml, ini, props, hcl, py, js, rb, ex, php, docker, tpl strings.Builder
	jsn.WriteString("{")
	for i := 0; env.Len() < 50_000; i++ {
		fmt.Fprintf(&env, "SERVICE_%d_URL=https://svc%d.staging.acme.internal:8080/api\nSERVICE_%d_TOKEN=${TOKEN_%d}\n# comment %d\n", i, i, i, i, i)
		fmt.Fprintf(&yml, "service%d:\n  url: https://svc%d.acme.internal\n  replicas: %d\n  env:\n    - name: LOG\n      value: info\n", i, i, i%5)
		if i > 0 {
			jsn.WriteString(",")
		}
		fmt.Fprintf(&jsn, "\n  \"service%d\": {\"url\": \"https://svc%d.acme.internal\", \"ports\": [80, 443], \"enabled\": true}", i, i)
		fmt.Fprintf(&toml, "[service%d]\nurl = \"https://svc%d.acme.internal\"\nports = [80, 443]\n", i, i)
		fmt.Fprintf(&ini, "[service%d]\nurl = https://svc%d.acme.internal ; comment\nweb%d ansible_host=10.0.%d.%d\n", i, i, i, i%255, i%250)
		fmt.Fprintf(&props, "service%d.url=https://svc%d.acme.internal\n%%prod.service%d.replicas=%d\n", i, i, i, i%5)
		fmt.Fprintf(&hcl, "resource \"aws_instance\" \"s%d\" {\n  ami = \"ami-%08d\"\n  tags = { Name = \"svc%d\" }\n}\n", i, i, i)
		fmt.Fprintf(&py, "SERVICE_%d = {\n    'URL': 'https://svc%d.acme.internal',  # comment\n    'PORTS': (80, 443),\n    'TOKEN': os.environ.get('TOKEN_%d'),\n}\n", i, i, i)
		fmt.Fprintf(&js, "export const service%d = {\n  url: 'https://svc%d.acme.internal', // comment\n  ports: [80, 443],\n  token: process.env.TOKEN_%d,\n};\n", i, i, i)
		fmt.Fprintf(&rb, "  config.service%d = { url: \"https://svc%d.acme.internal\", ports: [80, 443] } # comment\n  config.token%d = ENV.fetch(\"TOKEN_%d\", \"dev\")\n", i, i, i, i)
		fmt.Fprintf(&ex, "config :shop, Shop.Service%d,\n  url: \"https://svc%d.acme.internal\",\n  ports: [80, 443], # comment\n  token: System.get_env(\"TOKEN_%d\")\n", i, i, i)
		fmt.Fprintf(&php, "    'service%d' => [\n        'url' => 'https://svc%d.acme.internal', // comment\n        'ports' => [80, 443],\n        'token' => env('TOKEN_%d', 'dev'),\n    ],\n", i, i, i)
		fmt.Fprintf(&docker, "FROM base AS s%d\n# comment\nENV SERVICE_%d_URL=https://svc%d.acme.internal \\\n    SERVICE_%d_PORT=443\nARG TOKEN_%d=dev\nRUN make s%d\n", i, i, i, i, i, i)
		fmt.Fprintf(&tpl, "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include \"svc\" . }}-%d\ndata:\n  {{- if .Values.s%d }}\n  URL: https://svc%d.acme.internal\n  {{- end }}\n  TOKEN: {{ .Values.token | quote }}\n", i, i, i)
	}
	jsn.WriteString("\n}\n")
	return []benchInput{
		{"dotenv", source.Dotenv, []byte(env.String())}, {"yaml", source.YAML, []byte(yml.String())},
		{"json", source.JSON, []byte(jsn.String())}, {"toml", source.TOML, []byte(toml.String())},
		{"ini", source.INI, []byte(ini.String())}, {"properties", source.Properties, []byte(props.String())},
		{"hcl", source.HCL, []byte(hcl.String())}, {"python", source.Python, []byte(py.String())},
		{"script", source.Script, []byte(js.String())},
		{"ruby", source.Ruby, []byte("Rails.application.configure do\n" + rb.String() + "end\n")},
		{"elixir", source.Elixir, []byte("import Config\n" + ex.String())},
		{"php", source.PHP, []byte("<?php\n\nreturn [\n" + php.String() + "];\n")},
		{"dockerfile", source.Dockerfile, []byte(docker.String())},
		{"helm-template", source.YAML, []byte(tpl.String())},
	}
}

func BenchmarkParse(b *testing.B) {
	for _, in := range benchInputs() {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			for b.Loop() {
				if _, err := Parse(in.kind, in.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
