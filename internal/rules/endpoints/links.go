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
			// The inventory learns its organisation domains from values
			// alone: only they provide one.
			if providesOrgDomain(repo.Classifier, e.Host) {
				out = append(out, rule.Provider(domainKey(e.Host)))
			}
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

// HostLinks are the links of a host that ProductionHost is asked about:
// the host relates the files that use it, and it depends on whether its
// domain is the organisation's, unless ProductionHost decides it by its
// name alone.
func HostLinks(cls *envmodel.Classifier, host string) []rule.Link {
	h := strings.ToLower(host)
	if d, named := cls.Host(h); byNameAlone(h) || named && d.Env != envmodel.Production || !named && values.IsClusterRelative(h) {
		return nil
	}
	return []rule.Link{rule.SameKey("host:" + h), rule.User(domainKey(h))}
}

// domainKey names the registrable domain of a host, as orgDomains keys it.
func domainKey(host string) string { return "domain:" + registrable(strings.ToLower(host)) }

// byNameAlone reports the hosts ProductionHost rules out without the
// inventory.
func byNameAlone(h string) bool {
	if values.IsLocalHost(h) || values.IsReservedExample(h) || values.IsPublicService(h) {
		return true
	}
	_, provider := values.ProviderHost(h)
	return provider
}
