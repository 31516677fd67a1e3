package source

import (
	"path"
	"strings"
)

// Kind is what a file is, decided from its path.
type Kind uint8

// The kinds of file envfence reads. Unknown files are never read.
const (
	Unknown    Kind = iota
	Dotenv          // .env, .env.production, prod.env …
	YAML            // *.yml, *.yaml
	JSON            // *.json, *.json5, *.jsonc
	TOML            // *.toml
	INI             // *.ini, *.cfg, *.conf, inventories without extension
	Properties      // *.properties
	HCL             // *.tf, *.tfvars, *.hcl
	Workflow        // .github/workflows/*.yml
	Makefile        // Makefile, *.mk, justfile
	Shell           // *.sh, *.bash, *.zsh, scripts without extension under bin/ or scripts/
	CodeOwners      // CODEOWNERS, .github/CODEOWNERS, docs/CODEOWNERS
	KeyFile         // master.key, *.key, *.pem, .env.keys, id_rsa …: reported by path, content barely read
	OwnConfig       // .envfence.yml: envfence's own configuration, never scanned as config
	Python          // Django settings modules: settings.py, settings/*.py, settings_*.py, *_settings.py
	Script          // JavaScript/TypeScript config modules: environment*.ts, config/<env>.js
	ProwOwners      // OWNERS: Prow's (Kubernetes') approvers of a directory, read as lines
	Ruby            // Rails config/*.rb, config/environments/*.rb, config/initializers/*.rb
	Elixir          // Mix and Phoenix config/*.exs
	PHP             // Laravel config/*.php, wp-config.php, settings.php, *.config.php
	Dockerfile      // Dockerfile, Dockerfile.<name>, <name>.Dockerfile, Containerfile
)

