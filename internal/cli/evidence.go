package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/envfence/envfence/internal/config"
	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/evidence"
	"github.com/envfence/envfence/internal/ghapi"
	"github.com/envfence/envfence/internal/gitsource"
	"github.com/envfence/envfence/internal/report"
	"github.com/envfence/envfence/internal/rules"
)

// reportFlags are the flags of `envfence report`.
type reportFlags struct {
	scanFlags
	repository, hookConfig string
	offline                bool
}

// runReport writes the A.8.31 evidence pack.
func runReport(args []string, stdio Stdio, getenv env) error {
	var f reportFlags
	fs := newFlags("report", stdio)
	fs.StringVar(&f.config, "config", "", "configuration `file` (default: PATH/.envfence.yml if present)")
	fs.StringVar(&f.format, "format", "markdown", "evidence format: markdown, html or json")
	fs.StringVar(&f.output, "output", "", "write the pack to `file` instead of standard output")
	fs.StringVar(&f.baseline, "baseline", "", "accept the findings in this baseline `file` (listed as accepted risks)")
	fs.StringVar(&f.commit, "commit", "", "report on the tree of commit `rev` instead of the work tree")
	fs.StringVar(&f.repository, "repository", "", "the repository's `name` (OWNER/NAME or HOST/OWNER/NAME; default: from the git remote origin)")
	fs.StringVar(&f.hookConfig, "hook-config", "", "the server hook's configuration `file`, to describe its policy (default: $ENVFENCE_CONFIG)")
	fs.BoolVar(&f.offline, "offline", false, "do not read environment protection from GitHub even when GITHUB_TOKEN is set")
	root, err := parseRoot(fs, args)
	if err != nil {
		return err
	}
	write, ok := report.EvidenceFormats[f.format]
	if !ok {
		return usagef("--format %q: want markdown, html or json", f.format)
	}
	pack, err := buildPack(root, &f, getenv)
	if err != nil {
		return err
	}
	return writeOutput(f.output, stdio.Out, func(w io.Writer, _ bool) error { return write(w, pack) })
}

// buildPack scans and assembles the pack.
func buildPack(root string, f *reportFlags, getenv env) (*evidence.Pack, error) {
	h, err := packHeader(root, f, getenv)
	if err != nil {
		return nil, err
	}
	var hook *evidence.HookPolicy
	if f.hookConfig == "" {
		f.hookConfig = getenv("ENVFENCE_CONFIG") // on the server, where the hook runs
	}
	if f.hookConfig != "" {
		cfg, err := config.Load(f.hookConfig, config.LoadOptions{KnownRules: rules.IDs()})
		if err != nil {
			return nil, err
		}
		hook = hookPolicy(cfg.Hook)
	}
	client, why := githubClient(h.Repository, f, getenv)
	if client != nil {
		f.online = client
	}
	s, res, err := scanWithFlags(context.Background(), root, &f.scanFlags)
	if err != nil {
		return nil, err
	}
	return assemblePack(h, s, res, client, why, hook), nil
}

// assemblePack builds the pack of a scan. client is the GitHub client the
// scan's online rule used, or nil, when why says why there is none.
func assemblePack(h evidence.Header, s *setup, res *engine.Result, client *ghapi.Client, why string, hook *evidence.HookPolicy) *evidence.Pack {
	h.GitHub = evidence.Online{Read: client != nil, Why: why}
	h.Config = evidence.Config{Files: configFiles(s.cfg), Digest: s.cfg.Digest()}
	in := evidence.Input{Header: h, Repo: res.Repo, Checks: ruleRuns(s, client != nil, why), Findings: res.Findings, Accepted: res.Accepted, Notes: res.Notes, Hook: hook}
	if client != nil {
		in.GitHub = client
	}
	return evidence.Build(in)
}

