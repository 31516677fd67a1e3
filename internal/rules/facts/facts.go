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
	return perValue(repo, "facts.endpoints", func(v model.Value) []values.Endpoint {
		return values.Endpoints(v.Key(), v.Value)
	})[v.Entry]
}

// Resources returns the cloud resources a value of repo names.
func Resources(repo *model.Repo, v model.Value) []values.Resource {
	return perValue(repo, "facts.resources", func(v model.Value) []values.Resource {
		return values.Resources(v.ResourceKey(), v.Value)
	})[v.Entry]
}

// perValue derives facts from every value of repo once per scan, under key.
func perValue[T any](repo *model.Repo, key string, derive func(model.Value) []T) map[*parse.Entry][]T {
	return repo.Derived(key, func(r *model.Repo) any {
		m := map[*parse.Entry][]T{}
		for _, f := range r.Files {
			for _, v := range f.Values {
				if got := derive(v); len(got) > 0 {
					m[v.Entry] = got
				}
			}
		}
		return m
	}).(map[*parse.Entry][]T)
}
