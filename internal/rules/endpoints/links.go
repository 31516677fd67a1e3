package endpoints

import (
	"strings"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/rules/facts"
	"github.com/envfence/envfence/internal/values"
)

// Links relates files through what the inventory compares (rule.Linked):
// the files that use one host, the files that name one cloud resource,
// and — for the organisation's domains — every file with a host in a
// domain that some file names for an environment.
func Links(repo *model.Repo, f *model.File) []rule.Link {
	var out []rule.Link
	for _, v := range f.Values {
		for _, e := range facts.Endpoints(repo, v) {
			out = append(out, HostLinks(repo.Classifier, e.Host)...)
		}
		for _, r := range facts.Resources(repo, v) {
			if r.Kind == values.KindAWSProfile || r.Kind == values.KindK8sNamespace {
				continue // judged by name alone, never by the inventory
			}
			out = append(out, rule.SameKey("resource:"+r.Kind+":"+r.ID))
		}
	}
	return out
}

// HostLinks are the links of one host, as Inventory reads it: the host
// relates its users unless ProductionHost decides it by its name alone;
// a host named for an environment makes its domain the organisation's.
func HostLinks(cls *envmodel.Classifier, host string) []rule.Link {
	h := strings.ToLower(host)
	domain := "domain:" + registrable(h)
	var out []rule.Link
	d, named := cls.Host(h)
	if named {
		out = append(out, rule.Provider(domain))
	}
	if byNameAlone(h) || named && d.Env != envmodel.Production {
		return out
	}
	return append(out, rule.SameKey("host:"+h), rule.User(domain))
}

// byNameAlone reports the hosts ProductionHost rules out without the
// inventory.
func byNameAlone(h string) bool {
	if values.IsLocalHost(h) || values.IsReservedExample(h) || values.IsPublicService(h) {
		return true
	}
	_, provider := values.ProviderHost(h)
	return provider
}
