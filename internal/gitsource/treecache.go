package gitsource

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
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

// maxTreeCacheFile bounds what LoadTreeCache reads.
const maxTreeCacheFile = 256 << 20

// TreeCachePath is where a repository's tree cache lives: in its git
// directory, next to the objects it describes.
func (r *Repo) TreeCachePath() string {
	return filepath.Join(r.gitDir, "envfence", "trees.cache")
}

// LoadTreeCache adds the trees saved at path to the store. A missing file
// is not an error; a damaged one is reported and ignored.
func (r *Repo) LoadTreeCache(path string) error {
	data, err := readCapped(path, maxTreeCacheFile)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("tree cache %s: %w", path, err)
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

// SaveTreeCache writes the trees this run used, and those used in the last
// few saves, to path; it writes nothing when the run decoded no new tree.
// The file is replaced atomically, so concurrent hooks never read a torn
// one.
func (r *Repo) SaveTreeCache(path string) error {
	s := r.objects
	s.treesMu.Lock()
	if s.decoded == 0 {
		s.treesMu.Unlock()
		return nil
	}
	data := encodeTreeCache(s.trees, s.cacheRun+1)
	s.treesMu.Unlock()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("tree cache: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".trees-*")
	if err != nil {
		return fmt.Errorf("tree cache: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("tree cache: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("tree cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("tree cache: %w", err)
	}
	return nil
}

// cachedTree is a decoded tree and the last run that used it.
type cachedTree struct {
	*object.Tree
	lastRun uint64
}

func encodeTreeCache(trees map[plumbing.Hash]*cachedTree, run uint64) []byte {
	keep := make([]plumbing.Hash, 0, len(trees))
	for h, t := range trees {
		if t.lastRun == 0 || t.lastRun+treeCacheKeepRuns > run {
			keep = append(keep, h)
		}
	}
	slices.SortFunc(keep, func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
	b := []byte(treeCacheMagic)
	b = binary.AppendUvarint(b, run)
	b = binary.AppendUvarint(b, uint64(len(keep)))
	for _, h := range keep {
		t := trees[h]
		last := t.lastRun
		if last == 0 { // used in this run
			last = run
		}
		b = append(b, h[:]...)
		b = binary.AppendUvarint(b, last)
		b = binary.AppendUvarint(b, uint64(len(t.Entries)))
		for _, e := range t.Entries {
			b = binary.AppendUvarint(b, uint64(e.Mode))
			b = binary.AppendUvarint(b, uint64(len(e.Name)))
			b = append(b, e.Name...)
			b = append(b, e.Hash[:]...)
		}
	}
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

// errDamaged says that a cache file is not one this version wrote whole.
var errDamaged = errors.New("damaged or from another version; ignored")

func decodeTreeCache(data []byte) (map[plumbing.Hash]*cachedTree, uint64, error) {
	if len(data) < len(treeCacheMagic)+sha256.Size || string(data[:len(treeCacheMagic)]) != treeCacheMagic {
		return nil, 0, errDamaged
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if want := sha256.Sum256(body); !bytes.Equal(sum, want[:]) {
		return nil, 0, errDamaged
	}
	d := cacheDecoder{b: body[len(treeCacheMagic):]}
	run, count := d.uvarint(), d.uvarint()
	trees := make(map[plumbing.Hash]*cachedTree, min(count, maxCachedTrees))
	for i := uint64(0); i < count && d.err == nil; i++ {
		h := d.hash()
		t := &cachedTree{Tree: &object.Tree{Hash: h}, lastRun: d.uvarint()}
		n := d.uvarint()
		for j := uint64(0); j < n && d.err == nil; j++ {
			mode := filemode.FileMode(d.uvarint())
			name := string(d.bytes(d.uvarint()))
			t.Entries = append(t.Entries, object.TreeEntry{Name: name, Mode: mode, Hash: d.hash()})
		}
		trees[h] = t
	}
	if d.err != nil || len(d.b) != 0 {
		return nil, 0, errDamaged
	}
	return trees, run, nil
}

// cacheDecoder reads a cache body; the first error sticks.
type cacheDecoder struct {
	b   []byte
	err error
}

func (d *cacheDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errDamaged
		d.b = nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *cacheDecoder) bytes(n uint64) []byte {
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errDamaged
		d.b = nil
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *cacheDecoder) hash() plumbing.Hash {
	var h plumbing.Hash
	copy(h[:], d.bytes(uint64(len(h))))
	return h
}

// readCapped reads a whole file of at most limit bytes.
func readCapped(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() || st.Size() > limit {
		return nil, fmt.Errorf("not a regular file of at most %d MiB", limit>>20)
	}
	data := make([]byte, st.Size())
	_, err = io.ReadFull(f, data)
	return data, err
}
