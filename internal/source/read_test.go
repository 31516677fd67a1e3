//go:build unix

package source

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadRegularRefusesWhatIsNotAFile: a link to /dev/zero (a file
// swapped between walk and read), a FIFO and an oversized file end in an
// error at once, never in an endless or blocked read.
func TestReadRegularRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, ".env.production")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadRegular(link, MaxFileSize); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("link: %v", err)
	}
	fifo := filepath.Join(dir, "prod.env")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if _, err := ReadRegular(fifo, MaxFileSize); !errors.Is(err, errNotRegular) {
		t.Errorf("fifo: %v", err)
	}
	big := filepath.Join(dir, "big.env")
	os.WriteFile(big, []byte(strings.Repeat("A=1\n", 10)), 0o644)
	if _, err := ReadRegular(big, 8); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit: %v", err)
	}
	if data, err := ReadRegular(big, 100); err != nil || len(data) != 40 {
		t.Errorf("regular file: %d bytes, %v", len(data), err)
	}
	// The walk hands a FIFO under a configuration name on as a file whose
	// read fails, so that the scan can say so.
	var got []string
	err := Dir{Root: dir}.Walk(context.Background(), func(f File) error {
		_, err := f.Read()
		got = append(got, f.Path+": "+errString(err))
		return nil
	}, func(Note) {})
	if err != nil || !strings.Contains(strings.Join(got, "\n"), "prod.env: not a regular file") {
		t.Errorf("walk: %v %q", err, got)
	}
}

func errString(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}
