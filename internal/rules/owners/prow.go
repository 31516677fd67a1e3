package owners

import (
	"path"
	"strings"

	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/source"
)

// Kubernetes projects and others using Prow name who approves changes in
// OWNERS files: the approvers of the nearest OWNERS file above a path must
// approve a change to it, as CODEOWNERS owners must review one. A
// production file below an OWNERS file with approvers has owners.

// prowApproved returns the directories ("" for the root) whose OWNERS file
// names at least one approver.
func prowApproved(repo *model.Repo) map[string]bool {
	out := map[string]bool{}
	for _, f := range repo.Files {
		if f.Kind == source.ProwOwners && hasApprovers(f.Lines) {
			dir := path.Dir(f.Path)
			if dir == "." {
				dir = ""
			}
			out[dir] = true
		}
	}
	return out
}

// hasApprovers reports an "approvers:" key (top level or in a filter)
// followed by a list item.
func hasApprovers(lines []string) bool {
	in := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case t == "" || strings.HasPrefix(t, "#"):
		case strings.HasPrefix(t, "approvers:"):
			in = true
			if rest := strings.TrimSpace(strings.TrimPrefix(t, "approvers:")); strings.HasPrefix(rest, "[") && rest != "[]" {
				return true
			}
		case in && strings.HasPrefix(t, "- "):
			return true
		default:
			in = false
		}
	}
	return false
}

// prowOwner returns the nearest directory at or above p's ("" for the
// root) whose OWNERS file names approvers.
func prowOwner(approved map[string]bool, p string) (string, bool) {
	for dir := path.Dir(p); ; dir = path.Dir(dir) {
		if dir == "." || dir == "/" {
			return "", approved[""]
		}
		if approved[dir] {
			return dir, true
		}
	}
}
