package workflow

import (
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/envmodel"
)

func namer(t testing.TB) Namer {
	c, err := envmodel.New(envmodel.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const sample = `name: Deploy
on:
  push:
    branches: [main]
    tags: ['v*']
  workflow_dispatch:
    inputs:
      target: {type: environment}
      note: {description: free text}
env:
  LOG_LEVEL: debug
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: go test ./...
  deploy:
    needs: [test]
    environment:
      name: ${{ inputs.target }}
    runs-on: ubuntu-latest
    env:
      API_URL: https://api.prod.acme.io
      TOKEN: ${{ secrets.Prod_Api_Token }}
    steps:
      - uses: azure/webapps-deploy@v3
        with:
          app-name: shop-prod
          publish-profile: ${{ secrets['AZURE_PROFILE'] }}
      - run: |
          echo start
          helm upgrade shop ./chart --set db.password=Hunter2-Literal -f values-prod.yaml \
            --kube-context prod-eu
          curl -H "Authorization: ${{ secrets.GITHUB_TOKEN }}" https://api.github.com
  call:
    uses: ./.github/workflows/reusable.yml
    secrets: inherit
`

func TestAnalyze(t *testing.T) {
	w := Analyze(".github/workflows/deploy.yml", []byte(sample), namer(t))
	if len(w.Problems) != 0 {
		t.Fatalf("problems: %v", w.Problems)
	}
	if len(w.Triggers) != 2 || w.Triggers[0].Event != "push" || w.Triggers[0].Branches[0] != "main" || w.Triggers[0].Tags[0] != "v*" {
		t.Errorf("triggers: %+v", w.Triggers)
	}
	if w.Inputs["target"].Type != "environment" || w.Inputs["note"].Type != "string" {
		t.Errorf("inputs: %+v", w.Inputs)
	}
	if len(w.Values) != 1 || w.Values[0].Key() != "LOG_LEVEL" {
		t.Errorf("workflow values: %+v", w.Values)
	}
	if len(w.Jobs) != 3 || w.Jobs[0].ID != "test" || !w.Jobs[0].RunsTests || w.Jobs[0].Pos.Line != 13 {
		t.Fatalf("jobs: %+v", w.Jobs[0])
	}
	d := w.Jobs[1]
	if d.Environment == nil || !d.Environment.FromExpression || d.Environment.Inputs[0] != "target" {
		t.Errorf("environment: %+v", d.Environment)
	}
	var secrets []string
	for _, s := range d.Secrets {
		secrets = append(secrets, s.Name)
	}
	if strings.Join(secrets, ",") != "Prod_Api_Token,AZURE_PROFILE" {
		t.Errorf("secrets %v (GITHUB_TOKEN must be left out, spelling kept)", secrets)
	}
	if s := d.Secrets[0]; s.Range.Start.Line != 24 || s.Range.Start.Col != 18 || s.Where != "env" {
		t.Errorf("secret position: %+v", s)
	}
	if len(d.Deploys) != 2 || d.Deploys[0].What != "azure/webapps-deploy" || d.Deploys[1].What != "helm upgrade" || d.Deploys[1].Pos.Line != 32 {
		t.Errorf("deploys: %+v", d.Deploys)
	}
	if d.Env.Env != envmodel.Production || strings.Contains(d.Env.Reason, "Hunter2") {
		t.Errorf("job env: %+v", d.Env)
	}
	for _, dep := range d.Deploys {
		if strings.Contains(dep.Env.Reason, "Hunter2") {
			t.Errorf("a deploy reason quotes the command: %q", dep.Env.Reason)
		}
	}
	if len(d.Values) != 2 || d.Values[0].Key() != "API_URL" || d.Values[0].Range.Start.Line != 23 {
		t.Errorf("job values: %+v", d.Values)
	}
	if c := w.Jobs[2]; c.Uses != "./.github/workflows/reusable.yml" || !c.InheritSecrets {
		t.Errorf("call: %+v", c)
	}
}

func TestLinkAndDeploysTo(t *testing.T) {
	caller := Analyze(".github/workflows/release.yml", []byte("on: [release]\njobs:\n  ship:\n    uses: ./.github/workflows/deploy.yml\n"), namer(t))
	callee := Analyze(".github/workflows/deploy.yml", []byte("on: [workflow_call]\njobs:\n  go:\n    runs-on: x\n    steps:\n      - run: kubectl --context prod apply -f k8s\n"), namer(t))
	loop := Analyze(".github/workflows/loop.yml", []byte("on: [workflow_call]\njobs:\n  again:\n    uses: ./.github/workflows/loop2.yml\n"), namer(t))
	loop2 := Analyze(".github/workflows/loop2.yml", []byte("on: [workflow_call]\njobs:\n  back:\n    uses: ./.github/workflows/loop.yml\n"), namer(t))
	Link([]*Workflow{caller, callee, loop, loop2})
	ship := caller.Jobs[0]
	if ship.Callee != callee || !ship.DeploysTo(envmodel.Production) || ship.Env.Env != envmodel.Production {
		t.Errorf("ship: %+v", ship)
	}
	if loop.Jobs[0].IsDeploy() || loop.Jobs[0].DeploysTo(envmodel.Production) {
		t.Error("a call cycle deploys nothing")
	}
}

func TestPartialParse(t *testing.T) {
	src := "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    unknown-key: 1\n    steps:\n      - run: helm upgrade x ./c -f values-prod.yaml\n"
	w := Analyze("w.yml", []byte(src), namer(t))
	if len(w.Problems) != 1 || !strings.Contains(w.Problems[0], "line 5") || len(w.Jobs) != 1 || len(w.Jobs[0].Deploys) != 1 {
		t.Fatalf("partial analysis: %+v %+v", w.Problems, w.Jobs)
	}
}

func FuzzAnalyze(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("on: push\njobs:\n  a:\n    environment: ${{ inputs.x }}\n"))
	f.Add([]byte("jobs: [\n"))
	c := namer(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		w := Analyze("f.yml", data, c)
		Link([]*Workflow{w})
		for _, j := range w.Jobs {
			j.DeploysTo(envmodel.Production)
		}
	})
}

func BenchmarkAnalyze(b *testing.B) {
	src := []byte(strings.Repeat("", 0) + sample)
	c := namer(b)
	for b.Loop() {
		Analyze("w.yml", src, c)
	}
}
