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
			note(Note{Path: rel, Message: "skipped: symbolic link not followed"})
			return nil
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
