package main

import (
	"fmt"
	"io"
	"sort"
)

// counts is one row of the table.
type counts struct {
	findings, tp, fp, debatable, unjudged int
	lostTP, fixedFP, mustFound, mustTotal int
}

func (c counts) precision() string {
	if c.tp+c.fp == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f %%", 100*float64(c.tp)/float64(c.tp+c.fp))
}

// tally adds up the comparison over every repository, per rule.
type tally struct {
	rules map[string]*counts
	lost  []string // lost tp and unfound must lines, for -v
}

func (t *tally) init() { t.rules = map[string]*counts{} }

func (t *tally) row(rule string) *counts {
	if t.rules[rule] == nil {
		t.rules[rule] = &counts{}
	}
	return t.rules[rule]
}

// add counts one repository and returns its findings not yet judged.
func (t *tally) add(name string, findings []finding, verdicts []verdict, m matched) []finding {
	var unjudged []finding
	for i, f := range findings {
		c := t.row(f.Rule)
		c.findings++
		v := m.judged[i]
		if v == nil {
			c.unjudged++
			unjudged = append(unjudged, f)
			continue
		}
		switch v.Kind {
		case "tp":
			c.tp++
		case "fp":
			c.fp++
		case "debatable":
			c.debatable++
		}
	}
	for _, v := range m.unused {
		switch v.Kind {
		case "tp":
			t.row(v.Rule).lostTP++
			t.lost = append(t.lost, fmt.Sprintf("lost tp   %s %s %s:%d (%s)", name, v.Rule, v.Path, v.Line, v.Reason))
		case "fp":
			t.row(v.Rule).fixedFP++
		}
	}
	for i := range verdicts {
		v := &verdicts[i]
		if v.Kind != "must" {
			continue
		}
		c := t.row(v.Rule)
		c.mustTotal++
		if m.mustFound[v] {
			c.mustFound++
		} else {
			t.lost = append(t.lost, fmt.Sprintf("missed    %s %s %s:%d (%s)", name, v.Rule, v.Path, v.Line, v.Reason))
		}
	}
	return unjudged
}

func (t *tally) print(w io.Writer, verbose bool) {
	names := make([]string, 0, len(t.rules))
	for n := range t.rules {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "| rule | findings | tp | fp | debatable | unjudged | precision | fp gone | tp lost | must found |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	var total counts
	for _, n := range names {
		c := *t.rules[n]
		printRow(w, "`"+n+"`", c)
		total.findings += c.findings
		total.tp += c.tp
		total.fp += c.fp
		total.debatable += c.debatable
		total.unjudged += c.unjudged
		total.lostTP += c.lostTP
		total.fixedFP += c.fixedFP
		total.mustFound += c.mustFound
		total.mustTotal += c.mustTotal
	}
	printRow(w, "**total**", total)
	if len(t.lost) > 0 {
		fmt.Fprintf(w, "\n%d judged true findings or must lines are not reported (a recall regression)", len(t.lost))
		if !verbose {
			fmt.Fprintln(w, "; -v lists them")
			return
		}
		fmt.Fprintln(w, ":")
		for _, l := range t.lost {
			fmt.Fprintln(w, "  "+l)
		}
	}
}

func printRow(w io.Writer, name string, c counts) {
	fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %d | %s | %d | %d | %d/%d |\n",
		name, c.findings, c.tp, c.fp, c.debatable, c.unjudged, c.precision(), c.fixedFP, c.lostTP, c.mustFound, c.mustTotal)
}
