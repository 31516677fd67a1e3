package version

import (
	"runtime/debug"
	"testing"
)

func TestVersionSources(t *testing.T) {
	installed := func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-12-01T10:00:00Z"}}}, true
	}
	local := func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abcdef"}, {Key: "vcs.modified", Value: "true"}}}, true
	}
	none := func() (*debug.BuildInfo, bool) { return nil, false }
	cases := []struct {
		name      string
		stamped   string
		read      func() (*debug.BuildInfo, bool)
		want      string
		wantShort string
	}{
		{"go install", "", installed, "1.4.0 (commit 0123456789ab, 2026-12-01T10:00:00Z)", "1.4.0"},
		{"checkout", "", local, "0.0.0-dev (commit abcdef+modified)", "0.0.0-dev"},
		{"release", "v2.0.1", installed, "2.0.1 (commit 0123456789ab, 2026-12-01T10:00:00Z)", "2.0.1"},
		{"nothing", "", none, "0.0.0-dev", "0.0.0-dev"},
	}
	for _, c := range cases {
		version = c.stamped
		i := get(c.read)
		if i.String() != c.want || i.Version != c.wantShort {
			t.Errorf("%s: %q / %q", c.name, i.String(), i.Version)
		}
	}
	version, commit, date = "0.0.0-SNAPSHOT-none", "none", "0001-01-01T00:00:00Z"
	if got := get(none).String(); got != "0.0.0-SNAPSHOT-none" {
		t.Errorf("a snapshot stamped with nothing known: %q", got)
	}
	version, commit, date = "", "", ""
}
