// Package ruletest runs rules on fixture repositories whose files carry
// their expected findings inline, as go/analysis's analysistest does with
// "// want" comments: a finding without an expectation and an expectation
// without a finding both fail the test.
//
// # Layout
//
// Each directory directly under a rule's testdata/<rule-id>/ is one fixture
// repository, scanned on its own (so that scenarios do not see each other's
// values). A fixture may hold an .envfence.yml.
//
// # Expectations
//
// A comment (#, // or ;) of the form
//
//	want [+N] expectation...
//
// expects findings on its own line, or N lines below with +N (required in
// dotenv files when the comment stands on its own line, and next to YAML
// block scalars, where a # is script text). Each expectation is
//
//	[rule-id:][@column]"regexp"    or with `back quotes`
//
// where the regexp is matched, unanchored, against the finding's message.
// The rule-id prefix is needed only when a fixture runs several rules.
// Formats without comments (JSON) use a sidecar file <name>.want whose lines
// are "LINE expectation..."; a file named .want at the fixture root holds
// expectations for findings about the repository as a whole (path ".").
package ruletest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/config"
	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/source"
	"github.com/envfence/envfence/internal/values"
)

// expectation is one wanted finding.
type expectation struct {
	path   string
	line   int
	col    int // 0: any column
	rule   string
	re     *regexp.Regexp
	source string // file:line of the want comment, for messages
	met    bool
}

// Run scans every fixture repository under dir with the given rules and
// checks the findings against the expectations in the files.
func Run(t *testing.T, dir string, rules ...*rule.Rule) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("fixtures: %v", err)
	}
	ran := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		ran++
		root := filepath.Join(dir, e.Name())
		t.Run(e.Name(), func(t *testing.T) { RunFixture(t, root, rules...) })
	}
	if ran == 0 {
		t.Fatalf("%s: no fixture repositories", dir)
	}
}

// RunContext is Run for online rules: ruleContext reaches them through
// rule.Pass.Context (a client for a recorded API, in tests).
func RunContext(t *testing.T, dir string, ruleContext any, rules ...*rule.Rule) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("fixtures: %v", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			root := filepath.Join(dir, e.Name())
			t.Run(e.Name(), func(t *testing.T) { runFixture(t, root, ruleContext, rules...) })
		}
	}
}

// RunFixture checks one fixture repository.
func RunFixture(t *testing.T, root string, rules ...*rule.Rule) {
	t.Helper()
	runFixture(t, root, nil, rules...)
}

func runFixture(t *testing.T, root string, ruleContext any, rules ...*rule.Rule) {
	t.Helper()
	res := scan(t, root, ruleContext, rules...)
	wants := collect(t, root)
	for _, f := range res.Findings {
		if !consume(wants, &f) {
			t.Errorf("%s:%d:%d: unexpected finding: %s [%s]", f.Path, f.Line, f.Column, f.Message, f.Rule)
		}
	}
	for _, w := range wants {
		if !w.met {
			t.Errorf("%s: no finding at %s:%d matching %s%q", w.source, w.path, w.line, rulePrefix(w.rule), w.re)
		}
	}
	checkNoLeak(t, res)
}

// Scan runs the rules on root like the CLI does, with the fixture's own
// .envfence.yml if it has one.
func Scan(t *testing.T, root string, rules ...*rule.Rule) *engine.Result {
	t.Helper()
	return scan(t, root, nil, rules...)
}

// ScanContext is Scan for online rules.
func ScanContext(t *testing.T, root string, ruleContext any, rules ...*rule.Rule) *engine.Result {
	t.Helper()
	return scan(t, root, ruleContext, rules...)
}

func scan(t *testing.T, root string, ruleContext any, rules ...*rule.Rule) *engine.Result {
	t.Helper()
	opts := engine.Options{Rules: rules, RuleContext: ruleContext}
	if cfg := loadConfig(t, root, rules); cfg != nil {
		opts.Policy = cfg
		cls, err := envmodel.New(cfg.EnvSettings())
		if err != nil {
			t.Fatal(err)
		}
		opts.Classifier = cls
	}
	res, err := engine.Scan(context.Background(), source.Dir{Root: root}, opts)
	if err != nil {
		t.Fatalf("scan %s: %v", root, err)
	}
	return res
}

func loadConfig(t *testing.T, root string, rules []*rule.Rule) *config.Config {
	path := filepath.Join(root, ".envfence.yml")
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	ids := make([]string, len(rules))
	for i, r := range rules {
		ids[i] = r.ID
	}
	cfg, err := config.Load(path, config.LoadOptions{KnownRules: ids})
	if err != nil {
		t.Fatalf("fixture config: %v", err)
	}
	return cfg
}

