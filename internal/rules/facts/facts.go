// Package facts holds what several rules derive from the same values —
// endpoints and cloud resources — computed once per scan and shared, so
// that a repository's values are parsed for hosts once, not once per rule.
package facts

import (
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/parse"
	"github.com/envfence/envfence/internal/values"
)

// Endpoints returns the endpoints of a value of repo.
func Endpoints(repo *model.Repo, v model.Value) []values.Endpoint {
	return endpointIndex(repo)[v.Entry]
}

func endpointIndex(repo *model.Repo) map[*parse.Entry][]values.Endpoint {
	return repo.Derived("facts.endpoints", func(r *model.Repo) any {
		m := map[*parse.Entry][]values.Endpoint{}
		for _, f := range r.Files {
			for _, v := range f.Values {
				if eps := values.Endpoints(v.Key(), v.Value); len(eps) > 0 {
					m[v.Entry] = eps
				}
			}
		}
		return m
	}).(map[*parse.Entry][]values.Endpoint)
}

// Resources returns the cloud resources a value of repo names.
func Resources(repo *model.Repo, v model.Value) []values.Resource {
	return resourceIndex(repo)[v.Entry]
}

func resourceIndex(repo *model.Repo) map[*parse.Entry][]values.Resource {
	return repo.Derived("facts.resources", func(r *model.Repo) any {
		m := map[*parse.Entry][]values.Resource{}
		for _, f := range r.Files {
			for _, v := range f.Values {
				if rs := values.Resources(v.ResourceKey(), v.Value); len(rs) > 0 {
					m[v.Entry] = rs
				}
			}
		}
		return m
	}).(map[*parse.Entry][]values.Resource)
}
