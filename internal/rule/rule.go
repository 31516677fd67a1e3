// Package rule defines what a check is and the one interface between a check
// and the engine that runs it, in the spirit of go/analysis: a Rule is a
// value, and its Run function sees the scanned repository through a Pass and
// reports through it. Rules know nothing of files on disk, git, output
// formats, suppression or configuration.
package rule

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/source"
)

// A Rule is one check of SPEC §4.
type Rule struct {
	// ID is the stable slug used in config, suppression comments,
	// baselines and SARIF ("shared-credential").
	ID string
	// Summary is one line, lower case, no final period.
	Summary string
	// Doc is the full Markdown documentation shown by `envfence explain`,
	// embedded from the rule's doc/<ID>.md.
	Doc string
	// Severity is the default severity of the rule's findings. A rule may
	// report a lower one for some findings (SPEC §4 "warning if …"); the
	// user's configured severity replaces both.
	Severity finding.Severity
	// Evidence is the section of the A.8.31 evidence pack whose question
	// the rule answers.
	Evidence Section
	// Online rules need the network and a token; they run only when the
	// caller enables them.
	Online bool
	// Reach says which files' content the rule reads to judge one file,
	// so that the pre-receive hook can judge a push by reading the files
	// it changed and those related to them instead of the whole
	// repository (see reach.go). The zero value, Whole, is always right.
	Reach Reach
	// Links lists the keys that relate a file to others; a Linked rule
	// must set it. It must depend on the file alone.
	Links func(*model.Repo, *model.File) []Link
	// AlsoReads lists kinds of file whose content the rule reads whatever
	// the file it judges (the CODEOWNERS file, for the owners rule).
	AlsoReads []source.Kind
	// Together lists kinds of file the rule reads as a whole: judging one
	// means reading all of them (a workflow, with the reusable workflows
	// it calls and those that call it).
	Together []source.Kind
	// Run inspects the repository. It returns an error only for internal
	// failures, never to signal a finding.
	Run func(*Pass) error
}

// Section is a section of the evidence pack: one kind of evidence an
// auditor asks for under ISO/IEC 27001 A.8.31.
type Section string

// The sections of the evidence pack, in its order.
const (
	Architecture  Section = "architecture"   // environments are separate
	Access        Section = "access"         // who can change and deploy production
	Data          Section = "data"           // no production data or credentials outside production
	Promotion     Section = "promotion"      // changes reach production through gated stages
	DirectPaths   Section = "direct-paths"   // no path from developer tooling to production
	AcceptedRisks Section = "accepted-risks" // the exceptions themselves
)

// Sections lists the sections in the pack's order.
var Sections = []Section{Architecture, Access, Data, Promotion, DirectPaths, AcceptedRisks}

// A Pass is the application of one Rule to one scanned repository.
type Pass struct {
	Rule *Rule
	Repo *model.Repo
	// Context carries what online rules need (a client, a token); nil
	// for offline rules.
	Context any

	report func(finding.Finding)
	note   func(path, message string)
}

// NewPass returns a pass that hands each finding to report.
func NewPass(r *Rule, repo *model.Repo, report func(finding.Finding)) *Pass {
	return &Pass{Rule: r, Repo: repo, report: report}
}

// Note tells the user something the rule could not check (an online
// rule's API error, say). Notes never quote file content.
func (p *Pass) Note(path, message string) {
	if p.note != nil {
		p.note(path, message)
	}
}

// SetNote sets where Note sends notes; the engine calls it.
func (p *Pass) SetNote(note func(path, message string)) { p.note = note }

// Report records a finding. The engine fills in the rule id, the default
// severity, the fingerprint and the snippet.
func (p *Pass) Report(f finding.Finding) {
	f.Rule = p.Rule.ID
	p.report(f)
}

// At returns a finding located at a value, with its environment and key.
func At(v model.Value) finding.Finding {
	return finding.Finding{
		Path:        v.File.Path,
		Line:        v.Range.Start.Line,
		Column:      v.Range.Start.Col,
		EndLine:     v.Range.End.Line,
		EndColumn:   v.Range.End.Col,
		Environment: string(v.Scope.Env),
		Key:         v.Key(),
		Subject:     subjectOf(v),
	}
}

// subjectOf says where a value sits in its file: its document and key
// path, so that two values of one key name in one file and environment
// (two sections' password:) have fingerprints of their own.
func subjectOf(v model.Value) string {
	return strconv.Itoa(v.Doc) + "\x00" + strings.Join(v.Path, "\x00")
}

// LocationOf returns a related location pointing at a value.
func LocationOf(v model.Value, message string) finding.Location {
	return finding.Location{
		Path:        v.File.Path,
		Line:        v.Range.Start.Line,
		Column:      v.Range.Start.Col,
		Environment: string(v.Scope.Env),
		Message:     message,
	}
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Validate checks a rule catalogue the way analysis.Validate does: unique
// kebab-case ids, a summary in house style, documentation whose first line
// names the rule, a valid default severity and a Run function.
func Validate(rules []*Rule) error {
	seen := map[string]bool{}
	for _, r := range rules {
		switch {
		case !idPattern.MatchString(r.ID):
			return fmt.Errorf("rule %q: id must be kebab-case", r.ID)
		case seen[r.ID]:
			return fmt.Errorf("rule %q: duplicate id", r.ID)
		case r.Summary == "" || strings.HasSuffix(r.Summary, ".") || strings.ToLower(r.Summary[:1]) != r.Summary[:1]:
			return fmt.Errorf("rule %q: summary must be one lower-case line without a final period", r.ID)
		case strings.Contains(r.Summary, "\n"):
			return fmt.Errorf("rule %q: summary must be one line", r.ID)
		case !strings.HasPrefix(r.Doc, "# "+r.ID+"\n"):
			return fmt.Errorf("rule %q: doc must start with the heading \"# %s\"", r.ID, r.ID)
		case r.Severity.Rank() == 0:
			return fmt.Errorf("rule %q: invalid default severity %q", r.ID, r.Severity)
		case r.Run == nil:
			return fmt.Errorf("rule %q: no Run function", r.ID)
		case (r.Reach == Linked) != (r.Links != nil):
			return fmt.Errorf("rule %q: a Linked rule, and only one, has a Links function", r.ID)
		}
		seen[r.ID] = true
	}
	return nil
}
