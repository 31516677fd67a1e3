package credentials

import (
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
func productionSettings(repo *model.Repo) map[string]bool {
	return repo.Derived("credentials.productionSettings", func(r *model.Repo) any {
		out := map[string]bool{}
		for _, f := range r.Files {
			mapping := envmodel.IsEnvironmentMapping(f.Path)
			for _, v := range f.Values {
				if (v.Scope.Env == envmodel.Production || mapping) && values.IsCredentialKey(v.Key()) {
					out[settingKey(v)] = true
				}
			}
		}
		return out
	}).(map[string]bool)
}

// overriddenInProduction reports a shared value whose setting production
// sets itself.
func overriddenInProduction(repo *model.Repo, v model.Value) bool {
	return v.Scope.Env == envmodel.Shared && productionSettings(repo)[settingKey(v)]
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
