package engine

import (
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/parse"
	"github.com/envfence/envfence/internal/secret"
	"github.com/envfence/envfence/internal/source"
)

func TestFingerprintIgnoresLinesAndValues(t *testing.T) {
	a := finding.Finding{Rule: "shared-credential", Path: ".env.staging", Environment: "staging", Key: "DB_PASSWORD", ValueDigest: secret.New("x1").Digest(), Line: 3}
	b := a
	b.Line, b.Column, b.Message = 30, 7, "reworded"
	if Fingerprint(&a) != Fingerprint(&b) {
		t.Error("fingerprint changes with line, column or message")
	}
	for _, change := range []func(*finding.Finding){
		func(f *finding.Finding) { f.Rule = "hardcoded-prod-credential" },
		func(f *finding.Finding) { f.Path = ".env.test" },
		func(f *finding.Finding) { f.Environment = "test" },
		func(f *finding.Finding) { f.Key = "API_KEY" },
		func(f *finding.Finding) { f.ValueDigest = secret.New("x2").Digest() },
	} {
		c := a
		change(&c)
		if Fingerprint(&c) == Fingerprint(&a) {
			t.Errorf("fingerprint ignores a change: %+v", c)
		}
	}
	if len(Fingerprint(&a)) != 16 || strings.Contains(Fingerprint(&a), "x1") {
		t.Errorf("fingerprint %q", Fingerprint(&a))
	}
}

func TestSnippetMasksEveryValueOnTheLine(t *testing.T) {
	line := `url: postgres://app:Pw-Secret-1@db.prod:5432/x  token: Tok-Secret-2`
	doc := &parse.Doc{Entries: []parse.Entry{
		{Path: []string{"url"}, Value: secret.New("postgres://app:Pw-Secret-1@db.prod:5432/x"), Range: parse.Range{Start: parse.Pos{Line: 1, Col: 6}, End: parse.Pos{Line: 1, Col: 47}}},
		{Path: []string{"token"}, Value: secret.New("Tok-Secret-2"), Range: parse.Range{Start: parse.Pos{Line: 1, Col: 56}, End: parse.Pos{Line: 1, Col: 68}}},
	}}
	sf := &scannedFile{File: source.File{Path: "x.yml", Kind: source.YAML}, parsed: &parsed{doc: doc, lines: []string{line}}}
	got := snippet(sf, &finding.Finding{Line: 1, Column: 6, EndLine: 1, EndColumn: 47})
	for _, s := range []string{"Pw-Secret-1", "Tok-Secret-2", "db.prod"} {
		if strings.Contains(got, s) {
			t.Errorf("snippet %q shows %q", got, s)
		}
	}
	if !strings.HasPrefix(got, "url: ") || !strings.Contains(got, "token: ") || len([]rune(got)) != len([]rune(line)) {
		t.Errorf("snippet %q lost the keys or the alignment", got)
	}
}

func TestSnippetMasksCommandCredentials(t *testing.T) {
	lines := []string{
		"\tPGPASSWORD=Cmd-Secret-3 psql -h db.prod.acme.internal -U app",
		"\tcurl https://deploy:Url-Secret-4@ci.acme.io/hook --token Flag-Secret-5",
		"\tmysql -pShort-Secret-6 -h db",
		"\texport STRIPE=sk_live_" + strings.Repeat("a1", 12),
	}
	sf := &scannedFile{File: source.File{Path: "Makefile", Kind: source.Makefile}, parsed: &parsed{lines: lines}}
	for i := range lines {
		got := snippet(sf, &finding.Finding{Line: i + 1, Column: 2, EndLine: i + 1, EndColumn: 3})
		for _, s := range []string{"Cmd-Secret-3", "Url-Secret-4", "Flag-Secret-5", "Short-Secret-6", "a1a1a1"} {
			if strings.Contains(got, s) {
				t.Errorf("line %d: snippet %q shows %q", i+1, got, s)
			}
		}
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
		{source.Python, `DATABASES = {"default": {"PASSWORD": "Inline-Pw-1", "BACKUP": decrypt("Call-Arg-Secret-2"), 'X': f'{a}Tpl-Secret-3'}}`},
		{source.Script, "export const environment = { password: 'Inline-Pw-1', backup: decrypt(\"Call-Arg-Secret-2\"), x: `${a}Tpl-Secret-3` };"},
	}
	for _, c := range cases {
		content := []byte(c.src + "\n")
		p := parseContent(c.kind, content)
		if p.problem != "" {
			t.Fatalf("%v: %s", c.kind, p.problem)
		}
		sf := &scannedFile{File: source.File{Path: "x", Kind: c.kind}, parsed: p}
		got := snippet(sf, &finding.Finding{Line: 1, Column: 1, EndLine: 1, EndColumn: 2})
		for _, secret := range []string{"Inline-Pw-1", "Call-Arg-Secret-2", "Tpl-Secret-3"} {
			if strings.Contains(got, secret) {
				t.Errorf("%v: snippet %q shows %q", c.kind, got, secret)
			}
		}
		if !strings.Contains(got, "decrypt(") || len([]rune(got)) != len([]rune(c.src)) {
			t.Errorf("%v: snippet %q lost the code or the alignment", c.kind, got)
		}
	}
}

// TestSnippetMasksComments: a comment on a finding's line can hold an old
// value; it is masked, unless it is an envfence directive.
func TestSnippetMasksComments(t *testing.T) {
	cases := []struct {
		kind       source.Kind
		src, shows string
	}{
		{source.YAML, "password: NewPw-Secret-1  # was OldPw-Secret-2", "password: "},
		{source.Dotenv, "DB_PASSWORD=NewPw-Secret-1 # previous: OldPw-Secret-2", "DB_PASSWORD="},
		{source.INI, "password = NewPw-Secret-1 ; OldPw-Secret-2", "password = "},
		{source.JSON, `{"password": "NewPw-Secret-1"} // OldPw-Secret-2`, `{"password": `},
		{source.YAML, "password: NewPw-Secret-1 # envfence:ignore[hardcoded-prod-credential] demo", "envfence:ignore[hardcoded-prod-credential] demo"},
		{source.YAML, "url: https://h.acme.io/#OldPw-Secret-2", "url: "},
	}
	for _, c := range cases {
		p := parseContent(c.kind, []byte(c.src+"\n"))
		sf := &scannedFile{File: source.File{Path: "x", Kind: c.kind}, parsed: p}
		got := snippet(sf, &finding.Finding{Line: 1, Column: 1, EndLine: 1, EndColumn: 1})
		if strings.Contains(got, "Secret") || !strings.Contains(got, c.shows) || len([]rune(got)) != len([]rune(c.src)) {
			t.Errorf("%v %q: snippet %q", c.kind, c.src, got)
		}
	}
}

func TestDedupe(t *testing.T) {
	f := finding.Finding{Rule: "r", Path: "p", Line: 1, Column: 1, Message: "m"}
	g := f
	g.Line = 2
	got := dedupe([]finding.Finding{f, f, g, g, f})
	if len(got) != 3 {
		t.Errorf("dedupe kept %d", len(got))
	}
}