func rulePrefix(id string) string {
	if id == "" {
		return ""
	}
	return id + ":"
}

// consume marks the first unmet expectation that f satisfies.
func consume(wants []*expectation, f *finding.Finding) bool {
	for _, w := range wants {
		if w.met || w.path != f.Path || w.line != f.Line {
			continue
		}
		if w.col != 0 && w.col != f.Column {
			continue
		}
		if w.rule != "" && w.rule != f.Rule {
			continue
		}
		if w.re.MatchString(f.Message) {
			w.met = true
			return true
		}
	}
	return false
}

// checkNoLeak fails if any credential of the fixture appears in a message.
func checkNoLeak(t *testing.T, res *engine.Result) {
	t.Helper()
	var secrets []string
	for _, f := range res.Repo.Files {
		for _, v := range f.Values {
			for _, c := range values.Credentials(v.Key(), v.Value) {
				if c.Value.Len() >= 6 {
					secrets = append(secrets, c.Value.Reveal())
				}
			}
		}
	}
	for _, f := range res.Findings {
		texts := []string{f.Message, f.Snippet}
		for _, r := range f.Related {
			texts = append(texts, r.Message)
		}
		for _, text := range texts {
			for _, s := range secrets {
				if strings.Contains(text, s) {
					t.Errorf("%s:%d: finding [%s] leaks a credential value", f.Path, f.Line, f.Rule)
				}
			}
		}
	}
	for _, n := range res.Notes {
		for _, s := range secrets {
			if strings.Contains(n.Message, s) {
				t.Errorf("note for %s leaks a credential value", n.Path)
			}
		}
	}
}

var wantComment = regexp.MustCompile(`(?:^|\s)(?:#|//|;)\s*want(?:\s+\+(\d+))?\s+(.+)$`)

// collect reads every want comment and sidecar under root.
func collect(t *testing.T, root string) []*expectation {
	t.Helper()
	var wants []*expectation
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.HasSuffix(rel, ".want") {
			target := strings.TrimSuffix(rel, ".want")
			if target == "" {
				target = "." // a .want file at the root expects findings about the repository itself
			}
			ws, err := parseSidecar(target, string(data))
			wants = append(wants, ws...)
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			m := wantComment.FindStringSubmatch(strings.TrimRight(line, "\r"))
			if m == nil {
				continue
			}
			target := i + 1
			if m[1] != "" {
				n, _ := strconv.Atoi(m[1])
				target += n
			}
			ws, err := parseExpectations(rel, target, fmt.Sprintf("%s:%d", rel, i+1), m[2])
			if err != nil {
				return err
			}
			wants = append(wants, ws...)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading expectations: %v", err)
	}
	sort.SliceStable(wants, func(i, j int) bool { return wants[i].source < wants[j].source })
	return wants
}

func parseSidecar(path, data string) ([]*expectation, error) {
	var out []*expectation
	for i, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		num, rest, _ := strings.Cut(line, " ")
		n, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("%s.want:%d: want LINE expectation", path, i+1)
		}
		ws, err := parseExpectations(path, n, fmt.Sprintf("%s.want:%d", path, i+1), rest)
		if err != nil {
			return nil, err
		}
		out = append(out, ws...)
	}
	return out, nil
}

var expectationPattern = regexp.MustCompile("^\\s*(?:([a-z][a-z0-9-]*):)?(?:@(\\d+)\\s*)?(\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`)")

// parseExpectations parses `[rule:][@col]"re" ...`.
func parseExpectations(path string, line int, where, text string) ([]*expectation, error) {
	var out []*expectation
	rest := strings.TrimSpace(text)
	for rest != "" {
		m := expectationPattern.FindStringSubmatch(rest)
		if m == nil {
			return nil, fmt.Errorf("%s: malformed want expectation", where)
		}
		pattern, err := strconv.Unquote(m[3])
		if err != nil {
			// Not a valid Go string: allow regexp escapes such as \( as written.
			pattern = strings.ReplaceAll(m[3][1:len(m[3])-1], `\"`, `"`)
		}
		re, err := regexp.Compile(pattern)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", where, err)
		}
		col := 0
		if m[2] != "" {
			col, _ = strconv.Atoi(m[2])
		}
		out = append(out, &expectation{path: path, line: line, col: col, rule: m[1], re: re, source: where})
		rest = strings.TrimSpace(rest[len(m[0]):])
	}
	return out, nil
}
