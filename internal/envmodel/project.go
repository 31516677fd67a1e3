package envmodel

import (
	"fmt"
	"strings"
)

// Shared configuration is what every environment loads, production
// included (SPEC §3). A base file is only that when production exists
// beside it: a compose file in a directory of sample stacks, a chart's
// default values or a Terraform module library with no production
// configuration anywhere in its project is loaded by no production at all,
// so it has no environment. The project of a path is its top-level
// directory, unless that directory is one of the layout directories
// under which a repository spreads one system's environments (base/ and
// overlays/, modules/ and environments/, charts/ and deploy/): then the
// whole repository is the project.

// layoutDirs are top-level directories that split one system's
// configuration by environment or by layer rather than hold separate
// projects.
var layoutDirs = map[string]bool{
	"base": true, "bases": true, "overlays": true, "environments": true, "envs": true, "env": true,
	"modules": true, "deploy": true, "deployment": true, "deployments": true, "k8s": true, "kubernetes": true,
	"kustomize": true, "helm": true, "charts": true, "chart": true, "infra": true, "infrastructure": true,
	"terraform": true, "tf": true, "live": true, "stacks": true, "config": true, "configs": true, "conf": true,
	"settings": true, "src": true, "app": true, "apps": true, "services": true, "ops": true, "manifests": true,
	"_envcommon": true, "common": true, "shared": true, "group_vars": true, "host_vars": true, "inventories": true,
	"inventory": true, "ansible": true, "vars": true, "components": true, "platform": true,
}

// Project returns the project a path belongs to for SharedLoaded: its
// top-level directory, or "" for the whole repository.
func Project(path string) string {
	top, _, nested := strings.Cut(path, "/")
	if !nested || layoutDirs[strings.ToLower(top)] || strings.HasPrefix(top, ".") {
		return ""
	}
	return top
}

// SharedLoaded reports whether a shared scope of path is loaded by
// production, given the projects that hold production configuration
// (Project of each production file or section). A scope of the whole
// repository is loaded when production exists anywhere.
func SharedLoaded(path string, productionProjects map[string]bool) bool {
	p := Project(path)
	if p == "" {
		return len(productionProjects) > 0
	}
	return productionProjects[p] || productionProjects[""]
}

// Unload turns a shared decision into none, saying why.
func Unload(d Decision, path string) Decision {
	where := "this repository"
	if p := Project(path); p != "" {
		where = p + "/"
	}
	return Decision{Env: None, Unloaded: true, Reason: fmt.Sprintf("%s, but no production configuration in %s loads it", d.Reason, where)}
}
