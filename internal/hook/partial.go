package hook

import (
	"context"
	"slices"

	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/gitsource"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/source"
)

// A push changes a few files of a large tree. When every rule says how far
// its judgement reaches (rule.Reach) and the file index knows the base's
// files, the hook judges the push on a part of the tree: the files the
// push changed, the files that share a link with them, and the kinds some
// rule always reads; every other file is a stub carrying the
// environments of its scopes. It evaluates that part twice, as the push
// leaves it and as it was, and reports what the first has and the second
// has not.
//
// Why that equals comparing whole trees: a rule's finding in a file
// depends on that file and on the files sharing a link with it. If none
// of them changed, the finding is the same in both evaluations, however
// incomplete the part is around it, and is not reported. If one of them
// changed, the link's key is the changed file's, so every file with that
// key is in the part, on both sides. The one fact that is not a group of
// files — "some file provides this key" — is kept right by reading one
// provider of each key used, and, when the push changes whether any file
// provides it, every file that uses it with the files linked to those.
// TestPartialMatchesWhole checks the equivalence on random pushes.

// kindsToRead are the kinds a partial judgement reads beyond the changed
// and linked files.
type kindsToRead struct {
	// always: every file of these kinds, whatever the push changes.
	always []source.Kind
	// together: every file of these kinds as soon as one of them is
	// changed or read. Workflows always are: a job's environment, and so
	// the environment of its values whichever rule reads them, can come
	// from the reusable workflow it calls.
	together []source.Kind
}

// partialRules reports whether every rule the policy leaves on says how far
// it reaches, and returns the kinds to read besides the changed and linked
// files.
func (c *Checker) partialRules() (kinds kindsToRead, ok bool) {
	kinds.together = []source.Kind{source.Workflow}
	for _, r := range c.Rules {
		if c.Options.Policy != nil && !c.Options.Policy.Enabled(r.ID) {
			continue
		}
		if r.Reach == rule.Whole {
			return kindsToRead{}, false
		}
		kinds.always = append(kinds.always, r.AlsoReads...)
		kinds.together = append(kinds.together, r.Together...)
	}
	return kinds, true
}

// newAtTipPartial is NewAtTip from an index of the base or of the tip:
// outside the paths the push changed, both trees hold the same files.
// Unless the base was indexed already, its index is derived and kept
// whatever the verdict (the base is in the repository), so that pushing
// again after a rejection starts warm.
func (c *Checker) newAtTipPartial(ctx context.Context, base, tip gitsource.Commit, index *treeFiles, baseIndexed bool, kinds kindsToRead) ([]finding.Finding, error) {
	c.partialScans++
	changedTip, err := listFiles(ctx, c.Repo.ChangedSource(base, tip, c.Exclude))
	if err != nil {
		return nil, err
	}
	changedBase, err := listFiles(ctx, c.Repo.ChangedSource(tip, base, c.Exclude))
	if err != nil {
		return nil, err
	}
	// The links of both versions of every changed path: the files linked
	// to what the push removes can change as much as those linked to what
	// it adds. (One list may hold a path twice; only links are kept.)
	opts := c.Options
	opts.Rules, opts.Cache = c.Rules, c.parseCache()
	changed, err := engine.Facts(ctx, fileList(slices.Concat(changedTip, changedBase)), opts)
	if err != nil {
		return nil, err
	}
	gone := map[string]bool{}
	for _, f := range slices.Concat(changedTip, changedBase) {
		gone[f.Path] = true
	}
	read, stubs := index.split(gone, changed, kinds)
	var unchanged []source.File
	for _, f := range read {
		sf, err := c.Repo.BlobFile(f.path, f.kind, f.blob.String())
		if err != nil {
			return nil, err
		}
		unchanged = append(unchanged, sf)
	}
	now, err := c.scanPart(ctx, fileList(slices.Concat(changedTip, unchanged)), c.Rules, tip, stubs, true)
	if err != nil {
		return nil, err
	}
	c.files.remember(tip.Tree, index.with(gone, factsAt(now.Facts, changedTip)))
	if !baseIndexed {
		c.files.rememberInRepo(base.Tree, index.with(gone, factsAt(changed, changedBase)))
	}
	if len(now.Findings) == 0 {
		return nil, nil
	}
	before, err := c.scanPart(ctx, fileList(slices.Concat(changedBase, unchanged)), rulesOf(c.Rules, now.Findings), base, stubs, false)
	if err != nil {
		return nil, err
	}
	return newOnly(now.Findings, identities(before.Findings)), nil
}

func (c *Checker) scanPart(ctx context.Context, src source.Source, rules []*rule.Rule, at gitsource.Commit, stubs []engine.FileFacts, facts bool) (*engine.Result, error) {
	opts := c.Options
	opts.Rules, opts.Commit, opts.Cache, opts.Stubs, opts.Facts = rules, at.Hash.String(), c.parseCache(), stubs, facts
	return engine.Scan(ctx, src, opts)
}

