package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// A verdict is one judged line of a verdict file:
//
//	tp|fp|debatable RULE PATH:LINE FINGERPRINT REASON...
//	must            RULE PATH:LINE -           REASON...
//
// tp, fp and debatable judge a finding envfence reported; must names a real
// problem found by hand that envfence should report, so the check measures
// recall as well as precision.
type verdict struct {
	Kind        string // tp, fp, debatable or must
	Rule        string
	Path        string
	Line        int
	Fingerprint string // "-" on must lines
	Reason      string
	source      string // file:line of the verdict itself, for messages
}

var verdictKinds = map[string]bool{"tp": true, "fp": true, "debatable": true, "must": true}

// parseVerdicts reads a verdict file; blank lines and lines starting with #
// are skipped. Every other line must be complete: a verdict without a reason
// is an error, since the reason is what makes a verdict reviewable.
func parseVerdicts(r io.Reader, name string) ([]verdict, error) {
	var out []verdict
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		if len(fields) < 5 {
			return nil, fmt.Errorf("%s:%d: want KIND RULE PATH:LINE FINGERPRINT REASON", name, n)
		}
		if !verdictKinds[fields[0]] {
			return nil, fmt.Errorf("%s:%d: verdict %q: want tp, fp, debatable or must", name, n, fields[0])
		}
		colon := strings.LastIndexByte(fields[2], ':')
		line, err := strconv.Atoi(fields[2][colon+1:])
		// Line 0 is a finding about the repository as a whole (path ".").
		if colon <= 0 || err != nil || line < 0 {
			return nil, fmt.Errorf("%s:%d: location %q: want PATH:LINE", name, n, fields[2])
		}
		out = append(out, verdict{
			Kind: fields[0], Rule: fields[1], Path: fields[2][:colon], Line: line,
			Fingerprint: fields[3], Reason: strings.Join(fields[4:], " "),
			source: fmt.Sprintf("%s:%d", name, n),
		})
	}
	return out, sc.Err()
}

// finding is the part of an envfence JSON finding the check compares.
type finding struct {
	Rule        string `json:"rule"`
	Severity    string `json:"severity"`
	Message     string `json:"message"`
	Path        string `json:"path"`
	Line        int    `json:"line"`
	Environment string `json:"environment"`
	Fingerprint string `json:"fingerprint"`
}

// match pairs findings with verdicts. A finding takes the verdict with its
// rule, path, line and fingerprint; failing that, its rule, path and line
// (the message or environment changed, so the fingerprint did); failing
// that, its rule, path and fingerprint (the line moved). Each verdict
// judges at most one finding, so two findings on one line need two lines.
type matched struct {
	judged    map[int]*verdict // finding index -> verdict
	unused    []*verdict       // tp/fp/debatable verdicts no finding took
	mustFound map[*verdict]bool
}

func match(findings []finding, verdicts []verdict) matched {
	m := matched{judged: map[int]*verdict{}, mustFound: map[*verdict]bool{}}
	taken := map[*verdict]bool{}
	type key struct {
		rule, path string
		line       int
		fp         string
	}
	byExact, byLine, byFP := map[key][]*verdict{}, map[key][]*verdict{}, map[key][]*verdict{}
	for i := range verdicts {
		v := &verdicts[i]
		if v.Kind == "must" {
			continue
		}
		byExact[key{v.Rule, v.Path, v.Line, v.Fingerprint}] = append(byExact[key{v.Rule, v.Path, v.Line, v.Fingerprint}], v)
		byLine[key{v.Rule, v.Path, v.Line, ""}] = append(byLine[key{v.Rule, v.Path, v.Line, ""}], v)
		byFP[key{v.Rule, v.Path, 0, v.Fingerprint}] = append(byFP[key{v.Rule, v.Path, 0, v.Fingerprint}], v)
	}
	take := func(candidates []*verdict) *verdict {
		for _, v := range candidates {
			if !taken[v] {
				taken[v] = true
				return v
			}
		}
		return nil
	}
	passes := []func(f finding) []*verdict{
		func(f finding) []*verdict { return byExact[key{f.Rule, f.Path, f.Line, f.Fingerprint}] },
		func(f finding) []*verdict { return byLine[key{f.Rule, f.Path, f.Line, ""}] },
		func(f finding) []*verdict { return byFP[key{f.Rule, f.Path, 0, f.Fingerprint}] },
	}
	for _, pass := range passes {
		for i, f := range findings {
			if m.judged[i] != nil {
				continue
			}
			if v := take(pass(f)); v != nil {
				m.judged[i] = v
			}
		}
	}
	for i := range verdicts {
		v := &verdicts[i]
		switch {
		case v.Kind == "must":
			for _, f := range findings {
				if f.Rule == v.Rule && f.Path == v.Path && f.Line == v.Line {
					m.mustFound[v] = true
				}
			}
		case !taken[v]:
			m.unused = append(m.unused, v)
		}
	}
	return m
}
