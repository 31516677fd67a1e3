// Package evidence assembles the A.8.31 evidence pack: what an auditor
// asks about the separation of development, test and production, answered
// from one scan of the repository. It decides nothing about findings
// itself: it reads the rules' own decisions (deploys, gates, owners) and
// their findings, and arranges them by the question each one answers.
// The report package renders a Pack; the JSON form is the Pack as it is,
// described by evidence.schema.json.
package evidence

import "github.com/envfence/envfence/internal/finding"

// Schema names the version of the JSON pack.
const Schema = "envfence/evidence/v2"

// Pack is the evidence pack.
type Pack struct {
	Schema   string    `json:"schema"`
	Header   Header    `json:"header"`
	Summary  Summary   `json:"summary"`
	Sections []Section `json:"sections"`
	Checks   []Check   `json:"checks"`
	Accepted Accepted  `json:"accepted_risks"`
	Notes    []Note    `json:"notes"`
}

// Header makes the pack reproducible: what was scanned, when, by which
// envfence, with which configuration.
type Header struct {
	Repository string `json:"repository"`
	// RepositoryFrom says where the name came from: "--repository",
	// "git remote origin" or "directory name".
	RepositoryFrom string `json:"repository_from"`
	Commit         string `json:"commit"` // "" outside git
	Branch         string `json:"branch"` // "" when detached or outside git
	// Tree is "commit" for a scan of a commit's tree, "work tree" for the
	// files on disk (which may differ from the commit).
	Tree string `json:"tree"`
	// Path is the scanned path as given.
	Path string `json:"path"`
	// Date is RFC 3339 UTC; DateFrom is "SOURCE_DATE_EPOCH" or "clock".
	Date     string `json:"date"`
	DateFrom string `json:"date_from"`
	Tool     Tool   `json:"tool"`
	Config   Config `json:"config"`
	// GitHub says whether environment protection was read from GitHub.
	GitHub Online `json:"github"`
}

// Tool is envfence's name and version.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Config names the effective configuration and its digest.
type Config struct {
	// Files are the configuration files that were read, in merge order;
	// empty for the built-in defaults.
	Files []string `json:"files"`
	// Digest is "sha256:…" of the effective configuration.
	Digest string `json:"digest"`
}

// Online says whether the GitHub API was read, and why not.
type Online struct {
	Read bool   `json:"read"`
	Why  string `json:"why,omitempty"`
}

// Status is a section's answer.
type Status string

// The statuses of a section.
const (
	Satisfied    Status = "satisfied"
	Gaps         Status = "gaps found"
	Undetermined Status = "not determinable"
)

// Summary is the pack at a glance.
type Summary struct {
	Satisfied    int `json:"satisfied"`
	Gaps         int `json:"gaps_found"`
	Undetermined int `json:"not_determinable"`
	Findings     int `json:"findings"`
	Errors       int `json:"errors"`
	Warnings     int `json:"warnings"`
	Notes        int `json:"notes"`
	Accepted     int `json:"accepted_risks"`
}

// Control is a requirement a section supports.
type Control struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Section answers one kind of evidence.
type Section struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Question string `json:"question"`
	Status   Status `json:"status"`
	Why      string `json:"why"`
	// Determine says what would determine a section that is not
	// determinable from the repository.
	Determine string    `json:"determine,omitempty"`
	Controls  []Control `json:"controls"`
	Checks    []string  `json:"checks"`
	Findings  []Group   `json:"findings"`

	Architecture *Architecture `json:"architecture,omitempty"`
	Access       *Access       `json:"access,omitempty"`
	Data         *Data         `json:"data,omitempty"`
	Promotion    *Promotion    `json:"promotion,omitempty"`
	DirectPaths  *DirectPaths  `json:"direct_paths,omitempty"`
}

// Group is the findings of one rule, all of them; renderers show the
// first few and count the rest.
type Group struct {
	Rule     string            `json:"rule"`
	Count    int               `json:"count"`
	Findings []finding.Finding `json:"items"`
}

// Check is one rule: whether it ran, and what it found.
type Check struct {
	ID      string `json:"id"`
	Summary string `json:"summary"`
	Section string `json:"section"`
	// Result is "passed", "failed" or "not run".
	Result   string `json:"result"`
	Why      string `json:"why,omitempty"` // why it did not run
	Findings int    `json:"findings"`
}

// Check results.
const (
	Passed = "passed"
	Failed = "failed"
	NotRun = "not run"
)

// Note is a note of the scan, with the paths it was made about.
type Note struct {
	Message string   `json:"message"`
	Count   int      `json:"count"`
	Paths   []string `json:"paths"`
}
