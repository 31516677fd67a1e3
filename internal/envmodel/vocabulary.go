package envmodel

// builtinTokens maps whole name tokens to environments (notes
// env-conventions §2.1). Tokens match only whole; "prod2", "stg01" match
// through their numeric suffix.
//
// Ambiguous words are decided here once, deliberately:
//   - local, localhost → development: a developer's own machine.
//   - devcontainer → development: .devcontainer/ holds the development
//     container and its compose stack.
//   - sandbox, sbx, sbox, sdbx → development: a play environment, never
//     production; provider sandbox keys are judged by value elsewhere.
//   - review, preview → development: review apps and preview deploys are
//     ephemeral builds of unmerged work (Vercel, Netlify, GitLab).
//   - uat, preprod, nonprod (and non-prod, pre-prod, not-prod, pprd, ppe)
//     → staging, as GitLab's tier guess does.
//   - qa, qc, ci, e2e, sit, test, testing, tests, integration → test. A
//     "test/" or "tests/" directory holds test fixtures and test
//     configuration: that is the test environment's data.
//   - live, prd, prod, production → production.
//   - release, main, master → nothing: build types and branch names, which
//     mean production only inside a CI trigger, and that is judged there.
//   - canary, demo → nothing: a release channel and sample apps; Heroku
//     calls demo production and GitLab staging, so neither guess is safe.
//   - int, p, np → nothing: integer, a letter, numpy far more often than
//     integration, production or non-production.
//   - internal, model, load, perf, trunk, feature, pr → nothing: common
//     words (an internal domain, a data model, a benchmark directory, a
//     branch) that GitLab's substring guesses only get away with because
//     they run on environment names alone.
var builtinTokens = map[string]Env{
	"production": Production, "prod": Production, "prd": Production, "prodn": Production, "gprd": Production,
	"live": Production,

	"staging": Staging, "stage": Staging, "stg": Staging, "stag": Staging, "preprod": Staging,
	"preproduction": Staging, "pprd": Staging, "ppe": Staging, "uat": Staging, "nonprod": Staging,
	"nonproduction": Staging, "notprod": Staging,

	"test": Test, "testing": Test, "tests": Test, "tst": Test, "qa": Test, "qc": Test, "sit": Test, "e2e": Test,
	"ci": Test, "integration": Test, "integ": Test, "intg": Test, "acpt": Test, "acceptance": Test, "unittest": Test,

	"development": Development, "dev": Development, "develop": Development, "devel": Development,
	"local": Development, "localhost": Development, "sandbox": Development, "sbx": Development,
	"sbox": Development, "sdbx": Development, "review": Development, "preview": Development,
	"playground": Development, "devcontainer": Development,
}

// builtinPhrases are environments written as several tokens. They are
// checked before single tokens, so "non-prod" is staging, never production.
var builtinPhrases = map[string]Env{
	"non prod": Staging, "non production": Staging, "pre prod": Staging, "pre production": Staging,
	"not prod": Staging, "not production": Staging,
}

// falsePositivePhrases are token sequences in which an environment word
// means something else (notes env-conventions §2.3). Whole-token matching
// already keeps product, devices, devise, latest, contest, backstage,
// liveness, deliver and locale apart; these are the camelCase and
// separated compounds that split into an environment token.
var falsePositivePhrases = []string{
	"local storage", "local state", "dev dependencies", "dev deps", "dev tools", "dev null", "dev shm",
	"dev urandom", "dev random", "dev tty", "dev stdin", "dev stdout", "dev stderr", "dev zero",
	"back stage", "build stage", "multi stage", "stg acct", "stg account",
	"live reload", "live view", "live server", "live preview", "live share",
	"live chat", "live stream", "live streaming", "live search", "live update", "live updates", "live edit",
	"print preview", "image preview", "file preview", "link preview", "no sandbox", "iframe sandbox",
	"production rule", "production rules", "production line", "production lines",
	"production schedule", "production planning", "production order", "production orders",
	"prod id", "prod ids", "prod price", "prod qty", "prod sku", "prod category", "prod categories",
	"prod desc", "prod catalog",
	"test net",
}

// templateTokens mark files that hold placeholders by design:
// .env.example, config.sample.json, .env.dist, values.tmpl.yaml.
var templateTokens = map[string]bool{
	"example": true, "examples": true, "sample": true, "samples": true, "template": true, "tmpl": true,
	"dist": true, "tpl": true,
}

// sharedSectionNames are section keys that every environment inherits
// (database.yml default:, samconfig [default.*], serverless params.default).
var sharedSectionNames = map[string]bool{
	"default": true, "defaults": true, "common": true, "shared": true, "base": true, "global": true, "all": true,
}

// qualifierTokens may follow an environment token in a key that is an
// environment name and nothing else: prod-eu-west-1, staging_us,
// dev-local, prod-blue. Keys like test_timeout or dev_server are settings,
// not environments, and never start a section on their own.
var qualifierTokens = map[string]bool{
	"us": true, "eu": true, "ap": true, "sa": true, "ca": true, "me": true, "af": true, "uk": true, "de": true,
	"fr": true, "jp": true, "au": true, "in": true, "cn": true, "br": true, "gov": true,
	"east": true, "west": true, "north": true, "south": true, "central": true, "northeast": true,
	"northwest": true, "southeast": true, "southwest": true, "eastus": true, "westus": true, "westeurope": true,
	"northeurope": true, "global": true, "region": true, "primary": true, "secondary": true, "replica": true,
	"dr": true, "blue": true, "green": true, "a": true, "b": true, "env": true, "environment": true,
	"local": true, "override": true, "overrides": true, "config": true, "settings": true, "vars": true,
	"values": true, "params": true, "parameters": true,
}
