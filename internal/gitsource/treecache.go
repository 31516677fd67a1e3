package gitsource

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/envfence/envfence/internal/cachefile"
)

// The tree cache keeps decoded trees between runs of the pre-receive hook.
// Every push is checked against the whole tree at its tip, and decoding the
// thousands of trees of a large repository from delta-compressed packs is
// most of a push's cost; the tip of the last push is the base of the next,
// so nearly all of its trees are already known. A tree's hash names its
// content, so a cached tree can never be stale; the cache holds only names,
// modes and hashes, never file content.
//
// File layout (all integers are uvarints):
//
//	magic, run, count, count × (hash[20], lastRun, entries,
//	entries × (mode, len(name), name, hash[20])), sha256(everything before)[32]
const treeCacheMagic = "envfence tree cache v1\n"

// treeCacheKeepRuns is how many saves a tree survives without being used.
const treeCacheKeepRuns = 8

// maxTreeCacheFile bounds what a tree cache load reads.
const maxTreeCacheFile = 256 << 20

// CacheDir is where envfence keeps what it remembers about a repository
// between runs: in its git directory, next to the objects it describes.
func (r *Repo) CacheDir() string { return filepath.Join(r.gitDir, "envfence") }

// TreeCachePath is the file of the tree cache in CacheDir.
func (r *Repo) TreeCachePath() string { return filepath.Join(r.CacheDir(), "trees.cache") }

// treeCache is a Repo's link to its tree cache file.
type treeCache struct {
	path   string
	once   sync.Once
	err    error
	loaded atomic.Bool
}

// UseTreeCache makes the repository read the tree cache at path before its
// first walk of a whole tree, and SaveTreeCache write it back. A push that
// only compares a few trees (one that changes source code only) never
// reads it. Call it before any walk.
func (r *Repo) UseTreeCache(path string) { r.treeCache.path = path }

// LoadTreeCache reads the tree cache now; only the first call reads. A
// missing file is not an error; a damaged one is reported and ignored.
func (r *Repo) LoadTreeCache() error {
	tc := &r.treeCache
	if tc.path == "" {
		return nil
	}
	tc.once.Do(func() {
		tc.err = r.loadTreeCache(tc.path)
		tc.loaded.Store(true)
	})
	return tc.err
}

func (r *Repo) loadTreeCache(path string) error {
	data, err := cachefile.Read(path, maxTreeCacheFile)
	if err != nil || data == nil {
		if err != nil {
			return fmt.Errorf("tree cache %s: %w", path, err)
		}
		return nil
	}
	trees, run, err := decodeTreeCache(data)
	if err != nil {
		return fmt.Errorf("tree cache %s: %w", path, err)
	}
	s := r.objects
	s.treesMu.Lock()
	defer s.treesMu.Unlock()
	s.cacheRun = run
	if s.trees == nil {
		s.trees = make(map[plumbing.Hash]*cachedTree, len(trees))
	}
	for h, t := range trees {
		if _, ok := s.trees[h]; !ok && len(s.trees) < maxCachedTrees {
			s.trees[h] = t
		}
	}
	return nil
}

// SaveTreeCache writes the trees of tips (those this run decoded or found
// in the cache) to the cache file, with the trees loaded from an earlier
// save that are younger than treeCacheKeepRuns saves. Trees decoded only
// for the commits between (a push of many commits walks thousands of them)
// are not kept: the next push starts from a tip. Nothing is written when
// the run decoded no tree, or never read the file: what it holds is kept.
// The file is replaced atomically, so concurrent hooks never read a torn
// one.
func (r *Repo) SaveTreeCache(tips ...Commit) error {
	if r.treeCache.path == "" || !r.treeCache.loaded.Load() {
		return nil
	}
	var roots []plumbing.Hash
	for _, c := range tips {
		root, err := r.rootTree(c)
		if err != nil {
			return fmt.Errorf("tree cache: %w", err)
		}
		roots = append(roots, root)
	}
	s := r.objects
	s.treesMu.Lock()
	if s.decoded == 0 {
		s.treesMu.Unlock()
		return nil
	}
	run := s.cacheRun + 1
	keep := reachableTrees(s.trees, roots)
	for h, t := range s.trees {
		if _, reached := keep[h]; !reached && t.lastRun != 0 && t.lastRun+treeCacheKeepRuns > run {
			keep[h] = t.lastRun
		}
	}
	data := encodeTreeCache(s.trees, keep, run)
	s.treesMu.Unlock()
	if err := cachefile.Write(r.treeCache.path, data); err != nil {
		return fmt.Errorf("tree cache: %w", err)
	}
	return nil
}

