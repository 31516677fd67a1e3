package redact

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var hashStyle = Style{Leaders: []string{"#"}, Quotes: `"'`}
var cStyle = Style{Leaders: []string{"//"}, Block: true, Quotes: "\"'`"}

func TestMaskKeepsWidthAndBlanks(t *testing.T) {
	l := New("a\tbé c")
	l.Mask(0, 100)
	if got := l.String(); got != "*\t** *" {
		t.Errorf("got %q", got)
	}
	l = New("abc")
	l.Mask(-5, 1)
	l.Mask(2, 1) // empty range
	if got := l.String(); got != "*bc" {
		t.Errorf("got %q", got)
	}
}

func TestCommentsKeepDirectiveRuleList(t *testing.T) {
	cases := map[string]string{
		"x: 1 # envfence:ignore[shared-credential] rotated Canary": "x: 1 * envfence:ignore[shared-credential] ******* ******",
		"x: 1 # see envfence:ignore[a,b]":                          "x: 1 * *** envfence:ignore[a,b]",
		"x: 1 # envfence:ignore[unclosed Canary":                   "x: 1 * envfence:ignore[******** ******",
		"x: 1 # envfence:ignore Canary":                            "x: 1 * envfence:ignore ******",
	}
	for in, want := range cases {
		l := New(in)
		l.Comments(hashStyle, false)
		if got := l.String(); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

func TestBlockStarts(t *testing.T) {
	lines := []string{`a = "/*"`, "b /* x", "still", "x */ c", `d // /* not a block`, "e"}
	got := BlockStarts(lines, cStyle)
	want := []bool{false, false, true, true, false, false}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: %v, want %v", i+1, got[i], want[i])
		}
	}
	if BlockStarts(lines, hashStyle) != nil {
		t.Error("a style without block comments has no block starts")
	}
}

func TestLiteralsMaskUnclosedToTheEnd(t *testing.T) {
	l := New(`f("a\"b", 'c`)
	l.Literals(cStyle)
	if got := l.String(); got != `f("****", '*` {
		t.Errorf("got %q", got)
	}
}

// FuzzLine: masking never panics, keeps the line's width, and a canary
// written after a credential name or in a comment is always masked.
func FuzzLine(f *testing.F) {
	for _, s := range []string{
		"password: x", "curl -u a:b https://h", "/* a */ b // c", `"unclosed`, "# envfence:ignore[", "\xff\xfe", "${{ secrets.X }}",
		"Authorization: Bearer abc", "sshpass -p x ssh h", "x ${A:-b} y",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\n\r") {
			return
		}
		for _, st := range []Style{hashStyle, cStyle, {}} {
			l := New(s)
			l.Commands()
			l.Comments(st, false)
			l.Literals(st)
			if got := l.String(); utf8.RuneCountInString(got) != utf8.RuneCountInString(s) {
				t.Fatalf("width changed: %q -> %q", s, got)
			}
			c := New(s + " password=Zq9Canary")
			c.Commands()
			if strings.Contains(c.String(), "Zq9Canary") {
				t.Fatalf("canary after a credential name shown: %q", c.String())
			}
			c = New(s + " # Zq9Canary")
			c.Comments(hashStyle, false)
			c.Literals(hashStyle)
			if strings.Contains(c.String(), "Zq9Canary") {
				t.Fatalf("canary in a comment shown: %q", c.String())
			}
		}
	})
}
