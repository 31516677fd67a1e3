package unread_test

import (
	"testing"

	"github.com/envfence/envfence/internal/rules/credentials"
	"github.com/envfence/envfence/internal/rules/unread"
	"github.com/envfence/envfence/internal/ruletest"
)

// The credential rule runs beside it to prove that what is decoded (UTF-16
// and UTF-32 with a BOM, a NUL in a comment) is really read.
func TestUnreadableConfig(t *testing.T) {
	ruletest.Run(t, "testdata/unreadable-config", unread.UnreadableConfig, credentials.HardcodedProdCredential)
}
