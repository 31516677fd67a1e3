// Command gen writes a deterministic synthetic monorepo for benchmarks:
// services × environments × configuration formats, source-code filler that
// makes up most of the bytes (with words such as product, devices, latest
// and livenessProbe that must not look like environments), workflows, and
// violations planted at known places, listed in expected.json.
//
//	go run ./bench/gen -out DIR -files 10000 [-seed 1] [-git -commits 1000]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// planted is one violation the generator put in the tree.
type planted struct {
	Rule string `json:"rule"`
	Path string `json:"path"`
	Line int    `json:"line"`
}

type generator struct {
	out      string
	rnd      *rand.Rand
	files    int
	written  int
	expected []planted
}

func main() {
	out := flag.String("out", "bench/_out/repo", "directory to write")
	files := flag.Int("files", 1000, "number of files")
	seed := flag.Uint64("seed", 1, "random seed")
	withGit := flag.Bool("git", false, "also make a git history with fast-import")
	commits := flag.Int("commits", 1000, "commits of history (with -git)")
	flag.Parse()
	g := &generator{out: *out, rnd: rand.New(rand.NewPCG(*seed, 42)), files: *files}
	if err := os.RemoveAll(*out); err != nil {
		fail(err)
	}
	g.generate()
	if err := g.writeExpected(); err != nil {
		fail(err)
	}
	if *withGit {
		if err := makeHistory(*out, *commits); err != nil {
			fail(err)
		}
	}
	fmt.Printf("wrote %d files and %d planted violations to %s\n", g.written, len(g.expected), *out)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}

