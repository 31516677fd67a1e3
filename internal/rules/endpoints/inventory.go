// Package endpoints holds the rules about production infrastructure seen
// from non-production configuration: production endpoints and production
// cloud resources. Inventory, the list of what production uses, is shared
// with the developer-tooling rule.
package endpoints

import (
	"strconv"
	"strings"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/rules/facts"
	"github.com/envfence/envfence/internal/values"
)

// Inventory is what the repository shows production using: hosts and
// cloud resources of production scopes.
type Inventory struct {
	cls       *envmodel.Classifier
	hosts     map[string]model.Value // host → first production value using it
	resources map[string]model.Value // kind:id → first production value using it
	// nonProdUsers are the non-production environments that use each
	// resource: one that production and two or more other environments
	// use alike is shared platform (a state bucket, an image registry's
	// account), not production's.
	nonProdUsers map[string]map[envmodel.Env]bool
	orgDomains   map[string]bool // registrable domains with environment-named hosts
}

// NewInventory returns the repository's inventory, built once per scan
// for all the rules that use it.
func NewInventory(repo *model.Repo) *Inventory {
	return repo.Derived("endpoints.Inventory", func(r *model.Repo) any { return buildInventory(r) }).(*Inventory)
}

// buildInventory reads every value of the repository once.
func buildInventory(repo *model.Repo) *Inventory {
	inv := &Inventory{cls: repo.Classifier, hosts: map[string]model.Value{}, resources: map[string]model.Value{},
		nonProdUsers: map[string]map[envmodel.Env]bool{}, orgDomains: map[string]bool{}}
	for _, f := range repo.Files {
		lists := accountLists(repo, f)
		for _, v := range f.Values {
			inv.learn(repo, v, lists)
		}
	}
	return inv
}

// accountKinds are the resources that are whole accounts.
var accountKinds = map[string]bool{values.KindAWSAccount: true, values.KindGCPProject: true, values.KindAzureSubscription: true}

// accountLists returns the lists of a file (by parent path) whose items
// name two or more accounts: allow-lists and trust policies that name every
// environment's account, which make none of them production's.
func accountLists(repo *model.Repo, f *model.File) map[string]bool {
	ids := map[string]map[string]bool{}
	for _, v := range f.Values {
		parent, item := listParent(v)
		if !item {
			continue
		}
		for _, r := range facts.Resources(repo, v) {
			if accountKinds[r.Kind] {
				if ids[parent] == nil {
					ids[parent] = map[string]bool{}
				}
				ids[parent][r.ID] = true
			}
		}
	}
	out := map[string]bool{}
	for p, set := range ids {
		if len(set) >= 2 {
			out[p] = true
		}
	}
	return out
}

// listParent returns the parent of a list item's path, and whether the
// value is a list item.
func listParent(v model.Value) (string, bool) {
	n := len(v.Path)
	if n == 0 {
		return "", false
	}
	if _, err := strconv.Atoi(v.Path[n-1]); err != nil {
		return "", false
	}
	return strconv.Itoa(v.Doc) + "\x00" + strings.Join(v.Path[:n-1], "\x00"), true
}

func (inv *Inventory) learn(repo *model.Repo, v model.Value, accountLists map[string]bool) {
	for _, e := range facts.Endpoints(repo, v) {
		if providesOrgDomain(inv.cls, e.Host) {
			inv.orgDomains[registrable(e.Host)] = true
		}
		if v.Scope.Env != envmodel.Production {
			continue
		}
		if _, seen := inv.hosts[e.Host]; !seen {
			inv.hosts[e.Host] = v
		}
	}
	if v.Scope.Env != envmodel.Production && !v.Scope.Env.IsNonProd() {
		return
	}
	for _, r := range facts.Resources(repo, v) {
		if r.Kind == values.KindAWSProfile || r.Kind == values.KindK8sNamespace {
			continue // local to a machine or a cluster: only a production name counts
		}
		k := r.Kind + ":" + r.ID
		if parent, item := listParent(v); item && accountKinds[r.Kind] && accountLists[parent] {
			continue
		}
		if v.Scope.Env.IsNonProd() {
			if inv.nonProdUsers[k] == nil {
				inv.nonProdUsers[k] = map[envmodel.Env]bool{}
			}
			inv.nonProdUsers[k][v.Scope.Env] = true
		} else if _, seen := inv.resources[k]; !seen {
			inv.resources[k] = v
		}
	}
}

