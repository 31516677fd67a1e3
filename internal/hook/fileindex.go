package hook

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/envfence/envfence/internal/cachefile"
	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/gitsource"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/source"
)

// The file index remembers, for the tips of the last pushes, every file
// envfence read there: its path, kind and blob, the environments of its
// scopes and its links (engine.FileFacts). With the index of a push's
// base, the hook reads only the files the push changed and the files
// related to them (partial.go), not the whole tree.
//
// It holds no content. Link keys (a credential's digest, a host) are kept
// only as 64-bit keyed hashes under a random salt, and the index of a tip
// is kept only when the hook accepted its push, so that a push rejected
// for a credential leaves nothing of it behind.
//
// One file per tree, $GIT_DIR/envfence/files/<tree>: a push reads only
// its base's. Layout (integers are uvarints):
//
//	magic, len(key), key, salt[16], count, count × (len(path), path, kind,
//	blob[20], envs, envs × (len, env), links, links × (role, hash[8])),
//	sha256(everything before)[32]
const fileIndexMagic = "envfence file index v1\n"

// Bounds: the trees kept, and the size of one tree's file read.
const (
	maxIndexedTrees = 8
	maxIndexFile    = 64 << 20
)

// treeFiles is the index of one tree.
type treeFiles struct {
	salt  [16]byte
	files []indexedFile // in path order
}

type indexedFile struct {
	path  string
	kind  source.Kind
	blob  plumbing.Hash
	envs  []envmodel.Env
	links []hashedLink
}

type hashedLink struct {
	role rule.LinkRole
	hash uint64
}

// fileIndex is the hook's view of the index directory: the trees read and
// the trees to write, those in the repository before the push whatever
// the verdict, the pushed ones only if the push is accepted.
type fileIndex struct {
	dir     string
	key     string // Checker.CacheKey
	mu      sync.Mutex
	pending map[plumbing.Hash]*treeFiles
	inRepo  map[plumbing.Hash]bool // pending trees the repository had before the push
	// sameAs maps a pushed tree to an indexed one with the same files
	// (a push of source code only): its index is the other's, copied
	// byte for byte, never decoded.
	sameAs map[plumbing.Hash]plumbing.Hash
}

func newFileIndex(repo *gitsource.Repo, key string) *fileIndex {
	return &fileIndex{dir: filepath.Join(repo.CacheDir(), "files"), key: key}
}

// lookup returns the index of tree. A nil index knows nothing.
func (x *fileIndex) lookup(tree plumbing.Hash) (*treeFiles, bool) {
	if x == nil || tree.IsZero() {
		return nil, false
	}
	x.mu.Lock()
	tf, ok := x.pending[tree]
	other, aliased := x.sameAs[tree]
	x.mu.Unlock()
	if ok {
		return tf, true
	}
	if aliased {
		return x.lookup(other)
	}
	data, err := cachefile.Read(filepath.Join(x.dir, tree.String()), maxIndexFile)
	if err != nil || data == nil {
		return nil, false
	}
	tf, err = decodeTreeFiles(data, x.key)
	return tf, err == nil
}

// remember keeps tf as the index of a pushed tree, written by save if the
// push is accepted.
func (x *fileIndex) remember(tree plumbing.Hash, tf *treeFiles) {
	x.keep(tree, tf, false)
}

