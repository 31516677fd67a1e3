package values

import (
	"strings"
	"testing"
)

func TestLiteralDefault(t *testing.T) {
	cases := []struct {
		in, want string
	}{
		{"${DB_PASSWORD:-hunter2}", "hunter2"},
		{"${DB_PASSWORD-hunter2}", "hunter2"},
		{"${DB_PASSWORD:=hunter2}", "hunter2"},
		{"${DB_PASSWORD:hunter2}", "hunter2"},
		{"${spring.datasource.password:hunter2}", "hunter2"},
		{"${my-app.db-password:hunter2}", "hunter2"},
		{"${DB_URL:jdbc:postgresql://db/x}", "jdbc:postgresql://db/x"},
		{"${DB_PASSWORD:-'hunter 2'}", "hunter 2"},
		{"  ${DB_PASSWORD:-hunter2}  ", "hunter2"},
		{"${A:-${B:-hunter2}}", "hunter2"},
		{"${env:DB_PASSWORD, 'hunter2'}", "hunter2"},
		{"env('DB_PASSWORD', 'hunter2')", "hunter2"},
		{`env("DB_PASSWORD", "hunter2")`, "hunter2"},
		{"ENV.fetch('X', 'hunter2')", "hunter2"},
		{"ENV.fetch('X') { 'hunter2' }", "hunter2"},
		{"<%= ENV['X'] || 'hunter2' %>", "hunter2"},
		{"<%= ENV.fetch('X', 'hunter2') %>", "hunter2"},
		{"ENV['X'] || 'hunter2'", "hunter2"},
		{"os.getenv('X', 'hunter2')", "hunter2"},
		{"os.getenv('X') or 'hunter2'", "hunter2"},
		{"os.environ.get('X','hunter2')", "hunter2"},
		{"config('SECRET_KEY', default='hunter2')", "hunter2"},
		{"process.env.X || 'hunter2'", "hunter2"},
		{"process.env.X ?? \"hunter2\"", "hunter2"},
		{"process.env['X'] || 'hunter2'", "hunter2"},
		{`System.get_env("X") || "hunter2"`, "hunter2"},
		{`System.get_env("X", "hunter2")`, "hunter2"},
		{"{{ env_var('X', 'hunter2') }}", "hunter2"},
		{"config.get('x','hunter2')", "hunter2"},
		{"{{ lookup('env','X') | default('hunter2') }}", "hunter2"},
		{`{{ .Values.pw | default "hunter2" }}`, "hunter2"},
		{`{{ default "hunter2" .Values.pw }}`, "hunter2"},
		{"${DB_PASSWORD:-changeme}", "changeme"}, // a literal; Credentials judges it
		// No literal default.
		{"${DB_PASSWORD}", ""}, {"${DB_PASSWORD:-}", ""}, {"${DB_PASSWORD:-${OTHER}}", ""},
		{"${DB_PASSWORD:?must be set}", ""}, {"${DB_PASSWORD:+set}", ""}, {"${env:DB_PASSWORD}", ""},
		{"${ssm:/path/x}", ""}, {"${sm://secret}", ""}, {"${DB_PASSWORD:-$OTHER}", ""}, {"x${A:-b}", ""},
		{"${{ secrets.X }}", ""}, {"hunter2", ""}, {"env('X')", ""}, {"ENV.fetch('X', nil)", ""},
		{"os.getenv('X', os.getenv('Y'))", ""}, {"", ""}, {"${", ""}, {"${A:-b", ""},
	}
	for _, c := range cases {
		got, ok := LiteralDefault(c.in)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("LiteralDefault(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
		if d, ok := referenceDefault(c.in); ok && c.in[d.offset:d.offset+len(d.value)] != d.value {
			t.Errorf("referenceDefault(%q): offset %d does not locate %q", c.in, d.offset, d.value)
		}
	}
}

func TestEmbeddedDefaults(t *testing.T) {
	v := "postgres://${DB_USER:-app}:${DB_PASS:-devpw}@${DB_HOST:-db.internal}:5432/${DB_NAME}"
	var got []string
	for _, d := range embeddedDefaults(v) {
		got = append(got, d.name+"="+v[d.offset:d.offset+len(d.value)])
	}
	want := "DB_USER=app DB_PASS=devpw DB_HOST=db.internal"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("embeddedDefaults = %q, want %q", g, want)
	}
}
