package source

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// OneFile is a single file on disk, scanned on its own with its
// environment decided from Path (envfence scan config/.env.production).
type OneFile struct {
	// Abs is where the file is; Path is the slash-separated path it is
	// reported and classified by.
	Abs, Path string
}

// Walk implements Source.
func (o OneFile) Walk(ctx context.Context, visit func(File) error, note func(Note)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	info, err := os.Lstat(o.Abs)
	if err != nil {
		return fmt.Errorf("%s: %w", o.Path, err)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", o.Path)
	}
	kind := KindOf(o.Path)
	if kind == Unknown {
		return fmt.Errorf("%s: not a file envfence reads (configuration, env, workflow, script or key file)", o.Path)
	}
	if info.Size() > MaxFileSize {
		return visit(File{Path: filepath.ToSlash(o.Path), Kind: kind, Size: info.Size(), Read: func() ([]byte, error) { return nil, ErrTooLarge }})
	}
	abs := o.Abs
	return visit(File{Path: filepath.ToSlash(o.Path), Kind: kind, Size: info.Size(), Read: func() ([]byte, error) { return readFile(abs) }})
}
