package gitsource

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
)

// errReadOnly is returned by every operation that would change a repository.
var errReadOnly = errors.New("gitsource: repositories are opened read-only")

// objectDirFS is the filesystem go-git's dotgit sees for one objects
// directory: that directory, whatever its name, mounted at "objects", and
// nothing else. Three things are hidden on purpose:
//
//   - everything outside "objects", so one store never reads another's files;
//   - objects/info/alternates, because go-git resolves relative entries from
//     the filesystem root and rebuilds the alternate store on every miss
//     (we open alternates ourselves, once);
//   - quarantine directories inside it (tmp_objdir-*, incoming-*), because
//     go-git guesses "the last one listed", which under concurrent pushes is
//     another push's quarantine.
//
// Every write fails.
type objectDirFS struct {
	inner billy.Filesystem
}

var _ billy.Filesystem = objectDirFS{}

func newObjectDirFS(dir string) objectDirFS {
	return objectDirFS{inner: osfs.New(dir)}
}

const mountPoint = "objects"

// inside maps a path of the outer filesystem to the objects directory. ok is
// false for anything outside it or hidden.
func (objectDirFS) inside(name string) (rel string, ok bool) {
	p := filepath.ToSlash(filepath.Clean(name))
	switch {
	case p == mountPoint:
		return ".", true
	case !strings.HasPrefix(p, mountPoint+"/"):
		return "", false
	}
	rel = strings.TrimPrefix(p, mountPoint+"/")
	if rel == "info/alternates" || isQuarantineName(strings.SplitN(rel, "/", 2)[0]) {
		return "", false
	}
	return filepath.FromSlash(rel), true
}

// isQuarantineName matches git's names for a push's temporary object
// directory (tmp_objdir-incoming-*, incoming-* before git 2.35).
func isQuarantineName(name string) bool {
	return strings.HasPrefix(name, "tmp_objdir-") || strings.HasPrefix(name, "incoming-")
}

func notExist(op, name string) error {
	return &os.PathError{Op: op, Path: name, Err: os.ErrNotExist}
}

// Open implements billy.Basic.
func (fs objectDirFS) Open(name string) (billy.File, error) {
	return fs.OpenFile(name, os.O_RDONLY, 0)
}

// OpenFile implements billy.Basic; only reading is allowed.
func (fs objectDirFS) OpenFile(name string, flag int, _ os.FileMode) (billy.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE|os.O_APPEND|os.O_TRUNC) != 0 {
		return nil, errReadOnly
	}
	rel, ok := fs.inside(name)
	if !ok {
		return nil, notExist("open", name)
	}
	f, err := fs.inner.Open(rel)
	if err != nil {
		return nil, err
	}
	// go-git reopens pack files by the name the file reports, so it must be
	// the outer name.
	nf := namedFile{File: f, name: name}
	if strings.HasSuffix(name, ".idx") {
		// go-git decodes a pack index with thousands of small reads; one
		// syscall each made loading the index most of a small push's cost.
		return &bufferedFile{namedFile: nf, r: bufio.NewReaderSize(f, 64<<10)}, nil
	}
	return nf, nil
}

// Stat implements billy.Basic.
func (fs objectDirFS) Stat(name string) (os.FileInfo, error) {
	rel, ok := fs.inside(name)
	if !ok {
		return nil, notExist("stat", name)
	}
	return fs.inner.Stat(rel)
}

// Lstat implements billy.Symlink.
func (fs objectDirFS) Lstat(name string) (os.FileInfo, error) {
	rel, ok := fs.inside(name)
	if !ok {
		return nil, notExist("lstat", name)
	}
	return fs.inner.Lstat(rel)
}

// Readlink implements billy.Symlink.
func (fs objectDirFS) Readlink(name string) (string, error) {
	rel, ok := fs.inside(name)
	if !ok {
		return "", notExist("readlink", name)
	}
	return fs.inner.Readlink(rel)
}

// ReadDir implements billy.Dir, leaving out hidden entries.
func (fs objectDirFS) ReadDir(name string) ([]os.FileInfo, error) {
	rel, ok := fs.inside(name)
	if !ok {
		return nil, notExist("readdir", name)
	}
	infos, err := fs.inner.ReadDir(rel)
	if err != nil {
		return nil, err
	}
	kept := infos[:0]
	for _, fi := range infos {
		if _, visible := fs.inside(fs.Join(name, fi.Name())); visible {
			kept = append(kept, fi)
		}
	}
	return kept, nil
}

// Join implements billy.Basic.
func (objectDirFS) Join(elem ...string) string { return filepath.Join(elem...) }

// Root implements billy.Chroot.
func (objectDirFS) Root() string { return string(filepath.Separator) }

// Create implements billy.Basic; it always fails.
func (objectDirFS) Create(string) (billy.File, error) { return nil, errReadOnly }

// Rename implements billy.Basic; it always fails.
func (objectDirFS) Rename(string, string) error { return errReadOnly }

// Remove implements billy.Basic; it always fails.
func (objectDirFS) Remove(string) error { return errReadOnly }

// TempFile implements billy.TempFile; it always fails.
func (objectDirFS) TempFile(string, string) (billy.File, error) { return nil, errReadOnly }

// MkdirAll implements billy.Dir; it always fails.
func (objectDirFS) MkdirAll(string, os.FileMode) error { return errReadOnly }

// Symlink implements billy.Symlink; it always fails.
func (objectDirFS) Symlink(string, string) error { return errReadOnly }

// Chroot implements billy.Chroot; go-git only needs it for alternates,
// which this filesystem hides.
func (objectDirFS) Chroot(string) (billy.Filesystem, error) { return nil, billy.ErrNotSupported }

// namedFile reports the name it was opened under.
type namedFile struct {
	billy.File
	name string
}

func (f namedFile) Name() string { return f.name }

// bufferedFile reads through a buffer; seeking drops what it holds.
type bufferedFile struct {
	namedFile
	r *bufio.Reader
}

func (f *bufferedFile) Read(p []byte) (int, error) { return f.r.Read(p) }

func (f *bufferedFile) Seek(offset int64, whence int) (int64, error) {
	if whence == io.SeekCurrent {
		offset -= int64(f.r.Buffered())
	}
	n, err := f.namedFile.Seek(offset, whence)
	f.r.Reset(f.namedFile.File)
	return n, err
}
