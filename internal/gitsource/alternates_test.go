package gitsource

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSplitAltEntries(t *testing.T) {
	cases := []struct {
		in   string
		sep  byte
		want []string
	}{
		{"/a/objects:/b/objects", ':', []string{"/a/objects", "/b/objects"}},
		{"::/a::", ':', []string{"/a"}},
		{`"/with:colon/objects":/b`, ':', []string{"/with:colon/objects", "/b"}},
		{`"/tab\there\101\"q\\"`, ':', []string{"/tab\there" + "A" + `"q\`}},
		{`"/broken:/b`, ':', []string{`"/broken`, "/b"}},
		{`"/bad\escape":/b`, ':', []string{`"/bad\escape"`, "/b"}},
		{"# comment:/a", ':', []string{"/a"}},
		{"# network\n../../network.git/objects\n\n/abs/objects\n", '\n', []string{"../../network.git/objects", "/abs/objects"}},
		{`"/quoted\nnewline"` + "\n/x", '\n', []string{"/quoted\nnewline", "/x"}},
		{"", ':', nil},
	}
	for _, c := range cases {
		if got := splitAltEntries(c.in, c.sep); !slices.Equal(got, c.want) {
			t.Errorf("splitAltEntries(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzSplitAltEntries(f *testing.F) {
	f.Add(`"/with:colon/objects":/b:# c:../rel`)
	f.Add("# network\n../../network.git/objects\n\"\\101\\\\\"\n")
	f.Add(`"\3`)
	f.Fuzz(func(t *testing.T, in string) {
		for _, sep := range []byte{':', '\n'} {
			for _, e := range splitAltEntries(in, sep) {
				if e == "" {
					t.Fatal("empty entry")
				}
			}
		}
		if v, rest, ok := unquoteC(in); ok && len(v)+len(rest) >= len(in) {
			t.Fatalf("unquoteC(%q) consumed nothing: %q, %q", in, v, rest)
		}
	})
}

// objectsDir makes an empty objects directory under root.
func objectsDir(t *testing.T, root, name string) string {
	t.Helper()
	d := filepath.Join(root, name, "objects")
	if err := os.MkdirAll(filepath.Join(d, "info"), 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}

func setAlternates(t *testing.T, dir string, entries ...string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "info", "alternates"), []byte(strings.Join(entries, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCollectObjectDirs(t *testing.T) {
	root, _ := filepath.EvalSymlinks(t.TempDir())
	a := objectsDir(t, root, "a")
	b := objectsDir(t, root, "b")
	c := objectsDir(t, root, "c")
	quarantine := filepath.Join(a, "tmp_objdir-incoming-x")
	os.MkdirAll(quarantine, 0o755)
	setAlternates(t, a, "../../b/objects", c, "/no/such/dir")
	setAlternates(t, b, "../../a/objects") // a cycle
	if err := os.Symlink(c, filepath.Join(root, "c-link")); err != nil {
		t.Fatal(err)
	}
	setAlternates(t, c, "../../c-link")
	got, err := collectObjectDirs([]string{quarantine, a, filepath.Join(root, "c-link")})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{quarantine, a, c, b}
	if !slices.Equal(got, want) {
		t.Errorf("dirs = %q, want %q", got, want)
	}
}

func TestCollectObjectDirsDepthLimit(t *testing.T) {
	root := t.TempDir()
	var dirs []string
	for i := range maxAlternateDepth + 3 {
		dirs = append(dirs, objectsDir(t, root, string(rune('a'+i))))
	}
	for i := 0; i+1 < len(dirs); i++ {
		setAlternates(t, dirs[i], "../../"+string(rune('a'+i+1))+"/objects")
	}
	got, err := collectObjectDirs(dirs[:1])
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != maxAlternateDepth+1 {
		t.Errorf("followed %d directories, want %d (git's depth limit)", len(got), maxAlternateDepth+1)
	}
}
