package gitsource

import (
	"bytes"
	"errors"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Two versions of a large directory usually differ in one entry of
// hundreds. diffRaw compares them as git stores them, entry bytes against
// entry bytes, and decodes only the entries that differ: a push of a
// thousand commits, each changing one file of a 500-file directory, would
// otherwise decode and allocate half a million entries.

// errUnordered says that a tree is not in git's order; the decoded diff,
// which does not assume it, takes over.
var errUnordered = errors.New("tree entries out of order")

// rawTrees returns the undecoded content of both trees when their packs
// hold them and the decoded cache does not already know both.
func (d differ) rawTrees(from, to plumbing.Hash) (old, cur []byte, ok bool) {
	if from.IsZero() || d.store.packed == nil || d.store.hasDecoded(from) && d.store.hasDecoded(to) {
		return nil, nil, false
	}
	if cur, ok = d.store.packed.read(to, plumbing.TreeObject); !ok {
		return nil, nil, false
	}
	old, ok = d.store.packed.read(from, plumbing.TreeObject)
	return old, cur, ok
}

// diffRaw is diff for two raw trees in git's order: it merges their
// entries, skipping the identical ones undecoded, and visits the others
// once the whole merge succeeded, so that a tree the merge cannot read is
// left to the decoded diff with nothing emitted yet.
func (d differ) diffRaw(old, cur []byte, prefix string, emit entryFunc) error {
	changes, err := mergeRaw(old, cur)
	if err != nil {
		return err
	}
	for _, c := range changes {
		if err := d.visit(c.entry, c.prev, c.had, prefix, emit); err != nil {
			return err
		}
	}
	return nil
}

// rawChange is an entry of the new tree that is not byte for byte in the
// old one, with the old entry of the same name and kind, if had.
type rawChange struct {
	entry, prev object.TreeEntry
	had         bool
}

func mergeRaw(old, cur []byte) ([]rawChange, error) {
	var changes []rawChange
	var lastOld, lastCur object.TreeEntry
	haveOld := false // lastOld is decoded and not yet consumed
	for len(cur) > 0 {
		if !haveOld {
			// Skip the entries both sides hold byte for byte: most of a
			// large directory. An entry within the common prefix is whole
			// on both sides, its name ending at the same byte.
			if bytes.Equal(old, cur) {
				break
			}
			same := commonPrefix(old, cur)
			for len(cur) > 0 {
				size, err := rawEntrySize(cur)
				if err != nil {
					return nil, err
				}
				if size > same {
					break
				}
				old, cur, same = old[size:], cur[size:], same-size
			}
			if len(cur) == 0 {
				break
			}
		}
		curSize, err := rawEntrySize(cur)
		if err != nil {
			return nil, err
		}
		e, err := decodeRawEntry(cur[:curSize])
		if err != nil {
			return nil, err
		}
		if lastCur.Name != "" && compareEntries(lastCur, e) >= 0 {
			return nil, errUnordered
		}
		lastCur, cur = e, cur[curSize:]
		change := rawChange{entry: e}
		// Consume the old entries that sort before e (deleted) and the one
		// equal to it (its previous version).
		for len(old) > 0 {
			size, err := rawEntrySize(old)
			if err != nil {
				return nil, err
			}
			if !haveOld {
				o, err := decodeRawEntry(old[:size])
				if err != nil {
					return nil, err
				}
				if lastOld.Name != "" && compareEntries(lastOld, o) >= 0 {
					return nil, errUnordered
				}
				lastOld, haveOld = o, true
			}
			c := compareEntries(lastOld, e)
			if c > 0 {
				break
			}
			old, haveOld = old[size:], false
			if c == 0 {
				change.prev, change.had = lastOld, true
				break
			}
		}
		changes = append(changes, change)
	}
	return changes, nil
}

// visit handles one entry of the new tree: prev is the old tree's entry
// of the same name and kind, if had.
func (d differ) visit(e, prev object.TreeEntry, had bool, prefix string, emit entryFunc) error {
	if had && prev.Mode == e.Mode && prev.Hash == e.Hash {
		return nil
	}
	p := joinPath(prefix, e.Name)
	if e.Mode != filemode.Dir {
		return emit(p, e)
	}
	if d.skipDir != nil && d.skipDir(p) {
		return nil
	}
	base := plumbing.ZeroHash
	if had && prev.Mode == filemode.Dir {
		base = prev.Hash
	}
	return d.diff(base, e.Hash, p, emit)
}

// commonPrefix is the length of the longest common prefix of a and b.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+64 <= n && bytes.Equal(a[i:i+64], b[i:i+64]) {
		i += 64
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// rawEntrySize is the length of the first entry of a raw tree.
func rawEntrySize(data []byte) (int, error) {
	sp := bytes.IndexByte(data, ' ')
	if sp <= 0 {
		return 0, errMalformedTree
	}
	nul := bytes.IndexByte(data[sp:], 0)
	if nul < 0 {
		return 0, errMalformedTree
	}
	size := sp + nul + 1 + len(plumbing.Hash{})
	if size > len(data) {
		return 0, errMalformedTree
	}
	return size, nil
}

// decodeRawEntry decodes one whole entry.
func decodeRawEntry(entry []byte) (object.TreeEntry, error) {
	es, err := decodeTree(entry)
	if err != nil || len(es) != 1 {
		return object.TreeEntry{}, errMalformedTree
	}
	return es[0], nil
}
