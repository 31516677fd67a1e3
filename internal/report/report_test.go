package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/source"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// runFixture reads the synthetic run; Snippet is not part of the JSON
// contract, so the fixture carries it under its Go name.
func runFixture(t *testing.T) *Run {
	t.Helper()
	data, err := os.ReadFile("testdata/run.json")
	if err != nil {
		t.Fatal(err)
	}
	var run Run
	if err := json.Unmarshal(data, &run); err != nil {
		t.Fatal(err)
	}
	var raw struct{ Findings []struct{ Snippet string } }
	json.Unmarshal(data, &raw)
	for i := range run.Findings {
		run.Findings[i].Snippet = raw.Findings[i].Snippet
	}
	return &run
}

func emptyRun() *Run {
	return &Run{Tool: Tool{Name: "envfence", Version: "0.0.0-test", InformationURI: "https://github.com/envfence/envfence"}, Root: "."}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s changed; if intended: go test ./internal/report -update\n--- got ---\n%s", name, got)
	}
}

func render(t *testing.T, r Reporter, run *Run) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := r.Report(&buf, run); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for name, newReporter := range Formats {
		t.Run(name, func(t *testing.T) {
			golden(t, name+".golden", render(t, newReporter(Options{}), runFixture(t)))
			golden(t, name+"-empty.golden", render(t, newReporter(Options{}), emptyRun()))
		})
	}
	t.Run("text-color", func(t *testing.T) {
		golden(t, "text-color.golden", render(t, Formats["text"](Options{Color: true}), runFixture(t)))
	})
}

func TestSARIFStructure(t *testing.T) {
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleID    string
				RuleIndex int
			}
		}
	}
	if err := json.Unmarshal(render(t, Formats["sarif"](Options{}), runFixture(t)), &log); err != nil {
		t.Fatal(err)
	}
	rules := log.Runs[0].Tool.Driver.Rules
	for _, r := range log.Runs[0].Results {
		if r.RuleIndex >= len(rules) || rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s points at rule index %d", r.RuleID, r.RuleIndex)
		}
	}
}

// TestSARIFValidates runs Microsoft's SARIF validator on the output. It is
// required in CI (CI=true); elsewhere it is skipped when the tool is absent.
func TestSARIFValidates(t *testing.T) {
	ValidateSARIF(t, render(t, Formats["sarif"](Options{}), runFixture(t)))
	ValidateSARIF(t, render(t, Formats["sarif"](Options{}), emptyRun()))
}

// ValidateSARIF checks SARIF with `sarif-multitool validate`.
func ValidateSARIF(t *testing.T, sarif []byte) {
	t.Helper()
	tool, args := findMultitool()
	if tool == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("sarif-multitool is not installed (npm install -g @microsoft/sarif-multitool)")
		}
		t.Skip("sarif-multitool is not installed")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "out.sarif")
	out := filepath.Join(dir, "validation.sarif")
	if err := os.WriteFile(in, sarif, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tool, append(args, "validate", in, "--output", out)...)
	cmd.Env = append(os.Environ(), "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1")
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("validator failed: %v\n%s", err, msg)
	}
	var result struct {
		Runs []struct {
			Results []struct {
				Level   string
				RuleID  string
				Message struct{ Text string }
			}
		}
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no validation output: %v\n%s", err, msg)
	}
	if err := json.Unmarshal(data, &result); err != nil {
		t.Fatal(err)
	}
	for _, run := range result.Runs {
		for _, r := range run.Results {
			// The validator's own results: "error" fails; anything else
			// (warning is the default level) is advice, logged.
			if r.Level == "error" {
				t.Errorf("SARIF validation error %s", r.RuleID)
			} else {
				t.Logf("SARIF validation advice %s (%s)", r.RuleID, r.Level)
			}
		}
	}
}

func findMultitool() (string, []string) {
	if p, err := exec.LookPath("sarif-multitool"); err == nil {
		return p, nil
	}
	if p, err := exec.LookPath("npx"); err == nil {
		if exec.Command(p, "--no-install", "@microsoft/sarif-multitool", "--version").Run() == nil {
			return p, []string{"--no-install", "@microsoft/sarif-multitool"}
		}
	}
	return "", nil
}

// TestNoOutsideText checks that reporters print nothing but what the run
// holds: a credential planted outside the findings' fields never appears.
func TestReportersAddNothingSecret(t *testing.T) {
	run := runFixture(t)
	for name, newReporter := range Formats {
		out := string(render(t, newReporter(Options{}), run))
		for _, f := range run.Findings {
			if strings.Contains(out, f.ValueDigest) && f.ValueDigest != "" {
				t.Errorf("%s prints a value digest", name)
			}
		}
	}
	f := finding.Finding{Rule: "x", Severity: finding.Error, Message: "m", Path: "a", ValueDigest: "deadbeefdeadbeefdeadbeef", Key: "K"}
	run.Findings = append(run.Findings, f)
	for name, newReporter := range Formats {
		if out := string(render(t, newReporter(Options{}), run)); strings.Contains(out, "deadbeefdeadbeefdeadbeef") {
			t.Errorf("%s prints the internal value digest", name)
		}
	}
}

// TestTextEscapesControlCharacters: a file name or note from the scanned
// tree cannot add a line or an escape sequence to the text report (which
// is also the Action's log).
func TestTextEscapesControlCharacters(t *testing.T) {
	odd := "deploy/x\n::add-mask::y\x1b[2K/.env.production"
	run := &Run{Findings: []finding.Finding{{Rule: "r", Severity: finding.Error, Message: "in " + odd, Path: odd, Line: 1, Column: 1, Snippet: "A=\x1b]0;title\x07", Related: []finding.Location{{Path: odd, Line: 2, Column: 1, Message: "m\r"}}}}, Notes: []source.Note{{Path: odd, Message: "skipped\n::error::x"}}}
	var buf bytes.Buffer
	if err := (&Text{}).Report(&buf, run); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(buf.String(), "\n") {
		if strings.HasPrefix(l, "::") || strings.ContainsAny(l, "\x1b\r\x07") {
			t.Errorf("line %q carries a control character or starts a workflow command", l)
		}
	}
}
