package gitsource

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
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

// layer is the go-git storage of one objects directory.
type layer struct {
	store *filesystem.ObjectStorage
}

// reader is one complete set of layers with its own pack file handles.
// go-git pack readers are not safe for concurrent use, so a reader serves
// one lookup at a time; the store keeps one reader per core so that blobs
// and trees are inflated on every core at once.
type reader struct {
	layers        []layer
	refreshesLeft int
}

// layeredStore is a read-only storer.EncodedObjectStorer over several
// objects directories, asked in order. It is safe for concurrent use: each
// lookup borrows a reader from a pool.
type layeredStore struct {
	dirs   []string
	packed *packReader // the fast path for trees, commits and tags
	cache  cache.Object
	pool   chan *reader // idle readers
	// readersMu guards readers, every reader opened so far. Readers are
	// opened on demand, up to cap(pool): each loads its own copy of the
	// pack indexes, so a lookup at a time never costs more than one.
	readersMu sync.Mutex
	readers   []*reader
	// trees caches decoded trees: a push's tip and the tree before it, and
	// consecutive commits, share most subtrees, and decoding them from
	// deltas dominates a walk.
	treesMu sync.Mutex
	trees   map[plumbing.Hash]*cachedTree
	// decoded counts the trees read from objects in this run, cacheRun is
	// the run number of the loaded tree cache (see treecache.go).
	decoded  int
	cacheRun uint64
}

// maxCachedTrees bounds the tree cache (a tree holds its entries only).
const maxCachedTrees = 200_000

var _ storer.EncodedObjectStorer = (*layeredStore)(nil)

// maxReaders bounds the readers of a store: beyond a few, lookups wait on
// parsing rather than on each other, and each reader holds its own copy
// of the pack indexes.
const maxReaders = 4

// newLayeredStore returns a store over dirs, which must exist and hold no
// duplicates. All its readers share one object cache, which is safe for
// concurrent use.
func newLayeredStore(dirs []string) *layeredStore {
	n := min(maxReaders, max(1, runtime.GOMAXPROCS(0)))
	return &layeredStore{dirs: dirs, cache: cache.NewObjectLRU(objectCacheSize), pool: make(chan *reader, n), packed: newPackReader(dirs)}
}

// newReader opens one go-git object storage per directory.
func newReader(dirs []string, c cache.Object) *reader {
	r := &reader{refreshesLeft: refreshes}
	for _, d := range dirs {
		// ExclusiveAccess stays off: with it, go-git answers
		// HasEncodedObject for packed objects with "not found".
		dg := dotgit.NewWithOptions(newObjectDirFS(d), dotgit.Options{})
		st := filesystem.NewObjectStorageWithOptions(dg, c, filesystem.Options{
			KeepDescriptors:      true,
			LargeObjectThreshold: largeObjectThreshold,
		})
		r.layers = append(r.layers, layer{store: st})
	}
	return r
}

func (r *reader) close() error {
	var errs []error
	for _, l := range r.layers {
		errs = append(errs, l.store.Close())
	}
	return errors.Join(errs...)
}

// borrow takes an idle reader, opens one when all are busy and fewer than
// cap(pool) are open, or waits. The caller must give it back.
func (s *layeredStore) borrow() *reader {
	select {
	case r := <-s.pool:
		return r
	default:
	}
	s.readersMu.Lock()
	if len(s.readers) < cap(s.pool) {
		r := newReader(s.dirs, s.cache)
		s.readers = append(s.readers, r)
		s.readersMu.Unlock()
		return r
	}
	s.readersMu.Unlock()
	return <-s.pool
}

func (s *layeredStore) giveBack(r *reader) { s.pool <- r }

// Close releases the pack file descriptors. The store must not be in use.
func (s *layeredStore) Close() error {
	s.readersMu.Lock()
	defer s.readersMu.Unlock()
	var errs []error
	for _, r := range s.readers {
		errs = append(errs, r.close())
	}
	s.packed.close()
	return errors.Join(errs...)
}

// find asks every layer of r in order. Only "not found" moves on to the
// next layer; any other error is returned. When no layer has the object, or
// a pack the index lists has vanished, the pack indexes are re-read in case
// a concurrent repack replaced them, and the lookup is tried again.
func find[T any](r *reader, ask func(*filesystem.ObjectStorage) (T, error)) (T, error) {
	for {
		v, err := askLayers(r, ask)
		stale := errors.Is(err, plumbing.ErrObjectNotFound) || errors.Is(err, dotgit.ErrPackfileNotFound) || errors.Is(err, fs.ErrNotExist)
		if !stale || r.refreshesLeft == 0 {
			return v, err
		}
		r.refreshesLeft--
		for _, l := range r.layers {
			l.store.Reindex()
		}
	}
}

