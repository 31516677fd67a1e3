package evidence

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/config"
	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/ghapi"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/rules"
	"github.com/envfence/envfence/internal/source"
)

// shop is a small, well-kept repository: production reached only through
// tests and a staging deploy, environments named, production files owned.
var shop = map[string]string{
	".github/CODEOWNERS": "/deploy/production/ @acme/platform\n/.github/workflows/ @acme/platform\n",
	".github/workflows/deploy.yml": `name: deploy
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: go test ./...
  staging:
    needs: test
    environment: staging
    runs-on: ubuntu-latest
    steps:
      - run: helm upgrade shop ./chart -f deploy/staging/values.yaml --kube-context staging
  production:
    needs: staging
    environment: production
    runs-on: ubuntu-latest
    steps:
      - run: helm upgrade shop ./chart -f deploy/production/values.yaml --kube-context production
`,
	"deploy/production/values.yaml": "database:\n  host: shop-db.prod.acme.internal\n  password: ${DB_PASSWORD}\n",
	"deploy/staging/values.yaml":    "database:\n  host: shop-db.staging.acme.internal\n  password: ${DB_PASSWORD}\n",
	".env.development":              "DATABASE_URL=postgres://localhost:5432/shop\n",
	"Makefile":                      "test:\n\tgo test ./...\nrun:\n\tgo run ./cmd/shop\n",
}

