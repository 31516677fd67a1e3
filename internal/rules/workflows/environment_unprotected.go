package workflows

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strings"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/ghapi"
	"github.com/envfence/envfence/internal/rule"
)

//go:embed doc/environment-unprotected.md
var unprotectedDoc string

// EnvironmentLookup reads a repository's environments; *ghapi.Client
// implements it. The rule gets one through rule.Pass.Context.
type EnvironmentLookup interface {
	Environment(ctx context.Context, name string) (*ghapi.Environment, error)
}

// EnvironmentUnprotected reports production environments that deploy jobs
// use and that GitHub does not protect.
var EnvironmentUnprotected = &rule.Rule{
	ID:       "environment-unprotected",
	Summary:  "a production environment on GitHub without required reviewers, wait timer, custom rule or branch policy",
	Evidence: rule.Access,
	Doc:      unprotectedDoc,
	Severity: finding.Error,
	Online:   true,
	Reach:    rule.OwnFile,
	Together: workflowKinds,
	Run:      runUnprotected,
}

func runUnprotected(pass *rule.Pass) error {
	api, ok := pass.Context.(EnvironmentLookup)
	if !ok {
		return nil // offline: the rule needs a token
	}
	checked := map[string]*ghapi.Environment{}
	failed := map[string]bool{}
	for _, r := range jobs(pass.Repo) {
		env := r.job.Environment
		if env == nil || env.FromExpression || !r.deploysToProduction() || failed[env.Name] {
			continue
		}
		ge, seen := checked[env.Name]
		if !seen {
			var err error
			ge, err = api.Environment(context.Background(), env.Name)
			switch {
			case errors.Is(err, ghapi.ErrNotFound):
				ge = nil
			case errors.Is(err, ghapi.ErrForbidden):
				pass.Note(r.file.Path, fmt.Sprintf("cannot read environment %q: the token lacks the \"actions: read\" permission", env.Name))
				failed[env.Name] = true
				continue
			case err != nil:
				pass.Note(r.file.Path, fmt.Sprintf("cannot read environment %q: %v", env.Name, err))
				failed[env.Name] = true
				continue
			}
			checked[env.Name] = ge
		}
		for _, f := range unprotectedFindings(r, env.Name, ge) {
			pass.Report(f)
		}
	}
	return nil
}

// unprotectedFindings judges one environment for one job.
func unprotectedFindings(r jobRef, name string, ge *ghapi.Environment) []finding.Finding {
	at := func(msg string, sev finding.Severity, key string) finding.Finding {
		f := r.atJob(msg)
		p := r.job.Environment.Pos
		f.Line, f.Column, f.EndLine, f.EndColumn = p.Line, p.Col, p.Line, p.Col+len([]rune(name))
		f.Severity, f.Key = sev, "environment:"+name+":"+key
		return f
	}
	if ge == nil {
		return []finding.Finding{at(fmt.Sprintf("environment %q does not exist on GitHub: job %s's first deploy creates it without any protection", name, r.job.ID), finding.Error, "missing")}
	}
	var out []finding.Finding
	var gates []string
	for _, pr := range ge.ProtectionRules {
		switch pr.Type {
		case "required_reviewers":
			if len(pr.Reviewers) > 0 {
				gates = append(gates, "required reviewers")
			}
		case "wait_timer":
			if pr.WaitTimer > 0 {
				gates = append(gates, "wait timer")
			}
		case "branch_policy":
		default:
			gates = append(gates, "custom rule "+pr.Type)
		}
	}
	if len(gates) == 0 {
		out = append(out, at(fmt.Sprintf("environment %q has no required reviewers, wait timer or custom protection rule: job %s deploys to production unapproved", name, r.job.ID), finding.Error, "gates"))
	}
	if ge.BranchPolicy == nil {
		out = append(out, at(fmt.Sprintf("environment %q has no deployment branch policy: any branch can deploy to production", name), finding.Error, "branches"))
	}
	if ge.CanAdminsBypass == nil || *ge.CanAdminsBypass {
		if len(gates) > 0 {
			out = append(out, at(fmt.Sprintf("environment %q lets administrators bypass its protection rules (%s)", name, strings.Join(gates, ", ")), finding.Warning, "bypass"))
		}
	}
	return out
}
