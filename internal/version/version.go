// Package version says which envfence is running: the release tag a
// release build was stamped with, or, for `go install` and local builds,
// what the Go toolchain recorded (module version, commit, commit time).
package version

import (
	"runtime/debug"
	"strings"
)

// Set by release builds:
//
//	-ldflags "-X github.com/envfence/envfence/internal/version.version=v1.2.3
//	          -X github.com/envfence/envfence/internal/version.commit=…
//	          -X github.com/envfence/envfence/internal/version.date=…"
var version, commit, date string

// Info is the version of the running binary.
type Info struct {
	// Version is a semantic version without the "v": "1.2.3" for a release
	// or a `go install …@v1.2.3`, "0.0.0-dev" for a build from a checkout.
	Version string
	// Commit is the full commit id, Date its time (RFC 3339), when known.
	Commit, Date string
	// Modified is true for a build from a work tree with uncommitted changes.
	Modified bool
}

// Get returns the version of the running binary.
func Get() Info { return get(debug.ReadBuildInfo) }

func get(read func() (*debug.BuildInfo, bool)) Info {
	i := Info{Version: strings.TrimPrefix(version, "v"), Commit: known(commit), Date: known(date)}
	if bi, ok := read(); ok {
		if i.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			i.Version = strings.TrimPrefix(bi.Main.Version, "v")
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if i.Commit == "" {
					i.Commit = s.Value
				}
			case "vcs.time":
				if i.Date == "" {
					i.Date = s.Value
				}
			case "vcs.modified":
				i.Modified = s.Value == "true"
			}
		}
	}
	if i.Version == "" {
		i.Version = "0.0.0-dev"
	}
	return i
}

// known drops what a build stamps when it knows nothing: GoReleaser's
// "none" for a commit outside git, the zero time.
func known(s string) string {
	if s == "none" || s == "unknown" || strings.HasPrefix(s, "0001-01-01") {
		return ""
	}
	return s
}

// String is the line `envfence version` prints after the name:
// "1.2.3 (commit 0123456789ab, 2026-12-02T10:00:00Z)".
func (i Info) String() string {
	var extra []string
	if i.Commit != "" {
		c := i.Commit[:min(12, len(i.Commit))]
		if i.Modified {
			c += "+modified"
		}
		extra = append(extra, "commit "+c)
	}
	if i.Date != "" {
		extra = append(extra, i.Date)
	}
	if len(extra) == 0 {
		return i.Version
	}
	return i.Version + " (" + strings.Join(extra, ", ") + ")"
}
