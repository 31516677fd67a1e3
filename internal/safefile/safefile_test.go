//go:build unix

package safefile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadRefusesWhatIsNotAFile: a link to /dev/zero (a file swapped
// between walk and read), a FIFO and an oversized file end in an error at
// once, never in an endless or blocked read.
func TestReadRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, ".envfence.yml")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(link, 1<<20, false); !errors.Is(err, ErrLink) {
		t.Errorf("link not followed: %v", err)
	}
	if _, err := Read(link, 1<<20, true); !errors.Is(err, ErrNotRegular) {
		t.Errorf("link followed to a device: %v", err)
	}
	fifo := filepath.Join(dir, "prod.env")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if _, err := Read(fifo, 1<<20, true); !errors.Is(err, ErrNotRegular) {
		t.Errorf("fifo: %v", err)
	}
	big := filepath.Join(dir, "big.env")
	os.WriteFile(big, []byte(strings.Repeat("A=1\n", 10)), 0o644)
	if _, err := Read(big, 8, false); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit: %v", err)
	}
	if data, err := Read(big, 100, false); err != nil || len(data) != 40 {
		t.Errorf("regular file: %d bytes, %v", len(data), err)
	}
}

// TestWriteReplacesALink: an output path that a pull request planted as a
// link to a file elsewhere is replaced, and the target is left alone.
func TestWriteReplacesALink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "bashrc")
	os.WriteFile(target, []byte("original\n"), 0o644)
	out := filepath.Join(dir, "envfence.sarif")
	if err := os.Symlink(target, out); err != nil {
		t.Fatal(err)
	}
	if err := Write(out, 0o644, func(w io.Writer) error { _, err := w.Write([]byte("{}\n")); return err }); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(target); !bytes.Equal(data, []byte("original\n")) {
		t.Errorf("written through the link: %q", data)
	}
	info, err := os.Lstat(out)
	if err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != 0o644 {
		t.Errorf("output: %v %v", info, err)
	}
	// A failing writer leaves the old file and no temporary behind.
	os.WriteFile(out, []byte("old\n"), 0o644)
	if err := Write(out, 0o644, func(io.Writer) error { return errors.New("boom") }); err == nil {
		t.Fatal("the writer's error was lost")
	}
	entries, _ := os.ReadDir(dir)
	if data, _ := os.ReadFile(out); string(data) != "old\n" || len(entries) != 1 {
		t.Errorf("after a failed write: %q, %d entries", data, len(entries))
	}
}
