package report

import (
	"fmt"
	"strings"

	"github.com/envfence/envfence/internal/evidence"
)

// diagram is the layout of one workflow's deploy graph as inline SVG:
// the triggers, then the jobs in columns by the length of their needs:
// chain, then the environments the deploy jobs reach.
type diagram struct {
	Width, Height int
	Title         string
	Nodes         []diagramNode
	Edges         []diagramEdge
}

type diagramNode struct {
	X, Y, W, H int
	// Class colours the node: trigger, job, tests, deploy, or env-<name>.
	Class string
	Lines []string // at most three, already shortened
	Title string   // the full text, shown as a tooltip
}

type diagramEdge struct {
	D     string // path data
	Class string
}

const (
	nodeW, nodeH   = 190, 58
	colGap, rowGap = 56, 18
	margin         = 12
	maxLabel       = 25
)

// layoutDiagram places a workflow's nodes.
func layoutDiagram(wf evidence.WorkflowGraph) diagram {
	depth := jobDepths(wf.Jobs)
	columns := map[int][]int{} // column → job indexes
	maxCol := 0
	for i, j := range wf.Jobs {
		c := depth[j.ID] + 1
		columns[c] = append(columns[c], i)
		maxCol = max(maxCol, c)
	}
	envCol := maxCol + 1
	var placed []evidence.GraphJob // column by column, top to bottom
	for c := 1; c <= maxCol; c++ {
		for _, i := range columns[c] {
			placed = append(placed, wf.Jobs[i])
		}
	}
	targets, targetOf := deployTargets(placed)
	rows := len(targets)
	for _, idx := range columns {
		rows = max(rows, len(idx))
	}
	rows = max(rows, 1)
	d := diagram{Title: wf.Path, Width: margin*2 + (envCol+1)*nodeW + envCol*colGap, Height: margin*2 + rows*nodeH + (rows-1)*rowGap}
	at := func(col, row, n int) (int, int) {
		// centre the column's n nodes vertically
		top := (d.Height - (n*nodeH + (n-1)*rowGap)) / 2
		return margin + col*(nodeW+colGap), top + row*(nodeH+rowGap)
	}
	x, y := at(0, 0, 1)
	trig := strings.Join(wf.Triggers, ", ")
	d.Nodes = append(d.Nodes, diagramNode{X: x, Y: y, W: nodeW, H: nodeH, Class: "trigger", Lines: wrap("on: "+trig, 3), Title: "on: " + trig})
	pos := map[string][2]int{}
	for c := 1; c <= maxCol; c++ {
		for r, i := range columns[c] {
			j := wf.Jobs[i]
			x, y := at(c, r, len(columns[c]))
			pos[j.ID] = [2]int{x, y}
			d.Nodes = append(d.Nodes, jobNode(j, x, y))
			if len(j.Needs) == 0 {
				d.Edges = append(d.Edges, edge(margin+nodeW, at0y(d, at), x, y+nodeH/2, "trigger"))
			}
		}
	}
	for _, j := range wf.Jobs {
		p := pos[j.ID]
		for _, n := range j.Needs {
			if q, ok := pos[n]; ok {
				d.Edges = append(d.Edges, edge(q[0]+nodeW, q[1]+nodeH/2, p[0], p[1]+nodeH/2, "needs"))
			}
		}
	}
	envPos := map[string][2]int{}
	for r, t := range targets {
		x, y := at(envCol, r, len(targets))
		envPos[t.key] = [2]int{x, y}
		d.Nodes = append(d.Nodes, diagramNode{X: x, Y: y, W: nodeW, H: nodeH, Class: "env env-" + envClass(t.env), Lines: t.lines, Title: strings.Join(t.lines, " ")})
	}
	for _, j := range wf.Jobs {
		if k, ok := targetOf[j.ID]; ok {
			p, q := pos[j.ID], envPos[k]
			d.Edges = append(d.Edges, edge(p[0]+nodeW, p[1]+nodeH/2, q[0], q[1]+nodeH/2, "deploys"))
		}
	}
	return d
}

// at0y is the vertical middle of the trigger node.
func at0y(d diagram, at func(col, row, n int) (int, int)) int {
	_, y := at(0, 0, 1)
	return y + nodeH/2
}

