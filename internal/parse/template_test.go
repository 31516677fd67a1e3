package parse

import (
	"testing"

	"github.com/envfence/envfence/internal/source"
)

// TestTemplate reads a Helm template: literals outside actions, actions
// kept as written in the values and keys they stand in, control lines
// set aside, positions those of the file.
func TestTemplate(t *testing.T) {
	src := `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
data:
  {{- if .Values.prod }}
  DATABASE_HOST: orders-db.prod.internal
  {{- end }}
  API_URL: "https://{{ .Values.host }}/v1"
  {{ .Values.extraKey }}: literal
  {{- /* a comment
  over lines */}}
  short: {{.}}
`
	doc, err := Parse(source.YAML, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checkEntries(t, doc, map[string]string{
		"apiVersion": "v1", "kind": "ConfigMap", "metadata.name": `{{ include "app.fullname" . }}`,
		"metadata.labels": "", "data.DATABASE_HOST": "orders-db.prod.internal",
		"data.API_URL": "https://{{ .Values.host }}/v1", "data.{{ .Values.extraKey }}": "literal",
		"data.short": "{{.}}",
	})
	for _, e := range doc.Entries {
		if e.Key() == "API_URL" && (e.Range.Start != Pos{Line: 11, Col: 12}) {
			t.Errorf("API_URL at %+v", e.Range.Start)
		}
	}
	// Plain YAML that parses is read as it is, braces and all.
	doc, err = Parse(source.YAML, []byte("msg: \"{{ not a template }}\"\n"))
	if err != nil || doc.Entries[0].Value.Reveal() != "{{ not a template }}" {
		t.Errorf("plain YAML: %v %v", doc.Entries, err)
	}
	// What rendering alone makes YAML still fails, and is reported.
	if _, err := Parse(source.YAML, []byte("a:\n{{ range .Values.x }}\n- b\n  c: [\n{{ end }}\n")); err == nil {
		t.Error("a template that is not YAML parsed")
	}
}
