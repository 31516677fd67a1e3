package hook

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/gitsource"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/rules"
)

// TestPartialMatchesWhole pushes random changes to a repository whose
// files are related in every way the rules relate them — credentials
// shared between environments, hosts and resources production uses,
// domains named for an environment, tooling, workflows, CODEOWNERS — and
// checks that judging each push on the part of the tree the file index
// selects gives exactly the findings of judging it on the whole tree.
func TestPartialMatchesWhole(t *testing.T) {
	for seed := range uint64(10) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			checkPartialMatchesWhole(t, seed, allOffline())
		})
	}
	// With some rules off, the links of the others must still suffice.
	for _, ids := range [][]string{
		{"dev-tooling-targets-prod"},
		{"prod-resource-in-nonprod", "shared-credential"},
		{"prod-config-without-owner", "hardcoded-prod-credential"},
	} {
		t.Run(strings.Join(ids, "+"), func(t *testing.T) {
			var subset []*rule.Rule
			for _, id := range ids {
				subset = append(subset, findRule(t, id))
			}
			checkPartialMatchesWhole(t, 11, subset)
		})
	}
}

// TestPartialScenarios covers each way a rule relates files with a push
// whose new finding needs it: the finding must come out of the partial
// judgement as out of the whole one. Each scenario also has files that
// have nothing to do with the push, which stubs stand in for.
func TestPartialScenarios(t *testing.T) {
	prodDB := "DATABASE_URL=postgres://app@db1.acme.internal:5432/app\n"
	cache := "CACHE_URL=https://cache.acme.com\n"
	for _, sc := range []struct {
		name         string
		base, change map[string]string // "" deletes
		want         string            // a rule with a new finding
	}{{
		name:   "a host production uses",
		base:   map[string]string{"svc/.env.production": prodDB},
		change: map[string]string{"svc/.env.staging": "REPORTS_URL=postgres://app@db1.acme.internal:5432/app\n"},
		want:   "prod-endpoint-in-nonprod",
	}, {
		name:   "a domain becomes the organisation's",
		base:   map[string]string{"svc/.env.production": cache, "svc/.env.test": cache},
		change: map[string]string{"web/.env.staging": "API_URL=https://api.staging.acme.com\n"},
		want:   "prod-endpoint-in-nonprod",
	}, {
		name:   "the organisation's domain is named elsewhere",
		base:   map[string]string{"svc/.env.production": cache, "web/.env.staging": "API_URL=https://api.staging.acme.com\n"},
		change: map[string]string{"svc/.env.test": cache},
		want:   "prod-endpoint-in-nonprod",
	}, {
		name: "a command's host provides no domain",
		base: map[string]string{
			"svc/.env.production": cache,
			"a/Makefile":          "db:\n\tpsql -h db.staging.acme.com\n", // sorts first, named, but a command
			"web/.env.staging":    "API_URL=https://api.staging.acme.com\n",
		},
		change: map[string]string{"svc/.env.test": cache},
		want:   "prod-endpoint-in-nonprod",
	}, {
		name:   "a cloud resource production uses",
		base:   map[string]string{"ops/prod.tfvars": "bucket = \"acme-data-lake\"\n"},
		change: map[string]string{"ops/staging.tfvars": "bucket = \"acme-data-lake\"\n"},
		want:   "prod-resource-in-nonprod",
	}, {
		name:   "tooling connects to a host production uses",
		base:   map[string]string{"svc/.env.production": prodDB},
		change: map[string]string{"svc/Makefile": "db:\n\tpsql -h db1.acme.internal -U app\n"},
		want:   "dev-tooling-targets-prod",
	}, {
		name:   "a credential production uses",
		base:   map[string]string{"svc/.env.production": "DB_PASSWORD=Pr0d-Only-Secret-91\n"},
		change: map[string]string{"svc/.env.staging": "DB_PASSWORD=Pr0d-Only-Secret-91\n"},
		want:   "shared-credential",
	}, {
		name:   "production arrives in the project of a base file",
		base:   map[string]string{"shop/compose.yaml": "services:\n  api:\n    environment:\n      API_SECRET: Sh0p-Base-Secret-31\n"},
		change: map[string]string{"shop/compose.prod.yaml": "services:\n  api:\n    environment:\n      RAILS_ENV: production\n"},
		want:   "hardcoded-prod-credential",
	}, {
		name:   "production arrives at the root of the repository",
		base:   map[string]string{"shop/.env": "API_SECRET=Sh0p-Base-Secret-31\n"},
		change: map[string]string{".env.production": "RAILS_ENV=production\n"},
		want:   "hardcoded-prod-credential",
	}, {
		name:   "a production compose file builds on its base",
		base:   map[string]string{"compose.yaml": "services:\n  api:\n    environment:\n      API_SECRET: Sh0p-Base-Secret-31\n", "config/production.yml": "log: warn\n"},
		change: map[string]string{"docker-compose.prod.yml": "services:\n  api:\n    environment:\n      RAILS_ENV: production\n"},
		want:   "hardcoded-prod-credential",
	}, {
		name: "production stops overriding a shared setting",
		base: map[string]string{
			"src/main/resources/application.yml":      "spring:\n  datasource:\n    password: Base-Literal-Pw-73\n",
			"src/main/resources/application-prod.yml": "spring:\n  datasource:\n    password: ${DB_PASSWORD}\n",
			".env.production":                         "LOG_LEVEL=warn\n", // production stays in the project whatever the push does
		},
		change: map[string]string{"src/main/resources/application-prod.yml": "spring:\n  datasource:\n    url: ${DATABASE_URL}\n"},
		want:   "hardcoded-prod-credential",
	}, {
		name:   "the CODEOWNERS file is read whatever changes",
		base:   map[string]string{".github/CODEOWNERS": "/billing/ @acme/billing\n", "billing/.env.production": "LOG_LEVEL=warn\n"},
		change: map[string]string{"orders/.env.production": "LOG_LEVEL=warn\n"},
		want:   "prod-config-without-owner",
	}, {
		name:   "a workflow calls a reusable one",
		base:   map[string]string{".github/workflows/release.yml": "on:\n  workflow_call:\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: kubectl --context prod apply -f k8s/\n"},
		change: map[string]string{".github/workflows/pr.yml": "on: pull_request_target\njobs:\n  go:\n    uses: ./.github/workflows/release.yml\n    secrets: inherit\n"},
		want:   "secrets-inherit-to-deploy",
	}, {
		name: "a caller workflow's environment comes from the workflow it calls",
		base: map[string]string{
			".github/workflows/release.yml": "on:\n  workflow_call:\n    inputs:\n      db_password:\n        type: string\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: ./deploy.sh\n",
			".github/workflows/main.yml":    "on: push\njobs:\n  deploy:\n    uses: ./.github/workflows/release.yml\n    with:\n      db_password: Cal1er-Pw-77\n",
		},
		change: map[string]string{"svc/.env.staging": "DB_PASSWORD=Cal1er-Pw-77\n"},
		want:   "shared-credential",
	}} {
		t.Run(sc.name, func(t *testing.T) {
			w := newWorld(t)
			for i := range 6 {
				w.write(fmt.Sprintf("unrelated%d/.env.development", i), "LOG_LEVEL=debug\n")
			}
			for p, c := range sc.base {
				w.write(p, c)
			}
			base := w.commit()
			for p, c := range sc.change {
				if c == "" {
					w.remove(p)
				} else {
					w.write(p, c)
				}
			}
			tip := w.commit()
			ctx := context.Background()
			whole := w.wholeNew(t, allOffline(), base, tip)
			if !slices.ContainsFunc(whole, func(f finding.Finding) bool { return f.Rule == sc.want }) {
				t.Fatalf("the scenario is wrong: the whole tree has no new %s finding: %v", sc.want, whole)
			}
			c := w.indexed(t, allOffline(), base)
			got := c.mustNewAtTip(t, ctx, base, tip)
			if c.partialScans != 1 {
				t.Fatal("the push was not judged on a part of the tree")
			}
			if diff := compareFindings(whole, got); diff != "" {
				t.Fatalf("the partial judgement differs from the whole one:\n%s", diff)
			}
		})
	}
}