// factsAt returns the facts of the files listed, once per path (a path
// whose mode alone changed has the same blob on both sides).
func factsAt(all []engine.FileFacts, listed []source.File) []engine.FileFacts {
	want := map[string]string{}
	for _, f := range listed {
		want[f.Path] = f.ID
	}
	var out []engine.FileFacts
	for _, ff := range all {
		if id, ok := want[ff.Path]; ok && id == ff.ID {
			out = append(out, ff)
			delete(want, ff.Path)
		}
	}
	return out
}

// split chooses, among the files of the index that the push did not
// change (gone lists the paths it did), those to read and those a stub
// stands in for, given the facts of the changed files on both sides.
func (tf *treeFiles) split(gone map[string]bool, changed []engine.FileFacts, kinds kindsToRead) (read []indexedFile, stubs []engine.FileFacts) {
	var kept []indexedFile
	for _, f := range tf.files {
		if !gone[f.path] {
			kept = append(kept, f)
		}
	}
	s := selection{tf: tf, files: kept, chosen: make([]bool, len(kept)), same: map[uint64][]int{}, provides: map[uint64][]int{}, uses: map[uint64][]int{}}
	s.indexLinks()
	s.choose(changed, kinds)
	for i, f := range kept {
		if s.chosen[i] {
			read = append(read, f)
		} else {
			stubs = append(stubs, f.facts())
		}
	}
	return read, stubs
}

// selection is the choice of unchanged files to read.
type selection struct {
	tf     *treeFiles
	files  []indexedFile
	chosen []bool
	// Files by hashed link key, per role.
	same, provides, uses map[uint64][]int
}

func (s *selection) indexLinks() {
	for i, f := range s.files {
		for _, l := range f.links {
			m := s.same
			switch l.role {
			case rule.Provides:
				m = s.provides
			case rule.Uses:
				m = s.uses
			}
			m[l.hash] = append(m[l.hash], i)
		}
	}
}

func (s *selection) choose(changed []engine.FileFacts, kinds kindsToRead) {
	for i, f := range s.files {
		if slices.Contains(kinds.always, f.kind) {
			s.chosen[i] = true
		}
	}
	provided := map[uint64]bool{}
	used := map[uint64]bool{}
	for _, ff := range changed {
		for _, l := range ff.Links {
			h := s.tf.hash(l.Key)
			switch l.Role {
			case rule.Same:
				s.chooseAll(s.same[h])
			case rule.Provides:
				provided[h] = true
			case rule.Uses:
				used[h] = true
			}
		}
	}
	// Whether any file provides a key can change only when no unchanged
	// file provides it: then every user counts, with what it is linked to.
	for h := range provided {
		if len(s.provides[h]) > 0 {
			continue
		}
		users := s.uses[h]
		s.chooseAll(users)
		for _, i := range users {
			for _, l := range s.files[i].links {
				if l.role == rule.Same {
					s.chooseAll(s.same[l.hash])
				}
			}
		}
	}
	s.chooseTogether(changed, kinds.together)
	// Every key used in the part must be provided there as in the tree:
	// one unchanged provider is enough.
	for i, f := range s.files {
		if !s.chosen[i] {
			continue
		}
		for _, l := range f.links {
			if l.role == rule.Uses {
				used[l.hash] = true
			}
		}
	}
	for h := range used {
		if p := s.provides[h]; len(p) > 0 {
			s.chosen[p[0]] = true
		}
	}
}

// chooseTogether chooses every file of a kind read together as soon as the
// push changes one or one is chosen.
func (s *selection) chooseTogether(changed []engine.FileFacts, together []source.Kind) {
	touched := map[source.Kind]bool{}
	for _, ff := range changed {
		touched[ff.Kind] = true
	}
	for i, f := range s.files {
		if s.chosen[i] {
			touched[f.kind] = true
		}
	}
	for i, f := range s.files {
		if touched[f.kind] && slices.Contains(together, f.kind) {
			s.chosen[i] = true
		}
	}
}

func (s *selection) chooseAll(files []int) {
	for _, i := range files {
		s.chosen[i] = true
	}
}

// listFiles collects the files of a source without reading them.
func listFiles(ctx context.Context, src source.Source) ([]source.File, error) {
	var out []source.File
	err := src.Walk(ctx, func(f source.File) error {
		out = append(out, f)
		return nil
	}, func(source.Note) {})
	return out, err
}

// fileList is a source of files already listed.
type fileList []source.File

func (l fileList) Walk(ctx context.Context, visit func(source.File) error, _ func(source.Note)) error {
	for _, f := range l {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := visit(f); err != nil {
			return err
		}
	}
	return nil
}