// ProductionHost decides whether host is a production endpoint. It returns
// why, and the production value that uses it when there is one.
func (inv *Inventory) ProductionHost(host string) (why string, where *model.Value, ok bool) {
	h := strings.ToLower(host)
	if byNameAlone(h) {
		// Local, example and public hosts are nobody's production, and a
		// provider's live endpoint is live-key-in-nonprod's to report.
		return "", nil, false
	}
	d, named := inv.cls.Host(h)
	if named && d.Env != envmodel.Production {
		return "", nil, false
	}
	use, used := inv.hosts[h]
	if named {
		if used {
			return d.Reason, &use, true
		}
		return d.Reason, nil, true
	}
	if used && inv.ownInfrastructure(h) && !values.IsClusterRelative(h) {
		return "production uses it", &use, true
	}
	return "", nil, false
}

// ownInfrastructure reports hosts that are the organisation's: private
// addresses, managed data stores, internal names and organisation domains.
func (inv *Inventory) ownInfrastructure(h string) bool {
	if values.IsPlatformHost(h) {
		return values.IsPlatformAppHost(h) // an app of production's, not the platform's API
	}
	return values.IsPrivateIP(h) || values.IsManagedDataHost(h) || values.IsInternalDomain(h) || inv.orgDomains[registrable(h)]
}

// ProductionResource decides whether a cloud resource is production's.
// A resource production uses is production's unless production and at
// least two other environments use it alike; one whose name says
// production is production's however many use it.
func (inv *Inventory) ProductionResource(r values.Resource) (why string, where *model.Value, ok bool) {
	k := r.Kind + ":" + r.ID
	use, used := inv.resources[k]
	if d, named := inv.cls.Name(r.ID); named && d.Env == envmodel.Production {
		if used {
			return d.Reason, &use, true
		}
		return d.Reason, nil, true
	}
	if used && len(inv.nonProdUsers[k]) < 2 {
		return "production uses it", &use, true
	}
	return "", nil, false
}

// providesOrgDomain reports a host named for an environment that makes its
// registrable domain the organisation's: not one on a shared hosting
// platform, where the name is one customer's app.
func providesOrgDomain(cls *envmodel.Classifier, host string) bool {
	_, named := cls.Host(host)
	return named && !values.IsPlatformHost(host)
}

// registrable approximates the registrable domain: the last two labels.
func registrable(host string) string {
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return host
	}
	return strings.Join(labels[len(labels)-2:], ".")
}

// NonProd lists the values of development, test and staging scopes.
func NonProd(repo *model.Repo) []model.Value {
	var out []model.Value
	for _, f := range repo.Files {
		for _, v := range f.Values {
			if v.Scope.Env.IsNonProd() {
				out = append(out, v)
			}
		}
	}
	return out
}

// at locates a finding at a span of a value given in code points.
func at(v model.Value, offset, length int) finding.Finding {
	f := rule.At(v)
	r := v.Range
	if r.Start.Line == r.End.Line && length > 0 {
		start := r.Start.Col + offset
		if v.Quoted {
			start++
		}
		if start+length <= r.End.Col {
			f.Column, f.EndColumn = start, start+length
		}
	}
	return f
}

// related describes where production uses something.
func related(where *model.Value) []finding.Location {
	if where == nil {
		return []finding.Location{}
	}
	return []finding.Location{rule.LocationOf(*where, "production uses it here")}
}
