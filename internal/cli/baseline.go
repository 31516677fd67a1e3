package cli

import (
	"context"
	"io"

	"github.com/envfence/envfence/internal/config"
)

func runBaseline(args []string, stdio Stdio, _ env) error {
	var f scanFlags
	fs := newFlags("baseline", stdio)
	fs.StringVar(&f.config, "config", "", "configuration `file` (default: PATH/.envfence.yml if present)")
	fs.StringVar(&f.output, "output", "", "baseline `file` to write (required)")
	fs.StringVar(&f.commit, "commit", "", "baseline the tree of commit `rev` instead of the work tree")
	root, err := parseRoot(fs, args)
	if err != nil {
		return err
	}
	if f.output == "" {
		return usagef("baseline: --output FILE is required")
	}
	_, res, err := scanWithFlags(context.Background(), root, &f)
	if err != nil {
		return err
	}
	return writeOutput(f.output, stdio.Out, func(w io.Writer, _ bool) error {
		return config.WriteBaseline(w, res.Findings)
	})
}
