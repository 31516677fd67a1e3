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

func TestLiveKeyInNonprod(t *testing.T) {
	ruletest.Run(t, "testdata/live-key-in-nonprod", credentials.LiveKeyInNonprod)
}

func TestSandboxKeyInProd(t *testing.T) {
	ruletest.Run(t, "testdata/sandbox-key-in-prod", credentials.SandboxKeyInProd)
}

func TestCommittedSecretKeyFile(t *testing.T) {
	ruletest.Run(t, "testdata/committed-secret-key-file", credentials.CommittedSecretKeyFile)
}
