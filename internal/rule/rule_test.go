package rule

import (
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
)

func TestValidateReach(t *testing.T) {
	links := func(*model.Repo, *model.File) []Link { return nil }
	valid := func() *Rule {
		return &Rule{ID: "some-rule", Summary: "a rule", Doc: "# some-rule\n", Severity: finding.Error, Run: func(*Pass) error { return nil }}
	}
	ok := valid()
	ok.Reach, ok.Links = Linked, links
	if err := Validate([]*Rule{ok}); err != nil {
		t.Fatal(err)
	}
	noLinks := valid()
	noLinks.Reach = Linked
	strayLinks := valid()
	strayLinks.Reach, strayLinks.Links = OwnFile, links
	for _, r := range []*Rule{noLinks, strayLinks} {
		if err := Validate([]*Rule{r}); err == nil || !strings.Contains(err.Error(), "Links") {
			t.Errorf("reach %d with links %v: got %v", r.Reach, r.Links != nil, err)
		}
	}
}
