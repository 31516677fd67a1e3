package config

import (
	"strings"
	"testing"
)

func TestDigestNamesWhatTheConfigurationDecides(t *testing.T) {
	base := "rules:\n  prod-deploy-without-gate: {severity: error}\nignore:\n  - {path: \"docs/**\", reason: docs}\n"
	d := mustParse(t, []byte(base)).Digest()
	if !strings.HasPrefix(d, "sha256:") || len(d) != len("sha256:")+64 {
		t.Fatalf("Digest = %q, want sha256: and 64 hex digits", d)
	}
	same := []string{
		base,
		"# a comment moves every line\n\n" + base,
	}
	for _, s := range same {
		if got := mustParse(t, []byte(s)).Digest(); got != d {
			t.Errorf("the same decisions give another digest:\n%s", s)
		}
	}
	other := []string{
		strings.Replace(base, "severity: error", "severity: warning", 1),
		strings.Replace(base, "reason: docs", "reason: documentation", 1),
		strings.Replace(base, "docs/**", "doc/**", 1),
		base + "exclude: [\"vendor/**\"]\n",
		"",
	}
	for _, s := range other {
		if got := mustParse(t, []byte(s)).Digest(); got == d {
			t.Errorf("another configuration gives the same digest:\n%s", s)
		}
	}
}
