package cli

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// readmeOutput marks a README block that shows what a command prints:
// <!-- output of: envfence ARGS --> followed by a ```text block.
var readmeOutput = regexp.MustCompile("(?s)<!-- output of: envfence ([^>]*?) -->\\n```text\\n(.*?)```")

// TestReadmeShowsWhatCommandsPrint: every line of every marked README
// block is a line the command prints today (a block may be an excerpt), so
// that the walkthroughs cannot drift from the tool.
func TestReadmeShowsWhatCommandsPrint(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := readmeOutput.FindAllStringSubmatch(string(data), -1)
	if len(blocks) == 0 {
		t.Fatal("no marked output blocks in the README")
	}
	for _, b := range blocks {
		args := strings.Fields(strings.ReplaceAll(b[1], "testdata/", "../../testdata/"))
		_, out, errOut := run(t, nil, args...)
		printed := strings.Split(out+errOut, "\n")
		for _, line := range strings.Split(strings.TrimSuffix(b[2], "\n"), "\n") {
			if !slices.Contains(printed, line) {
				t.Errorf("README block for %q shows a line the command does not print:\n%s", b[1], line)
			}
		}
	}
}
