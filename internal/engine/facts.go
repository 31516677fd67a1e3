package engine

import (
	"context"
	"slices"
	"strings"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/source"
)

// FileFacts is what stands in for a file that a scan does not read: the
// pre-receive hook reads only what a push changed and what relates to it
// (rule.Reach), and gives the engine the facts of every other file. Facts
// hold no content: environments and link keys.
type FileFacts struct {
	Path string
	Kind source.Kind
	ID   string // the blob id
	// Envs are the environments of the file's scopes: the file's own
	// first, then each other one its sections and jobs have, once.
	Envs []envmodel.Env
	// Links are the file's links for the Linked rules of the scan, each
	// once.
	Links []rule.Link
}

// Facts reads and classifies the files of src and returns their facts,
// with the links of opts.Rules, running no rule.
func Facts(ctx context.Context, src source.Source, opts Options) ([]FileFacts, error) {
	cls, err := classifier(opts)
	if err != nil {
		return nil, err
	}
	if opts.Cache == nil {
		opts.Cache = NewCache()
	}
	files, err := readAll(ctx, src, opts, cls, &noteList{})
	if err != nil {
		return nil, err
	}
	return factsOf(buildRepo(files, nil, cls), enabled(opts)), nil
}

// factsOf returns the facts of every file of repo that was read.
func factsOf(repo *model.Repo, rules []*rule.Rule) []FileFacts {
	out := make([]FileFacts, 0, len(repo.Files))
	for _, f := range repo.Files {
		if f.Stub {
			continue
		}
		out = append(out, FileFacts{Path: f.Path, Kind: f.Kind, ID: f.ID, Envs: envsOf(f), Links: linksOf(repo, f, rules)})
	}
	return out
}

func envsOf(f *model.File) []envmodel.Env {
	envs := []envmodel.Env{f.Scope.Env}
	for _, s := range slices.Concat(f.Sections, f.Jobs) {
		if !slices.Contains(envs[1:], s.Env) {
			envs = append(envs, s.Env)
		}
	}
	return envs
}

func linksOf(repo *model.Repo, f *model.File, rules []*rule.Rule) []rule.Link {
	links := projectLinks(f)
	for _, r := range rules {
		if r.Links != nil {
			links = append(links, r.Links(repo, f)...)
		}
	}
	slices.SortFunc(links, func(a, b rule.Link) int {
		if c := strings.Compare(a.Key, b.Key); c != 0 {
			return c
		}
		return int(a.Role) - int(b.Role)
	})
	return slices.Compact(links)
}

// projectLinks relate a file whose shared scopes depend on whether
// production loads them (unloadShared) to the files that decide it, for
// every rule: production configuration provides its keys, a shared or
// unloaded scope uses the keys it needs (envmodel.ProvidedKeys, NeededKeys).
func projectLinks(f *model.File) []rule.Link {
	var links []rule.Link
	if isProductionConfig(f) {
		for _, k := range envmodel.ProvidedKeys(f.Path) {
			links = append(links, rule.Provider("production-"+k))
		}
	}
	for _, s := range configScopes(f) {
		if s.Env == envmodel.Shared || s.Unloaded {
			for _, k := range envmodel.NeededKeys(f.Path) {
				links = append(links, rule.User("production-"+k))
			}
			break
		}
	}
	return links
}

// stubFile is the model of a file known only by its facts: its scopes'
// environments, no values, no lines.
func stubFile(ff FileFacts) *model.File {
	f := &model.File{Path: ff.Path, Kind: ff.Kind, ID: ff.ID, Stub: true}
	f.Scope = &model.Scope{Path: ff.Path, Kind: model.FileScope, Line: 1}
	if len(ff.Envs) > 0 {
		f.Scope.Env = ff.Envs[0]
	}
	for _, env := range ff.Envs[min(1, len(ff.Envs)):] {
		s := &model.Scope{Path: ff.Path, Kind: model.SectionScope, Line: 1}
		s.Env = env
		f.Sections = append(f.Sections, s)
	}
	return f
}
