package cli

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sethvargo/go-githubactions"

	"github.com/envfence/envfence/internal/action"
	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/ghapi"
	"github.com/envfence/envfence/internal/gitsource"
	"github.com/envfence/envfence/internal/report"
)

// actionUsage describes the Action's entry point.
const actionUsage = `Usage: envfence action

The entry point of the GitHub Action (action.yml): it reads its inputs from
the runner (INPUT_PATH, INPUT_CONFIG, INPUT_FAIL-ON, INPUT_FORMAT,
INPUT_SARIF-FILE, INPUT_BASELINE, INPUT_ONLY-NEW, INPUT_ANNOTATIONS,
INPUT_GITHUB-TOKEN, INPUT_REPORT) and writes annotations, a step summary,
outputs and, with INPUT_REPORT, the evidence pack through the runner's
files. Outside a runner, use 'envfence scan'.
`

// runAction is the GitHub Action's entry point (action.yml runs
// `envfence action`). Everything it reads from or writes to the runner
// goes through go-githubactions.
func runAction(args []string, stdio Stdio, getenv env) error {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			fmt.Fprint(stdio.Out, actionUsage)
			return nil
		}
	}
	if len(args) > 0 {
		return usagef("envfence action takes no arguments: its inputs come from the runner (INPUT_*); run 'envfence action -h'")
	}
	var missing []string
	for _, v := range []string{"GITHUB_ACTIONS", "GITHUB_WORKSPACE", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"} {
		if getenv(v) == "" {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		verb := "is"
		if len(missing) > 1 {
			verb = "are"
		}
		return usagef("envfence action runs inside a GitHub Actions job, and %s %s not set; outside a runner use 'envfence scan'", strings.Join(missing, ", "), verb)
	}
	gha := githubactions.New(githubactions.WithGetenv(githubactions.GetenvFunc(getenv)), githubactions.WithWriter(stdio.Out))
	in, err := action.ReadInputs(gha)
	if err == nil && in.Baseline != "" && !lexists(filepath.Join(getenv("GITHUB_WORKSPACE"), in.Baseline)) && !lexists(in.Baseline) {
		err = fmt.Errorf("input baseline: %s: no such file", in.Baseline)
	}
	if err != nil {
		// An ::error:: line names the input, where the workflow's author
		// will look for it.
		gha.Errorf("%v", err)
		return &exitError{code: ExitUsage}
	}
	root, sub := actionRoot(in.Path, getenv("GITHUB_WORKSPACE"))
	ghctx, _ := gha.Context()
	// The inputs point into the checkout, whose content the pull request
	// chose: links there are refused, not followed.
	f := &scanFlags{config: in.Config, baseline: in.Baseline, failOn: in.FailOn, fromTree: true}
	if f.baseline != "" && !filepath.IsAbs(f.baseline) {
		if p := filepath.Join(getenv("GITHUB_WORKSPACE"), f.baseline); lexists(p) {
			f.baseline = p // relative to the checkout, where the runner starts
		}
	}
	if f.config == "" && sub != "" {
		for _, name := range []string{".envfence.yml", ".envfence.yaml"} {
			if c := filepath.Join(root, filepath.FromSlash(sub), name); fileExists(c) {
				f.config = c // the path's own configuration, as a scan of it would read
				break
			}
		}
	}
	var client *ghapi.Client
	offlineWhy := "no github-token input (a token with actions: read)"
	if in.Token != "" && ghctx != nil && ghctx.Repository != "" {
		client = &ghapi.Client{BaseURL: ghctx.APIURL, Repository: ghctx.Repository, Token: in.Token, MaxWait: 30 * time.Second}
		f.online, offlineWhy = client, ""
	}
	s, res, err := scanWithFlags(context.Background(), root, f)
	if err != nil {
		return err
	}
	if sub != "" {
		keepUnder(res, sub)
	}
	// The pack is evidence of the whole state, not only of what a pull
	// request brings: it is written before only-new narrows the findings.
	if err := writeActionReport(gha, ghctx, in, getenv, root, s, res, client, offlineWhy); err != nil {
		return err
	}
	notes := onlyNew(gha, ghctx, in, s, res, root)
	failOn, err := resolveFailOn(in.FailOn, s.cfg)
	if err != nil {
		return err
	}
	run := reportRun(res, s, in.Path)
	if err := writeSARIFFile(in.SARIFFile, root, getenv, run); err != nil {
		return err
	}
	newReporter, ok := report.Formats[in.Format]
	if !ok {
		return usagef("input format %q: want text, json, sarif, github or markdown", in.Format)
	}
	// Runners render ANSI colour in the log.
	if err := newReporter(report.Options{Color: in.Format == "text" && getenv("NO_COLOR") == ""}).Report(stdio.Out, run); err != nil {
		return err
	}
	if in.Annotations && in.Format != "github" {
		if omitted := action.Annotate(gha, res.Findings); omitted > 0 {
			msg := fmt.Sprintf("%d findings are not annotated: GitHub shows %d errors and %d warnings per step, the most severe are shown; the summary and the SARIF report list them all", omitted, action.MaxAnnotations, action.MaxAnnotations)
			fmt.Fprintln(stdio.Out, "envfence: "+msg)
			notes = append(notes, msg)
		}
	}
	links := action.Links{}
	if ghctx != nil {
		links = action.Links{ServerURL: ghctx.ServerURL, Repository: ghctx.Repository, SHA: ghctx.SHA}
	}
	gha.AddStepSummary(action.Summary(run, links, notes, failed(res.Findings, failOn), failOn))
	action.SetOutputs(gha, res.Findings, in.SARIFFile)
	if failed(res.Findings, failOn) {
		return &exitError{code: ExitFindings, msg: fmt.Sprintf("findings at or above %s", failOn)}
	}
	return nil
}