// TestPartialNeedsLinks shows that the equivalence rests on the links:
// without the shared-credential rule's, a push that copies a production
// password into a staging file is judged on that file alone, and the
// finding is missed.
func TestPartialNeedsLinks(t *testing.T) {
	r := *findRule(t, "shared-credential")
	r.Links = func(*model.Repo, *model.File) []rule.Link { return nil }
	w := newWorld(t)
	w.write("svc/.env.production", "DB_PASSWORD=Pr0d-Only-Secret-91\n")
	w.write("svc/.env.development", "DB_PASSWORD=Dev-Secret-12\n")
	for i := range 5 {
		w.write(fmt.Sprintf("other%d/.env.staging", i), "API_URL=https://api.example.com\n")
	}
	base := w.commit()
	w.write("svc/.env.staging", "DB_PASSWORD=Pr0d-Only-Secret-91\n")
	tip := w.commit()
	ctx := context.Background()
	whole := w.wholeNew(t, []*rule.Rule{&r}, base, tip)
	if len(whole) != 1 || whole[0].Rule != "shared-credential" {
		t.Fatalf("whole tree: want one shared-credential finding, got %v", whole)
	}
	c := w.indexed(t, []*rule.Rule{&r}, base)
	if got := c.mustNewAtTip(t, ctx, base, tip); len(got) != 0 || c.partialScans != 1 {
		t.Fatalf("without links the partial scan should miss the finding; got %v after %d partial scans", got, c.partialScans)
	}
}

