package gitsource

import (
	"reflect"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// goGitDecode is the decoder decodeTree replaces, for comparison.
func goGitDecode(data []byte) ([]object.TreeEntry, error) {
	o := &plumbing.MemoryObject{}
	o.SetType(plumbing.TreeObject)
	o.Write(data)
	var t object.Tree
	if err := t.Decode(o); err != nil {
		return nil, err
	}
	return t.Entries, nil
}

func sameDecoding(t *testing.T, data []byte) {
	t.Helper()
	got, err := decodeTree(data)
	want, wantErr := goGitDecode(data)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%q: error %v, go-git says %v", data, err, wantErr)
	}
	if err == nil && len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\n got %v\nwant %v", data, got, want)
	}
}

// TestDecodeTreeMatchesGoGit decodes every tree of a repository with links,
// submodule-like modes, executables and deep directories, as go-git does.
func TestDecodeTreeMatchesGoGit(t *testing.T) {
	dir := richRepo(t)
	git(t, dir, "repack", "-adq")
	for _, line := range lines(git(t, dir, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectname)")) {
		id, ok := strings.CutPrefix(line, "tree ")
		if !ok {
			continue
		}
		sameDecoding(t, []byte(gitCmd(t, dir, nil, "", "cat-file", "tree", id)))
	}
}

func treeEntry(mode, name string, id byte) string {
	return mode + " " + name + "\x00" + strings.Repeat(string([]byte{id}), 20)
}

func FuzzDecodeTree(f *testing.F) {
	for _, seed := range []string{
		"",
		treeEntry("100644", "a.yml", 1) + treeEntry("40000", "dir", 2),
		treeEntry("100755", "run.sh", 3) + treeEntry("120000", "link", 4) + treeEntry("160000", "sub", 5),
		treeEntry("100664", "old mode with spaces", 6),
		treeEntry("37777777777", "max", 7),
		treeEntry("47777777777", "too big", 7),
		"100644 a\x00short",
		"100644 \x00" + strings.Repeat("x", 20),
		"10064x a\x00" + strings.Repeat("x", 20),
		"100644a",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) { sameDecoding(t, data) })
}

// TestEntryLookup checks the merge lookup against a map on trees in git's
// order, with files and directories of the same name on the two sides, and
// on a tree out of order.
func TestEntryLookup(t *testing.T) {
	file := func(name string, id byte) object.TreeEntry {
		return object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: plumbing.Hash{id}}
	}
	dir := func(name string, id byte) object.TreeEntry {
		return object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: plumbing.Hash{id}}
	}
	// git order: "a.b" < "a/" (dir a) < "a0"; "x" (file) < "x-y" < "x/" (dir).
	old := []object.TreeEntry{file("a.b", 1), dir("a", 2), file("a0", 3), file("x", 4), file("z", 5)}
	now := []object.TreeEntry{file("a.b", 1), dir("a", 9), file("a0", 3), file("x-y", 6), dir("x", 7), file("zz", 8)}
	for i := 1; i < len(now); i++ {
		if compareEntries(now[i-1], now[i]) >= 0 {
			t.Fatalf("test tree out of git order at %s", now[i].Name)
		}
	}
	want := map[string]bool{"a.b": true, "a": true, "a0": true, "x-y": false, "x": false, "zz": false}
	check := func(l *entryLookup) {
		t.Helper()
		for _, e := range now {
			prev, ok := l.find(e)
			if ok != want[e.Name] || ok && prev.Name != e.Name {
				t.Errorf("%s: found %v (%s), want %v", e.Name, ok, prev.Name, want[e.Name])
			}
		}
	}
	check(newEntryLookup(old))
	// Out of order, the lookup goes by name alone, like the map it uses.
	shuffled := []object.TreeEntry{old[4], old[0], old[3], old[2], old[1]}
	l := newEntryLookup(shuffled)
	if l.byName == nil {
		t.Fatal("an unsorted tree was merged")
	}
	want["x"] = true // file x is found for directory x by name; diff then compares modes
	check(l)
}