func (g *generator) write(rel, content string) {
	p := filepath.Join(g.out, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		fail(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		fail(err)
	}
	g.written++
}

func (g *generator) plant(rule, path string, line int) {
	g.expected = append(g.expected, planted{rule, path, line})
}

// generate writes services until the file budget is used, each with a
// fixed set of configuration files and source filler.
func (g *generator) generate() {
	g.write(".github/CODEOWNERS", "/services/ @acme/developers\n")
	g.workflows()
	for svc := 0; g.written < g.files; svc++ {
		g.service(svc)
	}
}

func (g *generator) service(n int) {
	name := fmt.Sprintf("svc%03d", n)
	base := "services/" + name + "/"
	host := fmt.Sprintf("%s-db", name)
	g.write(base+".env", "APP_NAME="+name+"\nLOG_LEVEL=info\nDATABASE_URL=${DATABASE_URL}\n")
	g.write(base+".env.example", "DATABASE_URL=postgres://app:changeme@localhost:5432/"+name+"\nAPI_KEY=your_api_key_here\n")
	g.write(base+".env.development", fmt.Sprintf("DATABASE_URL=postgres://app:devpw-%d@localhost:5432/%s\nREDIS_URL=redis://redis:6379\n", n, name))
	g.write(base+".env.staging", fmt.Sprintf("DATABASE_URL=postgres://app:${DB_PASSWORD}@%s.staging.acme.internal:5432/%s\n", host, name))
	g.write(base+".env.production", fmt.Sprintf("DATABASE_URL=postgres://app:${DB_PASSWORD}@%s.prod.acme.internal:5432/%s\nPAYMENTS_API=https://api.stripe.com/v1\n", host, name))
	g.write(base+"config/database.yml", fmt.Sprintf("default: &default\n  adapter: postgresql\n  pool: 5\ndevelopment:\n  <<: *default\n  database: %s_dev\nproduction:\n  <<: *default\n  database: %s\n  password: <%%= ENV['DB_PASSWORD'] %%>\n", name, name))
	g.write(base+"src/main/resources/application.yml", "spring:\n  application:\n    name: "+name+"\nmanagement:\n  endpoint:\n    health:\n      probes:\n        enabled: true\n")
	g.write(base+"src/main/resources/application-prod.yml", "spring:\n  datasource:\n    url: jdbc:postgresql://"+host+".prod.acme.internal:5432/"+name+"\n    password: ${DB_PASSWORD}\n")
	g.write(base+"deploy/values.yaml", "image: ghcr.io/acme/"+name+"\nlivenessProbe:\n  httpGet: {path: /healthz, port: 8080}\n")
	g.write(base+"deploy/values-prod.yaml", "replicaCount: 3\nenv:\n  DB:\n    valueFrom:\n      secretKeyRef: {name: db, key: url}\n")
	g.write(base+"k8s/overlays/staging/kustomization.yaml", "resources: [../../base]\n")
	g.write(base+"k8s/overlays/prod/kustomization.yaml", "resources: [../../base]\n")
	g.write(base+"Makefile", "test:\n\tgo test ./...\nrun:\n\tdocker compose up\n")
	g.write(base+"package.json", `{"name": "`+name+`", "scripts": {"test": "jest", "build": "tsc"}}`+"\n")
	g.plantViolation(n, base, host)
	for i := 0; i < 30 && g.written < g.files; i++ {
		g.source(base, i)
	}
}

// plantViolation puts one violation of a rotating rule into the service.
func (g *generator) plantViolation(n int, base, host string) {
	pw := fmt.Sprintf("Planted-Shared-%04d-pw", n)
	switch n % 6 {
	case 0:
		g.write(base+"secrets/.env.staging", "SHARED_SECRET="+pw+"\n")
		g.write(base+"secrets/.env.production", "SHARED_SECRET="+pw+"\n")
		g.plant("shared-credential", base+"secrets/.env.staging", 1)
		g.plant("hardcoded-prod-credential", base+"secrets/.env.production", 1)
	case 1:
		g.write(base+"config/.env.test", fmt.Sprintf("REPORTS_DB=postgres://app:${PW}@%s.prod.acme.internal:5432/x\n", host))
		g.plant("prod-endpoint-in-nonprod", base+"config/.env.test", 1)
	case 2:
		g.write(base+"config/.env.test", "STRIPE_SECRET_KEY=sk_live_"+fmt.Sprintf("%04dPlantedBench0NotAKey", n)+"\n")
		g.plant("live-key-in-nonprod", base+"config/.env.test", 1)
	case 3:
		g.write(base+"config/master.key", fmt.Sprintf("plantedbenchkey%04d\n", n))
		g.plant("committed-secret-key-file", base+"config/master.key", 1)
	case 4:
		g.write(base+"scripts/console.sh", "#!/bin/sh\nkubectl --context prod-eu exec -it deploy/app -- sh\n")
		g.plant("dev-tooling-targets-prod", base+"scripts/console.sh", 2)
	case 5:
		g.write(base+"appsettings.Production.json", `{"Db": {"Password": "Planted-Prod-`+fmt.Sprint(n)+`-pw"}}`+"\n")
		g.plant("hardcoded-prod-credential", base+"appsettings.Production.json", 1)
	}
}

var words = []string{"product", "devices", "latest", "order", "customer", "invoice", "handler", "request", "response", "context", "stage", "release", "live", "test", "config"}

// source writes a realistic source file of 2–12 KB.
func (g *generator) source(base string, i int) {
	exts := []string{"go", "ts", "py", "java"}
	ext := exts[g.rnd.IntN(len(exts))]
	var b strings.Builder
	fmt.Fprintf(&b, "// Package %s handles %s %s.\n", words[i%len(words)], words[g.rnd.IntN(len(words))], words[g.rnd.IntN(len(words))])
	size := 2000 + g.rnd.IntN(10000)
	for b.Len() < size {
		w1, w2 := words[g.rnd.IntN(len(words))], words[g.rnd.IntN(len(words))]
		fmt.Fprintf(&b, "func %s%sHandler(ctx context.Context, id int) error {\n\t// fetch the latest %s for the %s probe (livenessProbe)\n\treturn process(ctx, %q, id*%d)\n}\n\n", w1, strings.ToUpper(w2[:1])+w2[1:], w1, w2, w1+"-"+w2, g.rnd.IntN(100))
	}
	g.write(fmt.Sprintf("%ssrc/%s/file%02d.%s", base, words[i%len(words)], i, ext), b.String())
}

func (g *generator) workflows() {
	g.write(".github/workflows/ci.yml", "name: ci\non: [pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n")
	g.write(".github/workflows/deploy.yml", "name: deploy\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n  staging:\n    needs: test\n    environment: staging\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade app ./chart -f values-staging.yaml\n  production:\n    needs: staging\n    environment: production\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade app ./chart -f values-prod.yaml\n")
	g.write(".github/workflows/hotfix.yml", "name: hotfix\non:\n  push:\n    branches: [main]\njobs:\n  hotfix:\n    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl --context prod-eu apply -f k8s/\n")
	g.plant("prod-deploy-without-environment", ".github/workflows/hotfix.yml", 6)
	g.plant("prod-deploy-without-gate", ".github/workflows/hotfix.yml", 6)
	g.plant("prod-config-without-owner", ".github/CODEOWNERS", 1)
}

func (g *generator) writeExpected() error {
	sort.Slice(g.expected, func(i, j int) bool {
		a, b := g.expected[i], g.expected[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Rule < b.Rule
	})
	data, err := json.MarshalIndent(g.expected, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(filepath.Dir(g.out), filepath.Base(g.out)+".expected.json"), append(data, '\n'), 0o644)
}

// makeHistory commits the tree, then adds commits that each touch a few
// source files, with git fast-import.
func makeHistory(dir string, commits int) error {
	run := func(args ...string) error {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=bench", "GIT_AUTHOR_EMAIL=b@acme.io", "GIT_COMMITTER_NAME=bench", "GIT_COMMITTER_EMAIL=b@acme.io", "GIT_AUTHOR_DATE=2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2026-01-01T00:00:00Z")
		cmd.Stderr = os.Stderr
		return cmd.Run()
	}
	if err := run("init", "-q", "-b", "main"); err != nil {
		return err
	}
	if err := run("add", "-A"); err != nil {
		return err
	}
	if err := run("commit", "-q", "-m", "initial tree"); err != nil {
		return err
	}
	var b strings.Builder
	for i := 1; i <= commits; i++ {
		fmt.Fprintf(&b, "commit refs/heads/main\ncommitter bench <b@acme.io> %d +0000\ndata <<EOM\nchange %d\nEOM\n", 1767225600+i, i)
		if i == 1 {
			b.WriteString("from refs/heads/main^0\n")
		}
		content := fmt.Sprintf("// change %d\npackage gen\n", i)
		fmt.Fprintf(&b, "M 100644 inline services/history/src/gen%03d.go\ndata %d\n%s\n", i%500, len(content), content)
		if i%10 == 0 { // every tenth commit also changes configuration
			cfg := fmt.Sprintf("LOG_LEVEL=debug\nFEATURE_%d=on\n", i)
			fmt.Fprintf(&b, "M 100644 inline services/history/.env.staging\ndata %d\n%s\n", len(cfg), cfg)
		}
		switch i {
		case commits - 5: // a credential added in one commit of the last ten …
			leak := "DB_PASSWORD=Planted-History-Leak-77\n"
			fmt.Fprintf(&b, "M 100644 inline services/history/.env.production\ndata %d\n%s\n", len(leak), leak)
		case commits - 3: // … and removed two commits later
			b.WriteString("D services/history/.env.production\n")
		}
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(b.String())
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return err
	}
	if err := run("reset", "-q", "--hard", "main"); err != nil {
		return err
	}
	// A server's repository is packed (git gc runs there regularly); a
	// background auto-gc started by a later git command would otherwise
	// pack some clones and not others, and the timings would vary with it.
	if err := run("config", "gc.auto", "0"); err != nil {
		return err
	}
	return run("repack", "-adq")
}
