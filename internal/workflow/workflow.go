// Package workflow analyses GitHub Actions workflows, parsed with
// github.com/rhysd/actionlint, into what the workflow rules need: each
// job's environment and the reason for it, its deploy steps and their
// targets, the secrets it references, its triggers and needs graph, and the
// literal env:/with: values that the config rules check like any config.
package workflow

import (
	"strings"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/parse"
)

// Namer classifies names by their environment tokens
// (*envmodel.Classifier implements it).
type Namer interface {
	Name(string) (envmodel.Decision, bool)
}

// Workflow is one analysed workflow file.
type Workflow struct {
	Path     string
	Name     string
	Triggers []Trigger
	Jobs     []*Job
	// Reusable is true for workflows other workflows call (workflow_call).
	Reusable bool
	// Inputs are workflow_dispatch and workflow_call inputs by name.
	Inputs map[string]Input
	// Values are the literal values of the workflow-level env: block.
	Values []parse.Entry
	// Problems are what actionlint could not parse, in envfence's words.
	Problems []string
}

// Trigger is one event of on:.
type Trigger struct {
	Event     string
	Branches  []string // branches filter; empty means none
	Tags      []string
	Workflows []string // workflow_run's workflows
	Types     []string
	Pos       parse.Pos
}

// Input is a workflow_dispatch or workflow_call input.
type Input struct {
	Type string // string, choice, environment, boolean, number, or ""
	Pos  parse.Pos
	// Call marks an input of workflow_call only: its value comes from the
	// calling jobs, where it is judged.
	Call bool
}

// Passed is what a calling job passes to one input of a reusable workflow.
type Passed struct {
	Literal bool     // a literal value
	Inputs  []string // the caller's own inputs the value is built from
	Pos     parse.Pos
}

// Job is one job with what the rules need to know about it.
type Job struct {
	ID   string
	Pos  parse.Pos // the job's key
	Name string
	// Environment is the job's environment: key, or nil.
	Environment *EnvRef
	Needs       []string
	If          string
	Deploys     []Deploy
	Secrets     []SecretRef
	Values      []parse.Entry
	// Uses is the reusable workflow a job calls, or "".
	Uses           string
	UsesPos        parse.Pos
	InheritSecrets bool
	// With is what the job passes to the called workflow's inputs, by
	// lower-case input name.
	With map[string]Passed
	// PassedEnv is the environment a literal the job passes to a called
	// workflow names (with: environment: production), for a callee whose
	// deploy takes its target from its inputs.
	PassedEnv envmodel.Decision
	RunsTests bool
	// cloudLogin is set once a step has obtained cloud credentials.
	cloudLogin bool
	// Env is the job's environment and why.
	Env envmodel.Decision
	// Callee is the called workflow when it is in this repository (Link).
	Callee *Workflow
}

// EnvRef is a job's environment: key.
type EnvRef struct {
	Name string // as written; may contain ${{ }}
	Pos  parse.Pos
	// FromExpression is true when the name is computed; Inputs then names
	// the inputs it is built from.
	FromExpression bool
	Inputs         []string
}

// Deploy is a step that deploys.
type Deploy struct {
	What   string // "helm upgrade", "azure/webapps-deploy"
	Pos    parse.Pos
	Target string // the command or inputs that say where to; never secret values
	Env    envmodel.Decision
	// Guarded is set when the step's if: runs it only for pushes to the
	// default branch or for tags (GuardedToDefaultBranch).
	Guarded bool
}

// GuardedToDefaultBranch reports an if: condition that runs its job or
// step only for pushes, the default branch or tags.
func GuardedToDefaultBranch(cond string) bool {
	c := strings.ReplaceAll(cond, " ", "")
	for _, g := range []string{"github.event_name=='push'", "github.ref=='refs/heads/main'", "github.ref=='refs/heads/master'",
		"github.event.ref=='refs/heads/main'", "github.event.ref=='refs/heads/master'", "startsWith(github.ref,'refs/tags/"} {
		if strings.Contains(c, g) {
			return true
		}
	}
	return false
}

// OnlyGuardedDeploys reports a job whose every deploy step is guarded to
// the default branch, directly or in the workflow it calls.
func (j *Job) OnlyGuardedDeploys() bool {
	if len(j.Deploys) > 0 {
		for _, d := range j.Deploys {
			if !d.Guarded {
				return false
			}
		}
		return true
	}
	if j.Callee == nil {
		return false
	}
	found := false
	for _, cj := range j.Callee.Jobs {
		if len(cj.Deploys) == 0 {
			continue
		}
		if !cj.OnlyGuardedDeploys() && !GuardedToDefaultBranch(cj.If) {
			return false
		}
		found = true
	}
	return found
}

// SecretRef is a reference to a secret in an expression.
type SecretRef struct {
	Name  string // as written: PROD_DB_PASSWORD
	Range parse.Range
	Where string // run, env, with, if, secrets, credentials
}
