package gitsource

import (
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/envfence/envfence/internal/source"
)

// Commit is a commit as the walks need it. The zero Commit stands for "no
// commit": its tree is empty.
type Commit struct {
	Hash    plumbing.Hash
	Tree    plumbing.Hash
	Parents []plumbing.Hash
	// Time is the committer time.
	Time time.Time
}

// IsZero reports whether c is the zero Commit.
func (c Commit) IsZero() bool { return c.Hash.IsZero() }

// ErrNoDefaultBranch means that HEAD names no existing branch and neither
// main nor master exists, as in an empty repository.
var ErrNoDefaultBranch = errors.New("no default branch")

// ErrUnknownRevision means that a revision names nothing in the repository.
var ErrUnknownRevision = errors.New("unknown revision")

// maxPeel bounds chains of tags pointing at tags.
const maxPeel = 16

// commit loads a commit.
func (r *Repo) commit(h plumbing.Hash) (Commit, error) {
	c, err := r.objects.commit(h)
	if err != nil {
		return Commit{}, err
	}
	return Commit{Hash: c.Hash, Tree: c.TreeHash, Parents: c.ParentHashes, Time: c.Committer.When}, nil
}

// peel follows annotated tags from h. isCommit is false when the chain ends
// at a tree or a blob.
func (r *Repo) peel(h plumbing.Hash) (commit plumbing.Hash, isCommit bool, err error) {
	target, typ, err := r.peelAny(h)
	if err != nil || typ != plumbing.CommitObject {
		return plumbing.ZeroHash, false, err
	}
	return target, true, nil
}

// peelAny follows annotated tags from h to the object they end at.
func (r *Repo) peelAny(h plumbing.Hash) (plumbing.Hash, plumbing.ObjectType, error) {
	for range maxPeel {
		t, err := r.objects.objectType(h)
		if err != nil {
			return plumbing.ZeroHash, t, err
		}
		if t != plumbing.TagObject {
			return h, t, nil
		}
		tag, err := r.objects.tag(h)
		if err != nil {
			return plumbing.ZeroHash, t, err
		}
		h = tag.Target
	}
	return plumbing.ZeroHash, plumbing.InvalidObject, fmt.Errorf("object %s: tags nested more than %d deep", h, maxPeel)
}

// ResolveTip resolves the new or old id of a pushed ref to what can be
// checked: a commit, or a tree (a tag may point at one), given as a Commit
// with that Tree, no parents and the tree's id for Hash. It reports false
// for a blob, which has no path to be judged by.
func (r *Repo) ResolveTip(id string) (Commit, bool, error) {
	h, err := parseID(id)
	if err != nil {
		return Commit{}, false, err
	}
	target, typ, err := r.peelAny(h)
	if err != nil {
		return Commit{}, false, err
	}
	switch typ {
	case plumbing.CommitObject:
		c, err := r.commit(target)
		return c, err == nil, err
	case plumbing.TreeObject:
		return Commit{Hash: target, Tree: target}, true, nil
	}
	return Commit{}, false, nil
}

// Resolve finds the commit a revision names: a full or unambiguous short
// hash, HEAD, a branch, a tag (annotated tags are peeled) or any other ref,
// looked up as git does (refs/, refs/tags/, refs/heads/, refs/remotes/),
// optionally followed by ~N and ^N steps. Errors do not repeat rev: the
// caller knows it.
func (r *Repo) Resolve(rev string) (Commit, error) {
	base, steps := splitRevision(rev)
	h, err := r.resolveBase(base)
	if err != nil {
		return Commit{}, err
	}
	c, err := r.commit(h)
	for _, s := range steps {
		if err != nil {
			break
		}
		c, err = r.step(c, s)
	}
	return c, err
}

