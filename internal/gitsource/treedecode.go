package gitsource

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// errMalformedTree says that a tree object does not have git's layout.
var errMalformedTree = errors.New("malformed tree")

// decodeTree reads a tree object's entries: "<octal mode> <name>\0<20-byte
// id>", repeated. It replaces go-git's Tree.Decode, which reads through a
// bufio.Reader with an allocation per field and hashes the whole object
// again; the walk of a push decodes thousands of trees, and the caller
// already knows the hash. Modes are made canonical the way git and go-git
// do (0100664 is a regular file, unknown types are submodules).
func decodeTree(data []byte) ([]object.TreeEntry, error) {
	entries := make([]object.TreeEntry, 0, bytes.Count(data, []byte{0}))
	// One string for all the names: a directory of hundreds of files
	// costs one allocation, not one per name.
	names := string(data)
	for at := 0; at < len(data); {
		sp := bytes.IndexByte(data[at:], ' ')
		if sp <= 0 {
			return nil, fmt.Errorf("%w: missing mode", errMalformedTree)
		}
		mode, ok := parseMode(data[at : at+sp])
		if !ok { // the bytes are not quoted: errors never carry object content
			return nil, fmt.Errorf("%w: bad mode", errMalformedTree)
		}
		at += sp + 1
		nul := bytes.IndexByte(data[at:], 0)
		if nul < 0 {
			return nil, fmt.Errorf("%w: missing name terminator", errMalformedTree)
		}
		if nul == 0 {
			return nil, fmt.Errorf("%w: empty name", errMalformedTree)
		}
		name := names[at : at+nul]
		at += nul + 1
		var h plumbing.Hash
		if len(data)-at < len(h) {
			return nil, fmt.Errorf("%w: truncated object id", errMalformedTree)
		}
		copy(h[:], data[at:])
		at += len(h)
		entries = append(entries, object.TreeEntry{Name: name, Mode: canonicalMode(mode), Hash: h})
	}
	return entries, nil
}

// parseMode reads an octal mode that fits in 32 bits.
func parseMode(b []byte) (filemode.FileMode, bool) {
	if len(b) == 0 {
		return 0, false
	}
	var m uint64
	for _, c := range b {
		if c < '0' || c > '7' {
			return 0, false
		}
		m = m<<3 | uint64(c-'0')
		if m > 0xFFFFFFFF {
			return 0, false
		}
	}
	return filemode.FileMode(m), true
}

func canonicalMode(m filemode.FileMode) filemode.FileMode {
	switch m & 0o170000 {
	case 0o040000:
		return filemode.Dir
	case 0o100000:
		if m&0o111 != 0 {
			return filemode.Executable
		}
		return filemode.Regular
	case 0o120000:
		return filemode.Symlink
	default:
		return filemode.Submodule
	}
}
