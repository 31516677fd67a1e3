package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/rule"
)

func TestCatalogueIsValid(t *testing.T) {
	if err := rule.Validate(All()); err != nil {
		t.Fatal(err)
	}
}

// TestEveryRuleSaysItsReach keeps the pre-receive hook fast: one rule
// judged on the whole repository makes it read the whole tree of every
// push that changes configuration (see rule.Reach).
func TestEveryRuleSaysItsReach(t *testing.T) {
	for _, r := range All() {
		if r.Reach == rule.Whole {
			t.Errorf("%s: set Reach (OwnFile, or Linked with Links) so that the hook can judge a push without reading the whole tree", r.ID)
		}
	}
}

var wantComment = regexp.MustCompile(`(?m)(^|\s)(#|//|;)\s*want\s`)

// TestEveryRuleHasFixtures enforces the house convention: each rule has
// testdata/<id>/ in its family package with true positives (want comments),
// a near-miss scenario without any, and a multi-file scenario.
func TestEveryRuleHasFixtures(t *testing.T) {
	dirs, err := filepath.Glob("*/testdata/*")
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]string{}
	for _, d := range dirs {
		byID[filepath.Base(d)] = d
	}
	for _, r := range All() {
		dir, ok := byID[r.ID]
		if !ok {
			t.Errorf("%s: no */testdata/%s directory", r.ID, r.ID)
			continue
		}
		checkFixtures(t, r.ID, dir)
	}
}

func checkFixtures(t *testing.T, id, dir string) {
	scenarios, _ := os.ReadDir(dir)
	wants, multiFile, nearMiss := 0, false, false
	for _, s := range scenarios {
		if !s.IsDir() {
			continue
		}
		files, w := 0, 0
		filepath.WalkDir(filepath.Join(dir, s.Name()), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			files++
			data, _ := os.ReadFile(p)
			w += len(wantComment.FindAll(data, -1))
			if strings.HasSuffix(p, ".want") {
				w++
			}
			return nil
		})
		wants += w
		multiFile = multiFile || files >= 2 && w > 0
		if strings.HasPrefix(s.Name(), "near-miss") {
			nearMiss = true
			if w > 0 {
				t.Errorf("%s: scenario %s expects findings; near-miss scenarios must expect none", id, s.Name())
			}
		}
	}
	if wants == 0 {
		t.Errorf("%s: no expected findings in %s", id, dir)
	}
	if !nearMiss {
		t.Errorf("%s: no near-miss scenario in %s", id, dir)
	}
	if !multiFile {
		t.Errorf("%s: no multi-file scenario with findings in %s", id, dir)
	}
}
