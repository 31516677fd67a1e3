package cachefile

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteAndRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "envfence", "some.cache")
	if data, err := Read(path, 1<<20); data != nil || err != nil {
		t.Fatalf("a missing file: %q, %v", data, err)
	}
	if err := Write(path, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("two")); err != nil {
		t.Fatal(err)
	}
	if data, err := Read(path, 1<<20); string(data) != "two" || err != nil {
		t.Fatalf("read back: %q, %v", data, err)
	}
	st, _ := os.Stat(path)
	dir, _ := os.Stat(filepath.Dir(path))
	if st.Mode().Perm() != 0o600 || dir.Mode().Perm() != 0o700 {
		t.Fatalf("modes %v and %v: the cache must be private to the hook's user", st.Mode(), dir.Mode())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %d entries", len(entries))
	}
	if _, err := Read(path, 2); err == nil {
		t.Fatal("a file over the limit was read")
	}
	if _, err := Read(filepath.Dir(path), 1<<20); err == nil {
		t.Fatal("a directory was read as a cache file")
	}
}

func TestSealOpenAndDecode(t *testing.T) {
	const magic = "test cache v1\n"
	b := AppendString([]byte(magic), "héllo")
	b = append(b, 7)
	sealed := Seal(b)
	body, err := Open(sealed, magic)
	if err != nil {
		t.Fatal(err)
	}
	d := NewDecoder(body)
	if s, n := d.String(), d.Uvarint(); s != "héllo" || n != 7 || d.Done() != nil {
		t.Fatalf("decoded %q %d, %v", s, n, d.Done())
	}
	for _, bad := range [][]byte{sealed[:len(sealed)-1], append([]byte("other cache v1\n"), sealed[len(magic):]...), nil} {
		if _, err := Open(bad, magic); err != ErrDamaged {
			t.Fatalf("a damaged file opened: %v", err)
		}
	}
	flipped := bytes.Clone(sealed)
	flipped[len(magic)+1] ^= 1
	if _, err := Open(flipped, magic); err != ErrDamaged {
		t.Fatal("a changed byte went unnoticed")
	}

	// Reads past the end fail once and for all, and return zeros.
	d = NewDecoder([]byte{200})
	if v := d.Uvarint(); v != 0 || d.Err() != ErrDamaged {
		t.Fatalf("a truncated varint read %d, %v", v, d.Err())
	}
	if got := d.Bytes(20); len(got) != 20 || d.String() != "" {
		t.Fatal("reads after an error must return zeros of the size asked")
	}
	d = NewDecoder([]byte{1, 2})
	d.Uvarint()
	if d.Done() != ErrDamaged {
		t.Fatal("bytes left over went unnoticed")
	}
}
