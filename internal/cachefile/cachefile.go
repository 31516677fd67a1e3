// Package cachefile reads and writes the files envfence keeps between runs
// of the pre-receive hook, in $GIT_DIR/envfence/: bounded reads, atomic
// writes private to the user, and a layout that rejects a damaged or
// foreign file — a magic line first, a SHA-256 of everything before it
// last — with a decoder whose first error sticks.
//
// A cache file only ever saves time: whoever reads one treats every error
// as "nothing remembered".
package cachefile

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/envfence/envfence/internal/safefile"
)

// ErrDamaged says that a file is not one this version wrote whole.
var ErrDamaged = errors.New("damaged or from another version; ignored")

// Read reads a whole file of at most limit bytes; a missing file is
// (nil, nil).
// A cache lives in $GIT_DIR, where a pusher cannot write; still, a link or
// FIFO found there is refused, never followed or waited on.
func Read(path string, limit int64) ([]byte, error) {
	data, err := safefile.Read(path, limit, false)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return data, err
}

// Write replaces path with data atomically, creating its directory
// (private to the user): concurrent hooks read the old file or the new
// one, never a torn one.
func Write(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return safefile.Write(path, 0o600, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Seal appends the checksum to b, which starts with the file's magic line.
func Seal(b []byte) []byte {
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

// Open checks that data starts with magic and ends with the checksum Seal
// appended, and returns what lies between.
func Open(data []byte, magic string) ([]byte, error) {
	if len(data) < len(magic)+sha256.Size || string(data[:len(magic)]) != magic {
		return nil, ErrDamaged
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if want := sha256.Sum256(body); !bytes.Equal(sum, want[:]) {
		return nil, ErrDamaged
	}
	return body[len(magic):], nil
}

// AppendString appends a length-prefixed string.
func AppendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// A Decoder reads a body of uvarints, length-prefixed strings and fixed
// byte runs. After the first error every read returns zeros of the size
// asked, so callers check Err once at the end.
type Decoder struct {
	b   []byte
	err error
}

// NewDecoder reads body.
func NewDecoder(body []byte) *Decoder { return &Decoder{b: body} }

// Uvarint reads an unsigned varint.
func (d *Decoder) Uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

// Bytes reads n bytes; the result aliases the body.
func (d *Decoder) Bytes(n uint64) []byte {
	if d.err != nil || n > uint64(len(d.b)) {
		d.fail()
		return make([]byte, min(n, 64))
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

// String reads a string written by AppendString.
func (d *Decoder) String() string { return string(d.Bytes(d.Uvarint())) }

// Done returns the first error, or ErrDamaged if bytes are left over.
func (d *Decoder) Done() error {
	if d.err == nil && len(d.b) != 0 {
		return ErrDamaged
	}
	return d.err
}

// Err returns the first error so far.
func (d *Decoder) Err() error { return d.err }

func (d *Decoder) fail() {
	d.err = ErrDamaged
	d.b = nil
}
