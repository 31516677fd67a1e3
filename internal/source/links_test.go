package source

import "testing"

func TestLinkTarget(t *testing.T) {
	for _, c := range []struct {
		link, target, want string
		ok                 bool
	}{
		{"deploy/prod/vars.tf", "../../common/vars.tf", "common/vars.tf", true},
		{"a.env", "./b.env", "b.env", true},
		{"a/b.env", "c/../d.env", "a/d.env", true},
		{"a.env", "../b.env", "", false},
		{"a/b.env", "x/../../../b.env", "", false},
		{"a.env", "/etc/passwd", "", false},
		{"a.env", "", "", false},
		{"a.env", ".", "", false},
		{"a.env", `..\b.env`, "", false},
	} {
		got, ok := LinkTarget(c.link, c.target)
		if got != c.want || ok != c.ok {
			t.Errorf("LinkTarget(%q, %q) = %q, %v; want %q, %v", c.link, c.target, got, ok, c.want, c.ok)
		}
	}
}
