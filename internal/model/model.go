// Package model is the scanned repository as the rules see it: every file
// that was read, its scopes (the file, sections inside it, workflow jobs) with
// their environments, and every value attributed to its scope.
//
// The engine builds a Repo once per scan; rules only read it.
package model

import (
	"path"
	"sync"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/parse"
	"github.com/envfence/envfence/internal/source"
	"github.com/envfence/envfence/internal/suppress"
	"github.com/envfence/envfence/internal/workflow"
)

// ScopeKind says what a scope is.
type ScopeKind string

// The kinds of scope of SPEC §3.
const (
	FileScope    ScopeKind = "file"
	SectionScope ScopeKind = "section"
	JobScope     ScopeKind = "job"
)

// Scope is the unit that has an environment.
type Scope struct {
	Path string
	Kind ScopeKind
	// Name is "" for a file, the section key ("production",
	// "profiles.prod"), or the job id.
	Name string
	Line int
	envmodel.Decision
	// Deploy is, for a job, whether it deploys and why
	// (workflow.Job.DeployDecision); nil for files and sections.
	Deploy *DeployDecision
}

// DeployDecision is whether a job deploys, and the evidence.
type DeployDecision struct {
	Deploys bool
	Reason  string
}

// Value is one entry of a file, attributed to its scope.
type Value struct {
	*parse.Entry
	File  *File
	Scope *Scope
}

// ResourceKey is the name that says what kind of cloud resource a value
// names: its key, except where a known file's layout says it instead:
// .firebaserc maps environment aliases to Firebase (GCP) projects; the
// profile of a Terraform aws provider, and of a Serverless Framework
// provider, is an AWS profile.
func (v Value) ResourceKey() string {
	p := v.Path
	switch {
	case path.Base(v.File.Path) == ".firebaserc" && len(p) == 2 && p[0] == "projects":
		return "firebase project id"
	case len(p) >= 3 && p[0] == "provider" && p[1] == "aws" && p[len(p)-1] == "profile":
		return "aws profile"
	case (path.Base(v.File.Path) == "serverless.yml" || path.Base(v.File.Path) == "serverless.yaml") && len(p) == 2 && p[0] == "provider" && p[1] == "profile":
		return "aws profile"
	}
	return v.Key()
}

// File is one file that was read.
type File struct {
	Path string
	Kind source.Kind
	// Scope is the file's own scope; Sections the scopes inside it.
	Scope    *Scope
	Sections []*Scope
	// Values holds every entry of the file in source order. For workflows
	// these are the literal env: and with: values, scoped to their job.
	Values []Value
	// Lines holds the file's raw lines (without line endings) for the
	// rules that read commands — Makefiles, scripts — and for snippets.
	// Lines are file content: never put one in a message.
	Lines []string
	// Workflow is the analysis of a GitHub Actions workflow, or nil.
	Workflow *workflow.Workflow
	// Suppressions are the file's envfence:ignore comments.
	Suppressions []suppress.Directive
	// Jobs are the job scopes of a workflow, in Workflow.Jobs order.
	Jobs []*Scope
	// ID is the git blob id of the content, "" in a working tree.
	ID string
	// Unread says why the file, or part of it, could not be read (binary,
	// too large, unreadable, a parse stopped by a bound on the work per
	// file), or is "". A syntax error is not that.
	Unread string
	// Stub is true for a file that was not read: it stands in with the
	// environments of its scopes only, as its Sections (see rule.Reach).
	Stub bool
	// LinkTarget is, for a file read through a symbolic link, the path of
	// the file it ends at (source.File.LinkTarget).
	LinkTarget string
}

// Repo is everything a scan read.
type Repo struct {
	derived sync.Map // key → *derivedValue, see Derived
	// Files are sorted by path.
	Files []*File
	// Classifier classifies names and hosts the way the scan did,
	// including the user's custom environments.
	Classifier *envmodel.Classifier
}

type derivedValue struct {
	once  sync.Once
	value any
}

// Derived returns the value build computes from the repository, computing
// it once per scan however many rules ask: several rules need the same
// inventory of production endpoints. Keys are package-qualified names.
func (r *Repo) Derived(key string, build func(*Repo) any) any {
	v, _ := r.derived.LoadOrStore(key, &derivedValue{})
	d := v.(*derivedValue)
	d.once.Do(func() { d.value = build(r) })
	return d.value
}

// Scopes returns every scope of the repository in path, line order: each
// file followed by its sections and jobs.
func (r *Repo) Scopes() []*Scope {
	var out []*Scope
	for _, f := range r.Files {
		out = append(out, f.Scope)
		out = append(out, f.Sections...)
		out = append(out, f.Jobs...)
	}
	return out
}

// Workflows returns the analysed workflows in path order.
func (r *Repo) Workflows() []*workflow.Workflow {
	var out []*workflow.Workflow
	for _, f := range r.Files {
		if f.Workflow != nil {
			out = append(out, f.Workflow)
		}
	}
	return out
}
