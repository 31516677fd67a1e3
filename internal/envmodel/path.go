package envmodel

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// Path classifies a file by its path alone (notes env-conventions §7).
// The most specific rule wins: a configured path glob, then special file
// names (templates, development-only overrides), then an environment token
// in the file name, then the nearest directory with one, then base files
// that every environment loads (shared), else None.
func (c *Classifier) Path(p string) Decision {
	d, _ := c.classifyPath(p)
	return d
}

// classifyPath is Path; configured reports that a user's path glob
// decided, which nothing inside the file overrides.
func (c *Classifier) classifyPath(p string) (d Decision, configured bool) {
	for _, r := range c.paths {
		if doublestar.MatchUnvalidated(r.glob, p) { // validated by New
			return Decision{Env: r.env, Reason: "path matches " + r.describe()}, true
		}
	}
	dir, base := splitPath(p)
	var buf [16]string
	toks := appendTokens(buf[:0], base)
	if d, ok := specialFile(dir, base, toks); ok {
		return d, false
	}
	pipeline := isPipelineFile(dir, base)
	fd, fileOK := c.fileName(base, toks, pipeline)
	if isTerraformCode(base) {
		// A root module's .tf files divide its code by topic
		// (ingress-non-prod.tf is the non-prod ingress class of whatever
		// workspace applies it); environments come from directories,
		// workspaces and .tfvars files.
		fileOK = false
	}
	dm, dirPath, dirOK := c.directory(dir)
	switch {
	case fileOK && dirOK && dm.env != fd.Env:
		fd.Reason += fmt.Sprintf(" (more specific than directory %q, %s)", dirPath, dm.env)
		return fd, false
	case fileOK:
		return fd, false
	case dirOK:
		return Decision{Env: dm.env, Reason: "directory " + strconv.Quote(dirPath) + " has " + dm.describe()}, false
	case pipeline:
		return Decision{Reason: fmt.Sprintf("pipeline definition %q: its jobs name their own environments", base)}, false
	}
	return baseDecision(dir, base), false
}

// isTerraformCode reports Terraform configuration files (.tf, .tf.json),
// as opposed to variable files (.tfvars).
func isTerraformCode(base string) bool {
	lower := strings.ToLower(base)
	return strings.HasSuffix(lower, ".tf") || strings.HasSuffix(lower, ".tf.json")
}

// splitPath splits a slash-separated path into its directory ("" at the
// root) and its base name.
func splitPath(p string) (dir, base string) {
	p = strings.TrimSuffix(p, "/")
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return "", p
	}
	return p[:i], p[i+1:]
}

// developmentNames are files that only development loads.
var developmentNames = map[string]string{
	"docker-compose.override.yml":  "Docker Compose loads the override file only on a developer's machine",
	"docker-compose.override.yaml": "Docker Compose loads the override file only on a developer's machine",
	"compose.override.yml":         "Docker Compose loads the override file only on a developer's machine",
	"compose.override.yaml":        "Docker Compose loads the override file only on a developer's machine",
	".dev.vars":                    "Wrangler reads .dev.vars only in local development",
	"launchsettings.json":          "launchSettings.json is read only by local runs from the IDE or dotnet run",
	"environment.ts":               "Angular's environment.ts is the development default that builds replace",
}

// specialFile recognises files whose names decide before any token does:
// templates, development-only overrides and node-config's mapping of keys
// to environment variable names.
func specialFile(dir, base string, toks []string) (Decision, bool) {
	lower := strings.ToLower(base)
	if why, ok := developmentNames[lower]; ok {
		return Decision{Env: Development, Reason: fmt.Sprintf("file %q: %s", base, why)}, true
	}
	if isTemplate(lower, toks) {
		return Decision{Reason: fmt.Sprintf("template file %q holds placeholders", base)}, true
	}
	if isEnvironmentMapping(dir, lower) {
		return Decision{Reason: fmt.Sprintf("file %q maps settings to environment variable names", base)}, true
	}
	return Decision{}, false
}

// IsEnvironmentMapping reports node-config's
// config/custom-environment-variables.*: it names, for each setting, the
// environment variable a deployed environment sets it from.
func IsEnvironmentMapping(p string) bool {
	dir, base := path.Split(p)
	return isEnvironmentMapping(strings.TrimSuffix(dir, "/"), strings.ToLower(base))
}

func isEnvironmentMapping(dir, lowerBase string) bool {
	return strings.HasPrefix(lowerBase, "custom-environment-variables.") && lastSegment(dir) == "config"
}

