// Package cli is envfence's command line: it parses flags, wires the
// packages together (sources, engine, rules, reporters, hooks, the Action)
// and maps outcomes to exit codes. It is the only package that knows about
// flags, environment variables, standard streams and exit codes.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/envfence/envfence/internal/config"
	"github.com/envfence/envfence/internal/secret"
	"github.com/envfence/envfence/internal/version"
)

// Version is the tool's semantic version, as reports give it: stamped into
// release builds, read from the build information otherwise
// (internal/version).
var Version = version.Get().Version

// Exit codes (SPEC §1).
const (
	ExitOK       = 0 // nothing at or above --fail-on
	ExitFindings = 1 // findings at or above --fail-on
	ExitUsage    = 2 // usage, configuration or input error
	ExitInternal = 3 // internal error or a scan that could not complete
)

// Stdio holds the standard streams, injected so that tests run the whole
// command line in-process.
type Stdio struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// env looks up an environment variable (os.Getenv in production).
type env func(string) string

// usageError is a mistake in the command line or its inputs: exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// exitError carries a chosen exit code with an optional message.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

type command struct {
	name    string
	summary string
	run     func(args []string, io Stdio, getenv env) error
}

func commands() []command {
	return []command{
		{"scan", "scan a working tree or a commit for environment-separation problems", runScan},
		{"envs", "print the environment map: every scope with its environment and the reason", runEnvs},
		{"rules", "list the rules", runRules},
		{"explain", "show a rule's documentation", runExplain},
		{"baseline", "write the current findings as a baseline file", runBaseline},
		{"report", "write an ISO 27001 A.8.31 evidence report", runReport},
		{"hook", "run as a git hook (pre-receive, pre-commit, pre-push), warm a server repository, or install the client hooks", runHook},
		{"action", "entry point of the GitHub Action (inputs from the runner)", runAction},
		{"version", "print the version", runVersion},
	}
}

// Main runs the command line and returns the exit code.
func Main(args []string, stdio Stdio, getenv func(string) string) int {
	switch {
	case len(args) == 0:
		printUsage(stdio.Err)
		return ExitUsage
	case args[0] == "--version" || args[0] == "-version" || args[0] == "-V":
		args = []string{"version"}
	case args[0] == "help" && len(args) > 1:
		args = []string{args[1], "-h"} // envfence help scan is envfence scan -h
	case args[0] == "help" || args[0] == "-h" || args[0] == "--help":
		printUsage(stdio.Out)
		return ExitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return runCommand(c.run, args[1:], stdio, getenv)
		}
	}
	fmt.Fprintf(stdio.Err, "envfence: unknown command %q (run 'envfence help')\n", args[0])
	return ExitUsage
}

// runCommand runs a command; a panic becomes one line and exit status 3
// (ExitInternal), never a Go dump (which would reach a pusher through the
// hook) nor exit status 2, which means a usage error.
func runCommand(run func([]string, Stdio, env) error, args []string, stdio Stdio, getenv env) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stdio.Err, "envfence: internal error: %s (a bug in envfence: please report it)\n", secret.PanicReason(p))
			code = ExitInternal
		}
	}()
	return exitCode(run(args, stdio, getenv), stdio.Err)
}

// exitCode prints err, if any, and maps it to an exit code.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "envfence: "+ee.msg)
		}
		return ee.code
	}
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	fmt.Fprintln(stderr, "envfence: "+err.Error())
	var ue *usageError
	var ce *config.Error
	if errors.As(err, &ue) || errors.As(err, &ce) || errors.Is(err, os.ErrNotExist) {
		return ExitUsage
	}
	return ExitInternal
}

func printUsage(w io.Writer) {
	var b strings.Builder
	b.WriteString("envfence keeps development, test, staging and production apart (ISO 27001 A.8.31).\n\nUsage: envfence <command> [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun 'envfence help <command>' (or 'envfence <command> -h') for a command's arguments and flags.\nExit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error, 3 internal error.\n")
	io.WriteString(w, b.String())
}

// positionals describe each command's arguments for its usage line.
var positionals = map[string]string{
	"scan": "[PATH | FILE]", "envs": "[PATH]", "baseline": "[PATH]", "report": "[PATH]", "rules": "",
	"explain": "RULE   (a rule id from 'envfence rules')", "hook pre-receive": "   (reads \"<old> <new> <ref>\" lines on stdin)",
	"hook warm": "[REF...]", "hook pre-commit": "", "hook pre-push": "[REMOTE URL]   (reads git's pre-push lines on stdin)",
	"hook install": "",
}

// helpOut is where a flag set's usage goes when -h asks for it: standard
// output, like every answer a user asked for. Errors go to standard error,
// once, through exitCode.
var helpOut sync.Map // *flag.FlagSet → io.Writer

// newFlags returns a flag set that reports errors instead of exiting and
// prints its usage, with the command's arguments, to standard output on -h.
func newFlags(name string, stdio Stdio) *flag.FlagSet {
	fs := flag.NewFlagSet("envfence "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	helpOut.Store(fs, stdio.Out)
	return fs
}

// printFlagsUsage writes a command's usage line and flags.
func printFlagsUsage(fs *flag.FlagSet, w io.Writer) {
	name := strings.TrimPrefix(fs.Name(), "envfence ")
	fmt.Fprintf(w, "Usage: %s [flags] %s\n", fs.Name(), positionals[name])
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}

// parseFlags parses args, allowing flags after positional arguments
// (`envfence scan . --format json`), and returns the positionals.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				if w, ok := helpOut.Load(fs); ok {
					printFlagsUsage(fs, w.(io.Writer))
				}
				return nil, err
			}
			return nil, usagef("%v (run '%s -h')", err, fs.Name())
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func runVersion(args []string, stdio Stdio, _ env) error {
	fmt.Fprintf(stdio.Out, "envfence %s\n", version.Get())
	return nil
}