func with(base map[string]string, changes map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range changes {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// fakeGitHub answers for environments from a table; a name it does not
// know does not exist.
type fakeGitHub map[string]*ghapi.Environment

func (f fakeGitHub) Environment(_ context.Context, name string) (*ghapi.Environment, error) {
	if e, ok := f[name]; ok {
		return e, nil
	}
	return nil, ghapi.ErrNotFound
}

var no = false

var protected = &ghapi.Environment{Name: "production", CanAdminsBypass: &no,
	ProtectionRules: []ghapi.ProtectionRule{{Type: "required_reviewers", Reviewers: []json.RawMessage{[]byte(`{}`)}}},
	BranchPolicy:    &ghapi.BranchPolicy{ProtectedBranches: true}}

type scanOpts struct {
	github   fakeGitHub // nil: offline
	config   string
	baseline string
	workers  int
}

// pack scans a tree with every rule the options allow and builds its pack.
func pack(t *testing.T, files map[string]string, o scanOpts) *Pack {
	t.Helper()
	root := writeTree(t, files)
	cfg, err := config.Parse(".envfence.yml", []byte(o.config), config.LoadOptions{KnownRules: rules.IDs()})
	if err != nil {
		t.Fatal(err)
	}
	opts := engine.Options{Policy: cfg, Workers: o.workers}
	var runs []RuleRun
	for _, r := range rules.All() {
		rr := RuleRun{Rule: r, Ran: cfg.Enabled(r.ID)}
		switch {
		case !rr.Ran:
			rr.Why = "switched off in .envfence.yml"
		case r.Online && o.github == nil:
			rr.Ran, rr.Why = false, "offline"
		}
		if rr.Ran {
			opts.Rules = append(opts.Rules, r)
		}
		runs = append(runs, rr)
	}
	if o.github != nil {
		opts.RuleContext = o.github
	}
	if o.baseline != "" {
		p := filepath.Join(t.TempDir(), "baseline.json")
		os.WriteFile(p, []byte(o.baseline), 0o644)
		b, err := config.LoadBaseline(p, false)
		if err != nil {
			t.Fatal(err)
		}
		opts.Baseline = b
	}
	res, err := engine.Scan(context.Background(), source.Dir{Root: root}, opts)
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Header: Header{Repository: "acme/shop"}, Repo: res.Repo, Checks: runs, Findings: res.Findings, Accepted: res.Accepted, Notes: res.Notes}
	if o.github != nil {
		in.GitHub = o.github
		in.Header.GitHub.Read = true
	} else {
		in.Header.GitHub.Why = "offline"
	}
	return Build(in)
}

func statuses(p *Pack) map[string]Status {
	out := map[string]Status{}
	for _, s := range p.Sections {
		out[s.ID] = s.Status
	}
	return out
}

func section(t *testing.T, p *Pack, id rule.Section) Section {
	t.Helper()
	for _, s := range p.Sections {
		if s.ID == string(id) {
			return s
		}
	}
	t.Fatalf("no section %s", id)
	return Section{}
}

func TestStatuses(t *testing.T) {
	ungated := strings.Replace(shop[".github/workflows/deploy.yml"], "    needs: staging\n", "", 1)
	cases := []struct {
		name  string
		files map[string]string
		opts  scanOpts
		want  map[string]Status
	}{
		{"kept apart, offline", shop, scanOpts{},
			map[string]Status{"architecture": Satisfied, "access": Undetermined, "data": Satisfied, "promotion": Satisfied, "direct-paths": Satisfied}},
		{"kept apart, GitHub protects production", shop, scanOpts{github: fakeGitHub{"production": protected}},
			map[string]Status{"architecture": Satisfied, "access": Satisfied, "data": Satisfied, "promotion": Satisfied, "direct-paths": Satisfied}},
		{"production environment missing on GitHub", shop, scanOpts{github: fakeGitHub{}},
			map[string]Status{"architecture": Satisfied, "access": Gaps, "data": Satisfied, "promotion": Satisfied, "direct-paths": Satisfied}},
		{"production deploy needs nothing", with(shop, map[string]string{".github/workflows/deploy.yml": ungated}), scanOpts{github: fakeGitHub{"production": protected}},
			map[string]Status{"architecture": Satisfied, "access": Satisfied, "data": Satisfied, "promotion": Gaps, "direct-paths": Satisfied}},
		{"production password in staging", with(shop, map[string]string{
			"deploy/staging/values.yaml":    "database:\n  host: shop-db.prod.acme.internal\n  password: ${DB_PASSWORD}\n",
			"deploy/production/values.yaml": "database:\n  host: shop-db.prod.acme.internal\n  password: ${DB_PASSWORD}\n"}), scanOpts{github: fakeGitHub{"production": protected}},
			map[string]Status{"architecture": Satisfied, "access": Satisfied, "data": Gaps, "promotion": Satisfied, "direct-paths": Satisfied}},
		{"a Makefile target reaches production", with(shop, map[string]string{"Makefile": "hotfix:\n\tpsql -h shop-db.prod.acme.internal -U admin shop\n"}), scanOpts{github: fakeGitHub{"production": protected}},
			map[string]Status{"architecture": Satisfied, "access": Satisfied, "data": Satisfied, "promotion": Satisfied, "direct-paths": Gaps}},
		{"a check switched off", shop, scanOpts{github: fakeGitHub{"production": protected}, config: "rules:\n  dev-tooling-targets-prod: {enabled: false}\n"},
			map[string]Status{"architecture": Satisfied, "access": Satisfied, "data": Satisfied, "promotion": Satisfied, "direct-paths": Undetermined}},
		{"production config, deployed from elsewhere", with(shop, map[string]string{".github/workflows/deploy.yml": ""}), scanOpts{},
			map[string]Status{"architecture": Satisfied, "access": Undetermined, "data": Satisfied, "promotion": Undetermined, "direct-paths": Satisfied}},
		{"nothing is production", map[string]string{".env.development": "API_URL=http://localhost:3000\n", ".env.test": "API_URL=http://localhost:3001\n"}, scanOpts{},
			map[string]Status{"architecture": Undetermined, "access": Undetermined, "data": Undetermined, "promotion": Undetermined, "direct-paths": Undetermined}},
		{"only production is here", with(shop, map[string]string{".env.development": "", "deploy/staging/values.yaml": "", ".github/workflows/deploy.yml": ""}), scanOpts{},
			map[string]Status{"architecture": Undetermined, "access": Undetermined, "data": Satisfied, "promotion": Undetermined, "direct-paths": Satisfied}},
		{"near miss: a staging deploy job is an environment too", with(shop, map[string]string{".env.development": "", "deploy/staging/values.yaml": ""}), scanOpts{github: fakeGitHub{"production": protected}},
			map[string]Status{"architecture": Satisfied, "access": Satisfied, "data": Satisfied, "promotion": Satisfied, "direct-paths": Satisfied}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := pack(t, c.files, c.opts)
			got := statuses(p)
			for id, want := range c.want {
				if got[id] != want {
					s := section(t, p, rule.Section(id))
					t.Errorf("%s: %s (%s), want %s", id, got[id], s.Why, want)
				}
			}
			for _, s := range p.Sections {
				if s.Status == Undetermined && (s.Why == "" || s.Determine == "") {
					t.Errorf("%s is not determinable without saying why and what would determine it", s.ID)
				}
			}
		})
	}
}

