package gitsource

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
)

// Branch returns the short name of the branch HEAD points to, or "" when
// HEAD is detached.
func (r *Repo) Branch() string {
	head, err := r.refs.Reference(plumbing.HEAD)
	if err != nil || head.Type() != plumbing.SymbolicReference {
		return ""
	}
	return head.Target().Short()
}

// RemoteURL returns the first URL of the named remote with any user name
// or password removed (a checkout's origin can carry a token), or "" when
// there is no such remote.
func (r *Repo) RemoteURL(name string) string {
	data, err := os.ReadFile(filepath.Join(commonDir(r.gitDir), "config"))
	if err != nil {
		return ""
	}
	cfg := config.NewConfig()
	if err := cfg.Unmarshal(data); err != nil {
		return ""
	}
	rc, ok := cfg.Remotes[name]
	if !ok || len(rc.URLs) == 0 {
		return ""
	}
	return withoutUserinfo(rc.URLs[0])
}

// withoutUserinfo drops credentials from a URL; an scp-like address
// (git@host:owner/name) keeps its form without the user.
func withoutUserinfo(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		u.User = nil // with a scheme, or scheme-relative (//user:pw@host)
		return u.String()
	}
	if at := strings.Index(raw, "@"); at >= 0 && strings.Contains(raw[at:], ":") && !strings.Contains(raw[:at], "/") {
		return raw[at+1:]
	}
	return raw
}

// RepositoryName turns a remote URL into host/owner/name
// ("github.com/acme/shop"): the scheme, port, user and ".git" are
// dropped. It returns "" for a local path.
func RepositoryName(remote string) string {
	var host, p string
	if strings.Contains(remote, "://") {
		u, err := url.Parse(remote)
		if err != nil || u.Scheme == "file" {
			return ""
		}
		host, p = u.Hostname(), u.Path
	} else if i := strings.Index(remote, ":"); i > 0 && !strings.Contains(remote[:i], "/") {
		host, p = remote[:i], remote[i+1:]
		if at := strings.LastIndex(host, "@"); at >= 0 {
			host = host[at+1:]
		}
	} else {
		return ""
	}
	p = strings.TrimSuffix(strings.Trim(p, "/"), ".git")
	if host == "" || p == "" {
		return ""
	}
	return host + "/" + p
}
