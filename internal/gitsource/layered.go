package gitsource

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"

	"github.com/envfence/envfence/internal/source"
)

const (
	// objectCacheSize is shared by all layers of a store: enough for the
	// trees and commits of a push, far below go-git's 96 MiB per store.
	objectCacheSize = 32 * cache.MiByte
	// largeObjectThreshold makes bigger blobs stream from their pack instead
	// of being inflated into the cache.
	largeObjectThreshold = 1 << 20
	// refreshes bounds how often a miss makes the store re-read its pack
	// indexes, in case a concurrent repack replaced them (git retries the
	// same way). Each refresh costs a full index load.
	refreshes = 2
)

// layer is one objects directory.
type layer struct {
	dir   string
	store *filesystem.ObjectStorage
}

// layeredStore is a read-only storer.EncodedObjectStorer over several
// objects directories, asked in order. It is safe for concurrent use: go-git
// pack readers are not, so every access holds one lock.
type layeredStore struct {
	mu            sync.Mutex
	layers        []layer
	refreshesLeft int
	// trees caches decoded trees: a push's tip and the tree before it
	// share most subtrees, and decoding them from deltas dominates a walk.
	trees map[plumbing.Hash]*object.Tree
}

// maxCachedTrees bounds the tree cache (a tree holds its entries only).
const maxCachedTrees = 200_000

var _ storer.EncodedObjectStorer = (*layeredStore)(nil)

// newLayeredStore opens one go-git object storage per directory. The
// directories must exist; duplicates must have been removed.
func newLayeredStore(dirs []string) *layeredStore {
	c := cache.NewObjectLRU(objectCacheSize)
	s := &layeredStore{refreshesLeft: refreshes}
	for _, d := range dirs {
		// ExclusiveAccess stays off: with it, go-git answers HasEncodedObject
		// for packed objects with "not found".
		dg := dotgit.NewWithOptions(newObjectDirFS(d), dotgit.Options{})
		st := filesystem.NewObjectStorageWithOptions(dg, c, filesystem.Options{
			KeepDescriptors:      true,
			LargeObjectThreshold: largeObjectThreshold,
		})
		s.layers = append(s.layers, layer{dir: d, store: st})
	}
	return s
}

// Close releases the pack file descriptors.
func (s *layeredStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for _, l := range s.layers {
		errs = append(errs, l.store.Close())
	}
	return errors.Join(errs...)
}

// find asks every layer in order. Only "not found" moves on to the next
// layer; any other error is returned. When no layer has the object, or a
// pack the index lists has vanished, the pack indexes are re-read in case a
// concurrent repack replaced them, and the lookup is tried again.
func find[T any](s *layeredStore, ask func(*filesystem.ObjectStorage) (T, error)) (T, error) {
	for {
		v, err := askLayers(s, ask)
		stale := errors.Is(err, plumbing.ErrObjectNotFound) || errors.Is(err, dotgit.ErrPackfileNotFound) || errors.Is(err, fs.ErrNotExist)
		if !stale || s.refreshesLeft == 0 {
			return v, err
		}
		s.refreshesLeft--
		for _, l := range s.layers {
			l.store.Reindex()
		}
	}
}

func askLayers[T any](s *layeredStore, ask func(*filesystem.ObjectStorage) (T, error)) (T, error) {
	for _, l := range s.layers {
		v, err := ask(l.store)
		if !errors.Is(err, plumbing.ErrObjectNotFound) {
			return v, err
		}
	}
	var zero T
	return zero, plumbing.ErrObjectNotFound
}

// NewEncodedObject implements storer.EncodedObjectStorer.
func (s *layeredStore) NewEncodedObject() plumbing.EncodedObject { return &plumbing.MemoryObject{} }

// SetEncodedObject implements storer.EncodedObjectStorer; it always fails.
func (s *layeredStore) SetEncodedObject(plumbing.EncodedObject) (plumbing.Hash, error) {
	return plumbing.ZeroHash, errReadOnly
}

// AddAlternate implements storer.EncodedObjectStorer; it always fails.
func (s *layeredStore) AddAlternate(string) error { return errReadOnly }

// EncodedObject implements storer.EncodedObjectStorer.
func (s *layeredStore) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.encodedObject(t, h)
}

func (s *layeredStore) encodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	return find(s, func(st *filesystem.ObjectStorage) (plumbing.EncodedObject, error) { return st.EncodedObject(t, h) })
}

// HasEncodedObject implements storer.EncodedObjectStorer.
func (s *layeredStore) HasEncodedObject(h plumbing.Hash) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := find(s, func(st *filesystem.ObjectStorage) (struct{}, error) { return struct{}{}, st.HasEncodedObject(h) })
	return err
}

// EncodedObjectSize implements storer.EncodedObjectStorer. It reads only the
// object header.
func (s *layeredStore) EncodedObjectSize(h plumbing.Hash) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return find(s, func(st *filesystem.ObjectStorage) (int64, error) { return st.EncodedObjectSize(h) })
}

