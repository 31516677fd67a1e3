package source

import (
	"errors"
	"io"
	"os"
)

// errNotRegular is the read error of a FIFO, socket or device found under
// a configuration name.
var errNotRegular = errors.New("not a regular file")

// ReadRegular reads the regular file at path, at most limit bytes. It does
// not follow a symbolic link in the last element and does not block on a
// FIFO: a file swapped for a link to /dev/zero, or for a FIFO, between the
// walk and the read, is an error, not an endless read. Content over limit
// is ErrTooLarge.
func ReadRegular(path string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|noFollowNoBlock, 0)
	if err != nil {
		if isLink(err) {
			return nil, errors.New("a symbolic link")
		}
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, errNotRegular
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, ErrTooLarge
	}
	return data, nil
}
