package gitsource

import (
	"bufio"
	"bytes"
	"container/list"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"

	"github.com/envfence/envfence/internal/source"
)

// packReader reads objects straight from the pack files, resolving delta
// chains with a cache of the objects it resolved. A push of many commits
// diffs thousands of trees, each usually a delta of the one before it;
// go-git resolves the whole chain again for every delta object over 16 KB
// (a directory of a few hundred files), which made a long push several
// times slower than git itself, and each of its readers loads every pack
// index again. Blobs are read here too, but not cached: the engine parses
// each blob once. Anything this reader does not handle — loose objects, a
// base in another pack, a damaged pack — is left to go-git: it reports
// that it did not handle it, never a wrong object.
type packReader struct {
	dirs []string
	once sync.Once
	// packs are opened on first use, so that a run that reads no object
	// loads no index.
	packs []*packFile

	mu    sync.Mutex
	cache resolvedCache
}

// packFile is one pack with its index.
type packFile struct {
	idx      *idxfile.MemoryIndex
	file     *os.File
	size     int64
	scanners sync.Pool // *packfile.Scanner, each over its own section of file
}

// maxDeltaDepth bounds a chain (git's default limit is 50; a cycle in a
// damaged pack must end somewhere).
const maxDeltaDepth = 4096

func newPackReader(dirs []string) *packReader {
	return &packReader{dirs: dirs, cache: resolvedCache{budget: resolvedCacheSize, byKey: map[resolvedKey]*list.Element{}}}
}

// open loads the indexes of every pack of every objects directory.
func (p *packReader) open() {
	for _, dir := range p.dirs {
		idxPaths, _ := filepath.Glob(filepath.Join(dir, "pack", "pack-*.idx"))
		for _, ip := range idxPaths {
			if pf, err := openPackFile(ip); err == nil {
				p.packs = append(p.packs, pf)
			}
		}
	}
}

func openPackFile(idxPath string) (*packFile, error) {
	raw, err := os.Open(idxPath)
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	idx := idxfile.NewMemoryIndex()
	if err := idxfile.NewDecoder(bufio.NewReaderSize(raw, 64<<10)).Decode(idx); err != nil {
		return nil, err
	}
	f, err := os.Open(strings.TrimSuffix(idxPath, ".idx") + ".pack")
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &packFile{idx: idx, file: f, size: st.Size()}, nil
}

func (p *packReader) close() {
	for _, pf := range p.packs {
		pf.file.Close()
	}
}

// read returns the content of object h, a tree, commit or tag of type
// want, if a pack holds it.
func (p *packReader) read(h plumbing.Hash, want plumbing.ObjectType) ([]byte, bool) {
	if want == plumbing.BlobObject {
		return nil, false
	}
	i, off, ok := p.find(h)
	if !ok {
		return nil, false
	}
	typ, data, err := p.resolve(i, off, 0)
	if err != nil || typ != want {
		return nil, false // go-git says what is wrong
	}
	return data, true
}

// blob returns blob h if a pack holds it (handled), or source.ErrTooLarge
// when it is over limit bytes, learnt from its header before it is
// inflated. The blob itself is not cached: the engine parses each blob once.
func (p *packReader) blob(h plumbing.Hash, limit int64) (data []byte, handled bool, err error) {
	i, off, found := p.find(h)
	if !found {
		return nil, false, nil
	}
	pf := p.packs[i]
	hdr, err := pf.header(off)
	if err != nil {
		return nil, false, nil
	}
	tooLarge := fmt.Errorf("blob %s: %w", h, source.ErrTooLarge)
	switch hdr.Type {
	case plumbing.BlobObject:
		if hdr.Length > limit {
			return nil, true, tooLarge
		}
		if _, data, err = pf.entry(off); err != nil {
			return nil, false, nil
		}
		return data, true, nil
	case plumbing.OFSDeltaObject, plumbing.REFDeltaObject:
		_, delta, err := pf.entry(off)
		if err != nil {
			return nil, false, nil
		}
		if size, ok := deltaTargetSize(delta); !ok {
			return nil, false, nil
		} else if size > uint64(limit) {
			return nil, true, tooLarge
		}
		baseOff := hdr.OffsetReference
		if hdr.Type == plumbing.REFDeltaObject {
			if baseOff, err = pf.idx.FindOffset(hdr.Reference); err != nil {
				return nil, false, nil
			}
		}
		typ, base, err := p.resolve(i, baseOff, 1)
		if err != nil || typ != plumbing.BlobObject {
			return nil, false, nil
		}
		if data, err = packfile.PatchDelta(base, delta); err != nil {
			return nil, false, nil
		}
		return data, true, nil
	}
	return nil, false, nil // not a blob: go-git says so
}

// deltaTargetSize reads the size of the object a git delta makes: the
// second of the two sizes that start it, seven bits a byte, low first.
func deltaTargetSize(delta []byte) (uint64, bool) {
	var sizes [2]uint64
	for k := range sizes {
		var shift uint
		for {
			if len(delta) == 0 || shift > 63 {
				return 0, false
			}
			b := delta[0]
			delta = delta[1:]
			sizes[k] |= uint64(b&0x7f) << shift
			shift += 7
			if b&0x80 == 0 {
				break
			}
		}
	}
	return sizes[1], true
}

