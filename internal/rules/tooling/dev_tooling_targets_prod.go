// Package tooling holds the rule about developer tooling — Makefiles,
// scripts, package.json scripts, Taskfiles, development compose files —
// that reaches production directly.
package tooling

import (
	_ "embed"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/rules/endpoints"
	"github.com/envfence/envfence/internal/source"
	"github.com/envfence/envfence/internal/values"
)

//go:embed doc/dev-tooling-targets-prod.md
var doc string

// DevToolingTargetsProd reports developer tooling that connects to or
// changes production.
var DevToolingTargetsProd = &rule.Rule{
	ID:       "dev-tooling-targets-prod",
	Summary:  "developer tooling that connects to or changes production",
	Evidence: rule.DirectPaths,
	Doc:      doc,
	Severity: finding.Warning,
	Run:      run,
	Reach:    rule.Linked,
	Links:    links,
}

// target is a flag or argument that names where a command goes. The
// first submatch is the name to classify.
type target struct {
	what string
	re   *regexp.Regexp
}

var targets = []target{
	{"kubectl --context", regexp.MustCompile(`\bkubectl\b[^\n;&|]*?--context(?:=|\s+)["']?([A-Za-z0-9_.:/@-]+)`)},
	{"kubectl config use-context", regexp.MustCompile(`\bkubectl\s+config\s+use-context\s+["']?([A-Za-z0-9_.:/@-]+)`)},
	{"helm --kube-context", regexp.MustCompile(`\bhelm\b[^\n;&|]*?--kube-context(?:=|\s+)["']?([A-Za-z0-9_.:/@-]+)`)},
	{"terraform -var-file", regexp.MustCompile(`\bterraform\b[^\n;&|]*?\b(?:apply|destroy|import)\b[^\n;&|]*?-var-file(?:=|\s+)["']?([A-Za-z0-9_./-]+)`)},
	{"terraform -chdir", regexp.MustCompile(`\bterraform\s+-chdir=["']?([A-Za-z0-9_./-]+)["']?\s+(?:apply|destroy|import)\b`)},
	{"terraform workspace select", regexp.MustCompile(`\bterraform\s+workspace\s+select\s+["']?([A-Za-z0-9_.-]+)`)},
	{"aws --profile", regexp.MustCompile(`\baws\b[^\n;&|]*?--profile(?:=|\s+)["']?([A-Za-z0-9_.-]+)`)},
	{"AWS_PROFILE", regexp.MustCompile(`\bAWS_PROFILE=["']?([A-Za-z0-9_.-]+)`)},
	{"gcloud --project", regexp.MustCompile(`\bgcloud\b[^\n;&|]*?--project(?:=|\s+)["']?([a-z][a-z0-9-]+)`)},
	{"az --subscription", regexp.MustCompile(`\baz\b[^\n;&|]*?--subscription(?:=|\s+)["']?([A-Za-z0-9_.-]+)`)},
	{"cap deploy", regexp.MustCompile(`\bcap\s+([A-Za-z0-9_-]+)\s+deploy\b`)},
	{"ansible-playbook -i", regexp.MustCompile(`\bansible-playbook\b[^\n;&|]*?-i(?:=|\s+)["']?([A-Za-z0-9_./-]+)`)},
}

// dbClients are commands whose host argument is where they connect.
var dbClients = regexp.MustCompile(`\b(?:psql|pg_dump|pg_restore|mysql|mysqldump|redis-cli|mongosh|mongo|mongodump|sqlcmd|ssh|scp|rsync|sftp|curl|clickhouse-client)\b`)

// hostVariables are host arguments given as a variable, whose name says
// where they point: pg_dump --host=$DB_PROD_HOST, ssh $PROD_SERVER.
var hostVariables = regexp.MustCompile(`(?:--host(?:=|\s+)|-h\s*|\b(?:ssh|scp|rsync|sftp)\s+(?:-\S+\s+)*[\w.-]*@?)["']?\$\{?([A-Za-z_][A-Za-z0-9_]*)`)

// platformChanges are commands that change a running application; with
// production named anywhere in their command (cd fly.io/$PROD_APP &&
// flyctl scale …) they change production.
var platformChanges = regexp.MustCompile(`\b(?:(?:fly|flyctl)\s+(?:scale|deploy|apps\s+restart|secrets\s+set|machine\s+(?:stop|restart|destroy)|postgres\s+connect)|heroku\s+(?:ps:scale|restart|run|pg:psql|config:set|releases:rollback))\b`)

// command is one command line with its location.
type command struct {
	text string
	// before is the start of the logical command when text continues it
	// (the lines before, ended with a backslash): context, never a place
	// to report.
	before string
	where  string // "Makefile", "script deploy:prod" …
	val    *model.Value
	file   *model.File
	line   int
	col    int // code-point column where text starts
}

func run(pass *rule.Pass) error {
	inv := endpoints.NewInventory(pass.Repo)
	for _, f := range pass.Repo.Files {
		if f.Scope.Env == envmodel.Production {
			continue // production's own tooling (deploy/prod/run.sh) is production, not developer tooling
		}
		for _, c := range commands(f) {
			check(pass, inv, c)
		}
	}
	return nil
}

// links relates a tooling file to the production values whose hosts its
// commands connect to, through the inventory (rule.Linked).
func links(repo *model.Repo, f *model.File) []rule.Link {
	out := endpoints.Links(repo, f)
	for _, c := range commands(f) {
		if !dbClients.MatchString(c.text) {
			continue
		}
		for _, e := range values.CommandEndpoints(c.text) {
			out = append(out, endpoints.HostLinks(repo.Classifier, e.Host)...)
		}
	}
	return out
}

