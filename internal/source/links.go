package source

import (
	"path"
	"strings"
)

// LinkTarget resolves the target of the link at the slash-separated
// path p against p's directory, and reports whether it stays inside the
// tree: an absolute target, or one that climbs above the root, does not.
func LinkTarget(p, target string) (string, bool) {
	if target == "" || strings.HasPrefix(target, "/") || strings.ContainsRune(target, 0) || strings.Contains(target, "\\") {
		return "", false
	}
	joined := path.Clean(path.Join(path.Dir(p), target))
	if joined == "." || joined == ".." || strings.HasPrefix(joined, "../") {
		return "", false
	}
	return joined, true
}
