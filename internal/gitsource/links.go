package gitsource

import (
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/envfence/envfence/internal/source"
)

// maxLinkHops bounds a chain of links (a link to a link …), so that a
// loop ends: the kernel's own bound is 40; no real repository nears 8.
const maxLinkHops = 8

// maxLinkTarget bounds the blob of a link, which holds its target path.
const maxLinkTarget = 4 << 10

// followLink resolves the link at p (whose blob, h, holds the target
// path) in c's tree to the blob and path of the regular file it ends at. A link
// shares a file between directories — variables-common.tf linked into
// every Terraform deployment — so the file is read at the link's path
// too, where its environment is the link's. A target outside the tree,
// missing, a directory or a chain longer than maxLinkHops is not
// followed, and reason says why.
func (r *Repo) followLink(c Commit, p string, h plumbing.Hash) (blob plumbing.Hash, target, reason string) {
	for range maxLinkHops {
		target, err := r.objects.blob(h, maxLinkTarget)
		if err != nil {
			return plumbing.ZeroHash, "", "symbolic link whose target cannot be read, not followed"
		}
		next, ok := source.LinkTarget(p, string(target))
		if !ok {
			return plumbing.ZeroHash, "", "symbolic link to a path outside the repository, not followed"
		}
		e, found, err := r.lookupPath(c, next)
		switch {
		case err != nil || !found:
			return plumbing.ZeroHash, "", "symbolic link to a missing file, not followed"
		case e.Mode == filemode.Symlink:
			p, h = next, e.Hash
		case isRegular(e.Mode):
			return e.Hash, next, ""
		default:
			return plumbing.ZeroHash, "", "symbolic link to a directory, not followed"
		}
	}
	return plumbing.ZeroHash, "", "symbolic link loop or chain of more than 8 links, not followed"
}
