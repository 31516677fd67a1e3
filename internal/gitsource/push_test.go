package gitsource

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// graph is a repository whose commits exist as objects while the refs are
// set per case, standing for the server's refs before a push.
type graph struct {
	t    *testing.T
	dir  string
	tick int
	c    map[string]string // name → commit id
}

func newGraph(t *testing.T) *graph {
	g := &graph{t: t, dir: newWorkRepo(t), c: map[string]string{}}
	parent := ""
	for i := range 10 {
		name := fmt.Sprintf("c%d", i)
		g.commit(name, parent, "")
		parent = name
	}
	return g
}

// commit makes commit name on parent ("" for a root); date overrides the
// committer date, which otherwise grows by a minute per commit.
func (g *graph) commit(name, parent, date string, merge ...string) {
	g.t.Helper()
	if parent == "" {
		g.checkoutOrphan()
	} else {
		git(g.t, g.dir, "checkout", "-q", "--detach", g.c[parent])
	}
	g.tick++
	if date == "" {
		date = fmt.Sprintf("2020-01-01T00:%02d:%02d+0000", g.tick/60, g.tick%60)
	}
	env := []string{"GIT_COMMITTER_DATE=" + date, "GIT_AUTHOR_DATE=" + date}
	if len(merge) > 0 {
		gitCmd(g.t, g.dir, env, "", "merge", "-q", "--no-ff", "--no-commit", g.c[merge[0]])
	}
	writeFile(g.t, g.dir, "config/"+name+".yml", "n: "+name+"\n")
	gitCmd(g.t, g.dir, env, "", "add", "-A")
	gitCmd(g.t, g.dir, env, "", "commit", "-q", "-m", name)
	g.c[name] = git(g.t, g.dir, "rev-parse", "HEAD")
}

func (g *graph) checkoutOrphan() {
	git(g.t, g.dir, "checkout", "-q", "--orphan", fmt.Sprintf("orphan%d", g.tick))
	git(g.t, g.dir, "rm", "-rqf", "--ignore-unmatch", ".")
}

// setRefs replaces every ref by the given ones (name → commit name or id).
func (g *graph) setRefs(refs map[string]string) {
	g.t.Helper()
	git(g.t, g.dir, "checkout", "-q", "--detach")
	for _, ref := range lines(git(g.t, g.dir, "for-each-ref", "--format=%(refname)")) {
		git(g.t, g.dir, "update-ref", "-d", ref)
	}
	for ref, v := range refs {
		git(g.t, g.dir, "update-ref", ref, g.id(v))
	}
	// A detached HEAD is a ref too (rev-list --all counts it).
	git(g.t, g.dir, "symbolic-ref", "HEAD", "refs/heads/main")
}

func (g *graph) id(v string) string {
	if id, ok := g.c[v]; ok {
		return id
	}
	return v
}

// revList is git's answer: the commits reachable from tips and no ref.
func (g *graph) revList(tips ...string) []string {
	args := []string{"rev-list"}
	for _, tip := range tips {
		args = append(args, g.id(tip))
	}
	return lines(git(g.t, g.dir, append(args, "--not", "--all")...))
}

