package hook

import (
	"context"
	"errors"
	"testing"
)

// TestCommitsPastTheDeadline: when the deadline passes while commits are
// being checked, the check returns the deadline's error for the hook to
// print its timeout message — it once read the result of the scan that the
// deadline had cut, and crashed.
func TestCommitsPastTheDeadline(t *testing.T) {
	w := newWorld(t)
	w.write(".env.production", "APP=shop\n")
	first := w.commit()
	w.write(".env.production", "APP=shop\nDB_PASSWORD=Deadline-Pw-61\n")
	second := w.commit()
	c := w.checker(allOffline(), nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got, err := c.newInChanged(ctx, first, second, c.credentialRules())
	if !errors.Is(err, context.Canceled) || got != nil {
		t.Fatalf("newInChanged after the deadline: %v, %v", got, err)
	}
}
