package gitsource

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/envfence/envfence/internal/source"
)

// Staged returns the files a pre-commit hook must check: those whose staged
// blob differs from HEAD's (or that HEAD lacks), read from the staged blob,
// never from the work tree. Deleted files, intent-to-add entries and
// unmerged paths are left out.
func (r *Repo) Staged(exclude []string) (source.Source, error) {
	idx, err := r.index.Index()
	if err != nil {
		return nil, fmt.Errorf("reading the index: %w", err)
	}
	return r.staged(idx, exclude)
}

// StagedFrom is Staged for another index file: git runs pre-commit with
// GIT_INDEX_FILE set to a temporary index for "git commit -a" and
// "git commit <paths>". A relative path is relative to the working directory.
func (r *Repo) StagedFrom(indexFile string, exclude []string) (source.Source, error) {
	f, err := os.Open(indexFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	idx := &index.Index{}
	if err := index.NewDecoder(f).Decode(idx); err != nil {
		return nil, fmt.Errorf("reading the index %s: %w", indexFile, err)
	}
	return r.staged(idx, exclude)
}

func (r *Repo) staged(idx *index.Index, exclude []string) (source.Source, error) {
	head, err := r.headEntries()
	if err != nil {
		return nil, err
	}
	var changed []object.TreeEntry
	for _, e := range idx.Entries {
		if e.Stage != 0 || e.IntentToAdd {
			continue
		}
		if prev, ok := head[e.Name]; ok && prev.Hash == e.Hash && prev.Mode == e.Mode {
			continue
		}
		changed = append(changed, object.TreeEntry{Name: e.Name, Mode: e.Mode, Hash: e.Hash})
	}
	slices.SortFunc(changed, func(a, b object.TreeEntry) int { return strings.Compare(a.Name, b.Name) })
	return &stagedSource{store: r.objects, entries: changed, exclude: exclude}, nil
}

// headEntries maps every path of HEAD's tree to its entry; an unborn HEAD
// has none.
func (r *Repo) headEntries() (map[string]object.TreeEntry, error) {
	c, err := r.Resolve("HEAD")
	if errors.Is(err, ErrUnknownRevision) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("HEAD: %w", err)
	}
	m := map[string]object.TreeEntry{}
	d := differ{ctx: context.Background(), store: r.objects}
	err = d.diff(plumbing.ZeroHash, c.Tree, "", func(p string, e object.TreeEntry) error {
		m[p] = e
		return nil
	})
	return m, err
}

// stagedSource lists staged entries.
type stagedSource struct {
	store   *layeredStore
	entries []object.TreeEntry // Name is the full path
	exclude []string
}

// Walk implements source.Source.
func (s *stagedSource) Walk(ctx context.Context, visit func(source.File) error, note func(source.Note)) error {
	dirGlobs := slices.Concat(source.DefaultExcludes, s.exclude)
	dirExcluded := map[string]bool{}
	files := fileEmitter{store: s.store, exclude: s.exclude, visit: visit, note: note}
	for _, e := range s.entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		if inExcludedDir(e.Name, dirGlobs, dirExcluded) || e.Mode == filemode.Dir {
			continue
		}
		if err := files.emit(e.Name, e); err != nil {
			return err
		}
	}
	return nil
}

// inExcludedDir reports whether a directory above p matches a glob, as the
// tree walk would have skipped it. cache remembers directories seen.
func inExcludedDir(p string, globs []string, cache map[string]bool) bool {
	dir := path.Dir(p)
	if dir == "." {
		return false
	}
	if v, ok := cache[dir]; ok {
		return v
	}
	v := inExcludedDir(dir, globs, cache) || source.Excluded(dir, globs)
	cache[dir] = v
	return v
}