// splitRevision separates "main~2^2" into "main" and its steps "~2", "^2".
func splitRevision(rev string) (base string, steps []string) {
	i := strings.IndexAny(rev, "~^")
	if i <= 0 {
		return rev, nil
	}
	base, rest := rev[:i], rev[i:]
	for rest != "" {
		j := strings.IndexAny(rest[1:], "~^")
		if j < 0 {
			steps = append(steps, rest)
			break
		}
		steps = append(steps, rest[:j+1])
		rest = rest[j+1:]
	}
	return base, steps
}

// step applies one "~N", "^N" or "^{}" step.
func (r *Repo) step(c Commit, s string) (Commit, error) {
	if s == "^{}" || s == "^{commit}" {
		return c, nil
	}
	n := 1
	if len(s) > 1 {
		var err error
		if n, err = strconv.Atoi(s[1:]); err != nil || n < 0 {
			return Commit{}, fmt.Errorf("bad revision step %q", s)
		}
	}
	if s[0] == '^' {
		if n == 0 {
			return c, nil
		}
		if n > len(c.Parents) {
			return Commit{}, fmt.Errorf("commit %s has no parent %d: %w", c.Hash, n, ErrUnknownRevision)
		}
		return r.commit(c.Parents[n-1])
	}
	for range n {
		if len(c.Parents) == 0 {
			return Commit{}, fmt.Errorf("commit %s has no parent: %w", c.Hash, ErrUnknownRevision)
		}
		var err error
		if c, err = r.commit(c.Parents[0]); err != nil {
			return Commit{}, err
		}
	}
	return c, nil
}

// resolveBase finds the commit named by a revision without steps.
func (r *Repo) resolveBase(base string) (plumbing.Hash, error) {
	if base == "" {
		return plumbing.ZeroHash, ErrUnknownRevision
	}
	if isHex(base) && len(base) == 40 {
		return r.peelCommit(plumbing.NewHash(base))
	}
	if base == "@" {
		base = "HEAD"
	}
	for _, name := range refCandidates(base) {
		ref, err := storer.ResolveReference(r.refs, plumbing.ReferenceName(name))
		if err == nil {
			return r.peelCommit(ref.Hash())
		}
		if !errors.Is(err, plumbing.ErrReferenceNotFound) {
			return plumbing.ZeroHash, err
		}
	}
	if isHex(base) && len(base) >= 4 && len(base) < 40 {
		return r.resolveShortHash(base)
	}
	return plumbing.ZeroHash, ErrUnknownRevision
}

// refCandidates lists where git looks for a short ref name, in order.
func refCandidates(name string) []string {
	if name == "HEAD" {
		return []string{name}
	}
	out := []string{"refs/" + name, "refs/tags/" + name, "refs/heads/" + name, "refs/remotes/" + name, "refs/remotes/" + name + "/HEAD"}
	// The name itself only when git would look it up as is: a full ref or
	// a pseudo-ref (ORIG_HEAD); go-git refuses other names outside refs/.
	if strings.HasPrefix(name, "refs/") || name == strings.ToUpper(name) && strings.HasSuffix(name, "HEAD") {
		out = append([]string{name}, out...)
	}
	return out
}

// peelCommit peels h and insists on a commit.
func (r *Repo) peelCommit(h plumbing.Hash) (plumbing.Hash, error) {
	c, ok, err := r.peel(h)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if !ok {
		return plumbing.ZeroHash, fmt.Errorf("object %s: %w: does not name a commit", h, ErrWrongType)
	}
	return c, nil
}

// resolveShortHash finds the one commit (or tag of a commit) whose hash
// starts with prefix.
func (r *Repo) resolveShortHash(prefix string) (plumbing.Hash, error) {
	even, _ := hex.DecodeString(prefix[:len(prefix)&^1])
	hashes, err := r.objects.hashesWithPrefix(even)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	found := map[plumbing.Hash]bool{}
	for _, h := range hashes {
		if !strings.HasPrefix(h.String(), strings.ToLower(prefix)) {
			continue
		}
		if c, ok, err := r.peel(h); err == nil && ok {
			found[c] = true
		}
	}
	switch len(found) {
	case 0:
		return plumbing.ZeroHash, ErrUnknownRevision
	case 1:
		for c := range found {
			return c, nil
		}
	}
	return plumbing.ZeroHash, fmt.Errorf("short hash is ambiguous: %d commits match", len(found))
}

