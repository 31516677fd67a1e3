package hook

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/source"
)

func sampleFacts() []engine.FileFacts {
	return []engine.FileFacts{
		{Path: "svc/.env.production", Kind: source.Dotenv, ID: strings.Repeat("ab", 20), Envs: []envmodel.Env{envmodel.Production},
			Links: []rule.Link{rule.SameKey("credential:0123"), rule.User("domain:acme.com")}},
		{Path: "a/config.yml", Kind: source.YAML, ID: strings.Repeat("cd", 20), Envs: []envmodel.Env{envmodel.None, envmodel.Staging, "qa"},
			Links: []rule.Link{rule.Provider("domain:acme.com")}},
	}
}

func TestFileIndexRoundTrip(t *testing.T) {
	tf := newTreeFiles().with(nil, sampleFacts())
	if tf.files[0].path != "a/config.yml" {
		t.Fatal("entries are not in path order")
	}
	data := encodeTreeFiles(tf, "key-1")
	if bytes.Contains(data, []byte("0123")) || bytes.Contains(data, []byte("acme")) {
		t.Fatal("a link key is stored in the clear")
	}
	got, err := decodeTreeFiles(data, "key-1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, tf) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, tf)
	}
	if _, err := decodeTreeFiles(data, "key-2"); err == nil {
		t.Fatal("an index written under another configuration was read")
	}
	for _, i := range []int{0, len(fileIndexMagic) + 3, len(data) / 2, len(data) - 1} {
		bad := bytes.Clone(data)
		bad[i] ^= 0x40
		if _, err := decodeTreeFiles(bad, "key-1"); err == nil {
			t.Fatalf("a damaged index (byte %d) was read", i)
		}
	}
	if _, err := decodeTreeFiles(data[:len(data)-5], "key-1"); err == nil {
		t.Fatal("a truncated index was read")
	}
}

func TestFileIndexLinksHashUnderTheSalt(t *testing.T) {
	a, b := newTreeFiles(), newTreeFiles()
	if a.salt == b.salt {
		t.Fatal("two indexes share a salt")
	}
	if a.hash("credential:x") == b.hash("credential:x") {
		t.Fatal("a link hashes alike under two salts")
	}
	if x1, x2 := a.hash("credential:x"), a.hash("credential:x"); x1 != x2 || x1 == a.hash("credential:y") {
		t.Fatal("hashing under one salt is not a function of the key")
	}
	// Entries carried into the next tree keep the salt they were hashed with.
	next := a.with(map[string]bool{"svc/.env.production": true}, nil)
	if next.salt != a.salt || len(next.files) != 0 {
		t.Fatalf("with: %+v", next)
	}
}

func TestFileIndexSaveAndPrune(t *testing.T) {
	dir := t.TempDir()
	x := &fileIndex{dir: filepath.Join(dir, "files"), key: "k", pending: map[plumbing.Hash]*treeFiles{}}
	tf := newTreeFiles().with(nil, sampleFacts())
	var trees []plumbing.Hash
	for i := range maxIndexedTrees + 3 {
		h := plumbing.NewHash(strings.Repeat(string("0123456789abcdef"[i%16]), 40))
		trees = append(trees, h)
		x.pending = map[plumbing.Hash]*treeFiles{h: tf}
		if err := x.save(true); err != nil {
			t.Fatal(err)
		}
		// Distinct modification times, as pushes minutes apart have.
		old := int64(1_700_000_000 + i)
		_ = os.Chtimes(filepath.Join(x.dir, h.String()), timeAt(old), timeAt(old))
	}
	entries, err := os.ReadDir(x.dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != maxIndexedTrees {
		t.Fatalf("%d trees kept, want %d", len(entries), maxIndexedTrees)
	}
	fresh := &fileIndex{dir: x.dir, key: "k", pending: map[plumbing.Hash]*treeFiles{}}
	if _, ok := fresh.lookup(trees[len(trees)-1]); !ok {
		t.Fatal("the newest tree was not kept")
	}
	if _, ok := fresh.lookup(trees[0]); ok {
		t.Fatal("the oldest tree was kept")
	}
	var none *fileIndex
	if _, ok := none.lookup(trees[0]); ok || none.save(true) != nil {
		t.Fatal("a nil index knows or saves something")
	}
}

func TestFileIndexKeepsPushedTreesOnlyWhenAccepted(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "files")
	pushed := plumbing.NewHash(strings.Repeat("1", 40))
	before := plumbing.NewHash(strings.Repeat("2", 40))
	for _, accepted := range []bool{false, true} {
		x := &fileIndex{dir: dir, key: "k"}
		x.remember(pushed, newTreeFiles())
		x.rememberInRepo(before, newTreeFiles())
		if err := x.save(accepted); err != nil {
			t.Fatal(err)
		}
		_, kept := (&fileIndex{dir: dir, key: "k"}).lookup(pushed)
		if _, ok := (&fileIndex{dir: dir, key: "k"}).lookup(before); !ok || kept != accepted {
			t.Fatalf("accepted %v: tree before kept %v, pushed tree kept %v", accepted, ok, kept)
		}
	}
}

// A push that changes no file envfence reads gets its base's index, copied
// without decoding, and only if it is accepted.
func TestFileIndexOfTheSameFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "files")
	base := plumbing.NewHash(strings.Repeat("3", 40))
	tip := plumbing.NewHash(strings.Repeat("4", 40))
	first := &fileIndex{dir: dir, key: "k"}
	first.rememberInRepo(base, newTreeFiles().with(nil, sampleFacts()))
	if err := first.save(false); err != nil {
		t.Fatal(err)
	}
	for _, accepted := range []bool{false, true} {
		x := &fileIndex{dir: dir, key: "k"}
		x.rememberSame(tip, base)
		if got, ok := x.lookup(tip); !ok || len(got.files) != 2 {
			t.Fatal("the pushed tree does not read as its base before the save")
		}
		if err := x.save(accepted); err != nil {
			t.Fatal(err)
		}
		baseData, _ := os.ReadFile(filepath.Join(dir, base.String()))
		tipData, err := os.ReadFile(filepath.Join(dir, tip.String()))
		if accepted != (err == nil) || accepted && !bytes.Equal(baseData, tipData) {
			t.Fatalf("accepted %v: tip index %v, same bytes %v", accepted, err, bytes.Equal(baseData, tipData))
		}
	}
}

func FuzzDecodeTreeFiles(f *testing.F) {
	f.Add(encodeTreeFiles(newTreeFiles().with(nil, sampleFacts()), "k"))
	f.Add([]byte(fileIndexMagic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		tf, err := decodeTreeFiles(data, "k")
		if err != nil {
			return
		}
		if again, err := decodeTreeFiles(encodeTreeFiles(tf, "k"), "k"); err != nil || !reflect.DeepEqual(again, tf) {
			t.Fatalf("re-encoding a decoded index changes it: %v", err)
		}
	})
}

func timeAt(sec int64) time.Time { return time.Unix(sec, 0) }
