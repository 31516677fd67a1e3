package envmodel

import (
	"fmt"
	"strings"
)

// baseNames are files that every environment loads: the shared scope
// (SPEC §3). They are shared only when no level of the path names an
// environment: deploy/uat/values.yaml is staging.
var baseNames = map[string]bool{
	".env": true, ".env.defaults": true, ".env.shared": true, ".env.common": true,
	"application.yml": true, "application.yaml": true, "application.properties": true,
	"bootstrap.yml": true, "bootstrap.yaml": true, "bootstrap.properties": true, "appsettings.json": true,
	"values.yaml": true, "values.yml": true, "helmfile.yaml": true, "helmfile.yml": true,
	"docker-compose.yml": true, "docker-compose.yaml": true, "compose.yml": true, "compose.yaml": true,
	"config.exs": true, "runtime.exs": true, "terraform.tfvars": true, "common.tfvars": true,
	"terragrunt.hcl": true, "root.hcl": true, "common.hcl": true,
	"pulumi.yaml": true, "serverless.yml": true, "serverless.yaml": true, "serverless.json": true,
	"netlify.toml": true, "wrangler.toml": true, "wrangler.json": true, "wrangler.jsonc": true,
	"samconfig.toml": true, "samconfig.yaml": true, "samconfig.yml": true, "vercel.json": true, "cdk.json": true,
}

// baseStems are file stems that hold the shared part of a configuration
// directory: config/default.json (node-config), settings/base.py
// (Django), config/settings.yml, group_vars/all.yml (Ansible).
var baseStems = map[string]bool{"default": true, "defaults": true, "base": true, "common": true, "shared": true}

// configDirs are directories whose base-stem files are shared
// configuration rather than arbitrary data named "default".
var configDirs = map[string]bool{
	"config": true, "configs": true, "conf": true, "settings": true, "environments": true, "envs": true,
	"env": true, "vars": true, "group_vars": true,
}

// baseDirs are directories whose files every environment shares:
// kustomize base/, Terragrunt _envcommon/, Ansible group_vars/all/.
var baseDirs = map[string]bool{"base": true, "bases": true, "_envcommon": true, "common": true, "shared": true, "defaults": true}

// baseDecision recognises base configuration that every environment loads;
// anything else has no environment.
func baseDecision(dir, base string) Decision {
	lower := strings.ToLower(base)
	if baseNames[lower] {
		return Decision{Env: Shared, Reason: fmt.Sprintf("base file %q is loaded by every environment", base)}
	}
	parent := lastSegment(dir)
	stem, _, _ := strings.Cut(lower, ".")
	if configDirs[parent] && (baseStems[stem] || stem == "settings" && parent == "config" || stem == "all" && parent == "group_vars") {
		return Decision{Env: Shared, Reason: fmt.Sprintf("base file %q in %s/ is loaded by every environment", base, parent)}
	}
	if frameworkBase(parent, lower) {
		return Decision{Env: Shared, Reason: fmt.Sprintf("%s/%s is loaded by every environment", parent, base)}
	}
	if d, ok := sharedDir(dir, lower); ok {
		return d
	}
	return Decision{Reason: "no environment in path"}
}

// frameworkBase reports the code files a framework loads in every
// environment before the environment's own: Rails' config/application.rb
// and config/initializers/*.rb, Laravel's config/*.php (which read the
// environment's .env).
func frameworkBase(parent, lower string) bool {
	switch parent {
	case "config":
		return lower == "application.rb" || strings.HasSuffix(lower, ".php")
	case "initializers":
		return strings.HasSuffix(lower, ".rb")
	}
	return false
}

// sharedDir finds a directory of shared configuration in dir. Terraform
// modules/ are instantiated by every environment, but only .tf and .hcl
// files there are infrastructure; "components" is left alone, as src/
// trees use it for UI code far more often than kustomize does for
// components.
func sharedDir(dir, lowerBase string) (Decision, bool) {
	terraform := strings.HasSuffix(lowerBase, ".tf") || strings.HasSuffix(lowerBase, ".hcl")
	prev, start := "", 0
	for start <= len(dir) && dir != "" {
		end := strings.IndexByte(dir[start:], '/')
		if end < 0 {
			end = len(dir)
		} else {
			end += start
		}
		name := dir[start:end]
		switch {
		case baseDirs[name], name == "all" && prev == "group_vars", name == "modules" && terraform:
			return Decision{Env: Shared, Reason: fmt.Sprintf("directory %q holds configuration shared by every environment", dir[:end])}, true
		}
		prev, start = name, end+1
	}
	return Decision{}, false
}
