package parse

import (
	"fmt"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/source"
)

// benchInputs are realistic ~50 KB files of each format.
func benchInputs() map[source.Kind][]byte {
	var env, yml, jsn, toml, ini, props, hcl, py, js strings.Builder
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
	}
	jsn.WriteString("\n}\n")
	return map[source.Kind][]byte{
		source.Dotenv: []byte(env.String()), source.YAML: []byte(yml.String()), source.JSON: []byte(jsn.String()),
		source.TOML: []byte(toml.String()), source.INI: []byte(ini.String()), source.Properties: []byte(props.String()),
		source.HCL: []byte(hcl.String()), source.Python: []byte(py.String()), source.Script: []byte(js.String()),
	}
}

func BenchmarkParse(b *testing.B) {
	for kind, data := range benchInputs() {
		b.Run(kind.String(), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Parse(kind, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
