package suppress

import (
	"strings"
	"testing"
)

func TestScan(t *testing.T) {
	src := strings.Join([]string{
		"# envfence:ignore[shared-credential] rotated 2026-10",                  // 1
		"A=1 # envfence:ignore[shared-credential,hardcoded-prod-credential] ok", // 2
		"// envfence:ignore[live-key-in-nonprod] demo key\r",                    // 3
		"; envfence:ignore[x] ini",                                              // 4
		"# envfence:ignore[shared-credential]",                                  // 5: no reason
		"# envfence:ignore[] reason",                                            // 6: empty list
		"# envfence:ignore[Bad_ID] reason",                                      // 7
		"# envfence:ignore no brackets",                                         // 8
		"url: http://docs.acme.io/#envfence:ignore[x] y",                        // 9: not a comment
		"B=2#envfence:ignore[x] glued",                                          // 10: not a comment
	}, "\n")
	dirs := Scan([]byte(src))
	byLine := map[int]Directive{}
	for _, d := range dirs {
		byLine[d.Line] = d
	}
	for _, line := range []int{1, 2, 3, 4} {
		if d, ok := byLine[line]; !ok || d.Problem != "" {
			t.Errorf("line %d: %+v", line, d)
		}
	}
	if got := byLine[2].Rules; len(got) != 2 || got[1] != "hardcoded-prod-credential" || byLine[2].Reason != "ok" {
		t.Errorf("line 2: %+v", byLine[2])
	}
	if byLine[3].Reason != "demo key" {
		t.Errorf("line 3 reason %q", byLine[3].Reason)
	}
	for _, line := range []int{5, 6, 7, 8} {
		if d, ok := byLine[line]; !ok || d.Problem == "" {
			t.Errorf("line %d should be invalid: %+v", line, d)
		}
	}
	for _, line := range []int{9, 10} {
		if _, ok := byLine[line]; ok {
			t.Errorf("line %d is not a comment", line)
		}
	}
	if Scan([]byte("A=1\n")) != nil {
		t.Error("no marker: want nil")
	}
}

func TestApplies(t *testing.T) {
	dirs := Scan([]byte("# envfence:ignore[shared-credential] ok\nA=1\n\nB=2\n# envfence:ignore[shared-credential]\nC=3\n"))
	cases := []struct {
		rule string
		line int
		want bool
	}{
		{"shared-credential", 1, true},
		{"shared-credential", 2, true},
		{"shared-credential", 3, false},
		{"hardcoded-prod-credential", 2, false},
		{"shared-credential", 6, false}, // the directive above has no reason
	}
	for _, c := range cases {
		if _, got := Applies(dirs, c.rule, c.line); got != c.want {
			t.Errorf("Applies(%s, %d) = %v", c.rule, c.line, got)
		}
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{"# envfence:ignore[a] b", "x // envfence:ignore[", "; envfence:ignore[a,b,] c\n#envfence:ignore"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, d := range Scan([]byte(s)) {
			if d.Line < 1 || d.Problem == "" && (len(d.Rules) == 0 || d.Reason == "") {
				t.Fatalf("bad directive %+v", d)
			}
		}
	})
}
