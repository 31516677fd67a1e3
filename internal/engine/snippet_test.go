package engine

import (
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/parse"
	"github.com/envfence/envfence/internal/secret"
	"github.com/envfence/envfence/internal/source"
)

// snippetOf parses src as kind and returns the snippet of a finding at
// line 1, column 1, that is not about a value.
func snippetOf(t *testing.T, kind source.Kind, src string) string {
	t.Helper()
	p := parseContent(kind, []byte(src+"\n"))
	sf := &scannedFile{File: source.File{Path: "x", Kind: kind}, parsed: p}
	return snippet(sf, &finding.Finding{Line: 1, Column: 1, EndLine: 1, EndColumn: 1})
}

// checkSnippet fails unless the snippet keeps the line's width, hides
// every word holding "Canary" and shows each of shows.
func checkSnippet(t *testing.T, name, src, got string, shows ...string) {
	t.Helper()
	if strings.Contains(got, "Canary") || len([]rune(got)) != len([]rune(src)) {
		t.Errorf("%s %q: snippet %q shows a value or lost the alignment", name, src, got)
	}
	for _, s := range shows {
		if !strings.Contains(got, s) {
			t.Errorf("%s %q: snippet %q hides %q, which is not a credential", name, src, got, s)
		}
	}
}

// TestSnippetMasksCredentialsNotStructure: a credential in a value is
// masked, the password of a URL only; hosts, keys and references stay.
func TestSnippetMasksCredentialsNotStructure(t *testing.T) {
	line := `url: postgres://app:Pw-Canary-1@db.prod:5432/x  token: Tok-Canary-2`
	doc := &parse.Doc{Entries: []parse.Entry{
		{Path: []string{"url"}, Value: secret.New("postgres://app:Pw-Canary-1@db.prod:5432/x"), Range: parse.Range{Start: parse.Pos{Line: 1, Col: 6}, End: parse.Pos{Line: 1, Col: 47}}},
		{Path: []string{"token"}, Value: secret.New("Tok-Canary-2"), Range: parse.Range{Start: parse.Pos{Line: 1, Col: 56}, End: parse.Pos{Line: 1, Col: 68}}},
	}}
	sf := &scannedFile{File: source.File{Path: "x.yml", Kind: source.YAML}, parsed: &parsed{doc: doc, lines: []string{line}}}
	got := snippet(sf, &finding.Finding{Line: 1, Column: 6, EndLine: 1, EndColumn: 47})
	checkSnippet(t, "yaml", line, got, "url: postgres://app:", "@db.prod:5432/x", "token: ")

	cases := []struct {
		kind  source.Kind
		src   string
		shows []string
	}{
		{source.Workflow, "          DB_PASSWORD: ${{ secrets.PROD_DB_PASSWORD }}", []string{"DB_PASSWORD: ${{ secrets.PROD_DB_PASSWORD }}"}},
		{source.YAML, "password: ${DB_PASSWORD:-Default-Canary-1}", []string{"password: ${DB_PASSWORD:-"}},
		{source.YAML, "password: changeme", []string{"password: "}},
		{source.YAML, "password: ab1", []string{"password: "}}, // too short to be a credential, but under a credential name
		{source.YAML, "redis: redis://cache.prod.acme.internal:6379/1", []string{"redis://cache.prod.acme.internal:6379/1"}},
		{source.YAML, "roleArn: arn:aws:iam::210987654321:role/shop-staging", []string{"arn:aws:iam::210987654321:role/shop-staging"}},
		{source.Dotenv, `API="sk_live_Canary0123456789abcdef"`, []string{`API="`}},
		{source.YAML, `password: "New\"Canary-1"`, []string{"password: "}}, // escaped: offsets differ, all of it goes
	}
	for _, c := range cases {
		checkSnippet(t, c.kind.String(), c.src, snippetOf(t, c.kind, c.src), c.shows...)
	}
}