// rememberSame makes the index of the pushed tree that of indexed, which
// has the same files, if indexed has one when the push is saved.
func (x *fileIndex) rememberSame(tree, indexed plumbing.Hash) {
	if x == nil || tree.IsZero() || indexed.IsZero() || tree == indexed {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.sameAs == nil {
		x.sameAs = map[plumbing.Hash]plumbing.Hash{}
	}
	x.sameAs[tree] = indexed
}

// rememberInRepo keeps tf as the index of a tree the repository had before
// the push, written by save whatever the verdict.
func (x *fileIndex) rememberInRepo(tree plumbing.Hash, tf *treeFiles) {
	x.keep(tree, tf, true)
}

func (x *fileIndex) keep(tree plumbing.Hash, tf *treeFiles, inRepo bool) {
	if x == nil || tree.IsZero() {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.pending == nil {
		x.pending = map[plumbing.Hash]*treeFiles{}
	}
	if x.inRepo == nil {
		x.inRepo = map[plumbing.Hash]bool{}
	}
	x.pending[tree] = tf
	x.inRepo[tree] = x.inRepo[tree] || inRepo
}

// save writes the remembered trees — the pushed ones only if the push is
// accepted — and drops the oldest beyond maxIndexedTrees.
func (x *fileIndex) save(accepted bool) error {
	if x == nil {
		return nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	wrote := false
	for tree, tf := range x.pending {
		if !accepted && !x.inRepo[tree] {
			continue
		}
		if err := cachefile.Write(filepath.Join(x.dir, tree.String()), encodeTreeFiles(tf, x.key)); err != nil {
			return err
		}
		wrote = true
	}
	for tree, other := range x.sameAs {
		if !accepted {
			break
		}
		data, err := x.encoded(other)
		if err != nil || data == nil {
			continue // nothing known of the other tree: nothing to copy
		}
		if err := cachefile.Write(filepath.Join(x.dir, tree.String()), data); err != nil {
			return err
		}
		wrote = true
	}
	if !wrote {
		return nil
	}
	return pruneOldest(x.dir, maxIndexedTrees)
}

// encoded returns the index file of tree: pending, or as saved. Call it
// with x.mu held.
func (x *fileIndex) encoded(tree plumbing.Hash) ([]byte, error) {
	if tf, ok := x.pending[tree]; ok {
		return encodeTreeFiles(tf, x.key), nil
	}
	return cachefile.Read(filepath.Join(x.dir, tree.String()), maxIndexFile)
}

// pruneOldest removes all but the keep most recently written files of dir.
func pruneOldest(dir string, keep int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	type aged struct {
		name string
		mod  int64
	}
	var files []aged
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() {
			files = append(files, aged{e.Name(), info.ModTime().UnixNano()})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].mod > files[j].mod })
	for _, f := range files[min(keep, len(files)):] {
		_ = os.Remove(filepath.Join(dir, f.name))
	}
	return nil
}

// newTreeFiles returns an empty index with a fresh salt.
func newTreeFiles() *treeFiles {
	tf := &treeFiles{}
	_, _ = rand.Read(tf.salt[:]) // crypto/rand never fails on Linux
	return tf
}

// hash is the keyed hash of a link key under the index's salt.
func (tf *treeFiles) hash(key string) uint64 {
	h := sha256.New()
	h.Write(tf.salt[:])
	h.Write([]byte(key))
	return binary.LittleEndian.Uint64(h.Sum(nil))
}

// entry turns the facts of a file read into an index entry.
func (tf *treeFiles) entry(ff engine.FileFacts) indexedFile {
	e := indexedFile{path: ff.Path, kind: ff.Kind, blob: plumbing.NewHash(ff.ID), envs: ff.Envs}
	for _, l := range ff.Links {
		e.links = append(e.links, hashedLink{role: l.Role, hash: tf.hash(l.Key)})
	}
	return e
}

// with returns a copy of tf where the files at the paths of gone are
// removed and added are put in.
func (tf *treeFiles) with(gone map[string]bool, added []engine.FileFacts) *treeFiles {
	out := &treeFiles{salt: tf.salt}
	for _, f := range tf.files {
		if !gone[f.path] {
			out.files = append(out.files, f)
		}
	}
	for _, ff := range added {
		out.files = append(out.files, tf.entry(ff))
	}
	slices.SortFunc(out.files, func(a, b indexedFile) int { return strings.Compare(a.path, b.path) })
	return out
}

// facts turns an entry back into the facts a stub needs.
func (f indexedFile) facts() engine.FileFacts {
	return engine.FileFacts{Path: f.path, Kind: f.kind, ID: f.blob.String(), Envs: f.envs}
}

func encodeTreeFiles(tf *treeFiles, key string) []byte {
	b := []byte(fileIndexMagic)
	b = cachefile.AppendString(b, key)
	b = append(b, tf.salt[:]...)
	b = binary.AppendUvarint(b, uint64(len(tf.files)))
	for _, f := range tf.files {
		b = cachefile.AppendString(b, f.path)
		b = binary.AppendUvarint(b, uint64(f.kind))
		b = append(b, f.blob[:]...)
		b = binary.AppendUvarint(b, uint64(len(f.envs)))
		for _, e := range f.envs {
			b = cachefile.AppendString(b, string(e))
		}
		b = binary.AppendUvarint(b, uint64(len(f.links)))
		for _, l := range f.links {
			b = append(b, byte(l.role))
			b = binary.LittleEndian.AppendUint64(b, l.hash)
		}
	}
	return cachefile.Seal(b)
}

var errIndexDamaged = errors.New("file index damaged, from another version or another configuration")

// decodeTreeFiles reads an index written under key; anything else —
// damage, another version, another key — is an error, and the hook then
// reads the whole tree.
func decodeTreeFiles(data []byte, key string) (*treeFiles, error) {
	body, err := cachefile.Open(data, fileIndexMagic)
	if err != nil {
		return nil, err
	}
	d := cachefile.NewDecoder(body)
	if d.String() != key {
		return nil, errIndexDamaged
	}
	tf := &treeFiles{}
	copy(tf.salt[:], d.Bytes(uint64(len(tf.salt))))
	n := d.Uvarint()
	for i := uint64(0); i < n && d.Err() == nil; i++ {
		f := indexedFile{path: d.String(), kind: source.Kind(d.Uvarint())}
		copy(f.blob[:], d.Bytes(uint64(len(f.blob))))
		for j, envs := uint64(0), d.Uvarint(); j < envs && d.Err() == nil; j++ {
			f.envs = append(f.envs, envmodel.Env(d.String()))
		}
		for j, links := uint64(0), d.Uvarint(); j < links && d.Err() == nil; j++ {
			role := rule.LinkRole(d.Bytes(1)[0])
			f.links = append(f.links, hashedLink{role: role, hash: binary.LittleEndian.Uint64(d.Bytes(8))})
		}
		tf.files = append(tf.files, f)
	}
	if err := d.Done(); err != nil {
		return nil, err
	}
	if !slices.IsSortedFunc(tf.files, func(a, b indexedFile) int { return strings.Compare(a.path, b.path) }) {
		return nil, errIndexDamaged
	}
	return tf, nil
}