func askLayers[T any](r *reader, ask func(*filesystem.ObjectStorage) (T, error)) (T, error) {
	for _, l := range r.layers {
		v, err := ask(l.store)
		if !errors.Is(err, plumbing.ErrObjectNotFound) {
			return v, err
		}
	}
	var zero T
	return zero, plumbing.ErrObjectNotFound
}

// lookup runs ask on a borrowed reader.
func lookup[T any](s *layeredStore, ask func(*filesystem.ObjectStorage) (T, error)) (T, error) {
	r := s.borrow()
	defer s.giveBack(r)
	return find(r, ask)
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
	return lookup(s, func(st *filesystem.ObjectStorage) (plumbing.EncodedObject, error) { return st.EncodedObject(t, h) })
}

// HasEncodedObject implements storer.EncodedObjectStorer.
func (s *layeredStore) HasEncodedObject(h plumbing.Hash) error {
	_, err := lookup(s, func(st *filesystem.ObjectStorage) (struct{}, error) { return struct{}{}, st.HasEncodedObject(h) })
	return err
}

// EncodedObjectSize implements storer.EncodedObjectStorer. It reads only the
// object header.
func (s *layeredStore) EncodedObjectSize(h plumbing.Hash) (int64, error) {
	return lookup(s, func(st *filesystem.ObjectStorage) (int64, error) { return st.EncodedObjectSize(h) })
}

// IterEncodedObjects implements storer.EncodedObjectStorer by chaining the
// layers. It decodes every packed object to learn its type: fine for a
// quarantine, far too slow for a fork network. The iteration has a reader
// of its own, closed with the iterator, so that an iterator left open
// never starves the pool.
func (s *layeredStore) IterEncodedObjects(t plumbing.ObjectType) (storer.EncodedObjectIter, error) {
	r := newReader(s.dirs, s.cache)
	var iters []storer.EncodedObjectIter
	for _, l := range r.layers {
		it, err := l.store.IterEncodedObjects(t)
		if err != nil {
			r.close()
			return nil, err
		}
		iters = append(iters, it)
	}
	return &closingIter{EncodedObjectIter: storer.NewMultiEncodedObjectIter(iters), close: func() { r.close() }}, nil
}

// closingIter closes its reader once closed or drained.
type closingIter struct {
	storer.EncodedObjectIter
	once  sync.Once
	close func()
}

func (it *closingIter) Next() (plumbing.EncodedObject, error) {
	o, err := it.EncodedObjectIter.Next()
	if err != nil {
		it.once.Do(it.close)
	}
	return o, err
}

func (it *closingIter) ForEach(cb func(plumbing.EncodedObject) error) error {
	defer it.once.Do(it.close)
	return it.EncodedObjectIter.ForEach(cb)
}

func (it *closingIter) Close() {
	it.EncodedObjectIter.Close()
	it.once.Do(it.close)
}

