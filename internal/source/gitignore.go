package source

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/envfence/envfence/internal/safefile"
)

// GitIgnore makes a working-tree scan read what git would commit: tracked
// files, and untracked files that no .gitignore, .git/info/exclude or
// global excludes file ignores (SPEC §1). A developer's .env.local that
// .gitignore lists is not in the repository and is not reported as if it
// were.
type GitIgnore struct {
	// Prefix is the scanned root's path inside the work tree ("" at its top).
	Prefix string
	// Tracked holds the index's paths, and TrackedDirs every directory
	// above one: a tracked file is read even where a pattern ignores it.
	Tracked, TrackedDirs map[string]bool
	// Base holds the patterns that apply before the scanned root's own
	// .gitignore files: global, info/exclude, and the .gitignore files of
	// the directories above the root.
	Base []gitignore.Pattern

	byDir   map[string][]gitignore.Pattern // .gitignore patterns read during the walk, by work-tree directory
	ignored int
}

// enter reads the .gitignore of a directory the walk enters (rel to the
// scanned root, "" for the root itself).
func (g *GitIgnore) enter(abs, rel string) {
	dir := g.treePath(rel)
	ps := ReadIgnoreFile(filepath.Join(abs, ".gitignore"), splitPath(dir))
	if len(ps) > 0 {
		if g.byDir == nil {
			g.byDir = map[string][]gitignore.Pattern{}
		}
		g.byDir[dir] = ps
	}
}

// skip reports a path (rel to the scanned root) that git ignores and does
// not track, and counts it.
func (g *GitIgnore) skip(rel string, isDir bool) bool {
	p := g.treePath(rel)
	if g.Tracked[p] || isDir && g.TrackedDirs[p] {
		return false
	}
	ps := append([]gitignore.Pattern(nil), g.Base...)
	parts := splitPath(p)
	for i := 0; i < len(parts); i++ {
		ps = append(ps, g.byDir[strings.Join(parts[:i], "/")]...)
	}
	if gitignore.NewMatcher(ps).Match(parts, isDir) {
		g.ignored++
		return true
	}
	return false
}

func (g *GitIgnore) treePath(rel string) string {
	if rel == "" || rel == "." {
		return g.Prefix
	}
	return path.Join(g.Prefix, rel)
}

func splitPath(p string) []string {
	if p == "" || p == "." {
		return nil
	}
	return strings.Split(p, "/")
}

// maxIgnoreFile bounds an ignore file read.
const maxIgnoreFile = 1 << 20

// ReadIgnoreFile reads the patterns of one ignore file whose patterns apply
// below domain (a work-tree directory, split); a missing file has none.
func ReadIgnoreFile(file string, domain []string) []gitignore.Pattern {
	// An ignore file comes from the tree: a FIFO or a link there must not
	// block or redirect the walk.
	data, err := safefile.Read(file, maxIgnoreFile, false)
	if err != nil {
		return nil
	}
	var ps []gitignore.Pattern
	for l := range strings.Lines(string(data)) {
		l = strings.TrimRight(l, "\r\n")
		if strings.TrimSpace(l) != "" && !strings.HasPrefix(l, "#") {
			ps = append(ps, gitignore.ParsePattern(l, domain))
		}
	}
	return ps
}
