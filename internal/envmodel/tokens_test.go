package envmodel

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func classifier(t testing.TB, s Settings) *Classifier {
	t.Helper()
	c, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTokens(t *testing.T) {
	cases := map[string][]string{
		"appsettings.Production.json":  {"appsettings", "production", "json"},
		"ProdConfig":                   {"prod", "config"},
		"deployProduction":             {"deploy", "production"},
		"HTTPServerProd":               {"http", "server", "prod"},
		"PROD_DB_PASSWORD":             {"prod", "db", "password"},
		"k8s/overlays/non-prod/x.yaml": {"k8s", "overlays", "non", "prod", "x", "yaml"},
		"prod2":                        {"prod2"},
		"stg01-db":                     {"stg01", "db"},
		"v2Prod":                       {"v2", "prod"},
		"e2e tests":                    {"e2e", "tests"},
		"E2ETests":                     {"e2e", "tests"},
		"DEPLOY_E2E_KEY":               {"deploy", "e2e", "key"},
		"S3BucketProd":                 {"s3", "bucket", "prod"},
		"K8S":                          {"k8s"},
		"when@prod":                    {"when", "prod"},
		"%prod.quarkus.datasource":     {"prod", "quarkus", "datasource"},
		"db.prod.acme.net":             {"db", "prod", "acme", "net"},
		"ÄrgerProd-Ünterwegs":          {"ärger", "prod", "ünterwegs"},
		"--__..":                       nil,
		"":                             nil,
	}
	for in, want := range cases {
		if got := splitTokens(in); !slices.Equal(got, want) {
			t.Errorf("splitTokens(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStripNumber(t *testing.T) {
	cases := map[string]string{"prod2": "prod", "stg01": "stg", "e2e": "e2e", "123": "123", "prod": "prod", "": ""}
	for in, want := range cases {
		if got := stripNumber(in); got != want {
			t.Errorf("stripNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNameVocabulary checks every built-in token in the forms names take:
// separated, upper-case snake, camelCase and numbered.
func TestNameVocabulary(t *testing.T) {
	c := classifier(t, Settings{})
	for tok, want := range builtinTokens {
		title := strings.ToUpper(tok[:1]) + tok[1:]
		for _, name := range []string{tok, "deploy-" + tok, "DEPLOY_" + strings.ToUpper(tok) + "_KEY", "deploy" + title, tok + "2-eu"} {
			d, ok := c.Name(name)
			if !ok || d.Env != want {
				t.Errorf("Name(%q) = %q, %v; want %q", name, d.Env, ok, want)
			}
		}
	}
}

func TestNameDecisions(t *testing.T) {
	c := classifier(t, Settings{})
	cases := map[string]Env{
		// GitLab's Jira mapping spec cases (notes §2.1)
		"prod-east-2": Production, "us-prod-east": Production, "fe-production": Production, "pre-prod": Staging,
		"blue-kit-stage": Staging, "qa-env-2": Test, "review/app": Development,
		// compounds before production
		"nonprod": Staging, "non-prod": Staging, "non_prod": Staging, "NonProd": Staging, "NON_PROD_DB": Staging,
		"preprod": Staging, "PreProd": Staging, "pre_production": Staging, "pprd": Staging, "ppe": Staging,
		"notprod": Staging, "not-prod": Staging, "non-prod2": Staging, "acme-nonprod-eu": Staging,
		"prod-to-nonprod-sync": Production,
		// numbered suffixes and camelCase
		"prod2": Production, "stg01": Staging, "qa3-db": Test, "dbProd": Production, "STAGING_API_KEY": Staging,
		"deployToProduction": Production, "PROD_DB_PASSWORD": Production, "e2e": Test,
		// deliberate decisions on ambiguous words
		"local": Development, "localhost": Development, "sandbox": Development, "preview": Development,
		"review": Development, "uat": Staging, "qa": Test, "ci": Test, "sit": Test, "testing": Test, "live": Production,
		"prd": Production, "release": None, "main": None, "master": None, "canary": None, "demo": None, "int": None,
		"p": None, "np": None, "internal": None, "perf": None, "build": None,
	}
	for name, want := range cases {
		d, ok := c.Name(name)
		if d.Env != want || ok != (want != None) {
			t.Errorf("Name(%q) = %q, %v; want %q", name, d.Env, ok, want)
		}
	}
}

// TestFalsePositives runs every substring trap of notes §2.3.
func TestFalsePositives(t *testing.T) {
	c := classifier(t, Settings{})
	words := []string{
		"product", "products", "productive", "produce", "producer", "prodigy", "reproduce", "ProductionRule",
		"production_rules", "prod_id", "prodCategory", "PROD_SKU",
		"devices", "device", "devise", "devops", "developer", "developers", "devtools", "/dev/null", "/dev/shm",
		"devDependencies", "dev-dependencies", "deviation", "devoid", "DevTools",
		"latest", "contest", "attestation", "testimonials", "protest", "detest", "testnet", "test-net", "pytest.ini",
		"backstage", "BackStage", "staged", "stages", "multistage", "multi-stage", "build-stage", "storage",
		"stgAcct", "deliver", "olive", "alive", "livenessProbe", "liveness", "livereload", "LiveView", "live-server",
		"liveReload", "Qatar", "evaluate", "graduate", "situation", "actuator", "integer", "interface",
		"internal", "print", "point", "locale", "localStorage", "local_storage", "no-sandbox", "iframe sandbox",
		"print preview", "imagePreview", "demo", "release", "main", "master", "canary",
		"mysql", "postgres", "h2", "docker", "kubernetes", "cloud", "native", "tls", "swagger", "api-docs",
		"no-liquibase", "readinessProbe", "developerTools",
		"live-chat", "liveChat", "live_stream", "LiveSearch", "live-updates", "production_schedule", "productionPlanning", "production-orders",
	}
	for _, w := range words {
		if d, ok := c.Name(w); ok {
			t.Errorf("Name(%q) = %q (%s), want no environment", w, d.Env, d.Reason)
		}
	}
	// A false-positive phrase hides only its own tokens.
	if d, _ := c.Name("localStorage-prod"); d.Env != Production {
		t.Errorf("localStorage-prod: %+v", d)
	}
}

func TestNameReason(t *testing.T) {
	c := classifier(t, Settings{})
	cases := map[string]string{
		"deploy-prod":  `name "deploy-prod" has token "prod"`,
		"us-non-prod":  `name "us-non-prod" has token "non-prod"`,
		"prod2-db":     `name "prod2-db" has token "prod2"`,
		"DeployStage1": `name "DeployStage1" has token "stage1"`,
	}
	for name, want := range cases {
		if d, _ := c.Name(name); d.Reason != want {
			t.Errorf("Name(%q).Reason = %q, want %q", name, d.Reason, want)
		}
	}
}

func FuzzName(f *testing.F) {
	for _, s := range []string{"deploy-prod", "nonProd", "a/b.c_d-e", "prod2", "ÄÖ-prod", "", "non-", "localStorage",
		"db.prod.acme.net", "[::1]", "10.0.0.5", ".env.production.local", "k8s/overlays/prod/x.yaml", "\xff\xfeprod", "when@prod", "%Prod2", "NonProd", "E2ETests", "averyveryverylongfirsttokenprod-prod"} {
		f.Add(s)
	}
	c := classifier(f, Settings{Environments: []Custom{{Name: "sandbox", Like: Development, Aliases: []string{"sbx", "eu-play"}}}})
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range splitTokens(s) {
			if tok == "" || strings.ToLower(tok) != tok || strings.IndexFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) >= 0 {
				t.Fatalf("splitTokens(%q): bad token %q", s, tok)
			}
		}
		if d, ok := c.Name(s); ok && (d.Env.Rank() == 0 || d.Reason == "") {
			t.Fatalf("Name(%q) = %+v", s, d)
		}
		if _, ok := c.vocab.keyEnvTokens(s, false); ok && !c.vocab.mayStartEnv(s) {
			t.Fatalf("mayStartEnv(%q) rejects a key that names an environment", s)
		}
		if d := c.Path(s); d.Reason == "" {
			t.Fatalf("Path(%q): no reason", s)
		}
		if d, ok := c.Host(s); ok && (d.Env.Rank() == 0 || d.Reason == "") {
			t.Fatalf("Host(%q) = %+v", s, d)
		}
	})
}
