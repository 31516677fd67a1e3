package evidence

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/envfence/envfence/internal/ghapi"
	"github.com/envfence/envfence/internal/rules/owners"
	"github.com/envfence/envfence/internal/rules/workflows"
)

// Access is who can change production and who approves its deploys.
type Access struct {
	CodeOwners CodeOwners `json:"codeowners"`
	// DeployJobs are the jobs that deploy to production.
	DeployJobs []DeployJob `json:"production_deploy_jobs"`
	// Environments are the GitHub environments those jobs name, with
	// their protection when it was read.
	Environments []Protection `json:"environments"`
	// Hook is the server hook's policy, when its configuration was given.
	Hook *HookPolicy `json:"hook,omitempty"`
}

// CodeOwners is the CODEOWNERS coverage of production files.
type CodeOwners struct {
	File            string       `json:"file"` // "" when there is none
	Template        bool         `json:"project_template"`
	ProductionFiles int          `json:"production_files"`
	Owned           []OwnerGroup `json:"owned"`
	Unowned         []string     `json:"unowned"`
}

// OwnerGroup is the production files one set of owners guards.
type OwnerGroup struct {
	Owners []string `json:"owners"`
	Where  []string `json:"rules"` // the CODEOWNERS lines or OWNERS files
	Paths  []string `json:"paths"`
}

// DeployJob is a production deploy job and the environment it names.
type DeployJob struct {
	Path        string `json:"path"`
	Job         string `json:"job"`
	Line        int    `json:"line"`
	Environment string `json:"environment"` // as written; "" for none
}

// Protection is a GitHub environment's protection as the API returned it.
type Protection struct {
	Name string `json:"name"`
	// Read is false when it was not read; Why says why.
	Read bool   `json:"read"`
	Why  string `json:"why,omitempty"`
	// Exists is false when GitHub has no such environment: the first
	// deploy creates it unprotected.
	Exists       bool     `json:"exists"`
	Reviewers    int      `json:"required_reviewers"`
	WaitMinutes  int      `json:"wait_timer_minutes"`
	CustomRules  []string `json:"custom_rules"`
	BranchPolicy string   `json:"branch_policy"` // "protected branches", "selected branches", "any branch"
	AdminsBypass bool     `json:"admins_can_bypass"`
}

// HookPolicy is what the server's pre-receive hook enforces.
type HookPolicy struct {
	FailOn        string   `json:"fail_on"`
	Deadline      string   `json:"deadline"`
	OnTimeout     string   `json:"on_timeout"`
	OnError       string   `json:"on_error"`
	Bypass        bool     `json:"bypass"`
	BypassUsers   []string `json:"bypass_users"`
	BypassAudited bool     `json:"bypass_audit_log"`
	// RepositoryMay lists what a repository's own .envfence.yml may
	// change: environments, ignore, exclude, relax-rules.
	RepositoryMay []string `json:"repository_may"`
}

// codeOwners groups production files by their owners.
func codeOwners(cov owners.Coverage) CodeOwners {
	co := CodeOwners{File: cov.File, Template: cov.Template, ProductionFiles: len(cov.Files), Owned: []OwnerGroup{}, Unowned: []string{}}
	groups := map[string]*OwnerGroup{}
	var keys []string
	for _, f := range cov.Files {
		if len(f.Owners) == 0 {
			co.Unowned = append(co.Unowned, f.Path)
			continue
		}
		k := strings.Join(f.Owners, " ")
		g := groups[k]
		if g == nil {
			g = &OwnerGroup{Owners: f.Owners}
			groups[k] = g
			keys = append(keys, k)
		}
		g.Paths = append(g.Paths, f.Path)
		if !slices.Contains(g.Where, f.Where) {
			g.Where = append(g.Where, f.Where)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		co.Owned = append(co.Owned, *groups[k])
	}
	return co
}

// deployJobs lists the production deploy jobs.
func deployJobs(ps []workflows.Promotion) []DeployJob {
	out := []DeployJob{}
	for _, p := range ps {
		if !p.Production {
			continue
		}
		d := DeployJob{Path: p.Path, Job: p.Job.ID, Line: p.Job.Pos.Line}
		if p.Job.Environment != nil {
			d.Environment = p.Job.Environment.Name
		}
		out = append(out, d)
	}
	return out
}

// protections reads the protection of each environment production deploy
// jobs name. lookup is nil offline; why says why.
func protections(ps []workflows.Promotion, lookup workflows.EnvironmentLookup, why string) []Protection {
	names := map[string]bool{}
	for _, p := range ps {
		if p.Production && p.Job.Environment != nil && !p.Job.Environment.FromExpression {
			names[p.Job.Environment.Name] = true
		}
	}
	var sorted []string
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	out := []Protection{}
	for _, n := range sorted {
		out = append(out, protection(n, lookup, why))
	}
	return out
}

func protection(name string, lookup workflows.EnvironmentLookup, why string) Protection {
	p := Protection{Name: name, CustomRules: []string{}}
	if lookup == nil {
		p.Why = why
		return p
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ge, err := lookup.Environment(ctx, name)
	switch {
	case errors.Is(err, ghapi.ErrNotFound):
		p.Read = true
		return p
	case errors.Is(err, ghapi.ErrForbidden):
		p.Why = `the token cannot read environments: it needs the "actions: read" permission`
		return p
	case err != nil:
		p.Why = "GitHub API: " + err.Error()
		return p
	}
	p.Read, p.Exists = true, true
	for _, r := range ge.ProtectionRules {
		switch r.Type {
		case "required_reviewers":
			p.Reviewers += len(r.Reviewers)
		case "wait_timer":
			p.WaitMinutes = r.WaitTimer
		case "branch_policy":
		default:
			p.CustomRules = append(p.CustomRules, r.Type)
		}
	}
	switch {
	case ge.BranchPolicy == nil:
		p.BranchPolicy = "any branch"
	case ge.BranchPolicy.ProtectedBranches:
		p.BranchPolicy = "protected branches"
	default:
		p.BranchPolicy = "selected branches"
	}
	p.AdminsBypass = ge.CanAdminsBypass == nil || *ge.CanAdminsBypass
	return p
}
