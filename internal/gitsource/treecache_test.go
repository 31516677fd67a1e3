package gitsource

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// TestTreeCacheRoundTrip walks a tree, saves the decoded trees, and walks
// it again in a new Repo that loads them: the files are the same and no
// tree is read from objects a second time.
func TestTreeCacheRoundTrip(t *testing.T) {
	dir := richRepo(t)
	git(t, dir, "repack", "-adq")
	cache := filepath.Join(t.TempDir(), "envfence", "trees.cache")

	first := openRepo(t, dir)
	want := walkSource(t, first.Tree(resolve(t, first, "HEAD"), nil))
	if first.objects.decoded == 0 {
		t.Fatal("the first walk decoded no tree")
	}
	if err := first.SaveTreeCache(cache); err != nil {
		t.Fatal(err)
	}

	second := openRepo(t, dir)
	if err := second.LoadTreeCache(cache); err != nil {
		t.Fatal(err)
	}
	got := walkSource(t, second.Tree(resolve(t, second, "HEAD"), nil))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("walk with the cache:\n got %v\nwant %v", got, want)
	}
	if n := second.objects.decoded; n != 0 {
		t.Errorf("%d trees decoded again", n)
	}
	// Nothing new was decoded: the file is left as it is.
	before, _ := os.Stat(cache)
	if err := second.SaveTreeCache(cache); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(cache); !after.ModTime().Equal(before.ModTime()) {
		t.Error("a run that decoded nothing rewrote the cache")
	}
}

// TestTreeCacheDamaged checks that missing, truncated, altered and foreign
// files are never used, and that walks stay right without them.
func TestTreeCacheDamaged(t *testing.T) {
	dir := richRepo(t)
	tmp := t.TempDir()
	good := filepath.Join(tmp, "good")
	r := openRepo(t, dir)
	want := walkSource(t, r.Tree(resolve(t, r, "HEAD"), nil))
	if err := r.SaveTreeCache(good); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	flipped := append([]byte(nil), data...)
	flipped[len(treeCacheMagic)+5] ^= 1
	cases := map[string][]byte{
		"truncated": data[:len(data)/2],
		"flipped":   flipped,
		"foreign":   []byte("PACK\x00\x00\x00\x02 not a cache at all, but long enough to have a checksum"),
		"empty":     {},
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(tmp, name)
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			r := openRepo(t, dir)
			if err := r.LoadTreeCache(path); err == nil {
				t.Error("a damaged cache was accepted")
			}
			if got := walkSource(t, r.Tree(resolve(t, r, "HEAD"), nil)); !reflect.DeepEqual(got, want) {
				t.Errorf("walk after a damaged cache:\n got %v\nwant %v", got, want)
			}
		})
	}
	if err := openRepo(t, dir).LoadTreeCache(filepath.Join(tmp, "missing")); err != nil {
		t.Errorf("a missing cache is an error: %v", err)
	}
	if err := openRepo(t, dir).LoadTreeCache(tmp); err == nil {
		t.Error("a directory was read as a cache")
	}
}

// TestTreeCacheAging keeps a tree for treeCacheKeepRuns saves after its
// last use, and keeps every tree the current run used.
func TestTreeCacheAging(t *testing.T) {
	tree := func(name string) *object.Tree {
		return &object.Tree{Entries: []object.TreeEntry{{Name: name, Mode: 0o100644, Hash: plumbing.NewHash("0123456789abcdef0123456789abcdef01234567")}}}
	}
	used, recent, old := plumbing.NewHash("01"), plumbing.NewHash("02"), plumbing.NewHash("03")
	const run = 20
	trees := map[plumbing.Hash]*cachedTree{
		used:   {Tree: tree("used now"), lastRun: 0},
		recent: {Tree: tree("used 7 saves ago"), lastRun: run - treeCacheKeepRuns + 1},
		old:    {Tree: tree("used 8 saves ago"), lastRun: run - treeCacheKeepRuns},
	}
	got, gotRun, err := decodeTreeCache(encodeTreeCache(trees, run))
	if err != nil {
		t.Fatal(err)
	}
	if gotRun != run {
		t.Errorf("run %d, want %d", gotRun, run)
	}
	if _, ok := got[old]; ok {
		t.Error("a tree unused for treeCacheKeepRuns saves was kept")
	}
	if got[used] == nil || got[used].lastRun != run || got[recent] == nil {
		t.Fatalf("kept %v", got)
	}
	if e := got[used].Entries[0]; e != trees[used].Entries[0] {
		t.Errorf("entry %+v, want %+v", e, trees[used].Entries[0])
	}
}

// TestTreeCacheUnwritable reports a cache that cannot be written, and the
// store keeps working.
func TestTreeCacheUnwritable(t *testing.T) {
	dir := richRepo(t)
	// A file where the cache's directory should be stops even root.
	blocked := filepath.Join(t.TempDir(), "envfence")
	if err := os.WriteFile(blocked, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	r := openRepo(t, dir)
	walkSource(t, r.Tree(resolve(t, r, "HEAD"), nil))
	if err := r.SaveTreeCache(filepath.Join(blocked, "trees.cache")); err == nil {
		t.Error("saving under a regular file succeeded")
	}
	walkSource(t, r.Tree(resolve(t, r, "HEAD"), nil))
}

func FuzzDecodeTreeCache(f *testing.F) {
	trees := map[plumbing.Hash]*cachedTree{
		plumbing.NewHash("01"): {Tree: &object.Tree{Entries: []object.TreeEntry{{Name: "a.yml", Mode: 0o100644}, {Name: "sub", Mode: 0o40000}}}},
	}
	f.Add(encodeTreeCache(trees, 3))
	f.Add([]byte(treeCacheMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, run, err := decodeTreeCache(data)
		if err != nil {
			return
		}
		// Whatever decodes must survive a save and a load.
		if _, _, err := decodeTreeCache(encodeTreeCache(got, run+1)); err != nil {
			t.Errorf("re-encoded cache does not decode: %v", err)
		}
	})
}
