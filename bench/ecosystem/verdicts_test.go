package main

import (
	"strings"
	"testing"
)

func TestParseVerdicts(t *testing.T) {
	in := `# header
tp shared-credential a/b.env:3 0123456789abcdef same password in staging and production

must prod-deploy-without-environment .github/workflows/d.yml:12 - kubectl apply to prod, no environment
`
	vs, err := parseVerdicts(strings.NewReader(in), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Kind != "tp" || vs[0].Path != "a/b.env" || vs[0].Line != 3 || vs[1].Reason != "kubectl apply to prod, no environment" {
		t.Fatalf("got %+v", vs)
	}
	for _, bad := range []string{
		"tp shared-credential a/b.env:3 0123456789abcdef",      // no reason
		"yes shared-credential a/b.env:3 0123456789abcdef why", // unknown verdict
		"tp shared-credential a/b.env 0123456789abcdef why",    // no line
		"tp shared-credential a/b.env:-1 0123456789abcdef why", // negative line
		"tp shared-credential :3 0123456789abcdef why no path", // no path
	} {
		if _, err := parseVerdicts(strings.NewReader(bad), "x.txt"); err == nil || !strings.Contains(err.Error(), "x.txt:1") {
			t.Errorf("%q: error %v, want one naming x.txt:1", bad, err)
		}
	}
}

func TestMatchFallsBackFromExactToLineToFingerprint(t *testing.T) {
	verdicts := []verdict{
		{Kind: "tp", Rule: "r", Path: "p", Line: 1, Fingerprint: "aa"},
		{Kind: "fp", Rule: "r", Path: "p", Line: 5, Fingerprint: "old"},
		{Kind: "tp", Rule: "r", Path: "p", Line: 9, Fingerprint: "cc"},
		{Kind: "tp", Rule: "r", Path: "gone", Line: 1, Fingerprint: "dd"},
		{Kind: "must", Rule: "r", Path: "q", Line: 2, Fingerprint: "-"},
		{Kind: "must", Rule: "r", Path: "q", Line: 3, Fingerprint: "-"},
	}
	findings := []finding{
		{Rule: "r", Path: "p", Line: 1, Fingerprint: "aa"},  // exact
		{Rule: "r", Path: "p", Line: 5, Fingerprint: "new"}, // same line, fingerprint changed
		{Rule: "r", Path: "p", Line: 12, Fingerprint: "cc"}, // moved
		{Rule: "r", Path: "p", Line: 1, Fingerprint: "aa"},  // a second finding: the verdict is taken
		{Rule: "r", Path: "q", Line: 2, Fingerprint: "ee"},  // a must line found
	}
	m := match(findings, verdicts)
	want := map[int]string{0: "tp", 1: "fp", 2: "tp"}
	for i, kind := range want {
		if m.judged[i] == nil || m.judged[i].Kind != kind {
			t.Errorf("finding %d judged %v, want %s", i, m.judged[i], kind)
		}
	}
	if m.judged[3] != nil || m.judged[4] != nil {
		t.Errorf("findings 3 and 4 should be unjudged: %v %v", m.judged[3], m.judged[4])
	}
	if len(m.unused) != 1 || m.unused[0].Path != "gone" {
		t.Errorf("unused = %v, want the verdict on gone", m.unused)
	}
	if !m.mustFound[&verdicts[4]] || m.mustFound[&verdicts[5]] {
		t.Errorf("mustFound = %v", m.mustFound)
	}
}

func TestTallyCountsLostAndUnjudged(t *testing.T) {
	verdicts := []verdict{
		{Kind: "tp", Rule: "r", Path: "p", Line: 1, Fingerprint: "a"},
		{Kind: "fp", Rule: "r", Path: "p", Line: 2, Fingerprint: "b"},
		{Kind: "tp", Rule: "r", Path: "p", Line: 3, Fingerprint: "c"},
		{Kind: "fp", Rule: "r", Path: "p", Line: 4, Fingerprint: "d"},
		{Kind: "must", Rule: "r", Path: "p", Line: 7, Fingerprint: "-"},
	}
	findings := []finding{{Rule: "r", Path: "p", Line: 1, Fingerprint: "a"}, {Rule: "r", Path: "p", Line: 2, Fingerprint: "b"}, {Rule: "r", Path: "p", Line: 6, Fingerprint: "z"}}
	var tl tally
	tl.init()
	unjudged := tl.add("o/n", findings, verdicts, match(findings, verdicts))
	c := *tl.rules["r"]
	if len(unjudged) != 1 || c.tp != 1 || c.fp != 1 || c.unjudged != 1 || c.lostTP != 1 || c.fixedFP != 1 || c.mustTotal != 1 || c.mustFound != 0 {
		t.Fatalf("counts %+v, unjudged %v", c, unjudged)
	}
	if c.precision() != "50.0 %" || len(tl.lost) != 2 {
		t.Errorf("precision %s, lost %v", c.precision(), tl.lost)
	}
}
