package report

import (
	"encoding/json"
	"io"
	"strings"
	"unicode"

	"github.com/envfence/envfence/internal/finding"
)

// SARIF 2.1.0, shaped for GitHub code scanning: relative URIs under
// %SRCROOT%, partialFingerprints, one rule entry per rule with help and
// security-severity.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                `json:"tool"`
	Invocations        []sarifInvocation        `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds"`
	Results            []sarifResult            `json:"results"`
	ColumnKind         string                   `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	SemanticVersion string      `json:"semanticVersion"`
	InformationURI  string      `json:"informationUri,omitempty"`
	Rules           []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMultiformat struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	Help                 sarifMultiformat  `json:"help"`
	HelpURI              string            `json:"helpUri,omitempty"`
	DefaultConfiguration sarifLevel        `json:"defaultConfiguration"`
	Properties           sarifRuleProperty `json:"properties"`
}

type sarifLevel struct {
	Level string `json:"level"`
}

type sarifRuleProperty struct {
	SecuritySeverity string   `json:"security-severity"`
	Tags             []string `json:"tags"`
	Precision        string   `json:"precision"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifArtifact struct {
	URI         string    `json:"uri,omitempty"`
	Description sarifText `json:"description"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]string `json:"properties,omitempty"`
}

type sarifLocation struct {
	ID               *int                  `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifText            `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

func writeSARIF(w io.Writer, run *Run) error {
	index := map[string]int{}
	driver := sarifDriver{Name: run.Tool.Name, SemanticVersion: run.Tool.Version, InformationURI: run.Tool.InformationURI, Rules: []sarifRule{}}
	for i, r := range run.Rules {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRuleOf(r))
	}
	results := []sarifResult{}
	for _, f := range run.Findings {
		i, ok := index[f.Rule]
		if !ok {
			i = len(driver.Rules)
			index[f.Rule] = i
			driver.Rules = append(driver.Rules, sarifRuleOf(Rule{ID: f.Rule, Summary: f.Rule, DefaultSeverity: f.Severity}))
		}
		results = append(results, sarifResultOf(f, i))
	}
	inv := sarifInvocation{ExecutionSuccessful: true}
	for _, n := range run.Notes {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level:     "note",
			Message:   sarifText{Text: n.Message},
			Locations: []sarifLocation{{PhysicalLocation: physical(n.Path, 0, 0, 0, 0)}},
		})
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool:               sarifTool{Driver: driver},
			Invocations:        []sarifInvocation{inv},
			OriginalURIBaseIDs: map[string]sarifArtifact{"%SRCROOT%": {Description: sarifText{Text: "The root of the scanned repository."}}},
			Results:            results,
			ColumnKind:         "unicodeCodePoints",
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

func sarifRuleOf(r Rule) sarifRule {
	help := r.Help
	if help == "" {
		help = r.Summary
	}
	return sarifRule{
		ID:                   r.ID,
		Name:                 pascal(r.ID),
		ShortDescription:     sarifText{Text: sentence(r.Summary)},
		FullDescription:      sarifText{Text: sentence(r.Summary)},
		Help:                 sarifMultiformat{Text: help, Markdown: help},
		DefaultConfiguration: sarifLevel{Level: sarifLevelOf(r.DefaultSeverity)},
		Properties: sarifRuleProperty{
			SecuritySeverity: securitySeverity(r.DefaultSeverity),
			Tags:             []string{"security", "iso27001-a.8.31", "environment-separation"},
			Precision:        "high",
		},
	}
}

func sarifResultOf(f finding.Finding, ruleIndex int) sarifResult {
	res := sarifResult{
		RuleID:              f.Rule,
		RuleIndex:           ruleIndex,
		Level:               sarifLevelOf(f.Severity),
		Message:             sarifText{Text: f.Message},
		Locations:           []sarifLocation{{PhysicalLocation: physical(f.Path, f.Line, f.Column, f.EndLine, f.EndColumn)}},
		PartialFingerprints: map[string]string{"envfence/v1": f.Fingerprint},
	}
	if f.Environment != "" || f.Commit != "" {
		res.Properties = map[string]string{}
		if f.Environment != "" {
			res.Properties["environment"] = f.Environment
		}
		if f.Commit != "" {
			res.Properties["commit"] = f.Commit
		}
	}
	for i, r := range f.Related {
		id := i + 1
		msg := r.Message
		if r.Environment != "" {
			msg += " (" + r.Environment + ")"
		}
		res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
			ID: &id, PhysicalLocation: physical(r.Path, r.Line, r.Column, 0, 0), Message: &sarifText{Text: strings.TrimSpace(msg)},
		})
	}
	return res
}

func physical(path string, line, col, endLine, endCol int) sarifPhysicalLocation {
	p := sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: uriPath(path), URIBaseID: "%SRCROOT%"}}
	if line > 0 {
		r := &sarifRegion{StartLine: line, StartColumn: col}
		if endLine >= line && endLine > 0 {
			r.EndLine = endLine
			if endCol > 0 && (endLine > line || endCol > col) {
				r.EndColumn = endCol
			}
		}
		p.Region = r
	}
	return p
}

// uriPath percent-encodes what a relative URI reference cannot hold.
func uriPath(p string) string {
	var b strings.Builder
	for _, c := range []byte(strings.ReplaceAll(p, "\\", "/")) {
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"%<>?#[]^`+"`{|}", c) >= 0 {
			b.WriteString("%" + strings.ToUpper(hex2(c)))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

func sarifLevelOf(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub's 0–10 score: 9 critical-ish errors, 5.5
// medium warnings, 2 low notes.
func securitySeverity(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "8.5"
	case finding.Warning:
		return "5.5"
	}
	return "2.0"
}

func pascal(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part == "" {
			continue
		}
		r := []rune(part)
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	return b.String()
}

// sentence makes a summary a sentence: capital first letter, final period.
func sentence(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	out := string(r)
	if !strings.HasSuffix(out, ".") {
		out += "."
	}
	return out
}