func TestUndeterminedSaysWhatWouldDetermineIt(t *testing.T) {
	p := pack(t, shop, scanOpts{})
	s := section(t, p, rule.Access)
	if !strings.Contains(s.Why, `environment "production"`) || !strings.Contains(s.Determine, "token") {
		t.Errorf("access: why %q, determine %q; want the environment named and a token asked for", s.Why, s.Determine)
	}
	// Without production deploys, the online check has nothing to read:
	// its not running is not what leaves Access open.
	elsewhere := section(t, pack(t, with(shop, map[string]string{".github/workflows/deploy.yml": ""}), scanOpts{}), rule.Access)
	if !strings.Contains(elsewhere.Why, "no CI pipeline") || strings.Contains(elsewhere.Why, "did not run") {
		t.Errorf("access without production deploys: %q", elsewhere.Why)
	}
	off := pack(t, shop, scanOpts{github: fakeGitHub{"production": protected}, config: "rules:\n  dev-tooling-targets-prod: {enabled: false}\n"})
	if s := section(t, off, rule.DirectPaths); !strings.Contains(s.Why, "dev-tooling-targets-prod did not run: switched off") {
		t.Errorf("direct paths: why %q; want the check that did not run and why", s.Why)
	}
}

// TestDeployedElsewhere: when no workflow deploys to production, the pack
// names what in the repository does (a GitOps controller, a platform,
// another CI system), or says there is no pipeline, instead of sending the
// auditor to a repository that may not exist.
func TestDeployedElsewhere(t *testing.T) {
	noDeploy := with(shop, map[string]string{".github/workflows/deploy.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n"})
	argo := "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop-production\nspec:\n  source:\n    repoURL: https://github.com/acme/shop\n    targetRevision: main\n  syncPolicy:\n    automated: {prune: true}\n"
	cases := []struct {
		name     string
		files    map[string]string
		want     string
		wantNot  string
		wantMech []string
	}{
		{"Argo CD syncs it", with(noDeploy, map[string]string{"argocd/shop.yaml": argo}), "deploys it instead, Argo CD (argocd/shop.yaml)", "", []string{"Argo CD"}},
		{"a Kubernetes Application is not Argo CD", with(noDeploy, map[string]string{"k8s/app.yaml": "apiVersion: app.k8s.io/v1beta1\nkind: Application\nmetadata:\n  name: shop\n"}), "another repository or system", "Argo", nil},
		{"Heroku builds it", with(noDeploy, map[string]string{"app.json": `{"name": "shop", "buildpacks": [{"url": "heroku/go"}], "scripts": {"postdeploy": "bin/migrate"}}`}), "deploys it instead, Heroku (app.json)", "", []string{"Heroku"}},
		{"an Expo app.json is no Heroku manifest", with(noDeploy, map[string]string{"app.json": `{"expo": {"name": "shop", "slug": "shop"}}`}), "another repository or system", "Heroku", nil},
		{"GitLab CI", with(noDeploy, map[string]string{".gitlab-ci.yml": "deploy:\n  script: ./deploy.sh\n"}), "GitLab CI (.gitlab-ci.yml)", "", []string{"GitLab CI"}},
		{"no pipeline at all", with(shop, map[string]string{".github/workflows/deploy.yml": ""}), "no CI pipeline at all", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := pack(t, c.files, scanOpts{})
			pr := section(t, p, rule.Promotion)
			if pr.Status != Undetermined || !strings.Contains(pr.Why, c.want) || c.wantNot != "" && strings.Contains(pr.Why+pr.Determine, c.wantNot) {
				t.Errorf("promotion: %s: %q (determine: %q); want %q", pr.Status, pr.Why, pr.Determine, c.want)
			}
			var got []string
			for _, m := range pr.Promotion.Mechanisms {
				got = append(got, m.Name)
			}
			if strings.Join(got, ",") != strings.Join(c.wantMech, ",") {
				t.Errorf("mechanisms %v, want %v", got, c.wantMech)
			}
		})
	}
}

