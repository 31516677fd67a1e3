package gitsource

import (
	"container/heap"
	"errors"
	"fmt"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// slop is how many extra commits the walk takes once only known commits
// are queued, to absorb committer clocks that run backwards (git's value).
const slop = 5

// newCommitLimit is MaxNewCommits; tests lower it.
var newCommitLimit = MaxNewCommits

// walkNode is a commit met by the walk.
type walkNode struct {
	Commit
	known  bool // reachable from a known tip
	queued bool // has been put on the queue (it is never queued twice)
	popped bool
}

// commitWalk separates the commits reachable from new tips from those
// reachable from known ones, the way git's limit_list does: commits are
// taken newest first, "known" spreads from known commits to their
// ancestors, and the walk ends once only known commits remain queued and
// none of them is newer than the oldest new commit found.
type commitWalk struct {
	repo   *Repo
	nodes  map[plumbing.Hash]*walkNode
	queue  nodeQueue
	fresh  int // new (not known) commits on the queue
	found  []*walkNode
	visits int
}

// newCommits returns the commits reachable from tips and not from known,
// parents first. Known ids that name nothing, or no commit, hide nothing.
func (r *Repo) newCommits(tips, known []plumbing.Hash) ([]Commit, error) {
	w := &commitWalk{repo: r, nodes: map[plumbing.Hash]*walkNode{}}
	for _, h := range known {
		n, err := w.knownTip(h)
		if err != nil {
			return nil, err
		}
		if n != nil {
			w.markKnown(n)
			w.push(n)
		}
	}
	var tipNodes []*walkNode
	for _, h := range tips {
		c, isCommit, err := r.peel(h)
		if err != nil {
			return nil, err
		}
		if !isCommit {
			continue
		}
		n, err := w.node(c)
		if err != nil {
			return nil, err
		}
		tipNodes = append(tipNodes, n)
		w.push(n)
	}
	if err := w.run(); err != nil {
		return nil, err
	}
	return parentsFirst(tipNodes, w.nodes), nil
}

// knownTip loads the commit a known id points to, or nil when it cannot be
// used: missing, or not a commit. Skipping it can only add commits to the
// result, never hide one.
func (w *commitWalk) knownTip(h plumbing.Hash) (*walkNode, error) {
	c, isCommit, err := w.repo.peel(h)
	if errors.Is(err, ErrMissingObject) || err == nil && !isCommit {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	n, err := w.node(c)
	if errors.Is(err, ErrMissingObject) {
		return nil, nil
	}
	return n, err
}

// node returns the walk node for a commit, loading it on first use.
func (w *commitWalk) node(h plumbing.Hash) (*walkNode, error) {
	if n, ok := w.nodes[h]; ok {
		return n, nil
	}
	c, err := w.repo.commit(h)
	if err != nil {
		return nil, err
	}
	n := &walkNode{Commit: c}
	w.nodes[h] = n
	return n, nil
}

func (w *commitWalk) push(n *walkNode) {
	if n.queued {
		return
	}
	n.queued = true
	if !n.known {
		w.fresh++
	}
	heap.Push(&w.queue, n)
}

// markKnown marks n and, through commits already taken, their ancestors.
func (w *commitWalk) markKnown(n *walkNode) {
	stack := []*walkNode{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.known {
			continue
		}
		n.known = true
		if n.queued && !n.popped {
			w.fresh--
		}
		if !n.popped {
			continue
		}
		for _, p := range n.Parents {
			if pn, ok := w.nodes[p]; ok {
				stack = append(stack, pn)
			}
		}
	}
}

// run takes commits off the queue until the new ones are separated.
func (w *commitWalk) run() error {
	var oldestFound time.Time // committer time of the last new commit taken
	left := slop
	for w.queue.Len() > 0 {
		if w.visits++; w.visits > maxWalk {
			return fmt.Errorf("%w: more than %d commits visited", ErrTooManyCommits, maxWalk)
		}
		n := heap.Pop(&w.queue).(*walkNode)
		n.popped = true
		if n.known {
			if err := w.spreadKnown(n); err != nil {
				return err
			}
			if left = w.stillNeeded(oldestFound, left); left == 0 {
				return nil
			}
			continue
		}
		w.fresh--
		w.found = append(w.found, n)
		if len(w.found) > newCommitLimit {
			return fmt.Errorf("%w: a push may bring at most %d", ErrTooManyCommits, newCommitLimit)
		}
		oldestFound = n.Time
		for _, p := range n.Parents {
			pn, err := w.node(p)
			if err != nil {
				return err
			}
			w.push(pn)
		}
	}
	return nil
}

// spreadKnown queues the parents of a known commit as known. A parent that
// is missing (a shallow repository) is skipped: it only hides less.
func (w *commitWalk) spreadKnown(n *walkNode) error {
	for _, p := range n.Parents {
		pn, err := w.node(p)
		if errors.Is(err, ErrMissingObject) {
			continue
		}
		if err != nil {
			return err
		}
		w.markKnown(pn)
		w.push(pn)
	}
	return nil
}

// stillNeeded returns how many more known commits to take: all of slop
// while new commits are queued or a queued commit is newer than the oldest
// new commit found, one less otherwise.
func (w *commitWalk) stillNeeded(oldestFound time.Time, left int) int {
	if w.queue.Len() == 0 {
		return 0
	}
	if w.fresh > 0 || len(w.found) > 0 && !oldestFound.After(w.queue[0].Time) {
		return slop
	}
	return left - 1
}

// parentsFirst orders the commits that stayed new: a depth-first walk from
// each tip, emitting a commit after its parents.
func parentsFirst(tips []*walkNode, nodes map[plumbing.Hash]*walkNode) []Commit {
	var out []Commit
	done := map[plumbing.Hash]bool{}
	type frame struct {
		n    *walkNode
		next int
	}
	for _, tip := range tips {
		if tip.known || done[tip.Hash] {
			continue
		}
		done[tip.Hash] = true
		stack := []frame{{n: tip}}
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next == len(top.n.Parents) {
				out = append(out, top.n.Commit)
				stack = stack[:len(stack)-1]
				continue
			}
			p := top.n.Parents[top.next]
			top.next++
			if pn, ok := nodes[p]; ok && pn.popped && !pn.known && !done[p] {
				done[p] = true
				stack = append(stack, frame{n: pn})
			}
		}
	}
	return out
}

// nodeQueue is a max-heap on committer time.
type nodeQueue []*walkNode

func (q nodeQueue) Len() int           { return len(q) }
func (q nodeQueue) Less(i, j int) bool { return q[i].Time.After(q[j].Time) }
func (q nodeQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }

// Push implements heap.Interface.
func (q *nodeQueue) Push(x any) { *q = append(*q, x.(*walkNode)) }

// Pop implements heap.Interface.
func (q *nodeQueue) Pop() any {
	old := *q
	n := old[len(old)-1]
	*q = old[:len(old)-1]
	return n
}
