package tooling_test

import (
	"testing"

	"github.com/envfence/envfence/internal/rules/tooling"
	"github.com/envfence/envfence/internal/ruletest"
)

func TestDevToolingTargetsProd(t *testing.T) {
	ruletest.Run(t, "testdata/dev-tooling-targets-prod", tooling.DevToolingTargetsProd)
}
