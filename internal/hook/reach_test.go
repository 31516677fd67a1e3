package hook

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/envfence/envfence/internal/config"
	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/gitsource"
	"github.com/envfence/envfence/internal/rules"
)

// TestReachHoldsOnEveryFixture pushes every rule's fixture repositories one
// file at a time, then takes them apart one file at a time, and checks that
// each push is judged from the file index (and cold, from the tip's index)
// exactly as from whole trees. A rule whose Reach or Links say less than
// it reads fails here, on its own fixtures, with no test of its own.
func TestReachHoldsOnEveryFixture(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "rules", "*", "testdata", "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	fixtures := 0
	for _, dir := range dirs {
		if _, ok := rules.ByID(filepath.Base(filepath.Dir(dir))); !ok {
			continue
		}
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		fixtures++
		rel, _ := filepath.Rel(filepath.Join("..", "rules"), dir)
		t.Run(rel, func(t *testing.T) { checkReachOnFixture(t, dir) })
	}
	if fixtures < 50 {
		t.Fatalf("only %d fixture repositories found", fixtures)
	}
}

func checkReachOnFixture(t *testing.T, dir string) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t)
	if slices.Contains(files, ".envfence.yml") {
		cfg, err := config.Load(filepath.Join(dir, ".envfence.yml"), config.LoadOptions{KnownRules: rules.IDs()})
		if err != nil {
			t.Fatal(err)
		}
		cls, err := envmodel.New(cfg.EnvSettings())
		if err != nil {
			t.Fatal(err)
		}
		w.opts.Policy, w.opts.Classifier = cfg, cls
	}
	ruleSet := allOffline()
	prev := w.commit()
	c := w.checker(ruleSet, &fileIndex{key: "test"})
	c.mustNewAtTip(t, context.Background(), gitsource.Commit{}, prev)
	step := func(what string, change func(string), p string) {
		change(p)
		tip := w.commit()
		want := w.wholeNew(t, ruleSet, prev, tip)
		if diff := compareFindings(want, c.mustNewAtTip(t, context.Background(), prev, tip)); diff != "" {
			t.Fatalf("%s %s: the partial judgement differs from the whole one:\n%s", what, p, diff)
		}
		if diff := compareFindings(want, w.checker(ruleSet, nil).mustNewAtTip(t, context.Background(), prev, tip)); diff != "" {
			t.Fatalf("%s %s: the cold judgement differs from the whole one:\n%s", what, p, diff)
		}
		prev = tip
	}
	for _, p := range files {
		step("adding", func(p string) {
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
			if err != nil {
				t.Fatal(err)
			}
			w.write(p, string(data))
		}, p)
	}
	for _, p := range files {
		step("removing", w.remove, p)
	}
}
