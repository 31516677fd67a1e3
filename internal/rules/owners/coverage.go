package owners

import (
	"path"
	"strconv"

	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/source"
)

// Coverage is who must review changes to the repository's production
// files: the decision prod-config-without-owner reports on, for the
// evidence pack.
type Coverage struct {
	// File is the CODEOWNERS file GitHub reads, or "".
	File string
	// Template is true for a project template, whose production files
	// are payload for generated projects and are not judged.
	Template bool
	// Files are the production files, in path order.
	Files []Owned
}

// Owned is one production file and who owns it.
type Owned struct {
	Path string
	// Owners are the CODEOWNERS owners, or for a Prow OWNERS file the
	// directory whose approvers approve it; empty when unowned.
	Owners []string
	// Where is the rule that decides it: "CODEOWNERS:12" or
	// "deploy/OWNERS"; "" when unowned.
	Where string
}

// CoverageOf decides the owners of every production file.
func CoverageOf(repo *model.Repo) Coverage {
	ownersFile := findCodeOwners(repo)
	co := &codeOwners{}
	var cov Coverage
	if ownersFile != nil {
		co = parseCodeOwners(ownersFile.Lines)
		cov.File = ownersFile.Path
	}
	cov.Template = isProjectTemplate(repo)
	approved := prowApproved(repo)
	for _, f := range repo.Files {
		if f.Kind == source.CodeOwners || !isProduction(f) {
			continue
		}
		o := Owned{Path: f.Path}
		if r, ok := co.ownerOf(f.Path); ok {
			o.Owners, o.Where = r.owners, cov.File+":"+strconv.Itoa(r.line)
		} else if dir, ok := prowOwner(approved, f.Path); ok {
			o.Owners, o.Where = []string{"approvers of " + path.Join(dir, "OWNERS")}, path.Join(dir, "OWNERS")
		}
		cov.Files = append(cov.Files, o)
	}
	return cov
}

// Unowned returns the production files no rule gives owners.
func (c Coverage) Unowned() []string {
	var out []string
	for _, f := range c.Files {
		if len(f.Owners) == 0 {
			out = append(out, f.Path)
		}
	}
	return out
}