// writeActionReport writes the evidence pack the report input asks for,
// relative to the workspace.
func writeActionReport(gha *githubactions.Action, ghctx *githubactions.GitHubContext, in action.Inputs, getenv env, root string, s *setup, res *engine.Result, client *ghapi.Client, why string) error {
	if in.Report == "" {
		return nil
	}
	format, _ := action.ReportFormat(in.Report)
	f := &reportFlags{}
	if ghctx != nil && ghctx.Repository != "" {
		f.repository = ghctx.Repository
		if host := serverHost(ghctx.ServerURL); host != "" {
			f.repository = host + "/" + ghctx.Repository
		}
	}
	h, err := packHeader(root, f, getenv)
	if err != nil {
		return err
	}
	h.Path = in.Path
	if h.RepositoryFrom == "--repository" {
		h.RepositoryFrom = "GITHUB_REPOSITORY"
	}
	pack := assemblePack(h, s, res, client, why, nil)
	name := in.Report
	if ws := getenv("GITHUB_WORKSPACE"); ws != "" && !filepath.IsAbs(name) {
		name = filepath.Join(ws, name)
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return usagef("input report: %v", err)
	}
	if err := writeOutputAs("input report:", name, io.Discard, func(w io.Writer, _ bool) error { return report.EvidenceFormats[format](w, pack) }); err != nil {
		return err
	}
	action.SetReportOutput(gha, in.Report)
	return nil
}

// serverHost is the host of GITHUB_SERVER_URL.
func serverHost(serverURL string) string {
	u, err := url.Parse(serverURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// onlyNew keeps only the findings a pull request brings. When the base
// commit is not in the checkout it says what to change and falls back to
// the full scan: it never passes silently.
func onlyNew(gha *githubactions.Action, ghctx *githubactions.GitHubContext, in action.Inputs, s *setup, res *engine.Result, root string) []string {
	if !in.OnlyNew {
		return nil
	}
	base, ok := action.PullRequestBase(ghctx)
	if !ok {
		msg := "only-new applies to pull_request events; this run reports every finding"
		gha.Noticef("%s", msg)
		return []string{msg}
	}
	repo, err := gitsource.Open(root)
	if err == nil {
		if _, err = repo.Resolve(base); err != nil {
			// actions/checkout of a pull request checks out GitHub's merge
			// commit: its first parent is the base branch the pull request
			// merges into, there with fetch-depth: 2.
			if _, merge := repo.Resolve("HEAD^2"); merge == nil {
				if first, ferr := repo.Resolve("HEAD^1"); ferr == nil {
					base, err = first.Hash.String(), nil
				}
			}
		}
		repo.Close()
	}
	if err != nil {
		msg := fmt.Sprintf("only-new: the base commit %.12s is not in the checkout, and HEAD is not a merge commit with its parents; set `fetch-depth: 2` on actions/checkout of the pull request's merge commit (or `fetch-depth: 0`). Reporting every finding instead.", base)
		gha.Warningf("%s", msg)
		return []string{msg}
	}
	if err := s.newSince(context.Background(), res, root, base); err != nil {
		msg := "only-new: comparing with the base commit failed (" + err.Error() + "); reporting every finding"
		gha.Warningf("%s", msg)
		return []string{msg}
	}
	return []string{fmt.Sprintf("Only findings that the base commit %.12s does not have are shown.", base)}
}

// writeSARIFFile writes the SARIF report, relative to the workspace.
func writeSARIFFile(name, root string, getenv env, run *report.Run) error {
	if name == "" {
		return nil
	}
	if ws := getenv("GITHUB_WORKSPACE"); ws != "" && !filepath.IsAbs(name) {
		name = filepath.Join(ws, name)
	}
	return writeOutput(name, io.Discard, func(w io.Writer, _ bool) error {
		return report.Formats["sarif"](report.Options{}).Report(w, run)
	})
}

// actionRoot decides what the Action scans. With a path: inside the
// workspace it scans the whole repository and reports what lies under the
// path (sub), so that paths in annotations, SARIF and the summary are the
// repository's, CODEOWNERS is found where GitHub looks for it, and files
// elsewhere still count for comparisons.
func actionRoot(path, workspace string) (root, sub string) {
	if workspace == "" || filepath.IsAbs(path) {
		return path, ""
	}
	clean := filepath.Clean(path)
	if clean == "." || !filepath.IsLocal(clean) {
		return filepath.Join(workspace, path), ""
	}
	return workspace, filepath.ToSlash(clean)
}

// keepUnder keeps the findings and notes under sub, and those about the
// repository as a whole.
func keepUnder(res *engine.Result, sub string) {
	under := func(p string) bool { return p == "." || p == sub || strings.HasPrefix(p, sub+"/") }
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		if under(f.Path) {
			kept = append(kept, f)
		}
	}
	res.Findings = kept
	notes := res.Notes[:0]
	for _, n := range res.Notes {
		if under(n.Path) {
			notes = append(notes, n)
		}
	}
	res.Notes = notes
}

func fileExists(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

// lexists reports whether something, a link included, is at path.
func lexists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