// TestSnippetShowsJobsAndReferences: a finding about a job points at its
// key; nothing on the line is a value, nothing is masked.
func TestSnippetShowsJobsAndReferences(t *testing.T) {
	src := "jobs:\n  production:\n    environment: ${{ inputs.target }}\n"
	p := parseContent(source.Workflow, []byte(src))
	sf := &scannedFile{File: source.File{Path: ".github/workflows/d.yml", Kind: source.Workflow}, parsed: p}
	if got := snippet(sf, &finding.Finding{Line: 2, Column: 3, EndLine: 2, EndColumn: 13}); got != "  production:" {
		t.Errorf("job line snippet %q", got)
	}
	if got := snippet(sf, &finding.Finding{Line: 3, Column: 18, EndLine: 3, EndColumn: 38}); got != "    environment: ${{ inputs.target }}" {
		t.Errorf("reference snippet %q", got)
	}
}

func TestSnippetMasksCommandCredentials(t *testing.T) {
	cases := []struct{ src, shows string }{
		{"\tPGPASSWORD=Cmd-Canary-3 psql -h db.prod.acme.internal -U app", "psql -h db.prod.acme.internal -U app"},
		{"\tcurl https://deploy:Url-Canary-4@ci.acme.io/hook --token Flag-Canary-5", "@ci.acme.io/hook --token "},
		{"\tmysql -pShort-Canary-6 -h db", "mysql -p"},
		{"\texport STRIPE=sk_live_Canary" + strings.Repeat("a1", 12), "export STRIPE="},
		{"\tsshpass -p Ssh-Canary-7 ssh deploy@prod-1", "ssh deploy@prod-1"},
		{"\tsshpass -pSsh-Canary-7 ssh deploy@prod-1", "ssh deploy@prod-1"},
		{"\tcurl -u admin:Curl-Canary-8 https://api.prod.acme.io", "curl -u admin:"},
		{"\tcurl --user admin:Curl-Canary-8 https://api.prod.acme.io", "https://api.prod.acme.io"},
		{"\tcurl --user=admin:Curl-Canary-8 https://api.prod.acme.io", "https://api.prod.acme.io"},
		{"\tcurl -H 'Authorization: Bearer Bearer-Canary-9' https://api.prod.acme.io", "Authorization: Bearer "},
		{"\tcurl -H \"Authorization: Basic QmFzaWMtU2VjcmV0LTk=Canary\" https://x", "Authorization: Basic "},
		{"\tcurl -H 'Cookie: session=Cookie-Canary-10; theme=Canary' https://x", "Cookie: "},
		{"\tredis-cli -h cache.prod -a Redis-Canary-11 ping", "redis-cli -h cache.prod -a "},
		{"\tdeploy --password Flag-Canary-12 --env prod", "--env prod"},
		{"\tdeploy --password=Flag-Canary-12 --env prod", "--env prod"},
		// near misses: flags that are not passwords stay readable.
		{"\tmkdir -p build/prod && ls -a && git commit -a -m release", "mkdir -p build/prod && ls -a && git commit -a -m release"},
		{"\tkubectl --context prod-eu apply -f k8s/", "kubectl --context prod-eu apply -f k8s/"},
		{"\tcurl -H \"Authorization: Bearer $DEPLOY_TOKEN\" https://x", "Authorization: Bearer $DEPLOY_TOKEN"},
	}
	lines := make([]string, len(cases))
	for i, c := range cases {
		lines[i] = c.src
	}
	sf := &scannedFile{File: source.File{Path: "Makefile", Kind: source.Makefile}, parsed: &parsed{lines: lines}}
	for i, c := range cases {
		got := snippet(sf, &finding.Finding{Line: i + 1, Column: 2, EndLine: i + 1, EndColumn: 3})
		checkSnippet(t, "makefile", c.src, got, c.shows)
	}
	keyFile := &scannedFile{File: source.File{Path: "config/master.key", Kind: source.KeyFile}, parsed: &parsed{lines: []string{"0123456789abcdef"}}}
	if got := snippet(keyFile, &finding.Finding{Line: 1, Column: 1}); got != "" {
		t.Errorf("key file snippet %q", got)
	}
}

