package gitsource

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
	"github.com/go-git/go-git/v5/plumbing/format/index"

	"github.com/envfence/envfence/internal/source"
)

// WorkTreeIgnore returns what a working-tree scan of dir needs to read only
// what git would commit (source.GitIgnore), or nil when dir is not inside a
// git work tree: outside git, everything is scanned.
func WorkTreeIgnore(dir string) (*source.GitIgnore, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	top, gitDir, ok := workTreeOf(abs)
	if !ok {
		return nil, nil
	}
	g := &source.GitIgnore{Tracked: map[string]bool{}, TrackedDirs: map[string]bool{}}
	if rel, err := filepath.Rel(top, abs); err == nil && rel != "." {
		g.Prefix = filepath.ToSlash(rel)
	}
	if err := readTracked(filepath.Join(gitDir, "index"), g); err != nil {
		return nil, err
	}
	// Lowest priority first: system and global excludes, info/exclude, then
	// the .gitignore files of the directories above the scanned root (the
	// walk reads the root's own and those below it).
	root := osfs.New("/")
	system, _ := gitignore.LoadSystemPatterns(root)
	global, _ := gitignore.LoadGlobalPatterns(root)
	g.Base = append(append(g.Base, system...), global...)
	g.Base = append(g.Base, source.ReadIgnoreFile(filepath.Join(gitDir, "info", "exclude"), nil)...)
	if g.Prefix != "" {
		parts := strings.Split(g.Prefix, "/")
		for i := 0; i < len(parts); i++ {
			d := filepath.Join(append([]string{top}, parts[:i]...)...)
			g.Base = append(g.Base, source.ReadIgnoreFile(filepath.Join(d, ".gitignore"), parts[:i])...)
		}
	}
	return g, nil
}

// workTreeOf finds the work tree holding dir and its git directory.
func workTreeOf(dir string) (top, gitDir string, ok bool) {
	for d := dir; ; {
		dotGit := filepath.Join(d, ".git")
		if info, err := os.Stat(dotGit); err == nil {
			switch {
			case info.IsDir() && isGitDir(dotGit):
				return d, dotGit, true
			case info.Mode().IsRegular():
				if gd, err := readGitFile(dotGit); err == nil {
					return d, gd, true
				}
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", "", false
		}
		d = parent
	}
}

// readTracked reads the index's paths into g; a repository without an
// index (nothing staged yet) tracks nothing.
func readTracked(file string, g *source.GitIgnore) error {
	f, err := os.Open(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading the index: %w", err)
	}
	defer f.Close()
	idx := &index.Index{}
	if err := index.NewDecoder(f).Decode(idx); err != nil {
		return fmt.Errorf("reading the index %s: %w", file, err)
	}
	for _, e := range idx.Entries {
		g.Tracked[e.Name] = true
		for d := path.Dir(e.Name); d != "." && d != "/" && !g.TrackedDirs[d]; d = path.Dir(d) {
			g.TrackedDirs[d] = true
		}
	}
	return nil
}