func edge(x1, y1, x2, y2 int, class string) diagramEdge {
	mid := (x1 + x2) / 2
	return diagramEdge{D: fmt.Sprintf("M%d %d C%d %d %d %d %d %d", x1, y1, mid, y1, mid, y2, x2-6, y2), Class: class}
}

func jobNode(j evidence.GraphJob, x, y int) diagramNode {
	class := "job"
	var detail []string
	switch {
	case j.Deploys:
		class = "deploy"
	case j.RunsTests:
		class = "tests"
		detail = append(detail, "runs tests")
	}
	if j.Production {
		if j.Gate != "" {
			detail = append(detail, "✓ gated")
		} else {
			detail = append(detail, "✗ no gate")
		}
		if j.EnvironmentName != "" {
			detail = append(detail, "✓ environment")
		} else {
			detail = append(detail, "✗ no environment")
		}
	} else if j.Deploys && j.EnvironmentName != "" {
		detail = append(detail, "environment "+j.EnvironmentName)
	}
	lines := []string{shorten(j.ID, maxLabel)}
	if len(detail) > 0 {
		lines = append(lines, shorten(strings.Join(detail, " · "), maxLabel+4))
	}
	if j.Calls != "" {
		lines = append(lines, shorten("calls "+j.Calls, maxLabel+4))
	}
	return diagramNode{X: x, Y: y, W: nodeW, H: nodeH, Class: class, Lines: lines, Title: j.ID + jobLine(j)}
}

type target struct {
	key, env string
	lines    []string
}

// deployTargets are the environments the graph's deploy jobs reach, and
// each deploy job's target.
func deployTargets(jobs []evidence.GraphJob) ([]target, map[string]string) {
	byKey := map[string]target{}
	of := map[string]string{}
	for _, j := range jobs {
		if !j.Deploys {
			continue
		}
		env := envLabel(j.Environment)
		key := env + "\x00" + j.EnvironmentName
		lines := []string{shorten(env, maxLabel)}
		if j.EnvironmentName != "" {
			lines = append(lines, shorten("environment: "+j.EnvironmentName, maxLabel+4))
		} else {
			lines = append(lines, "no environment:")
		}
		byKey[key] = target{key: key, env: env, lines: lines}
		of[j.ID] = key
	}
	// In the order the jobs are placed, so that edges cross little.
	var out []target
	seen := map[string]bool{}
	for _, j := range jobs {
		if k, ok := of[j.ID]; ok && !seen[k] {
			seen[k] = true
			out = append(out, byKey[k])
		}
	}
	return out, of
}

// envClass is a CSS class for an environment name: built-in ones have
// colours, others share one.
func envClass(env string) string {
	switch env {
	case "production", "staging", "test", "development", "shared":
		return env
	}
	return "other"
}

// jobDepths is the length of each job's longest needs: chain within the
// graph; a cycle (which GitHub rejects) is cut.
func jobDepths(jobs []evidence.GraphJob) map[string]int {
	byID := map[string]evidence.GraphJob{}
	for _, j := range jobs {
		byID[j.ID] = j
	}
	depth := map[string]int{}
	visiting := map[string]bool{}
	var visit func(id string) int
	visit = func(id string) int {
		if d, ok := depth[id]; ok {
			return d
		}
		if visiting[id] {
			return 0
		}
		visiting[id] = true
		d := 0
		for _, n := range byID[id].Needs {
			if _, ok := byID[n]; ok {
				d = max(d, visit(n)+1)
			}
		}
		visiting[id] = false
		depth[id] = d
		return d
	}
	for _, j := range jobs {
		visit(j.ID)
	}
	return depth
}

// shorten cuts a label to n code points with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// wrap breaks text into at most n lines of maxLabel code points.
func wrap(s string, n int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		switch {
		case cur == "":
			cur = w
		case len([]rune(cur))+1+len([]rune(w)) <= maxLabel:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	if len(lines) > n {
		lines = append(lines[:n-1], "…")
	}
	for i := range lines {
		lines[i] = shorten(lines[i], maxLabel)
	}
	return lines
}
