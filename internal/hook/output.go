package hook

import (
	"fmt"
	"io"

	"github.com/envfence/envfence/internal/finding"
)

// host is the kind of git server the hook runs on.
type host int

const (
	plainGit host = iota
	gitHubEnterprise
	gitLab
	gitea
)

// detectHost tells the server from the variables it sets for hooks.
func detectHost(env func(string) string) host {
	switch {
	case env("GITHUB_USER_LOGIN") != "" || env("GITHUB_REPO_NAME") != "":
		return gitHubEnterprise
	case env("GL_ID") != "" || env("GL_USERNAME") != "" || env("GL_PROJECT_PATH") != "":
		return gitLab
	case env("GITEA_PUSHER_NAME") != "" || env("GITEA_REPO_NAME") != "" || env("FORGEJO_PUSHER_NAME") != "":
		return gitea
	}
	return plainGit
}

// printer writes hook output in the host's convention: GitLab shows
// rejection lines to the user only with the GL-HOOK-ERR: prefix.
type printer struct {
	w    io.Writer
	host host
}

func newPrinter(w io.Writer, h host) *printer { return &printer{w: w, host: h} }

// line prints one line. Every line is made printable: paths and messages
// come from the pushed tree, and a file name holding a newline or an
// escape sequence must not add lines or rewrite the pusher's terminal.
func (p *printer) line(s string) { fmt.Fprintln(p.w, finding.Printable(s)) }

func (p *printer) reject(s string) {
	s = finding.Printable(s)
	if p.host == gitLab {
		s = "GL-HOOK-ERR: " + s
	}
	fmt.Fprintln(p.w, s)
}
