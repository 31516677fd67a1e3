package evidence

import (
	"slices"
	"sort"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rules/facts"
	"github.com/envfence/envfence/internal/values"
)

// Architecture is the environments the repository shows, and where they
// touch.
type Architecture struct {
	Environments []Environment `json:"environments"`
	// Unclassified counts the files read that belong to no environment.
	Unclassified int `json:"unclassified_files"`
	// Touches counts the findings that join two environments.
	Touches []Pair `json:"touches"`
}

// Environment is one environment and what belongs to it. Hosts and
// resources are names, never values.
type Environment struct {
	Name string `json:"name"`
	// Files counts the files with a scope in the environment (the whole
	// file, a section or a job): the files Paths lists.
	Files     int        `json:"files"`
	Sections  int        `json:"sections"`
	Jobs      int        `json:"jobs"`
	Paths     []string   `json:"paths"`
	Hosts     []string   `json:"hosts"`
	Resources []Resource `json:"resources"`
}

// Resource is a cloud resource identifier by kind.
type Resource struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// Pair counts findings of one rule that join two environments (To is ""
// for a finding about one environment alone).
type Pair struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Rule  string `json:"rule"`
	Count int    `json:"count"`
}

// envOrder ranks environments, most production-like first.
var envOrder = map[string]int{"production": 0, "shared": 1, "staging": 2, "test": 3, "development": 4}

func envLess(a, b string) bool {
	ra, oka := envOrder[a]
	rb, okb := envOrder[b]
	switch {
	case oka && okb:
		return ra < rb
	case oka != okb:
		return oka
	}
	return a < b
}

// architecture lists every environment with its scopes, hosts and
// resources.
func architecture(repo *model.Repo, findings []finding.Finding) *Architecture {
	byEnv := map[string]*Environment{}
	get := func(e envmodel.Env) *Environment {
		name := string(e)
		if byEnv[name] == nil {
			byEnv[name] = &Environment{Name: name, Paths: []string{}, Hosts: []string{}, Resources: []Resource{}}
		}
		return byEnv[name]
	}
	a := &Architecture{Environments: []Environment{}}
	for _, f := range repo.Files {
		if f.Stub {
			continue
		}
		inFile := map[envmodel.Env]bool{}
		if f.Scope.Env != "" {
			inFile[f.Scope.Env] = true
		}
		for _, s := range f.Sections {
			if s.Env != "" {
				get(s.Env).Sections++
				inFile[s.Env] = true
			}
		}
		for _, s := range f.Jobs {
			if s.Env != "" {
				get(s.Env).Jobs++
				inFile[s.Env] = true
			}
		}
		if len(inFile) == 0 {
			a.Unclassified++
		}
		for e := range inFile {
			get(e).Paths = append(get(e).Paths, f.Path)
		}
		learnValues(repo, f, get)
	}
	for _, e := range byEnv {
		sort.Strings(e.Paths)
		e.Files = len(e.Paths) // the files with a scope in it, as listed
		e.Hosts = sortedUnique(e.Hosts)
		e.Resources = uniqueResources(e.Resources)
		a.Environments = append(a.Environments, *e)
	}
	sort.Slice(a.Environments, func(i, j int) bool { return envLess(a.Environments[i].Name, a.Environments[j].Name) })
	a.Touches = pairs(findings, func(f finding.Finding) bool { return f.Environment != "" && len(touched(f)) > 0 }, false)
	return a
}

// learnValues adds the hosts and resources a file's values name to their
// scopes' environments. Local and example hosts say nothing.
func learnValues(repo *model.Repo, f *model.File, get func(envmodel.Env) *Environment) {
	for _, v := range f.Values {
		if v.Scope == nil || v.Scope.Env == "" {
			continue
		}
		for _, ep := range facts.Endpoints(repo, v) {
			if ep.Host != "" && !values.IsLocalHost(ep.Host) && !values.IsReservedExample(ep.Host) {
				e := get(v.Scope.Env)
				e.Hosts = append(e.Hosts, ep.Host)
			}
		}
		for _, r := range facts.Resources(repo, v) {
			e := get(v.Scope.Env)
			e.Resources = append(e.Resources, Resource{Kind: r.Kind, ID: r.ID})
		}
	}
}

func sortedUnique(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

func uniqueResources(rs []Resource) []Resource {
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].Kind != rs[j].Kind {
			return rs[i].Kind < rs[j].Kind
		}
		return rs[i].ID < rs[j].ID
	})
	out := rs[:0]
	for i, r := range rs {
		if i == 0 || r != rs[i-1] {
			out = append(out, r)
		}
	}
	return out
}

// touched returns the other environments a finding involves.
func touched(f finding.Finding) []string {
	var out []string
	for _, r := range f.Related {
		if r.Environment != "" && r.Environment != f.Environment && !slices.Contains(out, r.Environment) {
			out = append(out, r.Environment)
		}
	}
	sort.Slice(out, func(i, j int) bool { return envLess(out[i], out[j]) })
	return out
}

// pairs counts the findings keep selects by rule and environment pair.
// With aboutProduction, a finding in a non-production scope that names no
// other environment is about production: the data rules report
// production's credentials, hosts and keys where they do not belong.
func pairs(findings []finding.Finding, keep func(finding.Finding) bool, aboutProduction bool) []Pair {
	counts := map[Pair]int{}
	for _, f := range findings {
		if !keep(f) {
			continue
		}
		others := touched(f)
		switch {
		case len(others) > 0:
		case aboutProduction && f.Environment != "" && f.Environment != string(envmodel.Production):
			others = []string{string(envmodel.Production)}
		default:
			others = []string{""}
		}
		for _, to := range others {
			counts[Pair{From: f.Environment, To: to, Rule: f.Rule}]++
		}
	}
	out := []Pair{}
	for p, n := range counts {
		p.Count = n
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.From != b.From:
			return envLess(a.From, b.From)
		case a.To != b.To:
			return envLess(a.To, b.To)
		}
		return a.Rule < b.Rule
	})
	return out
}