// TestSnippetMasksLiteralsOfCode parses real settings modules: literals the
// parser yields no entry for (a call's arguments, a template) are masked
// too.
func TestSnippetMasksLiteralsOfCode(t *testing.T) {
	cases := []struct {
		kind source.Kind
		src  string
	}{
		{source.Python, `DATABASES = {"default": {"PASSWORD": "Inline-Pw-Canary-1", "BACKUP": decrypt("Call-Arg-Canary-2"), 'X': f'{a}Tpl-Canary-3'}}`},
		{source.Script, "export const environment = { password: 'Inline-Pw-Canary-1', backup: decrypt(\"Call-Arg-Canary-2\"), x: `${a}Tpl-Canary-3` };"},
	}
	for _, c := range cases {
		checkSnippet(t, c.kind.String(), c.src, snippetOf(t, c.kind, c.src), "decrypt(")
	}
}

// TestSnippetMasksComments: a comment on a finding's line can hold an old
// value, in every form a language writes one. A directive's rule list
// stays readable, its reason does not.
func TestSnippetMasksComments(t *testing.T) {
	cases := []struct {
		kind       source.Kind
		src, shows string
	}{
		{source.YAML, "password: NewPw-Canary-1  # was OldPw-Canary-2", "password: "},
		{source.Dotenv, "DB_PASSWORD=NewPw-Canary-1 # previous: OldPw-Canary-2", "DB_PASSWORD="},
		{source.INI, "password = NewPw-Canary-1 ; OldPw-Canary-2", "password = "},
		{source.JSON, `{"password": "NewPw-Canary-1"} // OldPw-Canary-2`, `{"password": `},
		{source.JSON, `{"url": "https://h.acme.io/x", /* OldPw-Canary-2 */ "n": 1}`, `"url": "https://h.acme.io/x",`},
		{source.HCL, `host = "db.prod" /* OldPw-Canary-2 */ # Old-Canary-3`, `host = "db.prod"`},
		{source.Python, `HOST = "db.prod"#OldPw-Canary-2`, `HOST = `},
		{source.Script, "export const e = { host: 'db.prod' }; /* OldPw-Canary-2", "export const e = { host: "},
		{source.YAML, "password: NewPw-Canary-1 # envfence:ignore[hardcoded-prod-credential] old Canary-4", "envfence:ignore[hardcoded-prod-credential] "},
		{source.YAML, "url: https://h.acme.io/#OldPw-Canary-2", "url: https://h.acme.io/"},
		{source.YAML, "note: don't # OldPw-Canary-2", "note: don"},
		// near misses: a leader inside a literal starts no comment.
		{source.JSON, `{"glob": "src/**/*.js", "url": "https://h.acme.io/a#b"}`, `"src/**/*.js", "url": "https://h.acme.io/a#b"`},
		{source.HCL, `url = "https://h.acme.io/a" # Old-Canary-5`, `url = "https://h.acme.io/a"`},
	}
	for _, c := range cases {
		checkSnippet(t, c.kind.String(), c.src, snippetOf(t, c.kind, c.src), c.shows)
	}
}

// TestSnippetMasksInsideBlockComments: a line inside a /* … */ comment that
// opened lines above is all comment.
func TestSnippetMasksInsideBlockComments(t *testing.T) {
	src := "/*\n  old password Old-Canary-1\n*/ host = \"db.prod\"\nurl = \"https://x/*\" # Old-Canary-2\nport = 5432\n"
	p := parseContent(source.HCL, []byte(src))
	sf := &scannedFile{File: source.File{Path: "main.tf", Kind: source.HCL}, parsed: p}
	want := []string{"**", "  *** ******** ************", "** host = \"db.prod\"", "url = \"https://x/*\" * ************", "port = 5432"}
	for i, w := range want {
		if got := snippet(sf, &finding.Finding{Line: i + 1, Column: 1}); got != w {
			t.Errorf("line %d: snippet %q, want %q", i+1, got, w)
		}
	}
}
