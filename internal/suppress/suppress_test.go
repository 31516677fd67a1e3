package suppress

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestScan(t *testing.T) {
	cases := []struct {
		name    string
		line    string
		rules   []string
		reason  string
		problem string // "" for a valid directive; "none" when no directive is found
	}{
		{"hash", "# envfence:ignore[shared-credential] rotated 2026-10", []string{"shared-credential"}, "rotated 2026-10", ""},
		{"slashes", "// envfence:ignore[live-key-in-nonprod] demo key", []string{"live-key-in-nonprod"}, "demo key", ""},
		{"semicolon", "; envfence:ignore[prod-endpoint-in-nonprod] ini fixture", []string{"prod-endpoint-in-nonprod"}, "ini fixture", ""},
		{"indented", "    # envfence:ignore[shared-credential] nested key", []string{"shared-credential"}, "nested key", ""},
		{"trailing comment", "A=1 # envfence:ignore[shared-credential] ok", []string{"shared-credential"}, "ok", ""},
		{"tab before leader", "A=1\t// envfence:ignore[shared-credential] ok", []string{"shared-credential"}, "ok", ""},
		{"no space after leader", "#envfence:ignore[shared-credential] ok", []string{"shared-credential"}, "ok", ""},
		{"several ids", "# envfence:ignore[shared-credential, hardcoded-prod-credential] test data", []string{"shared-credential", "hardcoded-prod-credential"}, "test data", ""},
		{"CRLF", "# envfence:ignore[shared-credential] windows file\r", []string{"shared-credential"}, "windows file", ""},
		{"second marker is the comment", "url: http://d.io/#envfence:ignore # envfence:ignore[shared-credential] ok", []string{"shared-credential"}, "ok", ""},
		{"no reason", "# envfence:ignore[shared-credential]", []string{"shared-credential"}, "", ProblemNoReason},
		{"blank reason", "# envfence:ignore[shared-credential]   \r", []string{"shared-credential"}, "", ProblemNoReason},
		{"punctuation reason", "# envfence:ignore[shared-credential] -", []string{"shared-credential"}, "-", ProblemNoReason},
		{"empty list", "# envfence:ignore[] reason", nil, "", ProblemEmptyList},
		{"blank list", "# envfence:ignore[ ] reason", nil, "", ProblemEmptyList},
		{"trailing comma", "# envfence:ignore[shared-credential,] reason", nil, "", ProblemMalformed},
		{"upper case id", "# envfence:ignore[Shared_Credential] reason", nil, "", ProblemMalformed},
		{"no brackets", "# envfence:ignore shared-credential reason", nil, "", ProblemNoRuleList},
		{"space before brackets", "# envfence:ignore [shared-credential] reason", nil, "", ProblemNoRuleList},
		{"unclosed", "# envfence:ignore[shared-credential reason", nil, "", ProblemUnclosed},
		{"URL fragment", "url: http://docs.acme.io/#envfence:ignore[x] y", nil, "", "none"},
		{"URL double slash", "see https://envfence:ignore[x]@host y", nil, "", "none"},
		{"glued leader", "B=2#envfence:ignore[x] glued", nil, "", "none"},
		{"glued semicolon", "a=b;envfence:ignore[x] glued", nil, "", "none"},
		{"marker in a value", "NOTE=envfence:ignore[x] in a value", nil, "", "none"},
		{"marker later in a comment", "# see envfence:ignore[x] in the docs", nil, "", "none"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dirs := Scan([]byte("KEY=1\n" + c.line + "\nOTHER=2\n"))
			if c.problem == "none" {
				if len(dirs) != 0 {
					t.Fatalf("found %+v in a line that holds no comment", dirs)
				}
				return
			}
			if len(dirs) != 1 {
				t.Fatalf("Scan = %+v, want one directive", dirs)
			}
			d := dirs[0]
			if d.Line != 2 || !slices.Equal(d.Rules, c.rules) || d.Problem != c.problem || (c.problem == "" && d.Reason != c.reason) {
				t.Errorf("Scan = %+v, want line 2, rules %v, reason %q, problem %q", d, c.rules, c.reason, c.problem)
			}
		})
	}
}

func TestScanWithoutMarker(t *testing.T) {
	for _, src := range []string{"", "A=1\n", "# envfence:ignor[x] y\n"} {
		if dirs := Scan([]byte(src)); dirs != nil {
			t.Errorf("Scan(%q) = %+v, want nil", src, dirs)
		}
	}
}