// isTemplate reports whether a file name carries a template marker
// (.env.example, config.sample.json, .env.dist). A CloudFormation or SAM
// template.yaml is real infrastructure, not a placeholder file.
func isTemplate(lower string, toks []string) bool {
	switch lower {
	case "template.yaml", "template.yml", "template.json":
		return false
	}
	for _, t := range toks {
		if templateTokens[t] {
			return true
		}
	}
	return false
}

// pipelineFiles define CI/CD pipelines: their environments are per job
// (sections), and their "ci" token does not make them test configuration.
var pipelineFiles = map[string]bool{
	".gitlab-ci.yml": true, ".gitlab-ci.yaml": true, "bitbucket-pipelines.yml": true, ".travis.yml": true,
	"cloudbuild.yaml": true, "cloudbuild.yml": true, "buildspec.yml": true, "buildspec.yaml": true,
	".drone.yml": true, "codemagic.yaml": true, "appveyor.yml": true, ".woodpecker.yml": true,
}

// isPipelineFile reports whether a file defines a CI/CD pipeline.
func isPipelineFile(dir, base string) bool {
	lower := strings.ToLower(base)
	switch {
	case pipelineFiles[lower], strings.HasPrefix(lower, "azure-pipelines"), strings.HasSuffix(lower, ".gitlab-ci.yml"):
		return true
	}
	return dir == ".github/workflows" || strings.HasSuffix(dir, "/.github/workflows") ||
		dir == ".circleci" || dir == ".gitlab/ci" || strings.HasPrefix(dir, ".gitlab/ci/") || dir == ".woodpecker"
}

// fileName classifies by the tokens of the file name. "local" is a
// modifier when another environment token is there: .env.production.local
// is a local override of production, .env.local a development file.
func (c *Classifier) fileName(base string, toks []string, pipeline bool) (Decision, bool) {
	if strings.HasPrefix(base, ".dev.vars.") && len(toks) > 2 {
		toks = toks[2:] // wrangler's .dev.vars.<env>: "dev" is part of the name
	}
	var buf [16]string
	rest := append(buf[:0], toks...)
	if pipeline {
		rest = withoutToken(rest, "ci") // .gitlab-ci.yml, workflows/ci.yml: the CI system, not an environment
	}
	m, ok := c.vocab.match(rest)
	if !ok {
		return Decision{}, false
	}
	hasLocal := slices.Contains(rest, "local")
	if m.label == "" && m.token == "local" {
		if other, found := c.vocab.match(withoutToken(rest, "local")); found { // rest is not used after this
			m = other
		}
	}
	reason := "file name " + strconv.Quote(base) + " has " + m.describe()
	if m.token != "local" && hasLocal {
		reason += " (a local override)"
	}
	return Decision{Env: m.env, Reason: reason}, true
}

// containerDirs hold environments rather than being one: Terragrunt's
// live/ (infrastructure-live) tree has live/prod/ and live/stage/ below it,
// and live/terragrunt.hcl is the root every environment includes.
var containerDirs = map[string]bool{"live": true, "infrastructure-live": true, "infra-live": true}

// directory finds the nearest directory whose name has an environment
// token and returns the match and that directory's path. A "ci" directory
// holds pipeline definitions and scripts, so its token does not count.
func (c *Classifier) directory(dir string) (tokenMatch, string, bool) {
	var buf [16]string
	for end := len(dir); end > 0; {
		start := strings.LastIndexByte(dir[:end], '/') + 1
		name := dir[start:end]
		if !containerDirs[name] {
			toks := c.vocab.appTestWords(withoutToken(appendTokens(buf[:0], name), "ci"))
			if m, ok := c.vocab.match(toks); ok {
				return m, dir[:end], true
			}
		}
		end = start - 1
	}
	return tokenMatch{}, "", false
}

// appTestWords drops the test words that follow the first token of a
// compound directory name: govuk-e2e-tests, synthetic-test and
// load-testing are applications about testing that run in every
// environment, while e2e-tests, test-cluster and qa-eu name where they
// run. Production, staging and development words count anywhere.
func (v *vocab) appTestWords(toks []string) []string {
	if len(toks) < 2 {
		return toks
	}
	out := toks[:1]
	for _, t := range toks[1:] {
		if e, ok := v.lookup(t); ok && !e.none && e.env == Test && e.text == "" {
			continue
		}
		out = append(out, t)
	}
	return out
}

func lastSegment(dir string) string {
	return dir[strings.LastIndexByte(dir, '/')+1:]
}

// withoutToken removes every t from toks, in place.
func withoutToken(toks []string, t string) []string {
	out := toks[:0]
	for _, x := range toks {
		if x != t {
			out = append(out, x)
		}
	}
	return out
}
