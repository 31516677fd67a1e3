package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/envfence/envfence/internal/rules"
)

func runRules(args []string, stdio Stdio, _ env) error {
	fs := newFlags("rules", stdio)
	positional, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := noPath("rules", positional); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdio.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tWHAT IT FINDS")
	for _, r := range rules.All() {
		summary := r.Summary
		if r.Online {
			summary += " (online: needs a GitHub token)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, summary)
	}
	return tw.Flush()
}

func runExplain(args []string, stdio Stdio, _ env) error {
	fs := newFlags("explain", stdio)
	positional, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(positional) != 1 {
		return usagef("usage: envfence explain RULE (see 'envfence rules')")
	}
	r, ok := rules.ByID(positional[0])
	if !ok {
		return usagef("unknown rule %q (see 'envfence rules')", positional[0])
	}
	_, err = fmt.Fprint(stdio.Out, r.Doc)
	return err
}
