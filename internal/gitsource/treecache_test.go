package gitsource

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
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
	first.UseTreeCache(cache)
	head := resolve(t, first, "HEAD")
	want := walkSource(t, first.Tree(head, nil))
	if first.objects.decoded == 0 {
		t.Fatal("the first walk decoded no tree")
	}
	if err := first.SaveTreeCache(head); err != nil {
		t.Fatal(err)
	}

	second := openRepo(t, dir)
	second.UseTreeCache(cache)
	got := walkSource(t, second.Tree(resolve(t, second, "HEAD"), nil)) // loads the cache
	if !reflect.DeepEqual(got, want) {
		t.Errorf("walk with the cache:\n got %v\nwant %v", got, want)
	}
	if n := second.objects.decoded; n != 0 {
		t.Errorf("%d trees decoded again", n)
	}
	// Nothing new was decoded: the file is left as it is.
	before, _ := os.Stat(cache)
	if err := second.SaveTreeCache(head); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(cache); !after.ModTime().Equal(before.ModTime()) {
		t.Error("a run that decoded nothing rewrote the cache")
	}
	// Diffs alone (a push of source code) neither read nor rewrite it.
	os.WriteFile(cache, []byte("left alone"), 0o600)
	third := openRepo(t, dir)
	third.UseTreeCache(cache)
	if _, err := third.Changed(Commit{}, head); err != nil {
		t.Fatal(err)
	}
	if err := third.SaveTreeCache(head); err != nil || third.treeCache.loaded.Load() {
		t.Fatalf("save after diffs: %v, loaded %v", err, third.treeCache.loaded.Load())
	}
	if data, _ := os.ReadFile(cache); string(data) != "left alone" {
		t.Error("a run of diffs rewrote the cache")
	}
}

// TestTreeCacheDamaged checks that missing, truncated, altered and foreign
// files are never used, and that walks stay right without them.
func TestTreeCacheDamaged(t *testing.T) {
	dir := richRepo(t)
	tmp := t.TempDir()
	good := filepath.Join(tmp, "good")
	r := openRepo(t, dir)
	r.UseTreeCache(good)
	head := resolve(t, r, "HEAD")
	want := walkSource(t, r.Tree(head, nil))
	if err := r.SaveTreeCache(head); err != nil {
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
			r.UseTreeCache(path)
			if err := r.LoadTreeCache(); err == nil {
				t.Error("a damaged cache was accepted")
			}
			if got := walkSource(t, r.Tree(resolve(t, r, "HEAD"), nil)); !reflect.DeepEqual(got, want) {
				t.Errorf("walk after a damaged cache:\n got %v\nwant %v", got, want)
			}
		})
	}
	for path, wantErr := range map[string]bool{filepath.Join(tmp, "missing"): false, tmp: true} {
		r := openRepo(t, dir)
		r.UseTreeCache(path)
		if err := r.LoadTreeCache(); (err != nil) != wantErr {
			t.Errorf("%s: error %v, want one: %v", path, err, wantErr)
		}
	}
}

// TestTreeCacheKeepsTips saves after walking two commits: only the trees of
// the tip are kept, not those of the commit before it.
func TestTreeCacheKeepsTips(t *testing.T) {
	dir, commits := historyRepo(t)
	r := openRepo(t, dir)
	path := filepath.Join(t.TempDir(), "trees.cache")
	r.UseTreeCache(path)
	tip := resolve(t, r, commits[len(commits)-1])
	walkSource(t, r.Tree(resolve(t, r, commits[len(commits)-2]), nil))
	walkSource(t, r.Tree(tip, nil))
	if err := r.SaveTreeCache(tip); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := decodeTreeCache(data)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{git(t, dir, "rev-parse", tip.Hash.String()+"^{tree}")}
	for _, l := range lines(git(t, dir, "ls-tree", "-r", "-t", tip.Hash.String())) {
		if f := strings.Fields(l); f[1] == "tree" {
			want = append(want, f[2])
		}
	}
	var saved []string
	for h := range got {
		saved = append(saved, h.String())
	}
	if !sameSet(saved, want) {
		t.Errorf("saved trees %v, the tip has %v", saved, want)
	}
}

// TestTreeCacheAging keeps a tree loaded from an earlier save for
// treeCacheKeepRuns saves after its last use, and drops it after that.
func TestTreeCacheAging(t *testing.T) {
	tree := func(name string) *cachedTree {
		return &cachedTree{Tree: &object.Tree{Entries: []object.TreeEntry{{Name: name, Mode: 0o100644, Hash: plumbing.NewHash("0123456789abcdef0123456789abcdef01234567")}}}}
	}
	const lastSave = 19 // this save is run 20
	recent, old, fresh := plumbing.NewHash("02"), plumbing.NewHash("03"), plumbing.NewHash("04")
	r := openRepo(t, richRepo(t))
	path := filepath.Join(t.TempDir(), "trees.cache")
	r.UseTreeCache(path)
	if err := r.LoadTreeCache(); err != nil { // no file yet
		t.Fatal(err)
	}
	s := r.objects
	s.cacheRun, s.decoded = lastSave, 1
	s.trees = map[plumbing.Hash]*cachedTree{recent: tree("recent"), old: tree("old"), fresh: tree("decoded unreachable")}
	s.trees[recent].lastRun = lastSave + 1 - treeCacheKeepRuns + 1
	s.trees[old].lastRun = lastSave + 1 - treeCacheKeepRuns
	if err := r.SaveTreeCache(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	got, run, err := decodeTreeCache(data)
	if err != nil {
		t.Fatal(err)
	}
	if run != lastSave+1 {
		t.Errorf("run %d, want %d", run, lastSave+1)
	}
	if got[recent] == nil || got[recent].lastRun != s.trees[recent].lastRun || got[recent].Entries[0] != s.trees[recent].Entries[0] {
		t.Errorf("recent tree: %+v", got[recent])
	}
	if got[old] != nil || got[fresh] != nil {
		t.Errorf("kept an aged or unreachable tree: %v", got)
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
	r.UseTreeCache(filepath.Join(blocked, "trees.cache"))
	walkSource(t, r.Tree(resolve(t, r, "HEAD"), nil))
	if err := r.SaveTreeCache(resolve(t, r, "HEAD")); err == nil {
		t.Error("saving under a regular file succeeded")
	}
	walkSource(t, r.Tree(resolve(t, r, "HEAD"), nil))
}

func FuzzDecodeTreeCache(f *testing.F) {
	trees := map[plumbing.Hash]*cachedTree{
		plumbing.NewHash("01"): {Tree: &object.Tree{Entries: []object.TreeEntry{{Name: "a.yml", Mode: 0o100644}, {Name: "sub", Mode: 0o40000}}}},
	}
	f.Add(encodeTreeCache(trees, map[plumbing.Hash]uint64{plumbing.NewHash("01"): 0}, 3))
	f.Add([]byte(treeCacheMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, run, err := decodeTreeCache(data)
		if err != nil {
			return
		}
		// Whatever decodes must survive a save and a load.
		keep := map[plumbing.Hash]uint64{}
		for h, t := range got {
			keep[h] = t.lastRun
		}
		if _, _, err := decodeTreeCache(encodeTreeCache(got, keep, run+1)); err != nil {
			t.Errorf("re-encoded cache does not decode: %v", err)
		}
	})
}
