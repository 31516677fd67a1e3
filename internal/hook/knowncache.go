package hook

import (
	"encoding/json"
	"maps"
	"path/filepath"
	"slices"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/envfence/envfence/internal/cachefile"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/gitsource"
)

// knownFindings remembers the identities of the findings at the trees the
// hook checked in full. The tip of one push is the base of the next: with
// its findings known, the next push need not scan the tree before it again.
// The file holds finding identities (Finding.Identity: a fingerprint and a
// hash of it with the value's digest) and tree ids, never a value; it lives
// in the server's $GIT_DIR, beside the objects that hold the values. Everything is keyed by the configuration and the
// envfence binary that found them (Checker.CacheKey): another key empties
// the cache.
type knownFindings struct {
	path  string
	mu    sync.Mutex
	file  knownFile
	dirty bool // something was remembered since loading
}

type knownFile struct {
	Key   string      `json:"key"`
	Trees []knownTree `json:"trees"` // newest first
}

type knownTree struct {
	Tree       string   `json:"tree"`
	Identities []string `json:"identities"`
}

// knownFindingsMagic starts the file; a checksum ends it (cachefile.Seal),
// as every cache file of the hook: a damaged file is never half-trusted.
const knownFindingsMagic = "envfence known findings v2\n"

// Bounds of the known-findings file: the trees of the last pushes, and the
// file size read.
const (
	maxKnownTrees = 16
	maxKnownFile  = 16 << 20
)

func knownFindingsPath(repo *gitsource.Repo) string {
	return filepath.Join(repo.CacheDir(), "findings.json")
}

// loadKnownFindings reads the file at path; a missing, damaged or foreign
// file, or one written under another key, starts an empty cache.
func loadKnownFindings(path, key string) *knownFindings {
	k := &knownFindings{path: path, file: knownFile{Key: key}}
	data, err := cachefile.Read(path, maxKnownFile)
	if err != nil || data == nil {
		return k
	}
	body, err := cachefile.Open(data, knownFindingsMagic)
	if err != nil {
		return k // damaged, torn or from another version: start over
	}
	var f knownFile
	if json.Unmarshal(body, &f) == nil && f.Key == key {
		k.file.Trees = f.Trees
	}
	return k
}

// lookup returns the identities of the findings at tree. A nil cache
// knows nothing.
func (k *knownFindings) lookup(tree plumbing.Hash) (map[string]bool, bool) {
	if k == nil || tree.IsZero() {
		return nil, false
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, t := range k.file.Trees {
		if t.Tree == tree.String() {
			set := make(map[string]bool, len(t.Identities))
			for _, fp := range t.Identities {
				set[fp] = true
			}
			return set, true
		}
	}
	return nil, false
}

// remember records the findings of every rule at tree.
func (k *knownFindings) remember(tree plumbing.Hash, findings []finding.Finding) {
	k.rememberSet(tree, identities(findings))
}

// rememberSet records the identities of the findings at tree. A nil
// cache forgets.
func (k *knownFindings) rememberSet(tree plumbing.Hash, set map[string]bool) {
	if k == nil || tree.IsZero() {
		return
	}
	fps := slices.Sorted(maps.Keys(set))
	k.mu.Lock()
	defer k.mu.Unlock()
	trees := slices.DeleteFunc(k.file.Trees, func(t knownTree) bool { return t.Tree == tree.String() })
	trees = append([]knownTree{{Tree: tree.String(), Identities: fps}}, trees...)
	k.file.Trees = trees[:min(len(trees), maxKnownTrees)]
	k.dirty = true
}

// save writes the cache back when something was remembered. A nil cache
// writes nothing.
func (k *knownFindings) save() error {
	if k == nil {
		return nil
	}
	k.mu.Lock()
	if !k.dirty {
		k.mu.Unlock()
		return nil
	}
	data, err := json.Marshal(k.file)
	k.mu.Unlock()
	if err != nil {
		return err
	}
	return cachefile.Write(k.path, cachefile.Seal(append([]byte(knownFindingsMagic), data...)))
}
