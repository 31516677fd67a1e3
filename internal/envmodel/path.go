package envmodel

import (
	"fmt"
	"path"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// templateTokens mark files that hold placeholders by design.
var templateTokens = map[string]bool{"example": true, "examples": true, "sample": true, "samples": true, "template": true, "tmpl": true, "dist": true, "tpl": true}

// baseNames are files that every environment loads: the "shared" scope.
var baseNames = map[string]bool{
	".env": true, "application.yml": true, "application.yaml": true, "application.properties": true,
	"bootstrap.yml": true, "bootstrap.yaml": true, "appsettings.json": true, "values.yaml": true, "values.yml": true,
	"docker-compose.yml": true, "docker-compose.yaml": true, "compose.yml": true, "compose.yaml": true,
	"config.exs": true, "runtime.exs": true, "terraform.tfvars": true, "common.tfvars": true, "serverless.yml": true,
	"netlify.toml": true, "wrangler.toml": true, "samconfig.toml": true, "vercel.json": true,
}

// baseDirs are directories whose files every environment shares.
var baseDirs = map[string]bool{"base": true, "_envcommon": true, "common": true, "shared": true, "all": true, "defaults": true}

// developmentNames are files that only development loads.
var developmentNames = map[string]bool{
	"docker-compose.override.yml": true, "docker-compose.override.yaml": true, "compose.override.yml": true,
	"compose.override.yaml": true, ".dev.vars": true, "launchsettings.json": true,
}

// pipelineFiles define CI/CD pipelines: their environments are per job
// (sections), never the file's — ".gitlab-ci.yml" is not test config.
var pipelineFiles = map[string]bool{
	".gitlab-ci.yml": true, ".gitlab-ci.yaml": true, "bitbucket-pipelines.yml": true, "azure-pipelines.yml": true,
	"azure-pipelines.yaml": true, ".travis.yml": true, "cloudbuild.yaml": true, "cloudbuild.yml": true,
	"buildspec.yml": true, "buildspec.yaml": true, ".drone.yml": true, "codemagic.yaml": true, "appveyor.yml": true,
}

// Path classifies a file by its path alone: configured globs, then the
// file name, then the nearest directory with an environment token, then
// base-file conventions.
func (c *Classifier) Path(p string) Decision {
	for _, r := range c.paths {
		if ok, _ := doublestar.Match(r.glob, p); ok {
			return Decision{Env: r.env, Reason: fmt.Sprintf("path matches %q of environment %s", r.glob, r.label)}
		}
	}
	base := path.Base(p)
	lower := strings.ToLower(base)
	toks := splitTokens(base)
	if hasAny(toks, templateTokens) {
		return Decision{Env: None, Reason: fmt.Sprintf("template file %q holds placeholders", base)}
	}
	if pipelineFiles[lower] || strings.HasPrefix(p, ".circleci/") {
		return Decision{Env: None, Reason: fmt.Sprintf("pipeline definition %q: its jobs name their own environments", base)}
	}
	if developmentNames[lower] {
		return Decision{Env: Development, Reason: fmt.Sprintf("file %q is loaded only in development", base)}
	}
	if d, ok := c.fileName(base, toks); ok {
		return d
	}
	if d, ok := c.directory(p); ok {
		return d
	}
	return baseDecision(p, base, lower)
}

// fileName classifies by the tokens of the file name. "local" counts only
// when no other environment token is there: .env.production.local is a
// production file (a local override of it), .env.local a development one.
func (c *Classifier) fileName(base string, toks []string) (Decision, bool) {
	var others []string
	hasLocal := false
	for _, t := range toks {
		if t == "local" {
			hasLocal = true
			continue
		}
		others = append(others, t)
	}
	if m, ok := c.match(others); ok {
		reason := fmt.Sprintf("file name %q has %s", base, m.describe())
		if hasLocal {
			reason += " (a local override)"
		}
		return Decision{Env: m.env, Reason: reason}, true
	}
	if hasLocal {
		return Decision{Env: Development, Reason: fmt.Sprintf("file name %q has token \"local\"", base)}, true
	}
	return Decision{}, false
}

// directory classifies by the nearest directory whose name has an
// environment token.
func (c *Classifier) directory(p string) (Decision, bool) {
	dirs := strings.Split(path.Dir(p), "/")
	for i := len(dirs) - 1; i >= 0; i-- {
		if dirs[i] == "." || dirs[i] == "" {
			continue
		}
		if baseDirs[dirs[i]] {
			return Decision{}, false // kustomize base/, _envcommon/: shared, not the outer tree's environment
		}
		if m, ok := c.match(splitTokens(dirs[i])); ok {
			return Decision{Env: m.env, Reason: fmt.Sprintf("directory %q has %s", strings.Join(dirs[:i+1], "/"), m.describe())}, true
		}
	}
	return Decision{}, false
}

// baseDecision recognises base configuration that every environment loads.
func baseDecision(p, base, lower string) Decision {
	if baseNames[lower] {
		return Decision{Env: Shared, Reason: fmt.Sprintf("base file %q is loaded by every environment", base)}
	}
	dir := path.Dir(p)
	if strings.HasPrefix(lower, "default.") && path.Base(dir) == "config" {
		return Decision{Env: Shared, Reason: fmt.Sprintf("node-config default file %q is loaded by every environment", p)}
	}
	for _, d := range strings.Split(dir, "/") {
		if baseDirs[d] {
			return Decision{Env: Shared, Reason: fmt.Sprintf("directory %q holds configuration shared by every environment", d)}
		}
	}
	return Decision{Env: None, Reason: "no environment in path"}
}

func hasAny(toks []string, set map[string]bool) bool {
	for _, t := range toks {
		if set[t] {
			return true
		}
	}
	return false
}
