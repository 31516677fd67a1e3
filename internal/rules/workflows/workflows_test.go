package workflows_test

import (
	"testing"

	"github.com/envfence/envfence/internal/rules/workflows"
	"github.com/envfence/envfence/internal/ruletest"
)

func TestProdDeployWithoutEnvironment(t *testing.T) {
	ruletest.Run(t, "testdata/prod-deploy-without-environment", workflows.ProdDeployWithoutEnvironment)
}

func TestProdDeployUntrustedTrigger(t *testing.T) {
	ruletest.Run(t, "testdata/prod-deploy-untrusted-trigger", workflows.ProdDeployUntrustedTrigger)
}

func TestProdDeployWithoutGate(t *testing.T) {
	ruletest.Run(t, "testdata/prod-deploy-without-gate", workflows.ProdDeployWithoutGate)
}

func TestProdSecretInNonprodJob(t *testing.T) {
	ruletest.Run(t, "testdata/prod-secret-in-nonprod-job", workflows.ProdSecretInNonprodJob)
}

func TestSharedSecretAcrossEnvironments(t *testing.T) {
	ruletest.Run(t, "testdata/shared-secret-across-environments", workflows.SharedSecretAcrossEnvironments)
}

func TestSecretsInheritToDeploy(t *testing.T) {
	ruletest.Run(t, "testdata/secrets-inherit-to-deploy", workflows.SecretsInheritToDeploy)
}

func TestEnvironmentNameFromInput(t *testing.T) {
	ruletest.Run(t, "testdata/environment-name-from-input", workflows.EnvironmentNameFromInput)
}
