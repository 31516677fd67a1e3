package credentials

import (
	"slices"
	"strings"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/values"
)

// A literal in shared configuration is production's only if production
// does not set the same setting itself: application.yml's
// spring.datasource.password is loaded by production unless
// application-prod.yml sets spring.datasource.password (to ${DB_PASSWORD},
// say). A setting is named by its last two keys, inside its project.

// settingKey names the setting a value sets, within its project.
func settingKey(v model.Value) string {
	p := v.Path
	if v.Label != "" {
		p = []string{v.Label}
	}
	if len(p) > 2 {
		p = p[len(p)-2:]
	}
	return envmodel.Project(v.File.Path) + "\x00" + strings.ToLower(strings.Join(p, "."))
}

// productionSettings returns the credential settings that production
// scopes set, whatever their values, and those node-config's
// custom-environment-variables maps to a variable that deployed
// environments set, computed once per scan.
// Each setting maps to the link targets of the files that set it ("" for
// a file that is no link).
func productionSettings(repo *model.Repo) map[string][]string {
	return repo.Derived("credentials.productionSettings", func(r *model.Repo) any {
		out := map[string][]string{}
		for _, f := range r.Files {
			mapping := envmodel.IsEnvironmentMapping(f.Path)
			for _, v := range f.Values {
				if (v.Scope.Env == envmodel.Production || mapping) && values.IsCredentialKey(v.Key()) {
					k := settingKey(v)
					out[k] = append(out[k], f.LinkTarget)
				}
			}
		}
		return out
	}).(map[string][]string)
}

// overriddenInProduction reports a shared value whose setting production
// sets itself, other than by linking the very file the value is in.
func overriddenInProduction(repo *model.Repo, v model.Value) bool {
	if v.Scope.Env != envmodel.Shared {
		return false
	}
	return slices.ContainsFunc(productionSettings(repo)[settingKey(v)], func(target string) bool { return target != v.File.Path })
}

// linkedIntoProduction reports a file that a production file is a link
// to: production reads it through the link, and findings about
// production's values are made there.
func linkedIntoProduction(repo *model.Repo, f *model.File) bool {
	targets := repo.Derived("credentials.linkedIntoProduction", func(r *model.Repo) any {
		out := map[string]bool{}
		for _, g := range r.Files {
			if g.LinkTarget != "" && g.Scope.Env == envmodel.Production {
				out[g.LinkTarget] = true
			}
		}
		return out
	}).(map[string]bool)
	return targets[f.Path]
}

// overrideLinks relate the files that set one credential setting, so that
// the hook reads them all when one changes. Every environment counts: a
// base file becomes shared, and its literal overridable, only once a
// production file appears beside it, and the file that overrides it may
// be a node-config mapping that is no environment's.
func overrideLinks(repo *model.Repo, f *model.File) []rule.Link {
	var out []rule.Link
	for _, v := range f.Values {
		if values.IsCredentialKey(v.Key()) {
			out = append(out, rule.SameKey("setting:"+settingKey(v)))
		}
	}
	return out
}
