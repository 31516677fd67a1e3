package suppression_test

import (
	"testing"

	"github.com/envfence/envfence/internal/rules"
	"github.com/envfence/envfence/internal/rules/suppression"
	"github.com/envfence/envfence/internal/ruletest"
)

func TestInvalidSuppression(t *testing.T) {
	if suppression.KnownRules == nil {
		suppression.KnownRules = rules.IDs
	}
	ruletest.Run(t, "testdata/invalid-suppression", suppression.InvalidSuppression)
}
