package gitsource

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// Repo is an open repository. Its methods are safe for concurrent use.
type Repo struct {
	gitDir    string
	refs      storer.ReferenceStorer
	index     storer.IndexStorer
	objects   *layeredStore
	treeCache treeCache
	snapshot  bool // see Snapshot
}

// ErrNotRepository means that no git repository was found.
var ErrNotRepository = errors.New("not a git repository")

// Open opens the repository that contains path: a work tree (its .git
// directory or .git file is searched upwards, as git does) or a bare
// repository. Alternates are followed, relative entries included.
func Open(path string) (*Repo, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	gitDir, err := findGitDir(abs)
	if err != nil {
		return nil, err
	}
	return openGitDir(gitDir, nil)
}

// OpenHook opens the repository of a server-side hook from its environment
// (pass os.Getenv): GIT_DIR (default: the working directory; relative to
// it), the push's quarantine (GIT_QUARANTINE_PATH, else
// GIT_OBJECT_DIRECTORY; absent for a push that only deletes), the entries of
// GIT_ALTERNATE_OBJECT_DIRECTORIES, the repository's own objects directory,
// and every objects/info/alternates chain below them.
func OpenHook(env func(string) string) (*Repo, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	gitDir := absFrom(cwd, env("GIT_DIR"))
	if !isGitDir(gitDir) {
		return nil, fmt.Errorf("GIT_DIR %s: %w", gitDir, ErrNotRepository)
	}
	var extra []string
	quarantine := env("GIT_QUARANTINE_PATH")
	if quarantine == "" {
		quarantine = env("GIT_OBJECT_DIRECTORY")
	}
	if quarantine != "" {
		quarantine = absFrom(cwd, quarantine)
		extra = append(extra, quarantine)
	}
	for _, d := range splitAltEntries(env("GIT_ALTERNATE_OBJECT_DIRECTORIES"), os.PathListSeparator) {
		extra = append(extra, absFrom(cwd, d))
	}
	r, err := openGitDir(gitDir, extra)
	if err == nil && quarantine != "" && !within(quarantine, gitDir) {
		r.snapshot = true
	}
	return r, err
}

// Snapshot reports that the push's objects are quarantined outside the
// repository, as GitLab's Gitaly does with transactions: the repository
// the hook sees is then a snapshot, and what is written into it is thrown
// away with the transaction.
func (r *Repo) Snapshot() bool { return r.snapshot }

// within reports whether path is dir or below it, links resolved.
func within(path, dir string) bool {
	if p, err := filepath.EvalSymlinks(path); err == nil {
		path = p
	}
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// absFrom makes p absolute relative to base; "" means base itself.
func absFrom(base, p string) string {
	if p == "" {
		return base
	}
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(base, p)
}

// openGitDir opens gitDir with the object directories firstDirs looked up
// before the repository's own.
func openGitDir(gitDir string, firstDirs []string) (*Repo, error) {
	common := commonDir(gitDir)
	if err := checkObjectFormat(common); err != nil {
		return nil, err
	}
	own := filepath.Join(common, "objects")
	if info, err := os.Stat(own); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("%s: no objects directory: %w", gitDir, ErrNotRepository)
	}
	dirs, err := collectObjectDirs(append(firstDirs, own))
	if err != nil {
		return nil, err
	}
	var metaFS billy.Filesystem = osfs.New(gitDir)
	if common != gitDir {
		metaFS = dotgit.NewRepositoryFilesystem(metaFS, osfs.New(common))
	}
	// This storage serves refs and the index only; its own object store is
	// never asked, so its cache stays empty.
	meta := filesystem.NewStorageWithOptions(metaFS, cache.NewObjectLRU(cache.KiByte), filesystem.Options{})
	return &Repo{gitDir: gitDir, refs: meta, index: meta, objects: newLayeredStore(dirs)}, nil
}

// Close releases open pack files.
func (r *Repo) Close() error { return r.objects.Close() }

// GitDir returns the absolute path of the repository's git directory.
func (r *Repo) GitDir() string { return r.gitDir }

// findGitDir searches dir and its parents for a .git directory, a .git
// file ("gitdir: <path>") or a bare repository, in git's order.
func findGitDir(dir string) (string, error) {
	for d := dir; ; {
		dotGit := filepath.Join(d, ".git")
		info, err := os.Stat(dotGit)
		switch {
		case err == nil && info.IsDir() && isGitDir(dotGit):
			return dotGit, nil
		case err == nil && info.Mode().IsRegular():
			return readGitFile(dotGit)
		case isGitDir(d):
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("%s: %w (or any of the parent directories)", dir, ErrNotRepository)
		}
		d = parent
	}
}

// readGitFile follows a .git file, as written for worktrees and submodules.
func readGitFile(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	line, _, _ := strings.Cut(string(data), "\n")
	target, ok := strings.CutPrefix(strings.TrimSpace(line), "gitdir:")
	if !ok {
		return "", fmt.Errorf("%s: not a gitdir file: %w", path, ErrNotRepository)
	}
	gitDir := absFrom(filepath.Dir(path), strings.TrimSpace(target))
	if !isGitDir(gitDir) {
		return "", fmt.Errorf("%s: points to %s: %w", path, gitDir, ErrNotRepository)
	}
	return gitDir, nil
}

// isGitDir applies git's test: a HEAD file, and objects and refs
// directories, possibly shared through a commondir file.
func isGitDir(d string) bool {
	if !exists(filepath.Join(d, "HEAD"), false) {
		return false
	}
	common := commonDir(d)
	return exists(filepath.Join(common, "objects"), true) && exists(filepath.Join(common, "refs"), true)
}

func exists(p string, dir bool) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir() == dir
}

// commonDir returns the directory that holds objects and shared refs: the
// target of gitDir/commondir for a linked worktree, else gitDir.
func commonDir(gitDir string) string {
	data, err := os.ReadFile(filepath.Join(gitDir, "commondir"))
	if err != nil {
		return gitDir
	}
	return absFrom(gitDir, strings.TrimSpace(string(data)))
}

// checkObjectFormat refuses SHA-256 repositories, which go-git v5 reads as
// SHA-1 and would misread. It scans the config for
// [extensions] objectformat instead of parsing it fully, so that a config
// go-git cannot parse does not block reading.
func checkObjectFormat(common string) error {
	f, err := os.Open(filepath.Join(common, "config"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	section := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.ToLower(strings.TrimSpace(sc.Text()))
		if strings.HasPrefix(line, "[") {
			section = strings.Trim(line, "[] \t")
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if ok && section == "extensions" && strings.TrimSpace(key) == "objectformat" &&
			strings.Trim(strings.TrimSpace(value), `"`) != "sha1" {
			return fmt.Errorf("%s: extensions.objectformat is not sha1; only SHA-1 repositories are supported", common)
		}
	}
	return nil
}
