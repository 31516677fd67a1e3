// Package source lists the files of something to scan — a working tree, the
// tree of a git commit — and decides from each path alone whether the file is
// worth reading, before any byte of it is read.
//
// The engine only ever sees the Source interface, so the rules run unchanged
// on a directory, a commit or a push.
package source

import (
	"context"
	"errors"

	"github.com/envfence/envfence/internal/safefile"
)

// MaxFileSize is the largest file that is read. Larger files are skipped with
// a note: configuration is small, and a 50 MiB JSON file is a data dump.
const MaxFileSize = 5 << 20

// readFile reads a file of a work tree: a regular file of at most
// MaxFileSize, without following a link swapped in after the walk or
// blocking on a FIFO (safefile.Read).
func readFile(abs string) ([]byte, error) {
	data, err := safefile.Read(abs, MaxFileSize, false)
	if errors.Is(err, safefile.ErrTooLarge) {
		return nil, ErrTooLarge
	}
	return data, err
}

// ErrTooLarge is returned by File.Read for content over MaxFileSize that
// the source could not rule out from the path alone.
var ErrTooLarge = errors.New("larger than 5 MiB")

// A File is one file of a source. Its content is read only on demand.
type File struct {
	// Path is slash-separated and relative to the root of the source.
	Path string
	// Kind is what the path says the file is.
	Kind Kind
	// Size is the size in bytes, or -1 if unknown before reading.
	Size int64
	// ID identifies the content: a git blob id, or "" in a working tree.
	// Two files with the same non-empty ID have the same content, so the
	// engine parses that content once.
	ID string
	// Read returns the content.
	Read func() ([]byte, error)
	// LinkTarget is, for a file read through a symbolic link, the path of
	// the file the link ends at; "" otherwise.
	LinkTarget string
}

// A Note tells the user about a file or directory that was not scanned, or
// not fully. Messages name the problem, never the content.
type Note struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// A Source lists files. Walk calls visit for every file whose Kind is not
// Unknown and that is not excluded, and note for everything it skips on the
// way. It stops at the first error that visit returns.
type Source interface {
	Walk(ctx context.Context, visit func(File) error, note func(Note)) error
}
