// Command envfence keeps development, test, staging and production apart:
// see `envfence help` and the README.
package main

import (
	"os"

	"github.com/envfence/envfence/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, os.Getenv))
}
