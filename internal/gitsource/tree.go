package gitsource

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/envfence/envfence/internal/source"
)

// differ compares two trees, descending only into subtrees whose hashes
// differ. go-git's TreeWalker turns a missing subtree into io.EOF, ending a
// walk early without an error; every lookup here returns its error instead.
type differ struct {
	ctx     context.Context
	store   *layeredStore
	skipDir func(path string) bool // nil: enter every directory
}

// entryFunc receives each non-directory entry that the new tree has and the
// old tree has not, or has with another hash or mode.
type entryFunc func(path string, e object.TreeEntry) error

// diff calls emit for every added, modified or type-changed entry between
// the trees from and to (the zero hash is the empty tree), in path order.
func (d differ) diff(from, to plumbing.Hash, prefix string, emit entryFunc) error {
	if from == to || to.IsZero() {
		return nil
	}
	if err := d.ctx.Err(); err != nil {
		return err
	}
	if oldRaw, curRaw, ok := d.rawTrees(from, to); ok {
		// A damaged or unordered raw tree is left to the decoded diff,
		// which reports it (or copes with it) as before. Errors from emit
		// or deeper trees end the diff as they are.
		err := d.diffRaw(oldRaw, curRaw, prefix, emit)
		if !errors.Is(err, errUnordered) && !errors.Is(err, errMalformedTree) {
			return err
		}
	}
	newTree, err := d.store.tree(to)
	if err != nil {
		return withPath(prefix, err)
	}
	old, err := d.oldEntries(from, prefix)
	if err != nil {
		return err
	}
	for _, e := range newTree.Entries {
		prev, had := old.find(e)
		if err := d.visit(e, prev, had, prefix, emit); err != nil {
			return err
		}
	}
	return nil
}

// oldEntries returns a lookup over tree h's entries; the zero hash is empty.
func (d differ) oldEntries(h plumbing.Hash, prefix string) (*entryLookup, error) {
	if h.IsZero() {
		return &entryLookup{}, nil
	}
	t, err := d.store.tree(h)
	if err != nil {
		return nil, withPath(prefix, err)
	}
	return newEntryLookup(t.Entries), nil
}

// entryLookup finds the entries of a tree by name and type, for entries
// asked in git's tree order: a merge of two sorted lists, with no map for
// the thousands of entries of a large directory. A tree out of order (git
// never writes one) is looked up through a map instead.
type entryLookup struct {
	entries []object.TreeEntry
	next    int
	byName  map[string]object.TreeEntry
}

func newEntryLookup(entries []object.TreeEntry) *entryLookup {
	l := &entryLookup{entries: entries}
	for i := 1; i < len(entries); i++ {
		if compareEntries(entries[i-1], entries[i]) >= 0 {
			l.byName = make(map[string]object.TreeEntry, len(entries))
			for _, e := range entries {
				l.byName[e.Name] = e
			}
			break
		}
	}
	return l
}

// find returns the entry of the same name and kind (directory or not) as e.
// Calls must come in git's tree order unless the lookup uses a map.
func (l *entryLookup) find(e object.TreeEntry) (object.TreeEntry, bool) {
	if l.byName != nil {
		prev, ok := l.byName[e.Name]
		return prev, ok
	}
	for l.next < len(l.entries) {
		c := compareEntries(l.entries[l.next], e)
		if c > 0 {
			break
		}
		l.next++
		if c == 0 {
			return l.entries[l.next-1], true
		}
	}
	return object.TreeEntry{}, false
}

// compareEntries orders entries as git sorts a tree: by name, a directory's
// name followed by "/". A file and a directory of the same name differ.
func compareEntries(a, b object.TreeEntry) int {
	n := min(len(a.Name), len(b.Name))
	if c := strings.Compare(a.Name[:n], b.Name[:n]); c != 0 {
		return c
	}
	return int(sortByte(a, n)) - int(sortByte(b, n))
}

// sortByte is the byte git compares at position n of an entry's name.
func sortByte(e object.TreeEntry, n int) byte {
	switch {
	case n < len(e.Name):
		return e.Name[n]
	case e.Mode == filemode.Dir:
		return '/'
	default:
		return 0
	}
}

func joinPath(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "/" + name
}

// withPath names the directory whose tree could not be read.
func withPath(dir string, err error) error {
	if dir == "" {
		dir = "/"
	}
	return fmt.Errorf("tree of %s: %w", dir, err)
}

// Tree returns the files of c's tree as a source. Paths are slash-separated
// from the repository root and each file's Kind comes from its path before
// any blob is read. Its ID is the blob hash, so the engine parses a blob once
// per run however many commits or paths share it. Size is -1: Read checks
// the object header first and returns source.ErrTooLarge, without reading
// the content, for a blob over source.MaxFileSize (looking the size up while
// walking would cost a second object lookup for every file). Excluded paths
// (doublestar globs, plus source.DefaultExcludes for directories) are
// skipped; links and submodules are skipped with a note. An object that
// cannot be found ends the walk with an error wrapping ErrMissingObject.
func (r *Repo) Tree(c Commit, exclude []string) source.Source {
	return &treeSource{repo: r, to: c, exclude: exclude}
}

