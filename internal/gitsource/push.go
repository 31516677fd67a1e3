package gitsource

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// ZeroID is the all-zero SHA-1 object id that git uses on hook input for
// "no object": the old id of a created ref, the new id of a deleted one.
const ZeroID = "0000000000000000000000000000000000000000"

// ZeroID256 is ZeroID for SHA-256 repositories.
const ZeroID256 = ZeroID + "000000000000000000000000"

// IsZeroID reports whether id is a non-empty string of zeros.
func IsZeroID(id string) bool { return id != "" && strings.Trim(id, "0") == "" }

// RefUpdate is one line of pre-receive input: ref moves from Old to New.
type RefUpdate struct {
	Old, New, Ref string
}

// IsCreate reports whether the push creates the ref.
func (u RefUpdate) IsCreate() bool { return IsZeroID(u.Old) }

// IsDelete reports whether the push deletes the ref.
func (u RefUpdate) IsDelete() bool { return IsZeroID(u.New) }

// PushUpdate is one line of a client-side pre-push hook's input.
type PushUpdate struct {
	// LocalRef is what is pushed, as the user named it ("(delete)" for a
	// deletion).
	LocalRef string
	LocalID  string
	// RemoteRef is the full name of the ref on the remote.
	RemoteRef string
	// RemoteID is the ref's value on the remote, ZeroID if it is new.
	RemoteID string
}

// IsDelete reports whether the push deletes the remote ref.
func (u PushUpdate) IsDelete() bool { return IsZeroID(u.LocalID) }

// MaxNewCommits is the most commits one push may bring; a bigger push is
// refused with ErrTooManyCommits instead of being scanned for minutes.
const MaxNewCommits = 100_000

// maxWalk bounds the commits visited while separating new from known ones.
const maxWalk = 2_000_000

// ErrTooManyCommits is returned for pushes beyond MaxNewCommits, or whose
// new commits cannot be told apart from known ones within a bounded walk.
var ErrTooManyCommits = errors.New("too many commits")

// NewCommits returns the commits a push brings: reachable from the new
// tips and from no ref that exists before the push (git rev-list <new>...
// --not --all). In a pre-receive hook the refs are not updated yet, so call
// it there; after the push, the refs themselves hide everything. Annotated
// tags are peeled, tags of trees or blobs bring no commits and deletions
// nothing. Commits come parents first.
func (r *Repo) NewCommits(updates []RefUpdate) ([]Commit, error) {
	var tips []plumbing.Hash
	var known []plumbing.Hash
	for _, u := range updates {
		if !u.IsCreate() {
			if h, err := parseID(u.Old); err == nil {
				known = append(known, h)
			}
		}
		if u.IsDelete() {
			continue
		}
		h, err := parseID(u.New)
		if err != nil {
			return nil, fmt.Errorf("%s: new id: %w", u.Ref, err)
		}
		tips = append(tips, h)
	}
	refs, err := r.refTips(func(plumbing.ReferenceName) bool { return true })
	if err != nil {
		return nil, err
	}
	return r.newCommits(tips, append(known, refs...))
}

// PushCommits is NewCommits for a client-side pre-push hook: the commits
// being pushed that the remote does not have, judged by the remote's ids on
// the hook input and the remote-tracking refs refs/remotes/<remote>/* (git
// passes the remote's name as the hook's first argument; for a URL there are
// none, and only the ids on the input count).
func (r *Repo) PushCommits(updates []PushUpdate, remote string) ([]Commit, error) {
	var tips, known []plumbing.Hash
	for _, u := range updates {
		if h, err := parseID(u.RemoteID); err == nil && !IsZeroID(u.RemoteID) {
			known = append(known, h)
		}
		if u.IsDelete() {
			continue
		}
		h, err := parseID(u.LocalID)
		if err != nil {
			return nil, fmt.Errorf("%s: local id: %w", u.RemoteRef, err)
		}
		tips = append(tips, h)
	}
	prefix := "refs/remotes/" + remote + "/"
	refs, err := r.refTips(func(n plumbing.ReferenceName) bool { return remote != "" && strings.HasPrefix(n.String(), prefix) })
	if err != nil {
		return nil, err
	}
	return r.newCommits(tips, append(known, refs...))
}

// parseID parses a SHA-1 object id. go-git v5 reads SHA-1 repositories only.
func parseID(id string) (plumbing.Hash, error) {
	switch {
	case len(id) == 64 && isHex(id):
		return plumbing.ZeroHash, errors.New("SHA-256 object ids are not supported")
	case len(id) != 40 || !isHex(id):
		return plumbing.ZeroHash, errors.New("not a 40-digit hex object id")
	}
	return plumbing.NewHash(strings.ToLower(id)), nil
}

// refTips returns the values of the direct refs that keep selects.
//
// Other pushes update refs while a hook lists them: a loose ref file can be
// read empty mid-write ("ref file is empty"). The listing is retried; if it
// keeps failing, the refs are left out. Fewer known refs only make more
// commits count as new — more is checked, never less — so a concurrent
// writer can slow a check down but not fail it.
func (r *Repo) refTips(keep func(plumbing.ReferenceName) bool) ([]plumbing.Hash, error) {
	var err error
	for attempt := range refListAttempts {
		var hs []plumbing.Hash
		if hs, err = r.listRefTips(keep); err == nil {
			return hs, nil
		}
		time.Sleep(time.Duration(attempt+1) * 5 * time.Millisecond)
	}
	return nil, nil
}

const refListAttempts = 4

func (r *Repo) listRefTips(keep func(plumbing.ReferenceName) bool) ([]plumbing.Hash, error) {
	it, err := r.refs.IterReferences()
	if err != nil {
		return nil, err
	}
	var hs []plumbing.Hash
	err = it.ForEach(func(ref *plumbing.Reference) error {
		if ref.Type() == plumbing.HashReference && keep(ref.Name()) {
			hs = append(hs, ref.Hash())
		}
		return nil
	})
	return hs, err
}
