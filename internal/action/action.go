// Package action is envfence's GitHub Action: it reads the inputs, and
// writes annotations, the job summary and the outputs, all through
// github.com/sethvargo/go-githubactions. The CLI's `envfence action`
// command wires it to the scan.
package action

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/sethvargo/go-githubactions"

	"github.com/envfence/envfence/internal/finding"
)

// Inputs are the action's inputs (action.yml).
type Inputs struct {
	Path        string
	Config      string
	FailOn      string
	Format      string
	SARIFFile   string
	Baseline    string
	OnlyNew     bool
	Annotations bool
	Token       string
	// Report is where to write the evidence pack ("" for none); its
	// extension names the format.
	Report string
}

// ReadInputs reads and checks the inputs.
func ReadInputs(gha *githubactions.Action) (Inputs, error) {
	in := Inputs{
		Path:      orDefault(gha.GetInput("path"), "."),
		Config:    gha.GetInput("config"),
		FailOn:    orDefault(gha.GetInput("fail-on"), "error"),
		Format:    orDefault(gha.GetInput("format"), "text"),
		SARIFFile: orDefault(gha.GetInput("sarif-file"), "envfence.sarif"),
		Baseline:  gha.GetInput("baseline"),
		Token:     gha.GetInput("github-token"),
		Report:    gha.GetInput("report"),
	}
	var err error
	if in.OnlyNew, err = boolInput(gha, "only-new", false); err != nil {
		return in, err
	}
	if in.Annotations, err = boolInput(gha, "annotations", true); err != nil {
		return in, err
	}
	if in.Token != "" {
		gha.AddMask(in.Token)
	}
	if _, err := finding.ParseSeverity(in.FailOn, true); err != nil {
		return in, fmt.Errorf("input fail-on: %q: want error, warning, note or none", in.FailOn)
	}
	switch in.Format {
	case "text", "json", "sarif", "github", "markdown":
	default:
		return in, fmt.Errorf("input format: %q: want text, json, sarif, github or markdown", in.Format)
	}
	if in.Report != "" {
		if _, ok := ReportFormat(in.Report); !ok {
			return in, fmt.Errorf("input report: %q: want a file ending in .html, .md or .json (the evidence pack's format)", in.Report)
		}
	}
	return in, nil
}

// ReportFormat is the evidence pack format a file name asks for.
func ReportFormat(name string) (string, bool) {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm":
		return "html", true
	case ".md", ".markdown":
		return "markdown", true
	case ".json":
		return "json", true
	}
	return "", false
}

func orDefault(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return strings.TrimSpace(v)
}

func boolInput(gha *githubactions.Action, name string, def bool) (bool, error) {
	v := strings.TrimSpace(gha.GetInput(name))
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("input %s: %q is not true or false", name, v)
	}
	return b, nil
}

// PullRequestBase returns the base commit of a pull_request or
// pull_request_target event.
func PullRequestBase(ctx *githubactions.GitHubContext) (string, bool) {
	if ctx == nil || !strings.HasPrefix(ctx.EventName, "pull_request") {
		return "", false
	}
	pr, _ := ctx.Event["pull_request"].(map[string]any)
	base, _ := pr["base"].(map[string]any)
	sha, _ := base["sha"].(string)
	return sha, sha != ""
}

// MaxAnnotations is how many annotations of each severity GitHub shows for
// one step; more are dropped silently.
const MaxAnnotations = 10

// Annotate writes one annotation per finding, the most severe first and at
// most MaxAnnotations of each severity: error, warning or notice, with
// file, line, column and the rule as title. It returns how many findings
// it left out.
func Annotate(gha *githubactions.Action, findings []finding.Finding) (omitted int) {
	sorted := slices.Clone(findings)
	slices.SortStableFunc(sorted, func(a, b finding.Finding) int { return b.Severity.Rank() - a.Severity.Rank() })
	shown := map[finding.Severity]int{}
	for _, f := range sorted {
		if shown[f.Severity] == MaxAnnotations {
			omitted++
			continue
		}
		shown[f.Severity]++
		// The runner decodes only the escapes of %, CR, LF, : and ,; other
		// control characters of a hostile file name are written escaped.
		fields := map[string]string{"file": finding.Printable(f.Path), "title": "envfence: " + f.Rule}
		if f.Line > 0 {
			fields["line"] = strconv.Itoa(f.Line)
			if f.Column > 0 {
				fields["col"] = strconv.Itoa(f.Column)
			}
			if f.EndLine >= f.Line {
				fields["endLine"] = strconv.Itoa(f.EndLine)
				if f.EndLine == f.Line && f.EndColumn > f.Column {
					fields["endColumn"] = strconv.Itoa(f.EndColumn)
				}
			}
		}
		a := gha.WithFieldsMap(fields)
		switch f.Severity {
		case finding.Error:
			a.Errorf("%s", finding.Printable(f.Message))
		case finding.Warning:
			a.Warningf("%s", finding.Printable(f.Message))
		default:
			a.Noticef("%s", finding.Printable(f.Message))
		}
	}
	return omitted
}

// SetOutputs writes the findings, errors, warnings and sarif-file outputs.
func SetOutputs(gha *githubactions.Action, findings []finding.Finding, sarifFile string) {
	errors, warnings := 0, 0
	for _, f := range findings {
		switch f.Severity {
		case finding.Error:
			errors++
		case finding.Warning:
			warnings++
		}
	}
	gha.SetOutput("findings", strconv.Itoa(len(findings)))
	gha.SetOutput("errors", strconv.Itoa(errors))
	gha.SetOutput("warnings", strconv.Itoa(warnings))
	gha.SetOutput("sarif-file", sarifFile)
}

// SetReportOutput names the evidence pack the step wrote.
func SetReportOutput(gha *githubactions.Action, file string) {
	gha.SetOutput("report-file", file)
}