// ChangedSource is like Tree but lists only the paths Changed reports.
func (r *Repo) ChangedSource(from, to Commit, exclude []string) source.Source {
	return &treeSource{repo: r, from: from, to: to, exclude: exclude}
}

// Changed lists the paths that to adds or modifies compared with from (the
// zero Commit: everything is added), in path order. Type changes count as
// modifications: a link replaced by a regular file has new content to scan.
// Deleted paths are left out.
func (r *Repo) Changed(from, to Commit) ([]string, error) {
	fromTree, toTree, err := r.rootTrees(from, to)
	if err != nil {
		return nil, err
	}
	var paths []string
	d := differ{ctx: context.Background(), store: r.objects}
	err = d.diff(fromTree, toTree, "", func(p string, _ object.TreeEntry) error {
		paths = append(paths, p)
		return nil
	})
	return paths, err
}

func (r *Repo) rootTrees(from, to Commit) (plumbing.Hash, plumbing.Hash, error) {
	fromTree, err := r.rootTree(from)
	if err != nil {
		return plumbing.ZeroHash, plumbing.ZeroHash, err
	}
	toTree, err := r.rootTree(to)
	return fromTree, toTree, err
}

// treeSource lists the files of to, or only those that differ from from.
type treeSource struct {
	repo     *Repo
	from, to Commit
	exclude  []string
}

// Walk implements source.Source.
func (s *treeSource) Walk(ctx context.Context, visit func(source.File) error, note func(source.Note)) error {
	if s.from.IsZero() {
		_ = s.repo.LoadTreeCache() // a whole tree: worth the cache; a damaged one only costs time
	}
	fromTree, toTree, err := s.repo.rootTrees(s.from, s.to)
	if err != nil {
		return err
	}
	dirGlobs := slices.Concat(source.DefaultExcludes, s.exclude)
	d := differ{ctx: ctx, store: s.repo.objects, skipDir: func(p string) bool { return source.Excluded(p, dirGlobs) }}
	files := fileEmitter{store: s.repo.objects, exclude: s.exclude, visit: visit, note: note,
		follow: func(p string, h plumbing.Hash) (plumbing.Hash, string, string) { return s.repo.followLink(s.to, p, h) }}
	return d.diff(fromTree, toTree, "", files.emit)
}

// fileEmitter turns tree or index entries into source files.
type fileEmitter struct {
	store   *layeredStore
	exclude []string
	visit   func(source.File) error
	note    func(source.Note)
	// follow resolves a link to the blob it ends at, or says why not
	// (Repo.followLink); nil where links are not followed.
	follow func(p string, h plumbing.Hash) (blob plumbing.Hash, target, reason string)
}

// emit decides from the path and mode alone whether to offer the entry.
func (f fileEmitter) emit(p string, e object.TreeEntry) error {
	if source.Excluded(p, f.exclude) {
		return nil
	}
	switch {
	case e.Mode == filemode.Symlink:
		return f.link(p, e.Hash)
	case e.Mode == filemode.Submodule:
		f.note(source.Note{Path: p, Message: "skipped: submodule not followed"})
		return nil
	case !isRegular(e.Mode):
		return nil
	}
	kind := source.KindOf(p)
	if kind == source.Unknown {
		return nil
	}
	return f.visit(blobFile(f.store, p, kind, e.Hash))
}

// link offers the file a link with a configuration name ends at, under
// the link's own path. Links with other names are left alone: what they
// point at is read at its own path.
func (f fileEmitter) link(p string, h plumbing.Hash) error {
	kind := source.KindOf(p)
	if kind == source.Unknown {
		return nil
	}
	if f.follow == nil {
		f.note(source.Note{Path: p, Message: "skipped: symbolic link not followed"})
		return nil
	}
	blob, target, reason := f.follow(p, h)
	if reason != "" {
		f.note(source.Note{Path: p, Message: "skipped: " + reason})
		return nil
	}
	file := blobFile(f.store, p, kind, blob)
	file.LinkTarget = target
	return f.visit(file)
}

// blobFile is the file at p whose content is blob h. The size is checked
// when the blob is read (its header comes first): looking it up before
// would cost a second object lookup per file.
func blobFile(store *layeredStore, p string, kind source.Kind, h plumbing.Hash) source.File {
	return source.File{
		Path: p, Kind: kind, Size: -1, ID: h.String(),
		Read: func() ([]byte, error) { return store.blob(h, source.MaxFileSize) },
	}
}

// BlobFile returns the file at path whose content is the blob id, as a
// walk of a tree holding it would: the hook reads a file it knows from an
// earlier push without walking the tree again.
func (r *Repo) BlobFile(path string, kind source.Kind, id string) (source.File, error) {
	h, err := parseID(id)
	if err != nil {
		return source.File{}, fmt.Errorf("%s: %w", path, err)
	}
	return blobFile(r.objects, path, kind, h), nil
}
