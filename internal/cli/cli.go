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

	"github.com/envfence/envfence/internal/config"
)

// Version is the tool version, set at build time with
// -ldflags "-X github.com/envfence/envfence/internal/cli.Version=…".
var Version = "0.1.0"

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
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(stdio.Out)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return exitCode(c.run(args[1:], stdio, getenv), stdio.Err)
		}
	}
	fmt.Fprintf(stdio.Err, "envfence: unknown command %q (run 'envfence help')\n", args[0])
	return ExitUsage
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
	b.WriteString("\nRun 'envfence <command> -h' for a command's flags.\nExit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error, 3 internal error.\n")
	io.WriteString(w, b.String())
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string, stdio Stdio) *flag.FlagSet {
	fs := flag.NewFlagSet("envfence "+name, flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	return fs
}

// parseFlags parses args, allowing flags after positional arguments
// (`envfence scan . --format json`), and returns the positionals.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%v", err)
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
	fmt.Fprintf(stdio.Out, "envfence %s\n", Version)
	return nil
}
