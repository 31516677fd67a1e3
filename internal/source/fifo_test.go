//go:build unix

package source

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestWalkHandsOnAFIFO: a FIFO under a configuration name is handed on as
// a file whose read fails at once, so that the scan can report it, and
// never opened (which would block).
func TestWalkHandsOnAFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "prod.env"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	var got []string
	err := Dir{Root: dir}.Walk(context.Background(), func(f File) error {
		_, err := f.Read()
		got = append(got, f.Path+": "+err.Error())
		return nil
	}, func(Note) {})
	if err != nil || strings.Join(got, "\n") != "prod.env: not a regular file" {
		t.Errorf("walk: %v %q", err, got)
	}
}