var kindNames = [...]string{"unknown", "dotenv", "yaml", "json", "toml", "ini", "properties", "hcl", "workflow", "makefile", "shell", "codeowners", "keyfile", "envfence-config", "python", "script", "prow-owners", "ruby", "elixir", "php", "dockerfile"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// skippedNames are files whose extension looks like configuration but that
// are generated, locked or data: reading them costs time and finds nothing.
var skippedNames = map[string]bool{
	"package-lock.json": true, "npm-shrinkwrap.json": true, "composer.lock": true,
	"yarn.lock": true, "pnpm-lock.yaml": true, "Pipfile.lock": true, "poetry.lock": true,
	"Cargo.lock": true, "go.sum": true, "Gemfile.lock": true, "packages.lock.json": true,
	"tsconfig.json": true, "jsconfig.json": true, ".eslintrc.json": true, ".prettierrc.json": true,
	"renovate.json": true, ".releaserc.json": true, "lerna.json": true, "turbo.json": true,
	"project.assets.json": true, "deno.lock": true, "bun.lock": true, "uv.lock": true,
	"pubspec.lock": true, "mix.lock": true, "flake.lock": true, ".terraform.lock.hcl": true,
}

var keyFileNames = map[string]bool{
	"master.key": true, ".env.keys": true, "id_rsa": true, "id_dsa": true, "id_ecdsa": true,
	"id_ed25519": true,
}

// KindOf decides from a slash-separated path what the file is.
func KindOf(p string) Kind {
	base := path.Base(p)
	lower := strings.ToLower(base)
	if skippedNames[base] || strings.HasSuffix(lower, ".min.json") || strings.HasSuffix(lower, ".map") {
		return Unknown
	}
	switch {
	case lower == ".envfence.yml" || lower == ".envfence.yaml":
		return OwnConfig
	case base == "CODEOWNERS" && (p == base || p == ".github/CODEOWNERS" || p == "docs/CODEOWNERS"):
		return CodeOwners
	case base == "OWNERS":
		return ProwOwners
	case keyFileNames[lower] || isKeyExtension(lower):
		return KeyFile
	case isDotenvName(lower):
		return Dotenv
	case lower == "makefile" || lower == "gnumakefile" || lower == "justfile" || lower == ".justfile" || strings.HasSuffix(lower, ".mk"):
		return Makefile
	case lower == ".firebaserc": // Firebase project aliases per environment
		return JSON
	case isDockerfileName(lower):
		return Dockerfile
	}
	switch path.Ext(lower) {
	case ".yml", ".yaml":
		if isWorkflowPath(p) {
			return Workflow
		}
		return YAML
	case ".json", ".jsonc", ".json5":
		return JSON
	case ".toml":
		return TOML
	case ".ini", ".cfg", ".conf", ".cnf":
		return INI
	case ".properties":
		return Properties
	case ".tf", ".tfvars", ".hcl":
		return HCL
	case ".sh", ".bash", ".zsh", ".ksh":
		return Shell
	case ".pem", ".p12", ".pfx", ".ppk":
		return KeyFile
	case ".py":
		return pythonKind(p, lower)
	case ".ts", ".js", ".cjs", ".mjs":
		return scriptKind(p, lower)
	case ".rb":
		return rubyKind(p, lower)
	case ".exs":
		if inConfigDir(p) {
			return Elixir
		}
	case ".php":
		return phpKind(p, lower)
	case "":
		return kindWithoutExtension(p, lower)
	}
	return Unknown
}

// isDotenvName matches .env, .env.<anything>, <env>.env, .env-<env>, .env_<env>
// and .dev.vars (wrangler's local dotenv).
func isDotenvName(lower string) bool {
	switch {
	case lower == ".env" || lower == ".dev.vars" || lower == ".flaskenv":
		return true
	case strings.HasPrefix(lower, ".env.") || strings.HasPrefix(lower, ".env-") || strings.HasPrefix(lower, ".env_"):
		return lower != ".env.keys" && !strings.HasSuffix(lower, ".enc") && !strings.HasSuffix(lower, ".encrypted") &&
			!strings.HasSuffix(lower, ".vault") && !strings.HasSuffix(lower, ".gpg")
	case strings.HasSuffix(lower, ".env") && len(lower) > len(".env"):
		return true
	case strings.HasPrefix(lower, ".dev.vars."):
		return true
	}
	return false
}

func isKeyExtension(lower string) bool {
	// config/credentials/production.key (Rails), *.key files in general.
	return strings.HasSuffix(lower, ".key") && !strings.HasSuffix(lower, ".pub.key")
}

func isWorkflowPath(p string) bool {
	dir := path.Dir(p)
	return dir == ".github/workflows" || strings.HasSuffix(dir, "/.github/workflows")
}

// kindWithoutExtension handles files with no extension: Ansible inventories
// named after an environment, and scripts under bin/ or scripts/.
// pythonKind takes the Python modules that hold settings by convention
// (Django: settings.py, settings/<env>.py, settings_<env>.py,
// <env>_settings.py); other Python is code, not configuration.
func pythonKind(p, lower string) Kind {
	switch {
	case lower == "settings.py", strings.HasPrefix(lower, "settings_"), strings.HasSuffix(lower, "_settings.py"),
		path.Base(path.Dir(p)) == "settings":
		return Python
	}
	return Unknown
}

// scriptConfigNames are the node-config file names of config/<name>.js.
var scriptConfigNames = []string{"default", "local", "development", "dev", "production", "prod", "staging", "stage", "test", "testing", "qa", "uat", "custom-environment-variables"}

// scriptModuleNames are configuration modules wherever they are: database
// and ORM configs keyed by environment (knex, TypeORM, Sequelize's
// .sequelizerc targets), process-manager configs (PM2) and framework
// configs that carry env settings (Next.js, Nuxt).
var scriptModuleNames = map[string]bool{
	"knexfile": true, "ormconfig": true, "ecosystem.config": true, "pm2.config": true, "next.config": true,
	"nuxt.config": true, "datasource": true, "data-source": true,
}

// scriptDirNames are the module names that hold settings in a config
// directory, besides node-config's.
var scriptDirNames = map[string]bool{"database": true, "db": true, "config": true, "mail": true, "redis": true, "cache": true, "queue": true, "storage": true, "services": true}

// scriptKind takes the JavaScript and TypeScript modules that hold an
// environment's settings by convention: Angular's environment.ts and
// environment.<env>.ts, and node-config's config/<env>.js. Other scripts
// are code.
func scriptKind(p, lower string) Kind {
	name := strings.TrimSuffix(lower, path.Ext(lower))
	if name == "environment" || strings.HasPrefix(name, "environment.") || strings.HasPrefix(name, "environment-") || scriptModuleNames[name] {
		return Script
	}
	if path.Base(path.Dir(p)) == "config" {
		if scriptDirNames[name] {
			return Script
		}
		for _, n := range scriptConfigNames {
			if name == n || strings.HasPrefix(name, n+"-") || strings.HasPrefix(name, n+".") {
				return Script
			}
		}
	}
	return Unknown
}

// isDockerfileName matches Dockerfile, Dockerfile.prod, prod.Dockerfile,
// Dockerfile-dev and Containerfile.
func isDockerfileName(lower string) bool {
	for _, n := range []string{"dockerfile", "containerfile"} {
		if lower == n || strings.HasSuffix(lower, "."+n) ||
			(strings.HasPrefix(lower, n+".") || strings.HasPrefix(lower, n+"-") || strings.HasPrefix(lower, n+"_")) && !strings.HasSuffix(lower, "ignore") {
			return true
		}
	}
	return false
}

// inConfigDir reports a file directly in a config directory, or one
// level below it (config/environments/, config/initializers/,
// config/autoload/).
func inConfigDir(p string) bool {
	dir := path.Dir(p)
	return path.Base(dir) == "config" || path.Base(path.Dir(dir)) == "config"
}

// rubyCodeNames are Ruby files in config/ that hold code, not settings.
var rubyCodeNames = map[string]bool{"routes.rb": true, "boot.rb": true, "importmap.rb": true, "spring.rb": true, "bundler.rb": true}

// rubyKind takes the Ruby files where Rails applications keep settings:
// config/*.rb, config/environments/*.rb and config/initializers/*.rb.
func rubyKind(p, lower string) Kind {
	if inConfigDir(p) && !rubyCodeNames[lower] && !strings.Contains(p, "/routes/") {
		return Ruby
	}
	return Unknown
}

// phpConfigNames are PHP files that hold settings wherever they are.
var phpConfigNames = map[string]bool{"wp-config.php": true, "config.php": true, "settings.php": true, "local.php": true, "parameters.php": true}

// phpKind takes Laravel's (and Laminas') config/*.php and the settings
// files of WordPress, Drupal and others; other PHP is code.
func phpKind(p, lower string) Kind {
	if inConfigDir(p) || phpConfigNames[lower] || strings.HasSuffix(lower, ".config.php") ||
		strings.HasSuffix(lower, ".local.php") || strings.HasSuffix(lower, ".global.php") {
		return PHP
	}
	return Unknown
}

func kindWithoutExtension(p, lower string) Kind {
	dir := path.Dir(p)
	parent := path.Base(dir)
	switch {
	case parent == "inventory" || parent == "inventories" || lower == "hosts" && strings.Contains(dir, "inventor"):
		return INI
	case parent == "bin" || parent == "scripts" || parent == "script":
		return Shell
	}
	return Unknown
}