// reachableTrees maps the cached trees reachable from roots to 0, the
// mark of a tree used in this run.
func reachableTrees(trees map[plumbing.Hash]*cachedTree, roots []plumbing.Hash) map[plumbing.Hash]uint64 {
	keep := map[plumbing.Hash]uint64{}
	stack := slices.Clone(roots)
	for len(stack) > 0 {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		t, ok := trees[h]
		if _, seen := keep[h]; seen || !ok {
			continue
		}
		keep[h] = 0
		for _, e := range t.Entries {
			if e.Mode == filemode.Dir {
				stack = append(stack, e.Hash)
			}
		}
	}
	return keep
}

// cachedTree is a decoded tree and the last run that used it.
type cachedTree struct {
	*object.Tree
	lastRun uint64
}

// encodeTreeCache writes the trees in keep, each with the last run that
// used it (0: this run).
func encodeTreeCache(trees map[plumbing.Hash]*cachedTree, keep map[plumbing.Hash]uint64, run uint64) []byte {
	size := len(treeCacheMagic) + 2*binary.MaxVarintLen64 + 32 // + the checksum
	hashes := make([]plumbing.Hash, 0, len(keep))
	for h := range keep {
		hashes = append(hashes, h)
		size += len(h) + 2*binary.MaxVarintLen64
		for _, e := range trees[h].Entries {
			size += 2*binary.MaxVarintLen32 + len(e.Name) + len(e.Hash)
		}
	}
	slices.SortFunc(hashes, func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
	b := make([]byte, 0, size)
	b = append(b, treeCacheMagic...)
	b = binary.AppendUvarint(b, run)
	b = binary.AppendUvarint(b, uint64(len(hashes)))
	for _, h := range hashes {
		last := keep[h]
		if last == 0 {
			last = run
		}
		b = append(b, h[:]...)
		b = binary.AppendUvarint(b, last)
		entries := trees[h].Entries
		b = binary.AppendUvarint(b, uint64(len(entries)))
		for _, e := range entries {
			b = binary.AppendUvarint(b, uint64(e.Mode))
			b = cachefile.AppendString(b, e.Name)
			b = append(b, e.Hash[:]...)
		}
	}
	return cachefile.Seal(b)
}

func decodeTreeCache(data []byte) (map[plumbing.Hash]*cachedTree, uint64, error) {
	body, err := cachefile.Open(data, treeCacheMagic)
	if err != nil {
		return nil, 0, err
	}
	d := cachefile.NewDecoder(body)
	run, count := d.Uvarint(), d.Uvarint()
	trees := make(map[plumbing.Hash]*cachedTree, min(count, maxCachedTrees))
	for i := uint64(0); i < count && d.Err() == nil; i++ {
		h := decodeHash(d)
		t := &cachedTree{Tree: &object.Tree{Hash: h}, lastRun: d.Uvarint()}
		n := d.Uvarint()
		for j := uint64(0); j < n && d.Err() == nil; j++ {
			mode := filemode.FileMode(d.Uvarint())
			name := d.String()
			t.Entries = append(t.Entries, object.TreeEntry{Name: name, Mode: mode, Hash: decodeHash(d)})
		}
		trees[h] = t
	}
	if err := d.Done(); err != nil {
		return nil, 0, err
	}
	return trees, run, nil
}

func decodeHash(d *cachefile.Decoder) plumbing.Hash {
	var h plumbing.Hash
	copy(h[:], d.Bytes(uint64(len(h))))
	return h
}