func TestScanLines(t *testing.T) {
	src := "a: 1\r\n\r\n# envfence:ignore[shared-credential] one\r\nb: 2\r\nc: 3 # envfence:ignore[shared-credential] two"
	dirs := Scan([]byte(src))
	if len(dirs) != 2 || dirs[0].Line != 3 || dirs[1].Line != 5 || dirs[1].Reason != "two" {
		t.Fatalf("Scan = %+v", dirs)
	}
}

func TestApplies(t *testing.T) {
	src := strings.Join([]string{
		"# envfence:ignore[shared-credential] fixture", // 1
		"A=1", // 2
		"",    // 3
		"B=2 # envfence:ignore[live-key-in-nonprod] demo key", // 4
		"C=3",                                  // 5
		"D=4",                                  // 6
		"# envfence:ignore[shared-credential]", // 7: no reason
		"E=5",                                  // 8
		"# envfence:ignore[shared-credential] stacked one",          // 9
		"  # envfence:ignore[prod-endpoint-in-nonprod] stacked two", // 10
		"F=6", // 11
		"G=7", // 12
	}, "\n")
	dirs := Scan([]byte(src))
	cases := []struct {
		rule string
		line int
		want bool
		why  string
	}{
		{"shared-credential", 1, true, "same line"},
		{"shared-credential", 2, true, "line below"},
		{"shared-credential", 3, false, "two lines below"},
		{"live-key-in-nonprod", 2, false, "another rule"},
		{"live-key-in-nonprod", 4, true, "trailing comment, same line"},
		{"live-key-in-nonprod", 5, true, "trailing comment, line below"},
		{"live-key-in-nonprod", 6, false, "trailing comment, two lines below"},
		{"live-key-in-nonprod", 3, false, "the line above a directive"},
		{"shared-credential", 8, false, "a directive without a reason suppresses nothing"},
		{"shared-credential", 11, true, "first of a block reaches the line below the block"},
		{"prod-endpoint-in-nonprod", 11, true, "last of a block"},
		{"prod-endpoint-in-nonprod", 12, false, "below the line below the block"},
	}
	for _, c := range cases {
		if _, got := Applies(dirs, c.rule, c.line); got != c.want {
			t.Errorf("Applies(%s, %d) = %v: %s", c.rule, c.line, got, c.why)
		}
	}
	if d, ok := Applies(dirs, "shared-credential", 2); !ok || d.Reason != "fixture" || d.Line != 1 {
		t.Errorf("Applies returns %+v", d)
	}
	// A directive built by hand applies to its line and the next.
	manual := []Directive{{Line: 5, Rules: []string{"x"}, Reason: "r"}}
	if _, ok := Applies(manual, "x", 6); !ok {
		t.Error("a hand-built directive does not reach the line below")
	}
	if _, ok := Applies(manual, "x", 7); ok {
		t.Error("a hand-built directive reaches two lines below")
	}
}

// TestScanOnlyMarkerLines keeps the scan linear: a big file with a few
// markers gives their lines right.
func TestScanOnlyMarkerLines(t *testing.T) {
	var b bytes.Buffer
	for i := range 20000 {
		if i%5000 == 0 {
			b.WriteString("# envfence:ignore[shared-credential] generated\n")
		} else {
			b.WriteString("KEY=value\n")
		}
	}
	dirs := Scan(b.Bytes())
	if len(dirs) != 4 || dirs[0].Line != 1 || dirs[3].Line != 15001 {
		t.Fatalf("Scan = %+v", dirs)
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"# envfence:ignore[a] b",
		"x // envfence:ignore[",
		"; envfence:ignore[a,b,] c\n#envfence:ignore",
		"# envfence:ignore[a] x\r\n# envfence:ignore[b] y\r\nv\r\n",
		"http://x/#envfence:ignore # envfence:ignore[a] r",
		"envfence:ignore\n\n\t;envfence:ignore[a-b]\t1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lines := strings.Split(s, "\n")
		last := 0
		for _, d := range Scan([]byte(s)) {
			if d.Line <= last || d.Line > len(lines) || !strings.Contains(lines[d.Line-1], Marker) {
				t.Fatalf("directive at line %d, after %d, of %d lines", d.Line, last, len(lines))
			}
			last = d.Line
			if d.Problem == "" && (len(d.Rules) == 0 || d.Reason == "") {
				t.Fatalf("valid directive without rules or reason: %+v", d)
			}
			for _, id := range d.Rules {
				if !ruleID.MatchString(id) {
					t.Fatalf("malformed id kept")
				}
			}
			if _, ok := Applies([]Directive{d}, "x", d.Line); ok != (d.Problem == "" && slices.Contains(d.Rules, "x")) {
				t.Fatalf("Applies disagrees with the directive")
			}
		}
	})
}
