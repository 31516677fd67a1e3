package gitsource

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/envfence/envfence/internal/source"
)

// deltaRepo makes a repository whose big directory changes one file per
// commit, packed so that its trees are long delta chains of each other.
func deltaRepo(t *testing.T) string {
	dir := newWorkRepo(t)
	for i := range 400 {
		writeFile(t, dir, fmt.Sprintf("big/file%03d.go", i), "package big\n")
	}
	commitAll(t, dir, "initial")
	for c := range 60 {
		writeFile(t, dir, fmt.Sprintf("big/file%03d.go", c*7%400), fmt.Sprintf("package big // %d\n", c))
		commitAll(t, dir, fmt.Sprint(c))
	}
	git(t, dir, "repack", "-adfq", "--depth=50", "--window=100")
	return dir
}

// TestPackReaderReadsWhatGitReads reads every tree of a delta-packed
// repository and checks that the content hashes to its id.
func TestPackReaderReadsWhatGitReads(t *testing.T) {
	dir := deltaRepo(t)
	p := newPackReader([]string{filepath.Join(dir, ".git", "objects")})
	defer p.close()
	var trees, deltas int
	for _, line := range lines(git(t, dir, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectname) %(deltabase)")) {
		f := strings.Fields(line)
		if f[0] != "tree" {
			continue
		}
		trees++
		if f[2] != strings.Repeat("0", 40) {
			deltas++
		}
		got, ok := p.read(plumbing.NewHash(f[1]), plumbing.TreeObject)
		if !ok {
			t.Fatalf("tree %s not read from its pack", f[1])
		}
		if plumbing.ComputeHash(plumbing.TreeObject, got).String() != f[1] {
			t.Fatalf("tree %s: the content read does not hash to its id", f[1])
		}
	}
	if trees < 60 || deltas < 30 {
		t.Fatalf("the repository has %d trees, %d of them deltas: not the case under test", trees, deltas)
	}
	// A blob is not a tree: go-git reports what it is.
	blob := git(t, dir, "rev-parse", "HEAD:big/file000.go")
	if _, ok := p.read(plumbing.NewHash(blob), plumbing.TreeObject); ok {
		t.Fatal("a blob was read as a tree")
	}
}

