package gitsource

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// treeFromSeed builds a tree in git's order from fuzz bytes: names from a
// small alphabet (so that files and directories share names and the ones
// git sorts with "/" meet), modes including a non-canonical one.
func treeFromSeed(seed []byte) []object.TreeEntry {
	names := []string{"a", "a.b", "a-b", "ab", "b", "a0", "c.yml"}
	modes := []filemode.FileMode{0o100644, 0o100755, 0o40000, 0o120000, 0o100664}
	var out []object.TreeEntry
	for i := 0; i+1 < len(seed); i += 2 {
		e := object.TreeEntry{Name: names[int(seed[i])%len(names)], Mode: modes[int(seed[i]>>4)%len(modes)]}
		e.Hash[0] = seed[i+1] % 3
		out = append(out, e)
	}
	slices.SortStableFunc(out, compareEntries)
	return slices.CompactFunc(out, func(a, b object.TreeEntry) bool { return compareEntries(a, b) == 0 })
}

func encodeRawTree(entries []object.TreeEntry) []byte {
	var b []byte
	for _, e := range entries {
		b = fmt.Appendf(b, "%o %s\x00", uint32(e.Mode), e.Name)
		b = append(b, e.Hash[:]...)
	}
	return b
}

// changesByLookup is what the decoded diff visits, minus what it skips.
func changesByLookup(old, cur []object.TreeEntry) []string {
	l := newEntryLookup(old)
	var out []string
	for _, e := range cur {
		prev, had := l.find(e)
		if had && prev.Mode == e.Mode && prev.Hash == e.Hash {
			continue
		}
		out = append(out, describeChange(e, prev, had))
	}
	return out
}

func describeChange(e, prev object.TreeEntry, had bool) string {
	s := fmt.Sprintf("%s %o %x", e.Name, uint32(e.Mode), e.Hash[0])
	if had {
		s += fmt.Sprintf(" was %s %o %x", prev.Name, uint32(prev.Mode), prev.Hash[0])
	}
	return s
}

func sameChanges(t *testing.T, old, cur []object.TreeEntry) {
	t.Helper()
	canonical := func(es []object.TreeEntry) []object.TreeEntry {
		out := slices.Clone(es)
		for i := range out {
			out[i].Mode = canonicalMode(out[i].Mode)
		}
		return out
	}
	want := changesByLookup(canonical(old), canonical(cur))
	changes, err := mergeRaw(encodeRawTree(old), encodeRawTree(cur))
	if err != nil {
		t.Fatalf("mergeRaw: %v", err)
	}
	var got []string
	for _, c := range changes {
		if c.had && c.prev.Mode == c.entry.Mode && c.prev.Hash == c.entry.Hash {
			continue
		}
		got = append(got, describeChange(c.entry, c.prev, c.had))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("old %v\ncur %v\nraw merge:   %s\ndecoded diff: %s", old, cur, strings.Join(got, "; "), strings.Join(want, "; "))
	}
}

func TestMergeRawMatchesLookup(t *testing.T) {
	file := func(name string, h byte) object.TreeEntry {
		e := object.TreeEntry{Name: name, Mode: filemode.Regular}
		e.Hash[0] = h
		return e
	}
	dir := func(name string, h byte) object.TreeEntry {
		e := file(name, h)
		e.Mode = filemode.Dir
		return e
	}
	big := func(changed int) []object.TreeEntry {
		var out []object.TreeEntry
		for i := range 500 {
			h := byte(1)
			if i == changed {
				h = 2
			}
			out = append(out, file(fmt.Sprintf("gen%03d.go", i), h))
		}
		return out
	}
	for _, tc := range [][2][]object.TreeEntry{
		{big(-1), big(250)},
		{big(-1), big(0)},
		{big(-1), big(499)},
		{big(10), big(-1)[:300]},
		{nil, big(-1)[:3]},
		{[]object.TreeEntry{file("a", 1), dir("a.b", 1)}, []object.TreeEntry{dir("a", 1), file("a.b", 1)}},
		{[]object.TreeEntry{file("a", 1), file("b", 1), file("c", 1)}, []object.TreeEntry{file("b", 1)}},
		{[]object.TreeEntry{dir("x", 1)}, []object.TreeEntry{dir("x", 2), file("y", 1)}},
	} {
		for _, es := range tc {
			slices.SortFunc(es, compareEntries) // as git writes them
		}
		sameChanges(t, tc[0], tc[1])
	}
	// An unordered tree is not the raw merge's to judge.
	unordered := encodeRawTree([]object.TreeEntry{file("b", 1), file("a", 1)})
	if _, err := mergeRaw(encodeRawTree([]object.TreeEntry{file("c", 3)}), unordered); err != errUnordered {
		t.Fatalf("unordered tree: %v", err)
	}
}

func FuzzMergeRaw(f *testing.F) {
	f.Add([]byte{0, 1, 1, 1, 2, 0}, []byte{0, 2, 2, 1})
	f.Add([]byte{0x20, 1, 3, 1}, []byte{0, 1, 3, 1, 4, 2})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		sameChanges(t, treeFromSeed(a), treeFromSeed(b))
	})
}

// TestRawDiffOfPushedCommits diffs every commit of a delta-packed
// repository against its parent both ways and compares.
func TestRawDiffOfPushedCommits(t *testing.T) {
	dir := deltaRepo(t)
	r := openRepo(t, dir)
	for _, id := range lines(git(t, dir, "rev-list", "HEAD~40..HEAD")) {
		c := resolve(t, r, id)
		parent := resolve(t, r, id+"^")
		raw, err := r.Changed(parent, c)
		if err != nil {
			t.Fatal(err)
		}
		want := lines(git(t, dir, "diff-tree", "-r", "--no-renames", "--diff-filter=AMT", "--name-only", parent.Hash.String(), id))
		if !slices.Equal(raw, want) {
			t.Fatalf("commit %s: changed %v, git says %v", id, raw, want)
		}
	}
	if r.objects.decoded > 10 {
		t.Fatalf("%d trees were decoded whole for diffs the raw merge can do", r.objects.decoded)
	}
}
