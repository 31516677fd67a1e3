package source

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/envfence/envfence/internal/safefile"
)

// DefaultExcludes are directories that hold other people's code or build
// output. They are skipped with one note each.
var DefaultExcludes = []string{"**/node_modules", "**/vendor", "**/.terraform", "**/bower_components", "**/.venv", "**/__pycache__"}

// Dir is a working tree on disk.
type Dir struct {
	// Root is the directory to scan.
	Root string
	// Exclude holds doublestar globs, matched against slash-separated paths
	// relative to Root. A directory that matches is not entered.
	Exclude []string
	// GitIgnore, when set, leaves out what git ignores and does not track;
	// one note counts what was left out.
	GitIgnore *GitIgnore
}

// Walk implements Source. It never enters .git, never follows a symbolic
// link, and notes every link, excluded directory and oversized file.
func (d Dir) Walk(ctx context.Context, visit func(File) error, note func(Note)) error {
	root, err := filepath.Abs(d.Root)
	if err != nil {
		return err
	}
	info, err := os.Stat(root)
	if err != nil {
		return fmt.Errorf("%s: %w", d.Root, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("%s: not a directory", d.Root)
	}
	rootReal, err := filepath.EvalSymlinks(root)
	if err != nil {
		return fmt.Errorf("%s: %w", d.Root, err)
	}
	excludes := append(append([]string(nil), DefaultExcludes...), d.Exclude...)
	err = filepath.WalkDir(root, func(abs string, entry fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		rel := relPath(root, abs)
		if err != nil {
			note(Note{Path: rel, Message: "skipped: cannot read: " + describeFSError(err)})
			if entry != nil && entry.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if abs == root {
			if d.GitIgnore != nil {
				d.GitIgnore.enter(abs, "")
			}
			return nil
		}
		if entry.Type()&fs.ModeSymlink != 0 {
			return d.link(rootReal, rel, abs, visit, note)
		}
		if entry.IsDir() {
			if entry.Name() == ".git" {
				return fs.SkipDir
			}
			if Excluded(rel, excludes) {
				return fs.SkipDir
			}
			if d.GitIgnore != nil {
				if d.GitIgnore.skip(rel, true) {
					return fs.SkipDir
				}
				d.GitIgnore.enter(abs, rel)
			}
			return nil
		}
		kind := KindOf(rel)
		if kind == Unknown || Excluded(rel, d.Exclude) {
			return nil
		}
		if d.GitIgnore != nil && d.GitIgnore.skip(rel, false) {
			return nil
		}
		if !entry.Type().IsRegular() {
			// A FIFO or device under a configuration name is never opened
			// (it would block or never end), and never passed in silence.
			return visit(File{Path: rel, Kind: kind, Read: func() ([]byte, error) { return nil, safefile.ErrNotRegular }})
		}
		info, err := entry.Info()
		if err != nil {
			note(Note{Path: rel, Message: "skipped: cannot read: " + describeFSError(err)})
			return nil
		}
		if info.Size() > MaxFileSize {
			return visit(File{Path: rel, Kind: kind, Size: info.Size(), Read: func() ([]byte, error) { return nil, ErrTooLarge }})
		}
		return visit(File{Path: rel, Kind: kind, Size: info.Size(), Read: func() ([]byte, error) { return readFile(abs) }})
	})
	if d.GitIgnore != nil && d.GitIgnore.ignored > 0 {
		note(Note{Path: ".", Message: fmt.Sprintf("left out %d paths that git ignores and does not track (--include-ignored reads them)", d.GitIgnore.ignored)})
	}
	return err
}

// link offers the file a link with a configuration name ends at, under
// the link's own path, when it is a regular file inside the tree: a
// shared variables-common.tf linked into each deployment is read there
// with the deployment's environment. A link that leaves the tree, ends
// at a directory or nothing, or loops is noted and not followed; one
// with another name is left alone, as what it points at is read at its
// own path.
func (d Dir) link(rootReal, rel, abs string, visit func(File) error, note func(Note)) error {
	kind := KindOf(rel)
	if kind == Unknown || Excluded(rel, d.Exclude) || d.GitIgnore != nil && d.GitIgnore.skip(rel, false) {
		return nil
	}
	skip := func(why string) error {
		note(Note{Path: rel, Message: "skipped: symbolic link " + why + ", not followed"})
		return nil
	}
	if target, err := os.Readlink(abs); err != nil || !filepath.IsAbs(target) && !lexicallyInside(rel, target) {
		return skip("to a path outside the scanned tree")
	}
	real, err := filepath.EvalSymlinks(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return skip("to a missing file")
	case err != nil:
		return skip("loop or chain of too many links")
	}
	inside, err := filepath.Rel(rootReal, real)
	if err != nil || inside == ".." || strings.HasPrefix(inside, ".."+string(filepath.Separator)) {
		return skip("to a path outside the scanned tree")
	}
	info, err := os.Lstat(real)
	switch {
	case err != nil:
		return skip("to a missing file")
	case info.IsDir():
		return skip("to a directory")
	case !info.Mode().IsRegular():
		return visit(File{Path: rel, Kind: kind, Read: func() ([]byte, error) { return nil, safefile.ErrNotRegular }})
	case info.Size() > MaxFileSize:
		return visit(File{Path: rel, Kind: kind, Size: info.Size(), Read: func() ([]byte, error) { return nil, ErrTooLarge }})
	}
	return visit(File{Path: rel, Kind: kind, Size: info.Size(), Read: func() ([]byte, error) { return readFile(real) }, LinkTarget: filepath.ToSlash(inside)})
}

// lexicallyInside reports a relative link target that stays inside the
// tree by its path alone (an absolute one is judged once resolved).
func lexicallyInside(rel, target string) bool {
	_, ok := LinkTarget(rel, filepath.ToSlash(target))
	return ok
}

// Excluded reports whether rel, or any directory above it, matches one of
// the globs. Invalid globs never match; config validation rejects them first.
func Excluded(rel string, globs []string) bool {
	for _, g := range globs {
		if ok, _ := doublestar.Match(g, rel); ok {
			return true
		}
		if strings.HasSuffix(g, "/**") {
			if ok, _ := doublestar.Match(strings.TrimSuffix(g, "/**"), rel); ok {
				return true
			}
		}
	}
	return false
}

func relPath(root, abs string) string {
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// describeFSError drops the absolute path from an fs error: notes name the
// file by its relative path already.
func describeFSError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