func checkPartialMatchesWhole(t *testing.T, seed uint64, ruleSet []*rule.Rule) {
	w := newWorld(t)
	rng := rand.New(rand.NewPCG(seed, 7))
	for _, p := range worldPaths {
		if rng.IntN(3) > 0 {
			w.write(p, randomContent(rng, p))
		}
	}
	prev := w.commit()
	ctx := context.Background()
	partial := w.indexed(t, ruleSet, prev)
	for step := range 25 {
		for range 1 + rng.IntN(3) {
			p := worldPaths[rng.IntN(len(worldPaths))]
			if rng.IntN(6) == 0 {
				w.remove(p)
			} else {
				w.write(p, randomContent(rng, p))
			}
		}
		tip := w.commit()
		want := w.wholeNew(t, ruleSet, prev, tip)
		got := partial.mustNewAtTip(t, ctx, prev, tip)
		if diff := compareFindings(want, got); diff != "" {
			t.Fatalf("step %d (%s..%s): the partial judgement differs from the whole one:\n%s", step, prev.Hash.String()[:7], tip.Hash.String()[:7], diff)
		}
		// A cold checker reads the tip whole and compares from its index.
		cold := w.checker(ruleSet, nil)
		if diff := compareFindings(want, cold.mustNewAtTip(t, ctx, prev, tip)); diff != "" {
			t.Fatalf("step %d: the cold judgement differs from the whole one:\n%s", step, diff)
		}
		prev = tip
	}
	if partial.partialScans == 0 {
		t.Fatal("no push was judged on a part of the tree")
	}
}

// worldPaths are the files the random pushes write; they relate to each
// other through shared values.
var worldPaths = func() []string {
	var out []string
	for _, svc := range []string{"billing", "orders", "search"} {
		for _, env := range []string{"development", "test", "staging", "production"} {
			out = append(out, svc+"/config/.env."+env)
		}
		out = append(out, svc+"/config/application-prod.yml", svc+"/config/application-dev.yml", svc+"/Makefile", svc+"/scripts/db.sh", svc+"/config/database.yml")
	}
	return append(out, ".github/workflows/deploy.yml", ".github/CODEOWNERS", "ops/terraform/prod.tfvars", "ops/terraform/staging.tfvars")
}()

// Values are drawn from small pools so that files share them.
var (
	pwPool   = []string{"Sh4red-Pw-One-7", "Sh4red-Pw-Two-8", "changeme", "${DB_PASSWORD}", "Only-Here-%d-Xq"}
	hostPool = []string{"db.prod.acme.internal", "db1.acme.internal", "10.0.3.7", "localhost", "api.staging.acme.com", "orders.acme.com", "cache.acme.com", "db.example.com", "db.dev.other.io", "shared.other.io", "api.live-ops.net", "mydb.abc123.eu-west-1.rds.amazonaws.com"}
	bktPool  = []string{"acme-prod-data", "acme-assets", "acme-staging-data"}
	keyPool  = []string{"sk_live_51Hx0000000000000000000000", "sk_test_51Hx0000000000000000000000"}
)

