package credentials_test

import (
	"testing"

	"github.com/envfence/envfence/internal/rules/credentials"
	"github.com/envfence/envfence/internal/ruletest"
)

func TestSharedCredential(t *testing.T) {
	ruletest.Run(t, "testdata/shared-credential", credentials.SharedCredential)
}

func TestHardcodedProdCredential(t *testing.T) {
	ruletest.Run(t, "testdata/hardcoded-prod-credential", credentials.HardcodedProdCredential)
}