// packHeader says what is scanned, when and by what.
func packHeader(root string, f *reportFlags, getenv env) (evidence.Header, error) {
	h := evidence.Header{Path: root, Tree: "work tree", Tool: evidence.Tool{Name: "envfence", Version: Version}}
	date, from, err := reportDate(getenv)
	if err != nil {
		return h, err
	}
	h.Date, h.DateFrom = date, from
	if f.commit != "" {
		h.Tree = "commit"
	}
	repo, err := gitsource.Open(root)
	if err == nil {
		defer repo.Close()
		rev := "HEAD"
		if f.commit != "" {
			rev = f.commit
		} else {
			h.Branch = repo.Branch()
		}
		if c, err := repo.Resolve(rev); err == nil {
			h.Commit = c.Hash.String()
		}
		h.Repository, h.RepositoryFrom = gitsource.RepositoryName(repo.RemoteURL("origin")), "git remote origin"
	}
	switch {
	case f.repository != "":
		h.Repository, h.RepositoryFrom = f.repository, "--repository"
	case h.Repository == "":
		abs, _ := filepath.Abs(root)
		h.Repository, h.RepositoryFrom = filepath.Base(abs), "directory name; pass --repository to name it"
	}
	return h, nil
}

// reportDate is SOURCE_DATE_EPOCH when set (reproducible builds'
// convention), else now, in UTC.
func reportDate(getenv env) (string, string, error) {
	if s := getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return "", "", usagef("SOURCE_DATE_EPOCH=%q: want a number of seconds since 1970", s)
		}
		return time.Unix(n, 0).UTC().Format(time.RFC3339), "SOURCE_DATE_EPOCH", nil
	}
	return time.Now().UTC().Truncate(time.Second).Format(time.RFC3339), "clock", nil
}

// githubClient returns a client for the repository's environments, or
// why there is none.
func githubClient(repository string, f *reportFlags, getenv env) (*ghapi.Client, string) {
	token := getenv("GITHUB_TOKEN")
	if token == "" {
		token = getenv("GH_TOKEN")
	}
	switch {
	case f.offline:
		return nil, "--offline"
	case token == "":
		return nil, "no GitHub token: set GITHUB_TOKEN with permission to read the repository's environments (actions: read)"
	}
	host, name, ok := githubName(repository)
	if !ok {
		return nil, fmt.Sprintf("%q is not a GitHub repository name: pass --repository OWNER/NAME", repository)
	}
	api := getenv("GITHUB_API_URL")
	switch {
	case api != "":
	case host == "github.com":
		api = "https://api.github.com"
	default:
		api = "https://" + host + "/api/v3" // GitHub Enterprise Server
	}
	return &ghapi.Client{BaseURL: api, Repository: name, Token: token, MaxWait: 30 * time.Second}, ""
}

// githubName splits HOST/OWNER/NAME or OWNER/NAME (github.com).
func githubName(repository string) (host, name string, ok bool) {
	parts := strings.Split(repository, "/")
	switch {
	case len(parts) == 2 && parts[0] != "" && parts[1] != "":
		return "github.com", repository, true
	case len(parts) == 3 && parts[0] != "" && parts[1] != "" && parts[2] != "":
		return parts[0], parts[1] + "/" + parts[2], true
	}
	return "", "", false
}

// ruleRuns says for every rule of the catalogue whether it ran.
func ruleRuns(s *setup, online bool, offlineWhy string) []evidence.RuleRun {
	var out []evidence.RuleRun
	for _, r := range rules.All() {
		rr := evidence.RuleRun{Rule: r, Ran: true}
		switch {
		case !s.cfg.Enabled(r.ID):
			rr.Ran, rr.Why = false, "switched off in "+s.cfg.File
		case r.Online && !online:
			rr.Ran, rr.Why = false, offlineWhy
		}
		out = append(out, rr)
	}
	return out
}

func configFiles(cfg *config.Config) []string {
	if cfg.File == "" || strings.HasPrefix(cfg.File, "(") {
		return []string{} // the built-in defaults
	}
	return []string{cfg.File}
}

// hookPolicy describes the server hook's policy.
func hookPolicy(h config.HookPolicy) *evidence.HookPolicy {
	p := &evidence.HookPolicy{FailOn: string(h.FailOn), Deadline: h.Deadline.String(), OnTimeout: h.OnTimeout, OnError: h.OnError,
		Bypass: h.Bypass.Enabled, BypassUsers: append([]string{}, h.Bypass.Users...), BypassAudited: h.Bypass.AuditLog != "", RepositoryMay: []string{}}
	may := []struct {
		ok   bool
		what string
	}{{h.Repository.Environments, "environments"}, {h.Repository.Ignore, "ignore"}, {h.Repository.Exclude, "exclude"}, {h.Repository.RelaxRules, "rule severities (relax)"}}
	for _, m := range may {
		if m.ok {
			p.RepositoryMay = append(p.RepositoryMay, m.what)
		}
	}
	return p
}