// typeOf returns the type of object h if a pack holds it, from the
// headers of its delta chain: a blob is not inflated to learn that it is
// one.
func (p *packReader) typeOf(h plumbing.Hash) (plumbing.ObjectType, bool) {
	i, off, ok := p.find(h)
	if !ok {
		return 0, false
	}
	pf := p.packs[i]
	for range maxDeltaDepth {
		if typ, _, ok := p.cached(resolvedKey{pack: i, offset: off}); ok {
			return typ, true
		}
		hdr, err := pf.header(off)
		if err != nil {
			return 0, false
		}
		switch hdr.Type {
		case plumbing.OFSDeltaObject:
			off = hdr.OffsetReference
		case plumbing.REFDeltaObject:
			if off, err = pf.idx.FindOffset(hdr.Reference); err != nil {
				return 0, false
			}
		default:
			return hdr.Type, true
		}
	}
	return 0, false
}

// find returns the pack and offset of object h.
func (p *packReader) find(h plumbing.Hash) (pack int, offset int64, ok bool) {
	p.once.Do(p.open)
	for i, pf := range p.packs {
		if off, err := pf.idx.FindOffset(h); err == nil {
			return i, off, true
		}
	}
	return 0, 0, false
}

var errDeltaTooDeep = errors.New("delta chain too deep")

// resolve returns the type and content of the object at off in pack i.
func (p *packReader) resolve(i int, off int64, depth int) (plumbing.ObjectType, []byte, error) {
	if depth > maxDeltaDepth {
		return 0, nil, errDeltaTooDeep
	}
	key := resolvedKey{pack: i, offset: off}
	if typ, data, ok := p.cached(key); ok {
		return typ, data, nil
	}
	pf := p.packs[i]
	hdr, raw, err := pf.entry(off)
	if err != nil {
		return 0, nil, err
	}
	typ, data := hdr.Type, raw
	if hdr.Type == plumbing.OFSDeltaObject || hdr.Type == plumbing.REFDeltaObject {
		baseOff := hdr.OffsetReference
		if hdr.Type == plumbing.REFDeltaObject {
			if baseOff, err = pf.idx.FindOffset(hdr.Reference); err != nil {
				return 0, nil, err // the base is in another pack: go-git's job
			}
		}
		var base []byte
		if typ, base, err = p.resolve(i, baseOff, depth+1); err != nil {
			return 0, nil, err
		}
		if data, err = packfile.PatchDelta(base, raw); err != nil {
			return 0, nil, err
		}
	}
	p.mu.Lock()
	p.cache.put(key, typ, data)
	p.mu.Unlock()
	return typ, data, nil
}

func (p *packReader) cached(key resolvedKey) (plumbing.ObjectType, []byte, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cache.get(key)
}

// scanner lends a scanner of the pack; give it back with scanners.Put.
func (pf *packFile) scanner() *packfile.Scanner {
	if s, ok := pf.scanners.Get().(*packfile.Scanner); ok {
		return s
	}
	// A section reader reads at offsets: scanners on other goroutines
	// never move each other's position.
	return packfile.NewScanner(io.NewSectionReader(pf.file, 0, pf.size))
}

// header reads the header of the entry at off.
func (pf *packFile) header(off int64) (*packfile.ObjectHeader, error) {
	s := pf.scanner()
	defer pf.scanners.Put(s)
	return s.SeekObjectHeader(off)
}

// entry reads the header and the inflated data (content or delta) of the
// entry at off.
func (pf *packFile) entry(off int64) (*packfile.ObjectHeader, []byte, error) {
	s := pf.scanner()
	defer pf.scanners.Put(s)
	hdr, err := s.SeekObjectHeader(off)
	if err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	buf.Grow(int(min(hdr.Length, 1<<20)))
	if _, _, err := s.NextObject(&buf); err != nil {
		return nil, nil, err
	}
	if int64(buf.Len()) != hdr.Length {
		return nil, nil, errors.New("pack entry shorter than its header says")
	}
	return hdr, buf.Bytes(), nil
}

// resolvedCache keeps resolved objects, least recently used out first,
// within a byte budget.
type resolvedCache struct {
	budget, size int
	order        list.List // of *resolvedEntry, most recent first
	byKey        map[resolvedKey]*list.Element
}

const resolvedCacheSize = 64 << 20

type resolvedKey struct {
	pack   int
	offset int64
}

type resolvedEntry struct {
	key  resolvedKey
	typ  plumbing.ObjectType
	data []byte
}

func (c *resolvedCache) get(k resolvedKey) (plumbing.ObjectType, []byte, bool) {
	e, ok := c.byKey[k]
	if !ok {
		return 0, nil, false
	}
	c.order.MoveToFront(e)
	re := e.Value.(*resolvedEntry)
	return re.typ, re.data, true
}

func (c *resolvedCache) put(k resolvedKey, typ plumbing.ObjectType, data []byte) {
	if _, ok := c.byKey[k]; ok || len(data) > c.budget/4 {
		return
	}
	c.byKey[k] = c.order.PushFront(&resolvedEntry{key: k, typ: typ, data: data})
	c.size += len(data)
	for c.size > c.budget {
		last := c.order.Back()
		re := last.Value.(*resolvedEntry)
		c.order.Remove(last)
		delete(c.byKey, re.key)
		c.size -= len(re.data)
	}
}
