package evidence

import (
	"path"
	"sort"
	"strings"

	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/source"
)

// Mechanism is a way the repository is deployed that is not a GitHub
// Actions job: a GitOps controller that syncs from it, a platform that
// builds it on push, or another CI system's pipeline. When no workflow
// deploys to production, it is where the evidence of promotion and
// approval lies, and the pack says so instead of pointing elsewhere.
type Mechanism struct {
	Name string `json:"name"`
	// Kind is "gitops", "platform" or "ci".
	Kind  string   `json:"kind"`
	Paths []string `json:"paths"`
}

// platformFiles are the descriptors of platforms that deploy a repository
// when a branch changes, by file name.
var platformFiles = map[string]string{
	"heroku.yml": "Heroku", "fly.toml": "Fly.io", "render.yaml": "Render", "netlify.toml": "Netlify",
	"vercel.json": "Vercel", "now.json": "Vercel", "railway.json": "Railway",
	"railway.toml": "Railway", "amplify.yml": "AWS Amplify", "apprunner.yaml": "AWS App Runner",
}

// ciFiles are other CI systems' pipelines, by path.
var ciFiles = map[string]string{
	".gitlab-ci.yml": "GitLab CI", ".circleci/config.yml": "CircleCI", "azure-pipelines.yml": "Azure Pipelines",
	"bitbucket-pipelines.yml": "Bitbucket Pipelines", ".drone.yml": "Drone", ".travis.yml": "Travis CI",
	".buildkite/pipeline.yml": "Buildkite", "cloudbuild.yaml": "Google Cloud Build", "buildspec.yml": "AWS CodeBuild",
	".woodpecker.yml": "Woodpecker", "codefresh.yml": "Codefresh",
}

// gitopsKinds are the custom resources with which a controller deploys
// what a repository holds, by API group.
var gitopsKinds = map[string]map[string]string{
	"argoproj.io":                 {"Application": "Argo CD", "ApplicationSet": "Argo CD"},
	"kustomize.toolkit.fluxcd.io": {"Kustomization": "Flux"},
	"helm.toolkit.fluxcd.io":      {"HelmRelease": "Flux"},
	"source.toolkit.fluxcd.io":    {"GitRepository": "Flux"},
	"image.toolkit.fluxcd.io":     {"ImageUpdateAutomation": "Flux"},
	"fleet.cattle.io":             {"GitRepo": "Rancher Fleet"},
	"deploy.cloud.google.com":     {"DeliveryPipeline": "Google Cloud Deploy"},
}

// mechanisms lists the deploy mechanisms the repository's files show.
func mechanisms(repo *model.Repo) []Mechanism {
	found := map[string]*Mechanism{}
	add := func(name, kind, p string) {
		m := found[name]
		if m == nil {
			m = &Mechanism{Name: name, Kind: kind}
			found[name] = m
		}
		m.Paths = append(m.Paths, p)
	}
	for _, f := range repo.Files {
		if f.Stub {
			continue
		}
		base := strings.ToLower(path.Base(f.Path))
		if name, ok := ciFiles[f.Path]; ok {
			add(name, "ci", f.Path)
		}
		if name, ok := platformFiles[base]; ok {
			add(name, "platform", f.Path)
		}
		if f.Path == "app.json" && herokuManifest(f) {
			add("Heroku", "platform", f.Path)
		}
		if f.Kind == source.YAML {
			if name, ok := gitopsResource(f); ok {
				add(name, "gitops", f.Path)
			}
		}
	}
	out := []Mechanism{}
	for _, m := range found {
		sort.Strings(m.Paths)
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return kindRank[out[i].Kind] < kindRank[out[j].Kind]
		}
		return out[i].Name < out[j].Name
	})
	return out
}

var kindRank = map[string]int{"gitops": 0, "platform": 1, "ci": 2}

// deployedElsewhere says why what a section asks about production deploys
// (what: "its promotion", "who approves a production deploy") is not in
// the repository's workflows, and where its evidence is instead.
func deployedElsewhere(ms []Mechanism, hasWorkflows bool, what string) [2]string {
	var deployers, pipelines []string
	for _, m := range ms {
		named := m.Name + " (" + strings.Join(firstPaths(m.Paths, 2), ", ") + ")"
		if m.Kind == "ci" {
			pipelines = append(pipelines, named)
		} else {
			deployers = append(deployers, named)
		}
	}
	switch {
	case len(deployers) > 0:
		return [2]string{
			"no workflow here deploys to production; the repository holds what deploys it instead, " + strings.Join(deployers, " and ") + ", so " + what + " is decided there: a change reaches production when it reaches the branch that deploys",
			"the deploy history of " + strings.Join(names(ms, "ci", false), " and ") + " and the protection of the branch it deploys from (required reviews and status checks), which live in their settings and GitHub's",
		}
	case len(pipelines) > 0:
		return [2]string{
			"no GitHub Actions workflow deploys to production; the repository's other pipeline, " + strings.Join(pipelines, " and ") + ", is not read as a pipeline by envfence",
			"that pipeline's stages, approvals and run history",
		}
	case !hasWorkflows:
		return [2]string{
			"the repository has no CI pipeline at all: production, if there is one, is deployed by hand or from another repository, so " + what + " is not recorded here",
			"the written deploy procedure and its records (who deployed what, when), or the repository that deploys it",
		}
	}
	return [2]string{
		"no workflow in this repository deploys to production, and no GitOps or platform descriptor is in it: production is deployed from another repository or system, so " + what + " is decided there",
		"that system's deploy and approval records (another repository's workflows, a release pipeline); scan the repository whose workflows deploy",
	}
}

func firstPaths(ps []string, n int) []string {
	if len(ps) <= n {
		return ps
	}
	return append(ps[:n:n], "…")
}

// names lists the mechanisms of a kind (or, with want false, of any
// other kind).
func names(ms []Mechanism, kind string, want bool) []string {
	var out []string
	for _, m := range ms {
		if (m.Kind == kind) == want {
			out = append(out, m.Name)
		}
	}
	return out
}

// herokuManifest tells Heroku's app.json from other app.json files (Expo's,
// for one) by its keys.
func herokuManifest(f *model.File) bool {
	for _, v := range f.Values {
		if len(v.Path) > 0 && (v.Path[0] == "buildpacks" || v.Path[0] == "formation" || v.Path[0] == "addons" || len(v.Path) > 1 && v.Path[0] == "scripts" && v.Path[1] == "postdeploy") {
			return true
		}
	}
	return false
}

// gitopsResource finds a GitOps controller's resource in a YAML file: a
// document whose apiVersion group and kind name one.
func gitopsResource(f *model.File) (string, bool) {
	groups := map[int]string{}
	kinds := map[int]string{}
	for _, v := range f.Values {
		if len(v.Path) != 1 {
			continue
		}
		switch v.Path[0] {
		case "apiVersion":
			group, _, _ := strings.Cut(v.Value.Reveal(), "/") // compared only, never shown
			groups[v.Doc] = group
		case "kind":
			kinds[v.Doc] = v.Value.Reveal()
		}
	}
	docs := make([]int, 0, len(groups))
	for doc := range groups {
		docs = append(docs, doc)
	}
	sort.Ints(docs)
	for _, doc := range docs {
		if name := gitopsKinds[groups[doc]][kinds[doc]]; name != "" {
			return name, true
		}
	}
	return "", false
}
