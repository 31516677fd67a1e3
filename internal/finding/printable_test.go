package finding

import "testing"

func TestPrintable(t *testing.T) {
	cases := map[string]string{
		"config/.env.production":          "config/.env.production",
		"café/app.yml":                    "café/app.yml",
		"a\tb":                            "a\tb",
		"x\n::add-mask::y":                `x\x0a::add-mask::y`,
		"\x1b[2K\rall good":               `\x1b[2K\x0dall good`,
		"bad\xffutf8":                     `bad\xffutf8`,
		"evil\u202egnp.env":               `evil\u202egnp.env`,
		"del\x7f and c1 \u0085 next line": `del\x7f and c1 \u0085 next line`,
	}
	for in, want := range cases {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"a\nb", "\x1b[31m", "\xff", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Printable(s)
		if !isPlainOrPrintable(got) {
			t.Fatalf("Printable(%q) = %q still controls the terminal", s, got)
		}
	})
}

func isPlainOrPrintable(s string) bool {
	for _, r := range s {
		if r != '\t' && hides(r) {
			return false
		}
	}
	return true
}
