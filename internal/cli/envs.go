package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/envfence/envfence/internal/engine"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
)

// scopeJSON is one scope of `envfence envs --format json` (SPEC §1).
type scopeJSON struct {
	Path        string `json:"path"`
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	Line        int    `json:"line"`
	Environment string `json:"environment"`
	Reason      string `json:"reason"`
	// Deploys and DeployReason are set for jobs only.
	Deploys      *bool  `json:"deploys,omitempty"`
	DeployReason string `json:"deploy_reason,omitempty"`
}

func runEnvs(args []string, stdio Stdio, _ env) error {
	fs := newFlags("envs", stdio)
	format := fs.String("format", "text", "output format: text or json")
	configPath := fs.String("config", "", "configuration `file` (default: PATH/.envfence.yml if present)")
	commit := fs.String("commit", "", "classify the tree of commit `rev` instead of the work tree")
	root, err := parseRoot(fs, args)
	if err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usagef("--format %q: want text or json", *format)
	}
	s, err := loadSetup(root, *configPath)
	if err != nil {
		return err
	}
	s.rules = nil // the map needs no rules
	res, err := s.scanTarget(context.Background(), target{root: root, commit: *commit}, engine.NewCache())
	if err != nil {
		return err
	}
	scopes := scopesOf(res.Repo)
	if *format == "json" {
		return writeScopesJSON(stdio.Out, scopes)
	}
	return writeScopesText(stdio.Out, scopes)
}

func scopesOf(repo *model.Repo) []scopeJSON {
	all := repo.Scopes()
	out := make([]scopeJSON, len(all))
	for i, s := range all {
		out[i] = scopeJSON{Path: s.Path, Kind: string(s.Kind), Name: s.Name, Line: s.Line, Environment: string(s.Env), Reason: s.Reason}
		if s.Deploy != nil {
			deploys := s.Deploy.Deploys
			out[i].Deploys, out[i].DeployReason = &deploys, s.Deploy.Reason
		}
	}
	return out
}

func writeScopesJSON(w io.Writer, scopes []scopeJSON) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Schema string      `json:"schema"`
		Scopes []scopeJSON `json:"scopes"`
	}{"envfence/v1", scopes})
}

// writeScopesText prints one line per scope: sections and jobs indented
// under their file.
func writeScopesText(w io.Writer, scopes []scopeJSON) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, s := range scopes {
		env := s.Environment
		if env == "" {
			env = "-"
		}
		where := s.Path
		if s.Kind != "file" {
			where = fmt.Sprintf("  %s %s (line %d)", s.Kind, s.Name, s.Line)
		}
		reason := s.Reason
		switch {
		case s.Deploys != nil && *s.Deploys:
			reason += "; deploys: " + s.DeployReason
		case s.Deploys != nil:
			reason += "; does not deploy: " + s.DeployReason
		}
		// Paths and names come from the tree: printed escaped.
		fmt.Fprintf(tw, "%s\t%s\t%s\n", finding.Printable(where), env, finding.Printable(strings.ReplaceAll(reason, "\t", " ")))
	}
	return tw.Flush()
}