func randomContent(rng *rand.Rand, p string) string {
	pick := func(pool []string) string { return fmt.Sprintf(pool[rng.IntN(len(pool))], rng.IntN(1000)) }
	var b strings.Builder
	switch base := filepath.Base(p); {
	case strings.HasPrefix(base, ".env."):
		for range 1 + rng.IntN(4) {
			switch rng.IntN(5) {
			case 0:
				fmt.Fprintf(&b, "DB_PASSWORD=%s\n", pick(pwPool))
			case 1:
				fmt.Fprintf(&b, "DATABASE_URL=postgres://app:%s@%s:5432/app\n", pick(pwPool), pick(hostPool))
			case 2:
				fmt.Fprintf(&b, "S3_BUCKET=s3://%s\n", pick(bktPool))
			case 3:
				fmt.Fprintf(&b, "STRIPE_SECRET_KEY=%s\n", pick(keyPool))
			default:
				fmt.Fprintf(&b, "API_URL=https://%s/v1\n", pick(hostPool))
			}
		}
	case strings.HasSuffix(base, ".yml") && strings.HasPrefix(base, "application"):
		fmt.Fprintf(&b, "spring:\n  datasource:\n    url: jdbc:postgresql://%s:5432/app\n    password: %s\n", pick(hostPool), pick(pwPool))
	case base == "Makefile":
		fmt.Fprintf(&b, "db:\n\tpsql -h %s -U app\n", pick(hostPool))
	case base == "database.yml":
		for _, env := range []string{"development", "test", "production"} {
			if rng.IntN(2) == 0 {
				fmt.Fprintf(&b, "%s:\n  host: %s\n  password: %s\n", env, pick(hostPool), pick(pwPool))
			}
		}
	case strings.HasSuffix(base, ".sh"):
		fmt.Fprintf(&b, "#!/bin/sh\nkubectl --context %s get pods\nredis-cli -h %s\n", pick([]string{"prod-eu", "dev-eu"}), pick(hostPool))
	case base == "deploy.yml":
		env := pick([]string{"    environment: production\n", ""})
		fmt.Fprintf(&b, "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n%s    env:\n      DB_HOST: %s\n    steps:\n      - run: kubectl --context prod apply -f k8s/\n", env, pick(hostPool))
	case base == "CODEOWNERS":
		fmt.Fprintf(&b, "%s @acme/platform\n", pick([]string{"*", "/billing/", "/.github/"}))
	case strings.HasSuffix(base, ".tfvars"):
		fmt.Fprintf(&b, "bucket = \"%s\"\ndb_host = \"%s\"\ndb_password = \"%s\"\n", pick(bktPool), pick(hostPool), pick(pwPool))
	}
	return b.String()
}

// compareFindings describes how got differs from want, or "".
func compareFindings(want, got []finding.Finding) string {
	line := func(f finding.Finding) string {
		var rel []string
		for _, r := range f.Related {
			rel = append(rel, fmt.Sprintf("%s:%d", r.Path, r.Line))
		}
		return fmt.Sprintf("%s %s %s:%d %s [%s] %s", f.Fingerprint, f.Rule, f.Path, f.Line, f.Severity, strings.Join(rel, " "), f.Message)
	}
	var w, g []string
	for _, f := range want {
		w = append(w, line(f))
	}
	for _, f := range got {
		g = append(g, line(f))
	}
	slices.Sort(w)
	slices.Sort(g)
	if slices.Equal(w, g) {
		return ""
	}
	return "whole:\n  " + strings.Join(w, "\n  ") + "\npartial:\n  " + strings.Join(g, "\n  ")
}

// world is a git repository written by a test.
type world struct {
	t    testing.TB
	dir  string
	repo *gitsource.Repo
	opts engine.Options // the classifier and policy of every checker
}

func newWorld(t testing.TB) *world {
	w := &world{t: t, dir: t.TempDir()}
	w.git("init", "-q", "-b", "main")
	return w
}

