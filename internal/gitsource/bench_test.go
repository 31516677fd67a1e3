package gitsource

import (
	"fmt"
	"strings"
	"testing"
)

const (
	benchDirs      = 60
	benchFilesEach = 50 // 3,000 files
	benchCommits   = 1000
)

// benchRepo generates with git fast-import a repository of 3,000 files whose
// main branch is the "server before the push", plus a chain of 1,000
// commits on top that no ref reaches: the objects of a push. It returns the
// directory, main's commit, and the chain's commits in order.
func benchRepo(b *testing.B) (dir, base string, chain []string) {
	b.Helper()
	dir = newWorkRepo(b)
	var s strings.Builder
	when := 1_600_000_000
	commit := func(ref, from, msg string, files map[string]string) {
		when += 60
		fmt.Fprintf(&s, "commit %s\nmark :%d\ncommitter Bench <bench@example.com> %d +0000\ndata %d\n%s\n", ref, when, when, len(msg), msg)
		if from != "" {
			fmt.Fprintf(&s, "from %s\n", from)
		}
		for p, content := range files {
			fmt.Fprintf(&s, "M 100644 inline %s\ndata %d\n%s\n", p, len(content), content)
		}
	}
	files := map[string]string{}
	for d := range benchDirs {
		for f := range benchFilesEach {
			files[fmt.Sprintf("svc%02d/config/f%02d.yml", d, f)] = fmt.Sprintf("name: f%02d\nhost: db%02d.internal\nport: %d\n%s", f, d, 5000+f, strings.Repeat("# padding line\n", 40))
		}
	}
	commit("refs/heads/main", "", "base", files)
	baseMark := fmt.Sprintf(":%d", when)
	for i := range benchCommits {
		from := ""
		if i == 0 {
			from = baseMark
		}
		path := fmt.Sprintf("svc%02d/config/f%02d.yml", i%benchDirs, (i/benchDirs)%benchFilesEach)
		commit("refs/heads/push", from, fmt.Sprintf("change %d", i), map[string]string{path: fmt.Sprintf("name: changed %d\n", i)})
	}
	gitCmd(b, dir, nil, s.String(), "fast-import", "--quiet")
	chain = lines(git(b, dir, "rev-list", "--reverse", "refs/heads/main..refs/heads/push"))
	base = git(b, dir, "rev-parse", "refs/heads/main")
	git(b, dir, "repack", "-adq")
	git(b, dir, "update-ref", "-d", "refs/heads/push")
	return dir, base, chain
}

// BenchmarkPush measures what a pre-receive hook does for a push of 1, 10
// and 1,000 commits: open the repository (each hook run is a new process),
// find the new commits, and list what each one changed.
func BenchmarkPush(b *testing.B) {
	dir, base, chain := benchRepo(b)
	for _, n := range []int{1, 10, 1000} {
		tip := chain[n-1]
		b.Run(fmt.Sprintf("commits=%d", n), func(b *testing.B) {
			for b.Loop() {
				r, err := Open(dir)
				if err != nil {
					b.Fatal(err)
				}
				commits, err := r.NewCommits([]RefUpdate{{Old: base, New: tip, Ref: "refs/heads/main"}})
				if err != nil || len(commits) != n {
					b.Fatalf("%d commits, %v", len(commits), err)
				}
				for _, c := range commits {
					paths, err := r.Changed(Commit{Hash: c.Parents[0]}, c)
					if err != nil || len(paths) != 1 {
						b.Fatalf("changed %v, %v", paths, err)
					}
				}
				r.Close()
			}
		})
	}
}
