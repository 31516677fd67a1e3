package gitsource

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestBufferedIndexReads reads a pack index through objectDirFS with reads
// and seeks mixed: the buffer must never return stale bytes.
func TestBufferedIndexReads(t *testing.T) {
	dir := t.TempDir()
	content := make([]byte, 200_000)
	for i := range content {
		content[i] = byte(i * 7)
	}
	if err := os.MkdirAll(filepath.Join(dir, "pack"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pack", "p.idx"), content, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := newObjectDirFS(dir).Open("objects/pack/p.idx")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, ok := f.(*bufferedFile); !ok {
		t.Fatalf("an index is read unbuffered (%T)", f)
	}
	if f.Name() != "objects/pack/p.idx" {
		t.Errorf("name %q", f.Name())
	}
	read := func(n int) []byte {
		t.Helper()
		b := make([]byte, n)
		if _, err := io.ReadFull(f, b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	at := func(want int64, got int64, err error) {
		t.Helper()
		if err != nil || got != want {
			t.Fatalf("seek: %d, %v; want %d", got, err, want)
		}
	}
	if b := read(10); !bytes.Equal(b, content[:10]) {
		t.Error("first read")
	}
	pos, err := f.Seek(0, io.SeekCurrent) // the buffer holds more than was read
	at(10, pos, err)
	pos, err = f.Seek(100_000, io.SeekStart)
	at(100_000, pos, err)
	if b := read(5); !bytes.Equal(b, content[100_000:100_005]) {
		t.Error("read after SeekStart")
	}
	pos, err = f.Seek(-3, io.SeekCurrent)
	at(100_002, pos, err)
	if b := read(4); !bytes.Equal(b, content[100_002:100_006]) {
		t.Error("read after SeekCurrent")
	}
	pos, err = f.Seek(-4, io.SeekEnd)
	at(int64(len(content)-4), pos, err)
	if b := read(4); !bytes.Equal(b, content[len(content)-4:]) {
		t.Error("read after SeekEnd")
	}
}
