// Command recall compares envfence's JSON report with the planted
// violations the generator listed, and prints recall and any finding of a
// planted rule that was not planted (a likely false positive).
//
//	go run ./bench/recall -expected DIR.expected.json -report report.json
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
)

type location struct {
	Rule string `json:"rule"`
	Path string `json:"path"`
	Line int    `json:"line"`
}

func main() {
	expectedPath := flag.String("expected", "", "expected.json from bench/gen")
	reportPath := flag.String("report", "", "envfence scan --format json output")
	flag.Parse()
	var expected []location
	var report struct{ Findings []location }
	if err := readJSON(*expectedPath, &expected); err != nil {
		fail(err)
	}
	if err := readJSON(*reportPath, &report); err != nil {
		fail(err)
	}
	found := map[location]bool{}
	for _, f := range report.Findings {
		found[f] = true
	}
	missed := 0
	for _, e := range expected {
		if !found[e] {
			missed++
			fmt.Printf("missed: %s %s:%d\n", e.Rule, e.Path, e.Line)
		}
	}
	fmt.Printf("recall: %d/%d planted violations found; %d findings in all\n", len(expected)-missed, len(expected), len(report.Findings))
	if missed > 0 {
		os.Exit(1)
	}
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "recall:", err)
	os.Exit(2)
}
