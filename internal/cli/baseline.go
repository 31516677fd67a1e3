package cli

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/envfence/envfence/internal/config"
	"github.com/envfence/envfence/internal/finding"
)

func runBaseline(args []string, stdio Stdio, _ env) error {
	var f scanFlags
	fs := newFlags("baseline", stdio)
	fs.StringVar(&f.config, "config", "", "configuration `file` (default: PATH/.envfence.yml if present)")
	fs.StringVar(&f.output, "output", "", "baseline `file` to write (required)")
	fs.StringVar(&f.commit, "commit", "", "baseline the tree of commit `rev` instead of the work tree")
	var from string
	fs.StringVar(&from, "from", "", "keep only the findings this older baseline `file` accepts (migrates a v1 baseline)")
	root, err := parseRoot(fs, args)
	if err != nil {
		return err
	}
	if f.output == "" {
		return usagef("baseline: --output FILE is required")
	}
	var old *config.Baseline
	if from != "" {
		if old, err = config.LoadBaseline(from, false); err != nil {
			return err
		}
	}
	_, res, err := scanWithFlags(context.Background(), root, &f)
	if err != nil {
		return err
	}
	findings := res.Findings
	if old != nil {
		// Only what the old baseline accepted: a migration must not accept
		// the findings that appeared since.
		findings = slices.DeleteFunc(findings, func(f finding.Finding) bool { return !old.Matches(&f) })
		fmt.Fprintf(stdio.Err, "envfence: kept the %d current findings that %s accepts (it has %d entries)\n", len(findings), from, len(old.Entries))
	}
	return writeOutput(f.output, stdio.Out, func(w io.Writer, _ bool) error {
		return config.WriteBaseline(w, findings)
	})
}
