package hook

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/envfence/envfence/internal/finding"
)

func TestKnownFindings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "envfence", "findings.json")
	tree := plumbing.NewHash("1111111111111111111111111111111111111111")
	found := []finding.Finding{{Fingerprint: "00000000000000aa"}, {Fingerprint: "00000000000000bb"}, {Fingerprint: "00000000000000aa"}}

	k := loadKnownFindings(path, "key-1")
	if _, ok := k.lookup(tree); ok {
		t.Fatal("an empty cache knows a tree")
	}
	if err := k.save(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a cache with nothing remembered was written: %v", err)
	}
	k.remember(tree, found)
	k.remember(plumbing.ZeroHash, found) // the empty tree of no commit is never remembered
	if err := k.save(); err != nil {
		t.Fatal(err)
	}
	got, ok := loadKnownFindings(path, "key-1").lookup(tree)
	if !ok || len(got) != 2 || !got["00000000000000aa"] || !got["00000000000000bb"] {
		t.Fatalf("reloaded: %v, %v", got, ok)
	}
	if _, ok := loadKnownFindings(path, "key-2").lookup(tree); ok {
		t.Error("findings made under another configuration or binary were used")
	}
	if _, ok := loadKnownFindings(path, "key-1").lookup(plumbing.ZeroHash); ok {
		t.Error("the zero tree is known")
	}
	// A damaged file (one byte changed) is not trusted at all.
	data, _ := os.ReadFile(path)
	data[len(data)/2] ^= 1
	os.WriteFile(path, data, 0o600)
	if _, ok := loadKnownFindings(path, "key-1").lookup(tree); ok {
		t.Error("a damaged cache was used")
	}

	// The newest trees are kept, the oldest dropped.
	for i := range maxKnownTrees + 3 {
		k.remember(plumbing.NewHash(strconv.Itoa(1000+i)), nil)
	}
	if _, ok := k.lookup(tree); ok || len(k.file.Trees) != maxKnownTrees {
		t.Errorf("kept %d trees, the first still known: %v", len(k.file.Trees), ok)
	}

	// A damaged file is an empty cache, and a nil cache knows nothing.
	os.WriteFile(path, []byte("{not json"), 0o600)
	if _, ok := loadKnownFindings(path, "key-1").lookup(tree); ok {
		t.Error("a damaged file was read")
	}
	var none *knownFindings
	none.remember(tree, found)
	if _, ok := none.lookup(tree); ok {
		t.Error("a nil cache knows a tree")
	}
}
