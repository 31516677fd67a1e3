package cli

import (
	"context"
	"flag"
	"io"
	"os"

	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/report"
	"github.com/envfence/envfence/internal/safefile"
	"github.com/envfence/envfence/internal/source"
)

// scanFlags are the flags of `envfence scan` (SPEC §1).
type scanFlags struct {
	config, format, output, failOn, baseline, commit, since string
	includeIgnored                                          bool
	// fromTree says the named configuration and baseline come from the
	// scanned tree (the Action's inputs): links there are not followed.
	fromTree bool
	// online, when set, is the client online rules use.
	online any
}

func (f *scanFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.config, "config", "", "configuration `file` (default: PATH/.envfence.yml if present)")
	fs.StringVar(&f.format, "format", "text", "output format: text, json, sarif, github or markdown")
	fs.StringVar(&f.output, "output", "", "write the report to `file` instead of standard output")
	fs.StringVar(&f.failOn, "fail-on", "", "exit 1 on findings at or above this severity: error, warning, note or none (default error)")
	fs.StringVar(&f.baseline, "baseline", "", "hide findings whose fingerprint is in this baseline `file`")
	fs.StringVar(&f.commit, "commit", "", "scan the tree of commit `rev` instead of the work tree")
	fs.StringVar(&f.since, "since", "", "report only findings that the tree at `rev` does not have")
	fs.BoolVar(&f.includeIgnored, "include-ignored", false, "in a git work tree, also scan the files .gitignore excludes")
}

func runScan(args []string, stdio Stdio, getenv env) error {
	var f scanFlags
	fs := newFlags("scan", stdio)
	f.register(fs)
	root, err := parseRoot(fs, args)
	if err != nil {
		return err
	}
	newReporter, ok := report.Formats[f.format]
	if !ok {
		return usagef("--format %q: want text, json, sarif, github or markdown", f.format)
	}
	s, res, err := scanWithFlags(context.Background(), root, &f)
	if err != nil {
		return err
	}
	failOn, err := resolveFailOn(f.failOn, s.cfg)
	if err != nil {
		return err
	}
	run := reportRun(res, s, root)
	err = writeOutput(f.output, stdio.Out, func(w io.Writer, tty bool) error {
		return newReporter(report.Options{Color: f.format == "text" && tty && getenv("NO_COLOR") == ""}).Report(w, run)
	})
	if err != nil {
		return err
	}
	if failed(res.Findings, failOn) {
		return &exitError{code: ExitFindings}
	}
	return nil
}

// scanWithFlags loads the setup and runs the scan the flags describe.
func scanWithFlags(ctx context.Context, root string, f *scanFlags) (*setup, *engine.Result, error) {
	s, err := loadSetupFrom(root, f.config, f.fromTree)
	if err != nil {
		return nil, nil, err
	}
	if err := s.loadBaseline(f.baseline, f.fromTree); err != nil {
		return nil, nil, err
	}
	if f.online != nil {
		s.enableOnline(f.online)
	}
	res, err := s.scanTarget(ctx, target{root: root, commit: f.commit, includeIgnored: f.includeIgnored}, engine.NewCache())
	if err != nil {
		return nil, nil, err
	}
	if f.since != "" {
		if err := s.newSince(ctx, res, root, f.since); err != nil {
			return nil, nil, err
		}
	}
	if s.baseline != nil && s.baseline.Legacy {
		res.Notes = append(res.Notes, source.Note{Path: f.baseline, Message: "a v1 baseline: its fingerprints let anyone who reads it test guesses of a value; rewrite it with envfence baseline --from " + f.baseline + " --output " + f.baseline})
	}
	return s, res, nil
}

// writeOutput writes to the named file, or to stdout when name is "".
// tty tells the writer whether it writes to a terminal (for colour).
func writeOutput(name string, stdout io.Writer, write func(w io.Writer, tty bool) error) error {
	return writeOutputAs("--output", name, stdout, write)
}

// writeOutputAs is writeOutput where errors name the file as label does
// (a flag, or an Action's input).
func writeOutputAs(label, name string, stdout io.Writer, write func(w io.Writer, tty bool) error) error {
	if name == "" {
		return write(stdout, isTerminal(stdout))
	}
	// Replaced whole, never written through a link: in CI the directory
	// is a checkout whose content a pull request chose.
	var writeErr error
	err := safefile.Write(name, 0o644, func(w io.Writer) error {
		writeErr = write(w, false)
		return writeErr
	})
	switch {
	case writeErr != nil:
		return writeErr
	case err != nil:
		return usagef("%s %s: %v", label, name, err)
	}
	return nil
}

// isTerminal reports whether w is a character device.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
