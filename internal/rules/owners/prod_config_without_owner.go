package owners

import (
	_ "embed"
	"fmt"
	"path"
	"strings"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/source"
)

//go:embed doc/prod-config-without-owner.md
var doc string

// ProdConfigWithoutOwner reports production configuration and production
// deploy workflows that no CODEOWNERS rule covers.
var ProdConfigWithoutOwner = &rule.Rule{
	ID:       "prod-config-without-owner",
	Summary:  "production config or a production deploy workflow not covered by a CODEOWNERS rule",
	Evidence: rule.Access,
	Doc:      doc,
	Severity: finding.Warning,
	Run:      run,
	Reach:    rule.OwnFile,
	// The CODEOWNERS file is read whatever changes; every other file
	// counts by the environments of its scopes.
	AlsoReads: []source.Kind{source.CodeOwners, source.ProwOwners},
}

// codeOwnersPaths are where GitHub looks, in its order.
var codeOwnersPaths = []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"}

// maxListed is how many paths the message names.
const maxListed = 5

func run(pass *rule.Pass) error {
	cov := CoverageOf(pass.Repo)
	if cov.Template {
		return nil
	}
	unowned := cov.Unowned()
	if len(unowned) == 0 {
		return nil
	}
	pass.Report(summarise(cov.File, unowned))
	return nil
}

func findCodeOwners(repo *model.Repo) *model.File {
	for _, p := range codeOwnersPaths {
		for _, f := range repo.Files {
			if f.Path == p {
				return f
			}
		}
	}
	return nil
}

// isProduction reports files that are production configuration: a
// production file scope, a production section, or a production job.
func isProduction(f *model.File) bool {
	if isPayload(f.Path) || buildDefinitions[path.Base(f.Path)] {
		return false
	}
	if f.Scope.Env == envmodel.Production {
		return true
	}
	for _, s := range append(append([]*model.Scope(nil), f.Sections...), f.Jobs...) {
		if s.Env == envmodel.Production {
			return true
		}
	}
	return false
}

// templateMarkers are the files that make a repository a project template
// (dotnet new, cookiecutter, copier): every production file in it is
// payload for the projects generated from it.
var templateMarkers = []string{".template.config/template.json", "cookiecutter.json", "copier.yml", "copier.yaml"}

func isProjectTemplate(repo *model.Repo) bool {
	for _, f := range repo.Files {
		for _, m := range templateMarkers {
			if f.Path == m {
				return true
			}
		}
	}
	return false
}

// buildDefinitions are build tools' workspace files: their "production"
// configurations are build modes (optimisation, file replacements), not
// settings a deployment loads.
var buildDefinitions = map[string]bool{"angular.json": true, "workspace.json": true, "project.json": true}

// payloadDirs hold what the repository ships for others to copy or
// generate from: documentation examples and samples. Their production
// files configure nobody's production here.
var payloadDirs = map[string]bool{"example": true, "examples": true, "sample": true, "samples": true, "_examples": true}

// isPayload reports paths inside example directories or a project
// template's payload (cookiecutter's {{cookiecutter.project_slug}}/,
// copier's {{ name }}/).
func isPayload(p string) bool {
	dir := path.Dir(p)
	if strings.Contains(dir, "{{") {
		return true
	}
	for _, seg := range strings.Split(dir, "/") {
		if payloadDirs[strings.ToLower(seg)] {
			return true
		}
	}
	return false
}

func summarise(ownersFile string, unowned []string) finding.Finding {
	var names []string
	for i, f := range unowned {
		if i == maxListed {
			names = append(names, fmt.Sprintf("and %d more", len(unowned)-maxListed))
			break
		}
		names = append(names, f)
	}
	f := finding.Finding{Key: "codeowners", Related: []finding.Location{}}
	if ownersFile != "" {
		f.Path, f.Line, f.Column, f.EndLine, f.EndColumn = ownersFile, 1, 1, 1, 1
		f.Message = fmt.Sprintf("%d production file%s not covered by %s: %s; add an owner rule so that production changes need their review", len(unowned), plural(len(unowned)), ownersFile, strings.Join(names, ", "))
	} else {
		f.Path = "."
		f.Message = fmt.Sprintf("no CODEOWNERS file, so no owner must review changes to %d production file%s: %s; add .github/CODEOWNERS", len(unowned), plural(len(unowned)), strings.Join(names, ", "))
	}
	for _, u := range unowned {
		f.Related = append(f.Related, finding.Location{Path: u, Line: 1, Column: 1, Environment: string(envmodel.Production), Message: "no owner"})
	}
	return f
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