// TestPackReaderLeavesTheRestToGoGit: loose objects and damaged packs are
// not this reader's to answer, and the store still reads them.
func TestPackReaderLeavesTheRestToGoGit(t *testing.T) {
	dir := deltaRepo(t)
	writeFile(t, dir, "big/new.go", "package big\n")
	loose := commitAll(t, dir, "loose")
	objects := filepath.Join(dir, ".git", "objects")
	p := newPackReader([]string{objects})
	tree := git(t, dir, "rev-parse", loose+"^{tree}")
	if _, ok := p.read(plumbing.NewHash(tree), plumbing.TreeObject); ok {
		t.Fatal("a loose tree was read from a pack")
	}
	p.close()
	r := openRepo(t, dir)
	if _, err := r.objects.tree(plumbing.NewHash(tree)); err != nil {
		t.Fatalf("the store cannot read a loose tree: %v", err)
	}

	// Damage every pack byte after the header: reads fail, never panic,
	// and never return a tree git does not have.
	var ids []string
	for _, rev := range []string{"HEAD~1", "HEAD~5", "HEAD~30"} {
		ids = append(ids, git(t, dir, "rev-parse", rev+"^{tree}"))
	}
	packs, _ := filepath.Glob(filepath.Join(objects, "pack", "*.pack"))
	for _, pack := range packs {
		data, err := os.ReadFile(pack)
		if err != nil {
			t.Fatal(err)
		}
		for i := 12; i < len(data)-20; i += 7 {
			data[i] ^= 0xff
		}
		if err := os.WriteFile(pack, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	damaged := newPackReader([]string{objects})
	defer damaged.close()
	for _, h := range ids {
		if got, ok := damaged.read(plumbing.NewHash(h), plumbing.TreeObject); ok && plumbing.ComputeHash(plumbing.TreeObject, got).String() != h {
			t.Fatalf("a damaged pack gave a wrong tree for %s", h)
		}
	}
}

// TestPackReaderConcurrently reads every tree from several goroutines at
// once, as the hook's commit checks do (run it with -race).
func TestPackReaderConcurrently(t *testing.T) {
	dir := deltaRepo(t)
	var ids []plumbing.Hash
	for _, line := range lines(git(t, dir, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectname)")) {
		if f := strings.Fields(line); f[0] == "tree" {
			ids = append(ids, plumbing.NewHash(f[1]))
		}
	}
	p := newPackReader([]string{filepath.Join(dir, ".git", "objects")})
	defer p.close()
	var wg sync.WaitGroup
	errs := make(chan string, 4*len(ids))
	for g := range 4 {
		wg.Go(func() {
			for i := range ids {
				h := ids[(i+g*len(ids)/4)%len(ids)]
				if got, ok := p.read(h, plumbing.TreeObject); !ok || plumbing.ComputeHash(plumbing.TreeObject, got) != h {
					errs <- h.String()
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for h := range errs {
		t.Errorf("tree %s not read right concurrently", h)
	}
}

// TestPackReaderTypesCommitsAndTags: every object's type comes from its
// pack headers as git says it, and commits and tags read whole hash to
// their ids; blobs are left to go-git.
func TestPackReaderTypesCommitsAndTags(t *testing.T) {
	dir := deltaRepo(t)
	git(t, dir, "tag", "-a", "-m", "release", "v1")
	git(t, dir, "repack", "-adq")
	p := newPackReader([]string{filepath.Join(dir, ".git", "objects")})
	defer p.close()
	kinds := map[string]plumbing.ObjectType{"commit": plumbing.CommitObject, "tree": plumbing.TreeObject, "blob": plumbing.BlobObject, "tag": plumbing.TagObject}
	seen := map[string]int{}
	for _, line := range lines(git(t, dir, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectname)")) {
		f := strings.Fields(line)
		h, want := plumbing.NewHash(f[1]), kinds[f[0]]
		seen[f[0]]++
		if got, ok := p.typeOf(h); !ok || got != want {
			t.Fatalf("%s: type %v, %v; git says %s", f[1], got, ok, f[0])
		}
		data, ok := p.read(h, want)
		if want == plumbing.BlobObject {
			if ok {
				t.Fatal("a blob was read into the cache")
			}
			continue
		}
		if !ok || plumbing.ComputeHash(want, data) != h {
			t.Fatalf("%s %s: not read right from its pack", f[0], f[1])
		}
	}
	if seen["tag"] != 1 || seen["commit"] < 60 || seen["blob"] < 60 {
		t.Fatalf("not the repository under test: %v", seen)
	}
	r := openRepo(t, dir)
	if c, err := r.Resolve("v1"); err != nil || c.Hash.String() != git(t, dir, "rev-parse", "HEAD") {
		t.Fatalf("an annotated tag read from its pack does not peel to its commit: %v", err)
	}
}

// TestPackReaderBlobs reads every blob of a repository whose blobs are
// deltas of each other, and checks the size limit on whole blobs and on
// deltas.
func TestPackReaderBlobs(t *testing.T) {
	dir := newWorkRepo(t)
	big := strings.Repeat("KEY=value\n", 2000)
	for c := range 20 {
		writeFile(t, dir, "config/.env.production", big+fmt.Sprintf("VERSION=%d\n", c))
		commitAll(t, dir, fmt.Sprint(c))
	}
	git(t, dir, "repack", "-adfq", "--depth=50", "--window=50")
	p := newPackReader([]string{filepath.Join(dir, ".git", "objects")})
	defer p.close()
	deltas := 0
	for _, line := range lines(git(t, dir, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectname) %(objectsize) %(deltabase)")) {
		f := strings.Fields(line)
		if f[0] != "blob" {
			continue
		}
		if f[3] != strings.Repeat("0", 40) {
			deltas++
		}
		h := plumbing.NewHash(f[1])
		data, handled, err := p.blob(h, source.MaxFileSize)
		if !handled || err != nil || plumbing.ComputeHash(plumbing.BlobObject, data) != h {
			t.Fatalf("blob %s not read right: %v %v", f[1], handled, err)
		}
		if _, handled, err := p.blob(h, int64(len(data)-1)); !handled || !errors.Is(err, source.ErrTooLarge) {
			t.Fatalf("blob %s over the limit: %v %v", f[1], handled, err)
		}
	}
	if deltas < 10 {
		t.Fatalf("only %d blob deltas: not the case under test", deltas)
	}
	if _, handled, _ := p.blob(plumbing.NewHash(git(t, dir, "rev-parse", "HEAD")), source.MaxFileSize); handled {
		t.Fatal("a commit was read as a blob")
	}
}
