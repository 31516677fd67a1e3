// Package facts holds what several rules derive from the same values —
// endpoints, for now — computed once per scan and shared, so that a
// repository's values are parsed for hosts once, not once per rule.
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
