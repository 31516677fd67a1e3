// Package safefile reads and writes the files envfence itself opens —
// configuration, baselines, caches, reports — in ways a repository's
// content cannot subvert: a FIFO does not block the read, a link planted
// in the tree is not followed, a file swapped for /dev/zero is not read
// without end, and an output is replaced, never written through a link.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrNotRegular is the error for a FIFO, socket, device or directory.
var ErrNotRegular = errors.New("not a regular file")

// ErrLink is the error for a symbolic link where none is followed.
var ErrLink = errors.New("a symbolic link, not followed")

// ErrTooLarge is the error for content over the limit.
var ErrTooLarge = errors.New("too large")

// Read reads the regular file at path, at most limit bytes, without
// blocking on a FIFO. With follow false, a symbolic link in the last
// element is refused (ErrLink): use it for files that come from the
// scanned tree; follow links only for paths an administrator or user
// named.
func Read(path string, limit int64, follow bool) ([]byte, error) {
	flags := os.O_RDONLY | nonBlock
	if !follow {
		flags |= noFollow
	}
	f, err := os.OpenFile(path, flags, 0)
	if err != nil {
		if !follow && isLinkError(err) {
			return nil, ErrLink
		}
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, limit)
	}
	return data, nil
}

// Write replaces path with what write produces: into a temporary file in
// the same directory, then renamed over path. A reader sees the old file or
// the new one, never a torn one, and a symbolic link at path is replaced,
// not written through.
func Write(path string, perm os.FileMode, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".envfence-tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
