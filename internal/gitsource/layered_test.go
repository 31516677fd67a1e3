package gitsource

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/envfence/envfence/internal/source"
)

// TestRepackWhileOpen replaces the pack the store has indexed with a new
// one holding a newer commit: lookups must find the objects again, as git
// does after a concurrent repack.
func TestRepackWhileOpen(t *testing.T) {
	dir, commits := historyRepo(t)
	git(t, dir, "repack", "-adq")
	r := openRepo(t, dir)
	walkSource(t, r.Tree(resolve(t, r, commits[1]), nil))
	// This one loads the pack index but never opens the pack, which the
	// repack then deletes.
	indexOnly := openRepo(t, dir)
	if err := indexOnly.objects.HasEncodedObject(plumbing.NewHash(commits[0])); err != nil {
		t.Fatal(err)
	}
	newer := addFiles(t, dir, "later", 2, "after the repack")
	git(t, dir, "repack", "-adq")
	git(t, dir, "prune-packed")
	for _, repo := range []*Repo{r, indexOnly} {
		for _, c := range []string{commits[4], newer} {
			if w := walkSource(t, repo.Tree(resolve(t, repo, c), nil)); len(w.paths) == 0 {
				t.Errorf("%.7s: no files after the repack", c)
			}
		}
	}
}

// TestConcurrentReads reads every blob from many goroutines at once, as the
// engine's workers do; run with -race.
func TestConcurrentReads(t *testing.T) {
	dir := richRepo(t)
	git(t, dir, "repack", "-adq")
	r := openRepo(t, dir)
	var files []source.File
	err := r.Tree(resolve(t, r, "HEAD"), nil).Walk(context.Background(), func(f source.File) error {
		files = append(files, f)
		return nil
	}, func(source.Note) {})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8*len(files))
	for range 8 {
		for _, f := range files {
			wg.Go(func() {
				if _, err := f.Read(); err != nil && !errors.Is(err, source.ErrTooLarge) {
					errs <- err
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestStoreIsReadOnly(t *testing.T) {
	r := openRepo(t, richRepo(t))
	s := r.objects
	if _, err := s.SetEncodedObject(s.NewEncodedObject()); !errors.Is(err, errReadOnly) {
		t.Errorf("SetEncodedObject: %v", err)
	}
	if err := s.AddAlternate("/elsewhere"); !errors.Is(err, errReadOnly) {
		t.Errorf("AddAlternate: %v", err)
	}
	fs := newObjectDirFS(t.TempDir())
	if _, err := fs.Create("objects/x"); !errors.Is(err, errReadOnly) {
		t.Errorf("Create: %v", err)
	}
	if err := fs.MkdirAll("objects/pack", 0o755); !errors.Is(err, errReadOnly) {
		t.Errorf("MkdirAll: %v", err)
	}
	if _, err := fs.Stat("config"); err == nil {
		t.Error("a path outside objects is visible")
	}
}

// TestIterObjectsLeavesPoolAlone lists every blob, packed and loose, as git
// does, twice without closing the first iterator: an iterator has a reader
// of its own, so lookups keep working however many are left open.
func TestIterObjectsLeavesPoolAlone(t *testing.T) {
	dir := richRepo(t)
	git(t, dir, "repack", "-adq")
	writeFile(t, dir, "loose.txt", "only loose\n")
	commitAll(t, dir, "a loose blob")
	var want []string
	for _, l := range lines(git(t, dir, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectname)")) {
		if id, ok := strings.CutPrefix(l, "blob "); ok {
			want = append(want, id)
		}
	}
	r := openRepo(t, dir)
	for range cap(r.objects.pool) + 1 {
		it, err := r.objects.IterEncodedObjects(plumbing.BlobObject)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := it.Next(); err != nil {
			t.Fatal(err)
		}
	}
	it, err := r.objects.IterEncodedObjects(plumbing.BlobObject)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := it.ForEach(func(o plumbing.EncodedObject) error {
		got = append(got, o.Hash().String())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !sameSet(got, want) {
		t.Errorf("blobs: got %d, git lists %d", len(got), len(want))
	}
	walkSource(t, r.Tree(resolve(t, r, "HEAD"), nil))
}