func TestArchitectureAndAccess(t *testing.T) {
	p := pack(t, shop, scanOpts{github: fakeGitHub{"production": protected}})
	a := section(t, p, rule.Architecture).Architecture
	var prod *Environment
	for i := range a.Environments {
		if a.Environments[i].Name == "production" {
			prod = &a.Environments[i]
		}
	}
	if prod == nil || !slices.Contains(prod.Hosts, "shop-db.prod.acme.internal") || slices.Contains(prod.Hosts, "shop-db.staging.acme.internal") {
		t.Fatalf("production environment: %+v", prod)
	}
	if a.Environments[0].Name != "production" {
		t.Errorf("environments start with %s, want production first", a.Environments[0].Name)
	}
	for _, e := range a.Environments {
		for _, h := range e.Hosts {
			if h == "localhost" {
				t.Errorf("%s lists localhost as a host", e.Name)
			}
		}
	}
	acc := section(t, p, rule.Access).Access
	if acc.CodeOwners.File != ".github/CODEOWNERS" || len(acc.CodeOwners.Unowned) != 0 || len(acc.CodeOwners.Owned) != 1 || acc.CodeOwners.Owned[0].Owners[0] != "@acme/platform" {
		t.Errorf("CODEOWNERS coverage: %+v", acc.CodeOwners)
	}
	if len(acc.DeployJobs) != 1 || acc.DeployJobs[0].Job != "production" || acc.DeployJobs[0].Environment != "production" {
		t.Errorf("production deploy jobs: %+v", acc.DeployJobs)
	}
	if len(acc.Environments) != 1 || !acc.Environments[0].Read || acc.Environments[0].Reviewers != 1 || acc.Environments[0].BranchPolicy != "protected branches" || acc.Environments[0].AdminsBypass {
		t.Errorf("protection: %+v", acc.Environments)
	}
}

func TestDeployGraph(t *testing.T) {
	files := with(shop, map[string]string{".github/workflows/lint.yml": "on: pull_request\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: golangci-lint run\n"})
	pr := section(t, pack(t, files, scanOpts{}), rule.Promotion).Promotion
	if pr.WithoutDeploys != 1 || len(pr.Workflows) != 1 || pr.ProductionDeploys != 1 || pr.Gated != 1 || pr.Protected != 1 {
		t.Fatalf("promotion: %+v", pr)
	}
	wf := pr.Workflows[0]
	if len(wf.Triggers) != 1 || wf.Triggers[0] != "push (branches main)" {
		t.Errorf("triggers %v", wf.Triggers)
	}
	var ids []string
	for _, j := range wf.Jobs {
		ids = append(ids, j.ID)
	}
	if strings.Join(ids, " ") != "test staging production" {
		t.Errorf("jobs %v, want the deploy jobs and the jobs they need", ids)
	}
	prod := wf.Jobs[2]
	if !prod.Production || prod.Gate != "needs staging, which deploys to staging" || prod.EnvironmentName != "production" || strings.Join(prod.Needs, ",") != "staging" {
		t.Errorf("production job %+v", prod)
	}
	if !wf.Jobs[0].RunsTests || wf.Jobs[0].Deploys {
		t.Errorf("test job %+v", wf.Jobs[0])
	}
}

// TestAcceptedRisks: every suppression is listed with its reason and
// where it is written; a suppression without a reason accepts nothing.
func TestAcceptedRisks(t *testing.T) {
	files := with(shop, map[string]string{
		".env.production": "# envfence:ignore[hardcoded-prod-credential] rotated weekly by the vault agent (SEC-12)\nSMTP_PASSWORD=Inline-Accepted-Pw-1\n" +
			"API_TOKEN=Config-Accepted-Tok-2\nLEGACY_SECRET=Baseline-Accepted-3\n# envfence:ignore[hardcoded-prod-credential]\nOTHER_PASSWORD=No-Reason-Pw-4\n",
	})
	cfg := "ignore:\n  - rule: hardcoded-prod-credential\n    path: .env.production\n    reason: \"tokens of the old API, removed in Q1 (SEC-20)\"\n"
	first := pack(t, files, scanOpts{})
	var fingerprint string
	for _, g := range section(t, first, rule.Data).Findings {
		for _, f := range g.Findings {
			if f.Line == 4 {
				fingerprint = f.Fingerprint
			}
		}
	}
	if fingerprint == "" {
		t.Fatal("no finding at line 4 to put in a baseline")
	}
	baseline := `{"schema": "envfence/baseline/v2", "findings": [{"fingerprint": "` + fingerprint + `", "rule": "hardcoded-prod-credential", "path": ".env.production", "reason": "legacy, owned by team-payments"}]}`
	// The baseline takes line 4 before the ignore entry, which takes the rest.
	p := pack(t, files, scanOpts{baseline: baseline})
	acc := p.Accepted
	if acc.Inline != 1 || acc.Baseline != 1 || acc.Total != 2 {
		t.Errorf("accepted: %d inline, %d by baseline, %d in all; want 1, 1, 2", acc.Inline, acc.Baseline, acc.Total)
	}
	byBy := map[string]Acceptance{}
	for _, g := range acc.Groups {
		byBy[g.By] = g
	}
	if g := byBy["inline"]; g.Path != ".env.production" || g.Line != 1 || !strings.Contains(g.Reason, "SEC-12") || len(g.Findings) != 1 || g.Findings[0].Line != 2 {
		t.Errorf("inline acceptance %+v", g)
	}
	if g := byBy["baseline"]; !strings.HasSuffix(g.Path, "baseline.json") || g.Reason != "legacy, owned by team-payments" {
		t.Errorf("baseline acceptance %+v", g)
	}
	if len(acc.Invalid) != 1 || acc.Invalid[0].Findings[0].Line != 5 {
		t.Errorf("the suppression without a reason: %+v", acc.Invalid)
	}
	withConfig := pack(t, files, scanOpts{config: cfg})
	// The entry takes lines 3, 4 and 6: the comment above line 6 gives no
	// reason, so it accepts nothing.
	if g := withConfig.Accepted; g.Config != 3 || g.Inline != 1 {
		t.Errorf("with the ignore entry: %d by config, %d inline; want 3 and 1", g.Config, g.Inline)
	}
	for _, g := range withConfig.Accepted.Groups {
		if g.By == "config" && (g.Path != ".envfence.yml" || g.Line != 2 || !strings.Contains(g.Reason, "SEC-20")) {
			t.Errorf("config acceptance %+v", g)
		}
	}
	data, _ := json.Marshal(withConfig)
	for _, v := range []string{"Inline-Accepted-Pw-1", "Config-Accepted-Tok-2", "Baseline-Accepted-3", "No-Reason-Pw-4"} {
		if strings.Contains(string(data), v) {
			t.Errorf("the pack holds the value %s", v)
		}
	}
}

