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

// A production file provides keys and a shared scope needs one of them:
// its project's or, at the top of the repository, any. A compose base file
// is stricter (compose.yaml in a directory of sample stacks, a development
// stack beside an Ansible deploy): production loads it only when a
// production compose file in its directory builds on it.

// ProvidedKeys are the keys a production file at path provides.
func ProvidedKeys(path string) []string {
	keys := []string{"project:" + Project(path), "project:*"}
	if isComposeName(pathBase(path)) {
		keys = append(keys, "compose:"+pathDir(path))
	}
	return keys
}

// NeededKeys are the keys of which a shared scope of path needs one to be
// loaded by production.
func NeededKeys(path string) []string {
	base := strings.ToLower(pathBase(path))
	switch {
	case isComposeName(base):
		return []string{"compose:" + pathDir(path)}
	case Project(path) == "":
		return []string{"project:*"}
	}
	return []string{"project:" + Project(path), "project:"}
}

// SharedLoaded reports whether a shared scope of path is loaded by
// production, given the keys production files provide.
func SharedLoaded(path string, provided map[string]bool) bool {
	for _, k := range NeededKeys(path) {
		if provided[k] {
			return true
		}
	}
	return false
}

// isComposeName reports docker-compose*.y(a)ml and compose*.y(a)ml files.
func isComposeName(base string) bool {
	base = strings.ToLower(base)
	return (strings.HasPrefix(base, "docker-compose") || strings.HasPrefix(base, "compose")) &&
		(strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml"))
}

func pathBase(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

func pathDir(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

// Unload turns a shared decision into none, saying why.
func Unload(d Decision, path string) Decision {
	where := "no production configuration in this repository loads it"
	switch {
	case isComposeName(pathBase(path)):
		where = "no production compose file beside it builds on it"
	case Project(path) != "":
		where = "no production configuration in " + Project(path) + "/ loads it"
	}
	return Decision{Env: None, Unloaded: true, Reason: fmt.Sprintf("%s, but %s", d.Reason, where)}
}