func TestNewCommitsMatchesRevList(t *testing.T) {
	g := newGraph(t)
	g.commit("b1", "c3", "")
	g.commit("b2", "b1", "")
	g.commit("x1", "c7", "")
	g.commit("x2", "x1", "")
	g.commit("s1", "c2", "")
	g.commit("s2", "s1", "")
	g.commit("m", "c9", "", "s2")
	g.commit("n1", "c9", "")
	g.commit("t1", "c9", "")
	git(t, g.dir, "tag", "-a", "-m", "release", "v2", g.c["t1"])
	g.c["v2"] = git(t, g.dir, "rev-parse", "v2")
	git(t, g.dir, "tag", "-d", "v2")
	// Committer clocks that run backwards, as after a rebase on a bad clock.
	g.commit("k1", "c9", "2001-01-01T00:00:00+0000")
	g.commit("k2", "k1", "2030-01-01T00:00:00+0000")
	g.commit("k3", "k2", "2001-01-01T00:00:00+0000")
	g.c["tree"] = git(t, g.dir, "rev-parse", g.c["c9"]+"^{tree}")

	main9 := map[string]string{"refs/heads/main": "c9", "refs/tags/old": "c4"}
	cases := []struct {
		name    string
		refs    map[string]string
		updates [][3]string // old, new, ref
	}{
		{"fast-forward", map[string]string{"refs/heads/main": "c5"}, [][3]string{{"c5", "c9", "refs/heads/main"}}},
		{"new branch", main9, [][3]string{{ZeroID, "b2", "refs/heads/b"}}},
		{"force push", main9, [][3]string{{"c9", "x2", "refs/heads/main"}}},
		{"merge", main9, [][3]string{{"c9", "m", "refs/heads/main"}}},
		{"annotated tag", main9, [][3]string{{ZeroID, "v2", "refs/tags/v2"}}},
		{"branch at a known commit", main9, [][3]string{{ZeroID, "c4", "refs/heads/old"}}},
		{"deletion", main9, [][3]string{{"c9", ZeroID, "refs/heads/main"}}},
		{"several refs", main9, [][3]string{{"c9", "n1", "refs/heads/main"}, {ZeroID, "b2", "refs/heads/b"}, {ZeroID, "n1", "refs/heads/same"}}},
		{"clock skew", main9, [][3]string{{"c9", "k3", "refs/heads/main"}}},
		{"tag of a tree", main9, [][3]string{{ZeroID, "tree", "refs/tags/tree"}}},
		{"initial push", nil, [][3]string{{ZeroID, "m", "refs/heads/main"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g.setRefs(c.refs)
			var updates []RefUpdate
			var tips []string
			for _, u := range c.updates {
				updates = append(updates, RefUpdate{Old: g.id(u[0]), New: g.id(u[1]), Ref: u[2]})
				if u[1] != ZeroID {
					tips = append(tips, u[1])
				}
			}
			want := g.revList(tips...)
			got, err := openRepo(t, g.dir).NewCommits(updates)
			if err != nil {
				t.Fatal(err)
			}
			if !sameSet(hashes(got), want) || len(got) != len(want) {
				t.Errorf("NewCommits = %d commits %v\nrev-list   %d commits %v", len(got), hashes(got), len(want), want)
			}
			checkParentsFirst(t, got)
		})
	}
}

func TestNewCommitsErrors(t *testing.T) {
	g := newGraph(t)
	g.setRefs(map[string]string{"refs/heads/main": "c2"})
	r := openRepo(t, g.dir)
	missing := strings.Repeat("e", 40)
	if _, err := r.NewCommits([]RefUpdate{{Old: g.c["c2"], New: missing, Ref: "refs/heads/main"}}); !errors.Is(err, ErrMissingObject) {
		t.Errorf("missing tip: %v", err)
	}
	if _, err := r.NewCommits([]RefUpdate{{Old: ZeroID256, New: strings.Repeat("a", 64), Ref: "refs/heads/main"}}); err == nil || !strings.Contains(err.Error(), "SHA-256") {
		t.Errorf("SHA-256 tip: %v", err)
	}
	// An old id that names nothing hides nothing, and is no error.
	got, err := r.NewCommits([]RefUpdate{{Old: missing, New: g.c["c5"], Ref: "refs/heads/main"}})
	if err != nil || len(got) != 3 {
		t.Errorf("unknown old id: %d commits, %v", len(got), err)
	}
	defer func(limit int) { newCommitLimit = limit }(newCommitLimit)
	newCommitLimit = 3
	if _, err := r.NewCommits([]RefUpdate{{Old: g.c["c2"], New: g.c["c9"], Ref: "refs/heads/main"}}); !errors.Is(err, ErrTooManyCommits) {
		t.Errorf("over the limit: %v", err)
	}
}

func TestPushCommits(t *testing.T) {
	g := newGraph(t)
	g.setRefs(map[string]string{"refs/heads/main": "c9", "refs/remotes/origin/main": "c5", "refs/remotes/other/main": "c8"})
	r := openRepo(t, g.dir)
	push := []PushUpdate{{LocalRef: "refs/heads/main", LocalID: g.c["c9"], RemoteRef: "refs/heads/main", RemoteID: g.c["c5"]}}
	got, err := r.PushCommits(push, "origin")
	want := lines(git(t, g.dir, "rev-list", g.c["c9"], "--not", "--remotes=origin"))
	if err != nil || !sameSet(hashes(got), want) {
		t.Errorf("PushCommits = %v, %v; git %v", hashes(got), err, want)
	}
	// A new branch pushed to a URL: only the remote ids on the input count.
	push = []PushUpdate{{LocalRef: "HEAD", LocalID: g.c["c3"], RemoteRef: "refs/heads/new", RemoteID: ZeroID}}
	if got, err := r.PushCommits(push, ""); err != nil || len(got) != 4 {
		t.Errorf("push to a URL: %d commits, %v", len(got), err)
	}
	push = []PushUpdate{{LocalRef: "(delete)", LocalID: ZeroID, RemoteRef: "refs/heads/main", RemoteID: g.c["c5"]}}
	if got, err := r.PushCommits(push, "origin"); err != nil || len(got) != 0 {
		t.Errorf("deletion: %d commits, %v", len(got), err)
	}
}