// hashesWithPrefix lists the objects whose hash starts with prefix, in any
// layer, once each.
func (s *layeredStore) hashesWithPrefix(prefix []byte) ([]plumbing.Hash, error) {
	r := s.borrow()
	defer s.giveBack(r)
	seen := map[plumbing.Hash]bool{}
	var all []plumbing.Hash
	for _, l := range r.layers {
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

// decoder is an object.Commit, Tree or Tag.
type decoder interface {
	Decode(plumbing.EncodedObject) error
}

// knownObject is an object read from its pack, whose id is known: go-git's
// MemoryObject would hash the content again to learn it.
type knownObject struct {
	plumbing.MemoryObject
	id plumbing.Hash
}

func (o *knownObject) Hash() plumbing.Hash { return o.id }

// decodeTyped reads an object of type t and decodes it into into: from its
// pack when packReader can, else through go-git.
func (s *layeredStore) decodeTyped(t plumbing.ObjectType, h plumbing.Hash, into decoder) error {
	if data, ok := s.packed.read(h, t); ok {
		o := &knownObject{id: h}
		o.SetType(t)
		_, _ = o.Write(data) // a MemoryObject's Write never fails
		if err := into.Decode(o); err != nil {
			return objectError(t.String(), h, err) // go-git would read the same bytes
		}
		return nil
	}
	r := s.borrow()
	defer s.giveBack(r)
	o, err := typed(r, t, h)
	if err != nil {
		return err
	}
	if err := into.Decode(o); err != nil {
		return objectError(t.String(), h, err)
	}
	return nil
}

// commit reads and decodes a commit.
func (s *layeredStore) commit(h plumbing.Hash) (*object.Commit, error) {
	c := &object.Commit{}
	if err := s.decodeTyped(plumbing.CommitObject, h, c); err != nil {
		return nil, err
	}
	return c, nil
}

// hasDecoded reports whether tree h is decoded in memory.
func (s *layeredStore) hasDecoded(h plumbing.Hash) bool {
	s.treesMu.Lock()
	defer s.treesMu.Unlock()
	_, ok := s.trees[h]
	return ok
}

// tree reads and decodes a tree. Two goroutines asking for the same
// uncached tree may both decode it; the result is the same.
func (s *layeredStore) tree(h plumbing.Hash) (*object.Tree, error) {
	s.treesMu.Lock()
	ct, ok := s.trees[h]
	if ok {
		ct.lastRun = 0 // used in this run
	}
	s.treesMu.Unlock()
	if ok {
		return ct.Tree, nil
	}
	t, err := s.readTree(h)
	if err != nil {
		return nil, err
	}
	s.treesMu.Lock()
	defer s.treesMu.Unlock()
	if s.trees == nil {
		s.trees = map[plumbing.Hash]*cachedTree{}
	}
	if len(s.trees) < maxCachedTrees {
		s.trees[h] = &cachedTree{Tree: t}
		s.decoded++
	}
	return t, nil
}

// readTree reads a tree object and decodes it with decodeTree: from its
// pack when packReader can, else through go-git.
func (s *layeredStore) readTree(h plumbing.Hash) (*object.Tree, error) {
	if data, ok := s.packed.read(h, plumbing.TreeObject); ok {
		if entries, err := decodeTree(data); err == nil {
			return &object.Tree{Hash: h, Entries: entries}, nil
		}
	}
	r := s.borrow()
	defer s.giveBack(r)
	o, err := typed(r, plumbing.TreeObject, h)
	if err != nil {
		return nil, err
	}
	data, err := readObject(o)
	if err != nil {
		return nil, objectError("tree", h, err)
	}
	entries, err := decodeTree(data)
	if err != nil {
		return nil, objectError("tree", h, err)
	}
	return &object.Tree{Hash: h, Entries: entries}, nil
}

// readObject reads an object's whole content.
func readObject(o plumbing.EncodedObject) ([]byte, error) {
	rc, err := o.Reader()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data := make([]byte, o.Size())
	if _, err := io.ReadFull(rc, data); err != nil {
		return nil, err
	}
	return data, nil
}

// objectType reads the type of an object.
func (s *layeredStore) objectType(h plumbing.Hash) (plumbing.ObjectType, error) {
	if t, ok := s.packed.typeOf(h); ok {
		return t, nil
	}
	o, err := s.EncodedObject(plumbing.AnyObject, h)
	if err != nil {
		return plumbing.InvalidObject, objectError("object", h, err)
	}
	return o.Type(), nil
}

// typed reads an object that must be of type t. It asks for any type first,
// so that a wrong type is reported as such and not as a missing object.
func typed(r *reader, t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	o, err := find(r, func(st *filesystem.ObjectStorage) (plumbing.EncodedObject, error) {
		return st.EncodedObject(plumbing.AnyObject, h)
	})
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
	t := &object.Tag{}
	if err := s.decodeTyped(plumbing.TagObject, h, t); err != nil {
		return nil, err
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

// blob reads a blob of at most limit bytes. The content is read before the
// reader goes back to the pool: a large blob streams from its pack.
func (s *layeredStore) blob(h plumbing.Hash, limit int64) ([]byte, error) {
	if data, handled, err := s.packed.blob(h, limit); handled {
		return data, err
	}
	r := s.borrow()
	defer s.giveBack(r)
	o, err := typed(r, plumbing.BlobObject, h)
	if err != nil {
		return nil, err
	}
	if o.Size() > limit {
		return nil, fmt.Errorf("blob %s: %w", h, source.ErrTooLarge)
	}
	rc, err := o.Reader()
	if err != nil {
		return nil, objectError("blob", h, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
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