// commands lists the command lines of a tooling file.
func commands(f *model.File) []command {
	base := strings.ToLower(path.Base(f.Path))
	var out []command
	switch {
	case f.Kind == source.Makefile || f.Kind == source.Shell:
		before := ""
		for i, l := range f.Lines {
			if t := strings.TrimSpace(l); t == "" || strings.HasPrefix(t, "#") {
				before = ""
				continue
			}
			out = append(out, command{text: l, before: before, where: path.Base(f.Path), file: f, line: i + 1, col: 1})
			if strings.HasSuffix(strings.TrimSpace(l), "\\") {
				before += strings.TrimSuffix(strings.TrimSpace(l), "\\") + " "
			} else {
				before = ""
			}
		}
	case base == "package.json":
		out = valueCommands(f, func(p []string) (string, bool) {
			return "script " + last(p), len(p) == 2 && p[0] == "scripts"
		})
	case base == "taskfile.yml" || base == "taskfile.yaml":
		out = valueCommands(f, func(p []string) (string, bool) {
			return "task " + at(p, 1), len(p) >= 3 && p[0] == "tasks" && (p[2] == "cmds" || p[2] == "cmd")
		})
	case isDevCompose(base):
		out = valueCommands(f, func(p []string) (string, bool) {
			return "service " + at(p, 1), len(p) >= 3 && p[0] == "services" && (p[2] == "command" || p[2] == "entrypoint" || p[2] == "environment")
		})
	}
	return out
}

func valueCommands(f *model.File, pick func([]string) (string, bool)) []command {
	var out []command
	for i := range f.Values {
		v := &f.Values[i]
		where, ok := pick(v.Path)
		if !ok {
			continue
		}
		col := v.Range.Start.Col
		if v.Quoted {
			col++
		}
		out = append(out, command{text: v.Value.Reveal(), where: where, val: v, file: f, line: v.Range.Start.Line, col: col})
	}
	return out
}

func isDevCompose(base string) bool {
	if !strings.HasPrefix(base, "docker-compose") && !strings.HasPrefix(base, "compose") {
		return false
	}
	return strings.Contains(base, "override") || strings.Contains(base, ".dev.") || strings.Contains(base, "-dev.") || strings.Contains(base, ".local.")
}

// check reports every production target of one command.
func check(pass *rule.Pass, inv *endpoints.Inventory, c command) {
	for _, t := range targets {
		for _, m := range t.re.FindAllStringSubmatchIndex(c.text, -1) {
			name := c.text[m[2]:m[3]]
			d, ok := pass.Repo.Classifier.Name(name)
			if !ok || d.Env != envmodel.Production {
				continue
			}
			report(pass, c, m[2], len(name), name, fmt.Sprintf("%s runs %s %s against production (%s)", c.where, t.what, name, d.Reason))
		}
	}
	if m := platformChanges.FindStringIndex(c.text); m != nil {
		if d, ok := namesProduction(pass.Repo.Classifier, c.before+c.text); ok {
			cmd := strings.Join(strings.Fields(c.text[m[0]:m[1]]), " ")
			report(pass, c, m[0], m[1]-m[0], cmd, fmt.Sprintf("%s runs %s against production (%s)", c.where, cmd, d.Reason))
		}
	}
	if !dbClients.MatchString(c.before + c.text) {
		return
	}
	for _, m := range hostVariables.FindAllStringSubmatchIndex(c.text, -1) {
		name := c.text[m[2]:m[3]]
		if d, ok := pass.Repo.Classifier.Name(name); ok && d.Env == envmodel.Production {
			report(pass, c, m[2], len(name), name, fmt.Sprintf("%s connects to the host in $%s, which production names (%s)", c.where, name, d.Reason))
		}
	}
	for _, e := range values.CommandEndpoints(c.text) {
		why, _, ok := inv.ProductionHost(e.Host)
		if !ok {
			continue
		}
		off := len(string([]rune(c.text)[:e.Offset]))
		report(pass, c, off, len(e.Host), e.Host, fmt.Sprintf("%s connects to production host %s (%s)", c.where, e.Host, why))
	}
}

// namesProduction reports a command that names production in any of its
// words (a directory, a variable, an argument).
func namesProduction(cls *envmodel.Classifier, text string) (envmodel.Decision, bool) {
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '{' || r == '}' || r == '$' || r == '"' || r == '\''
	}) {
		if d, ok := cls.Name(w); ok && d.Env == envmodel.Production {
			return d, true
		}
	}
	return envmodel.Decision{}, false
}

// report locates a finding at byte offset off of the command's text.
func report(pass *rule.Pass, c command, off, n int, key, msg string) {
	col := c.col + len([]rune(c.text[:off]))
	pass.Report(finding.Finding{
		Path: c.file.Path, Line: c.line, Column: col, EndLine: c.line, EndColumn: col + len([]rune(c.text[off:off+n])),
		Environment: string(c.file.Scope.Env), Key: c.where + "@" + key, Message: msg,
	})
}

func last(p []string) string { return p[len(p)-1] }

func at(p []string, i int) string {
	if i < len(p) {
		return p[i]
	}
	return ""
}

// Checked returns the developer tooling files whose commands the rule
// reads, in path order: what the evidence pack's direct-paths section
// vouches for.
func Checked(repo *model.Repo) []string {
	var out []string
	for _, f := range repo.Files {
		if f.Scope.Env != envmodel.Production && !f.Stub && len(commands(f)) > 0 {
			out = append(out, f.Path)
		}
	}
	return out
}
