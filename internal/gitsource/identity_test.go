package gitsource

import "testing"

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