// IterEncodedObjects implements storer.EncodedObjectStorer by chaining the
// layers. It decodes every packed object to learn its type: fine for a
// quarantine, far too slow for a fork network.
func (s *layeredStore) IterEncodedObjects(t plumbing.ObjectType) (storer.EncodedObjectIter, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var iters []storer.EncodedObjectIter
	for _, l := range s.layers {
		it, err := l.store.IterEncodedObjects(t)
		if err != nil {
			return nil, err
		}
		iters = append(iters, it)
	}
	return storer.NewMultiEncodedObjectIter(iters), nil
}

// hashesWithPrefix lists the objects whose hash starts with prefix, in any
// layer, once each.
func (s *layeredStore) hashesWithPrefix(prefix []byte) ([]plumbing.Hash, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[plumbing.Hash]bool{}
	var all []plumbing.Hash
	for _, l := range s.layers {
		hs, err := l.store.HashesWithPrefix(prefix)
		if err != nil {
			return nil, err
		}
		for _, h := range hs {
			if !seen[h] {
				seen[h] = true
				all = append(all, h)
			}
		}
	}
	return all, nil
}

// commit reads and decodes a commit.
func (s *layeredStore) commit(h plumbing.Hash) (*object.Commit, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.typed(plumbing.CommitObject, h)
	if err != nil {
		return nil, err
	}
	c := &object.Commit{}
	if err := c.Decode(o); err != nil {
		return nil, objectError("commit", h, err)
	}
	return c, nil
}

// tree reads and decodes a tree.
func (s *layeredStore) tree(h plumbing.Hash) (*object.Tree, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.trees[h]; ok {
		return t, nil
	}
	o, err := s.typed(plumbing.TreeObject, h)
	if err != nil {
		return nil, err
	}
	t := &object.Tree{}
	if err := t.Decode(o); err != nil {
		return nil, objectError("tree", h, err)
	}
	if s.trees == nil {
		s.trees = map[plumbing.Hash]*object.Tree{}
	}
	if len(s.trees) < maxCachedTrees {
		s.trees[h] = t
	}
	return t, nil
}

// objectType reads the type of an object.
func (s *layeredStore) objectType(h plumbing.Hash) (plumbing.ObjectType, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.encodedObject(plumbing.AnyObject, h)
	if err != nil {
		return plumbing.InvalidObject, objectError("object", h, err)
	}
	return o.Type(), nil
}

// typed reads an object that must be of type t. It asks for any type first,
// so that a wrong type is reported as such and not as a missing object.
func (s *layeredStore) typed(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	o, err := s.encodedObject(plumbing.AnyObject, h)
	if err != nil {
		return nil, objectError(t.String(), h, err)
	}
	if o.Type() != t {
		return nil, fmt.Errorf("object %s: %w: is a %s, not a %s", h, ErrWrongType, o.Type(), t)
	}
	return o, nil
}

// tag reads and decodes an annotated tag.
func (s *layeredStore) tag(h plumbing.Hash) (*object.Tag, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.typed(plumbing.TagObject, h)
	if err != nil {
		return nil, err
	}
	t := &object.Tag{}
	if err := t.Decode(o); err != nil {
		return nil, objectError("tag", h, err)
	}
	return t, nil
}

// blobSize reads a blob's size from its header, without its content.
func (s *layeredStore) blobSize(h plumbing.Hash) (int64, error) {
	size, err := s.EncodedObjectSize(h)
	if err != nil {
		return 0, objectError("blob", h, err)
	}
	return size, nil
}

// blob reads a blob of at most limit bytes.
func (s *layeredStore) blob(h plumbing.Hash, limit int64) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.typed(plumbing.BlobObject, h)
	if err != nil {
		return nil, err
	}
	if o.Size() > limit {
		return nil, fmt.Errorf("blob %s: %w", h, source.ErrTooLarge)
	}
	r, err := o.Reader()
	if err != nil {
		return nil, objectError("blob", h, err)
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, objectError("blob", h, err)
	}
	if int64(len(data)) != o.Size() {
		return nil, fmt.Errorf("blob %s: read %d bytes, header says %d", h, len(data), o.Size())
	}
	return data, nil
}

// objectError names the object that could not be read. It never contains
// object content.
func objectError(kind string, h plumbing.Hash, err error) error {
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		return fmt.Errorf("%s %s: %w", kind, h, ErrMissingObject)
	}
	return fmt.Errorf("%s %s: %w", kind, h, err)
}

// ErrMissingObject means that an object a walk needs is in none of the
// object directories: the repository is incomplete (shallow, broken
// alternates) or the hook could not see the push's quarantine.
var ErrMissingObject = errors.New("object not found")

// ErrWrongType means that an object exists but is not of the expected type,
// such as a revision that names a tree where a commit is needed.
var ErrWrongType = errors.New("wrong object type")