func isHex(s string) bool {
	for i := range len(s) {
		if !strings.ContainsRune("0123456789abcdefABCDEF", rune(s[i])) {
			return false
		}
	}
	return s != ""
}

// DefaultBranch returns the full name of the branch HEAD points to, or,
// when that branch does not exist (a bare repository whose HEAD still names
// master after pushes to main) or HEAD is detached, refs/heads/main or
// refs/heads/master, whichever exists first.
func (r *Repo) DefaultBranch() (string, error) {
	head, err := r.refs.Reference(plumbing.HEAD)
	if err == nil && head.Type() == plumbing.SymbolicReference {
		if _, err := storer.ResolveReference(r.refs, head.Target()); err == nil {
			return head.Target().String(), nil
		}
	}
	for _, name := range []plumbing.ReferenceName{"refs/heads/main", "refs/heads/master"} {
		if _, err := storer.ResolveReference(r.refs, name); err == nil {
			return name.String(), nil
		}
	}
	return "", ErrNoDefaultBranch
}

// ReadFile reads the file at the slash-separated path in c's tree. found is
// false when there is no such path. A path that names a directory, a link
// or a submodule, or a file larger than source.MaxFileSize, is an error.
func (r *Repo) ReadFile(c Commit, p string) (data []byte, found bool, err error) {
	e, found, err := r.lookupPath(c, p)
	if err != nil || !found {
		return nil, false, err
	}
	if !isRegular(e.Mode) {
		return nil, false, fmt.Errorf("%s: not a regular file", p)
	}
	size, err := r.objects.blobSize(e.Hash)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", p, err)
	}
	if size > source.MaxFileSize {
		return nil, false, fmt.Errorf("%s: larger than %d MiB", p, source.MaxFileSize>>20)
	}
	data, err = r.objects.blob(e.Hash, source.MaxFileSize)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", p, err)
	}
	return data, true, nil
}

// lookupPath finds the tree entry at p in c's tree.
func (r *Repo) lookupPath(c Commit, p string) (object.TreeEntry, bool, error) {
	treeHash, err := r.rootTree(c)
	if err != nil || treeHash.IsZero() {
		return object.TreeEntry{}, false, err
	}
	parts := strings.Split(path.Clean(strings.Trim(p, "/")), "/")
	for i, name := range parts {
		t, err := r.objects.tree(treeHash)
		if err != nil {
			return object.TreeEntry{}, false, err
		}
		e, ok := findEntry(t, name)
		if !ok {
			return object.TreeEntry{}, false, nil
		}
		if i == len(parts)-1 {
			return e, true, nil
		}
		if e.Mode != filemode.Dir {
			return object.TreeEntry{}, false, nil
		}
		treeHash = e.Hash
	}
	return object.TreeEntry{}, false, nil
}

func findEntry(t *object.Tree, name string) (object.TreeEntry, bool) {
	for _, e := range t.Entries {
		if e.Name == name {
			return e, true
		}
	}
	return object.TreeEntry{}, false
}

// rootTree returns c's tree hash, loading the commit when the caller built
// c from a hash alone. The zero Commit has the zero (empty) tree.
func (r *Repo) rootTree(c Commit) (plumbing.Hash, error) {
	if !c.Tree.IsZero() || c.Hash.IsZero() {
		return c.Tree, nil
	}
	full, err := r.commit(c.Hash)
	return full.Tree, err
}

// isRegular reports whether a tree entry mode is a regular file.
func isRegular(m filemode.FileMode) bool {
	return m == filemode.Regular || m == filemode.Executable || m == filemode.Deprecated
}
