package report

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/evidence"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/schemacheck"
)

// packFixture reads a pack: pack.json has findings in every section,
// a long group, accepted risks of each kind, GitHub protection and a hook
// policy; pack-empty.json is a repository with nothing to report.
func packFixture(t *testing.T, name string) *evidence.Pack {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var p evidence.Pack
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	return &p
}

func renderPack(t *testing.T, format string, p *evidence.Pack) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := EvidenceFormats[format](&buf, p); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestEvidenceGolden(t *testing.T) {
	for format := range EvidenceFormats {
		t.Run(format, func(t *testing.T) {
			golden(t, "evidence-"+format+".golden", renderPack(t, format, packFixture(t, "pack.json")))
			golden(t, "evidence-"+format+"-empty.golden", renderPack(t, format, packFixture(t, "pack-empty.json")))
		})
	}
}

// TestEvidenceJSONFollowsItsSchema: the shipped schema describes what the
// JSON pack holds, closed at every level, and the JSON pack is the Pack
// whole.
func TestEvidenceJSONFollowsItsSchema(t *testing.T) {
	c := schemacheck.New(t, evidence.JSONSchema)
	for _, name := range []string{"pack.json", "pack-empty.json"} {
		p := packFixture(t, name)
		out := renderPack(t, "json", p)
		if problems := c.CheckJSON(t, out); len(problems) > 0 {
			t.Errorf("%s: the JSON pack does not follow evidence.schema.json:\n%s", name, strings.Join(problems, "\n"))
		}
		var back evidence.Pack
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatal(err)
		}
		again := renderPack(t, "json", &back)
		if !bytes.Equal(out, again) {
			t.Errorf("%s: the JSON pack does not read back to the same pack", name)
		}
	}
	// The schema is closed: an unknown key and a wrong status fail it.
	for _, bad := range []string{
		`"schema": "envfence/evidence/v2", "extra": 1`,
		`"schema": "envfence/evidence/v1"`,
	} {
		doc := strings.Replace(string(renderPack(t, "json", packFixture(t, "pack-empty.json"))), `"schema": "envfence/evidence/v2"`, bad, 1)
		if problems := c.CheckJSON(t, []byte(doc)); len(problems) == 0 {
			t.Errorf("the schema accepts %s", bad)
		}
	}
	doc := strings.Replace(string(renderPack(t, "json", packFixture(t, "pack.json"))), `"status": "gaps found"`, `"status": "fine"`, 1)
	if problems := c.CheckJSON(t, []byte(doc)); len(problems) == 0 {
		t.Error(`the schema accepts the status "fine"`)
	}
}

// TestEvidenceListsAreGroupedAndCounted: long lists show their first
// items and count the rest, in both human formats.
func TestEvidenceListsAreGroupedAndCounted(t *testing.T) {
	p := packFixture(t, "pack.json")
	for _, format := range []string{"markdown", "html"} {
		out := string(renderPack(t, format, p))
		if strings.Contains(out, "t05/.env.production") || !strings.Contains(out, "t04/.env.production") {
			t.Errorf("%s: want the first %d of 14 hardcoded-prod-credential findings shown", format, maxEvidenceItems)
		}
		if !strings.Contains(out, "and 4 more") {
			t.Errorf("%s: the 4 findings left out are not counted", format)
		}
	}
}

// TestEvidenceEscapesWhatTheRepositoryNames: paths, names and reasons come
// from the scanned tree; they cannot add markup, script, table cells or
// control characters to a pack.
func TestEvidenceEscapesWhatTheRepositoryNames(t *testing.T) {
	odd := "deploy/<script>alert(1)</script>|x\x1b[2K\n## heading"
	p := packFixture(t, "pack.json")
	p.Header.Repository = odd
	p.Sections[0].Architecture.Environments[0].Paths[0] = odd
	p.Accepted.Groups[1].Reason = odd
	p.Notes[0].Paths[0] = odd
	for _, s := range p.Sections {
		if s.Promotion != nil {
			s.Promotion.Workflows[0].Jobs[0].ID = odd
			s.Promotion.Workflows[0].Name = odd
		}
	}
	for _, format := range []string{"markdown", "html"} {
		out := string(renderPack(t, format, p))
		if format == "markdown" {
			out = codeSpan.ReplaceAllString(out, "``") // Markdown shows a code span's text as it is
		}
		if strings.Contains(out, "<script>") || strings.ContainsAny(out, "\x1b") {
			t.Errorf("%s: a name from the repository adds markup or a control character", format)
		}
		if strings.Contains(out, "\n## heading") {
			t.Errorf("%s: a name from the repository adds a line", format)
		}
	}
}

var codeSpan = regexp.MustCompile("`[^`\n]*`")

// TestEvidenceHTMLIsSelfContained: the page loads nothing from elsewhere
// and runs no script, so it reads the same offline and in an archive.
func TestEvidenceHTMLIsSelfContained(t *testing.T) {
	out := string(renderPack(t, "html", packFixture(t, "pack.json")))
	for _, s := range []string{"<script", "src=", "<link", "@import", "url(http"} {
		if strings.Contains(out, s) {
			t.Errorf("the HTML pack contains %q", s)
		}
	}
	if n := strings.Count(out, "<svg class=\"graph\""); n != 2 {
		t.Errorf("%d deploy diagrams, want one for each of the 2 workflows that deploy", n)
	}
	if !strings.Contains(out, "break-before:page") {
		t.Error("sections do not start a new page when printed")
	}
}

// TestEvidenceCarriesNoValue: findings carry no value; the pack adds none
// (an internal digest included) in any format.
func TestEvidenceCarriesNoValue(t *testing.T) {
	p := packFixture(t, "pack.json")
	f := finding.Finding{Rule: "shared-credential", Severity: finding.Error, Message: "m", Path: "a", ValueDigest: "deadbeefdeadbeefdeadbeef", Key: "K", Snippet: "PASSWORD=hunter2-snippet"}
	p.Sections[2].Findings[0].Findings = append(p.Sections[2].Findings[0].Findings, f)
	for format := range EvidenceFormats {
		out := string(renderPack(t, format, p))
		if strings.Contains(out, "deadbeefdeadbeefdeadbeef") || strings.Contains(out, "hunter2-snippet") {
			t.Errorf("%s prints a finding's digest or snippet", format)
		}
	}
}
