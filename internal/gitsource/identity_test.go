package gitsource

import (
	"net/url"
	"strings"
	"testing"
)

func TestRepositoryName(t *testing.T) {
	cases := map[string]string{
		"https://github.com/acme/shop.git":                     "github.com/acme/shop",
		"https://x-access-token:abc@github.com/acme/shop":      "github.com/acme/shop",
		"git@github.com:acme/shop.git":                         "github.com/acme/shop",
		"ssh://git@ghe.acme.internal:2222/platform/infra.git/": "ghe.acme.internal/platform/infra",
		"https://gitlab.com/group/sub/proj.git":                "gitlab.com/group/sub/proj",
		"/srv/git/shop.git":                                    "",
		"file:///srv/git/shop.git":                             "",
		"../shop":                                              "",
	}
	for in, want := range cases {
		if got := RepositoryName(in); got != want {
			t.Errorf("RepositoryName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWithoutUserinfo(t *testing.T) {
	cases := map[string]string{
		"https://x-access-token:abc@github.com/acme/shop": "https://github.com/acme/shop",
		"https://github.com/acme/shop":                    "https://github.com/acme/shop",
		"git@github.com:acme/shop.git":                    "github.com:acme/shop.git",
		"/srv/git/shop.git":                               "/srv/git/shop.git",
	}
	for in, want := range cases {
		if got := withoutUserinfo(in); got != want {
			t.Errorf("withoutUserinfo(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzRepositoryName: a remote URL is read without panicking, and neither
// the name nor the cleaned URL keeps the user information of a URL that
// has it (a CI checkout's origin can carry a token).
func FuzzRepositoryName(f *testing.F) {
	for _, s := range []string{
		"https://x-access-token:tok@github.com/acme/shop.git", "git@github.com:acme/shop.git",
		"ssh://git@host:22/a/b", "file:///srv/x", "../x", "", "https://:@/", "git@:", "https://u:p@h",
		"http://[::1]:80/a/b", "https://user@host/a%2Fb.git",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, remote string) {
		name := RepositoryName(remote)
		clean := withoutUserinfo(remote)
		u, err := url.Parse(remote)
		if err != nil || u.User == nil || u.Host == "" {
			return
		}
		if pw, ok := u.User.Password(); ok && pw != "" {
			// The password may also be part of the host or path by chance.
			u.User = nil
			rest := strings.Count(u.String(), pw)
			if strings.Count(name, pw) > rest || strings.Count(clean, pw) > rest {
				t.Errorf("the password of %q survives: name %q, URL %q", remote, name, clean)
			}
		}
	})
}