func (w *world) git(args ...string) string {
	w.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = w.dir
	cmd.Env = append(os.Environ(), "HOME="+w.dir, "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@acme.io", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@acme.io")
	out, err := cmd.CombinedOutput()
	if err != nil {
		w.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func (w *world) write(p, content string) {
	full := filepath.Join(w.dir, p)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) remove(p string) { _ = os.Remove(filepath.Join(w.dir, p)) }

func (w *world) commit() gitsource.Commit {
	w.git("add", "-A")
	w.git("commit", "-q", "--allow-empty", "-m", "change")
	if w.repo == nil {
		repo, err := gitsource.Open(w.dir)
		if err != nil {
			w.t.Fatal(err)
		}
		w.t.Cleanup(func() { repo.Close() })
		w.repo = repo
	}
	c, err := w.repo.Resolve(w.git("rev-parse", "HEAD"))
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

// wholeNew is what the hook must find: the findings of the whole tree of
// tip that the whole tree of base does not have, by two plain scans.
func (w *world) wholeNew(t *testing.T, ruleSet []*rule.Rule, base, tip gitsource.Commit) []finding.Finding {
	t.Helper()
	c := w.checker(ruleSet, nil)
	now, err := c.scan(context.Background(), w.repo.Tree(tip, nil), ruleSet, tip.Hash.String())
	if err != nil {
		t.Fatal(err)
	}
	before, err := c.scan(context.Background(), w.repo.Tree(base, nil), ruleSet, base.Hash.String())
	if err != nil {
		t.Fatal(err)
	}
	return newOnly(now.Findings, identities(before.Findings))
}

// checker returns a checker of the world's repository; with files, it
// remembers file indexes (in memory: nothing is saved).
func (w *world) checker(ruleSet []*rule.Rule, files *fileIndex) *Checker {
	opts := w.opts
	if opts.Classifier == nil {
		cls, err := envmodel.New(envmodel.Settings{})
		if err != nil {
			w.t.Fatal(err)
		}
		opts.Classifier = cls
	}
	return &Checker{Repo: w.repo, Rules: ruleSet, Options: opts, files: files}
}

// indexed returns a checker that has judged base as a new branch, so
// that its index knows base's files.
func (w *world) indexed(t *testing.T, ruleSet []*rule.Rule, base gitsource.Commit) *Checker {
	c := w.checker(ruleSet, &fileIndex{key: "test"})
	c.mustNewAtTip(t, context.Background(), gitsource.Commit{}, base)
	if _, ok := c.files.lookup(base.Tree); !ok {
		t.Fatal("judging a tree did not index it")
	}
	return c
}

func (c *Checker) mustNewAtTip(t *testing.T, ctx context.Context, base, tip gitsource.Commit) []finding.Finding {
	t.Helper()
	fs, err := c.NewAtTip(ctx, base, tip)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func allOffline() []*rule.Rule {
	var out []*rule.Rule
	for _, r := range rules.All() {
		if !r.Online {
			out = append(out, r)
		}
	}
	return out
}

func findRule(t *testing.T, id string) *rule.Rule {
	r, ok := rules.ByID(id)
	if !ok {
		t.Fatalf("no rule %s", id)
	}
	return r
}

// BenchmarkNewAtTip judges a one-file push to a repository of 2,000
// configuration files, on the whole tree and from the base's file index.
func BenchmarkNewAtTip(b *testing.B) {
	w := newWorld(b)
	for i := range 500 {
		for _, env := range []string{"development", "test", "staging", "production"} {
			w.write(fmt.Sprintf("svc%03d/config/.env.%s", i, env), fmt.Sprintf("DATABASE_URL=postgres://app@db%d.%s.acme.internal/app\nDB_PASSWORD=${DB_PASSWORD}\nLOG_LEVEL=info\n", i, env))
		}
	}
	w.git("add", "-A")
	w.git("commit", "-q", "-m", "base")
	w.git("repack", "-adq")
	base := w.commit()
	w.write("svc007/config/.env.staging", "DATABASE_URL=postgres://app@db7.production.acme.internal/app\n")
	tip := w.commit()
	ctx := context.Background()
	b.Run("whole", func(b *testing.B) {
		for b.Loop() {
			c := w.checker(allOffline(), nil)
			if _, err := c.NewAtTip(ctx, base, tip); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("partial", func(b *testing.B) {
		index := &fileIndex{key: "bench"}
		warm := w.checker(allOffline(), index)
		if _, err := warm.NewAtTip(ctx, gitsource.Commit{}, base); err != nil {
			b.Fatal(err)
		}
		tf, _ := index.lookup(base.Tree)
		for b.Loop() {
			c := w.checker(allOffline(), &fileIndex{key: "bench", pending: map[plumbing.Hash]*treeFiles{base.Tree: tf}})
			if _, err := c.NewAtTip(ctx, base, tip); err != nil || c.partialScans != 1 {
				b.Fatal(err)
			}
		}
	})
}