// TestReasonsAreMasked: a reason is free text; a credential pasted into
// one is masked like one in a command line.
func TestReasonsAreMasked(t *testing.T) {
	files := with(shop, map[string]string{".env.production": "# envfence:ignore[hardcoded-prod-credential] same as postgres://app:Pasted-In-Reason-9@db/x, rotated\nDB_PASSWORD=Value-In-File-5\n"})
	p := pack(t, files, scanOpts{})
	if len(p.Accepted.Groups) != 1 {
		t.Fatalf("acceptances: %+v", p.Accepted.Groups)
	}
	if r := p.Accepted.Groups[0].Reason; strings.Contains(r, "Pasted-In-Reason-9") || !strings.Contains(r, "rotated") {
		t.Errorf("reason %q: want the password masked and the rest readable", r)
	}
}

func TestPairsCountFindingsByEnvironment(t *testing.T) {
	files := with(shop, map[string]string{
		".env.production": "DB_PASSWORD=Shared-Across-Envs-6\nREDIS_URL=redis://cache.prod.acme.internal:6379\n",
		".env.staging":    "DB_PASSWORD=Shared-Across-Envs-6\n",
		".env.test":       "REDIS_URL=redis://cache.prod.acme.internal:6379\n",
	})
	d := section(t, pack(t, files, scanOpts{}), rule.Data).Data
	want := map[Pair]bool{
		{From: "production", To: "", Rule: "hardcoded-prod-credential", Count: 1}:    true,
		{From: "staging", To: "production", Rule: "shared-credential", Count: 1}:     true,
		{From: "test", To: "production", Rule: "prod-endpoint-in-nonprod", Count: 1}: true,
	}
	for _, p := range d.Pairs {
		if !want[p] {
			t.Errorf("unexpected pair %+v", p)
		}
		delete(want, p)
	}
	for p := range want {
		t.Errorf("missing pair %+v", p)
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	files := with(shop, map[string]string{".env.staging": "DB_PASSWORD=Shared-Across-Envs-6\n", ".env.production": "DB_PASSWORD=Shared-Across-Envs-6\n"})
	var first []byte
	for workers := 1; workers <= 4; workers++ {
		data, err := json.Marshal(pack(t, files, scanOpts{workers: workers, github: fakeGitHub{"production": protected}}))
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = data
		} else if string(data) != string(first) {
			t.Fatalf("the pack differs with %d workers", workers)
		}
	}
}

// TestEveryRuleAnswersASection: a rule added to the catalogue says which
// evidence it is.
func TestEveryRuleAnswersASection(t *testing.T) {
	known := map[rule.Section]bool{}
	for _, s := range rule.Sections {
		known[s] = true
	}
	for _, r := range rules.All() {
		if !known[r.Evidence] {
			t.Errorf("rule %s has evidence section %q, want one of %v", r.ID, r.Evidence, rule.Sections)
		}
	}
	if len(definitions)+1 != len(rule.Sections) {
		t.Errorf("%d section definitions for %d sections (and accepted risks)", len(definitions), len(rule.Sections)-1)
	}
}
