package hook

import (
	"context"
	"errors"
	"fmt"

	"github.com/envfence/envfence/internal/gitsource"
)

// Warmed is one ref that Warm indexed.
type Warmed struct {
	Ref   string
	Tree  string
	Files int // files envfence reads in the tree
}

// Warm judges the tips of refs (default: the default branch) whole and
// remembers them in $GIT_DIR/envfence/ as an accepted push would, so that
// the next push to them is judged from the file index, not from the whole
// tree: for a server admin after installing or upgrading envfence, or
// after changing the server policy, all of which start the hook cold.
// The tips are already in the repository, so remembering them keeps
// nothing a rejected push brought.
func (s *Server) Warm(ctx context.Context, refs []string) ([]Warmed, error) {
	if !s.Policy.Cache {
		return nil, errors.New("the server policy turns the hook's cache off (hook.cache: false)")
	}
	repo, err := gitsource.OpenHook(s.Env)
	if err != nil {
		return nil, fmt.Errorf("opening the repository: %w", err)
	}
	defer repo.Close()
	if repo.Snapshot() {
		return nil, errors.New("the objects directory is a transaction's snapshot: nothing would be kept")
	}
	repo.UseTreeCache(repo.TreeCachePath())
	c, err := s.NewChecker(repo)
	if err != nil {
		return nil, err
	}
	if c.CacheKey == "" {
		return nil, errors.New("the envfence binary cannot be named, so nothing it remembers could be found again")
	}
	c.known = loadKnownFindings(knownFindingsPath(repo), c.CacheKey)
	c.files = newFileIndex(repo, c.CacheKey)
	if len(refs) == 0 {
		def, err := repo.DefaultBranch()
		if err != nil {
			return nil, err
		}
		refs = []string{def}
	}
	var done []Warmed
	var tips []gitsource.Commit
	for _, ref := range refs {
		tip, err := repo.Resolve(ref)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ref, err)
		}
		// Judged as a new branch with nothing before it: the whole tree.
		if _, err := c.NewAtTip(ctx, gitsource.Commit{}, tip); err != nil {
			return nil, fmt.Errorf("%s: %w", ref, err)
		}
		w := Warmed{Ref: ref, Tree: tip.Tree.String()}
		if tf, ok := c.files.lookup(tip.Tree); ok {
			w.Files = len(tf.files)
		}
		done = append(done, w)
		tips = append(tips, tip)
	}
	if err := c.remember(true); err != nil {
		return nil, err
	}
	return done, repo.SaveTreeCache(tips...)
}
