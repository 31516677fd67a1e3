// Package rules is the catalogue: the one place where a rule is switched on.
package rules

import (
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/rules/credentials"
	"github.com/envfence/envfence/internal/rules/endpoints"
	"github.com/envfence/envfence/internal/rules/owners"
	"github.com/envfence/envfence/internal/rules/suppression"
	"github.com/envfence/envfence/internal/rules/tooling"
	"github.com/envfence/envfence/internal/rules/unread"
	"github.com/envfence/envfence/internal/rules/workflows"
)

func init() { suppression.KnownRules = IDs }

// All returns every built-in rule in catalogue order (SPEC §4).
func All() []*rule.Rule {
	return []*rule.Rule{
		credentials.SharedCredential,
		credentials.HardcodedProdCredential,
		endpoints.ProdEndpointInNonprod,
		endpoints.ProdResourceInNonprod,
		credentials.LiveKeyInNonprod,
		credentials.SandboxKeyInProd,
		credentials.CommittedSecretKeyFile,
		tooling.DevToolingTargetsProd,
		owners.ProdConfigWithoutOwner,
		workflows.ProdDeployWithoutEnvironment,
		workflows.ProdDeployUntrustedTrigger,
		workflows.ProdDeployWithoutGate,
		workflows.ProdSecretInNonprodJob,
		workflows.SharedSecretAcrossEnvironments,
		workflows.SecretsInheritToDeploy,
		workflows.EnvironmentNameFromInput,
		workflows.EnvironmentUnprotected,
		suppression.InvalidSuppression,
		unread.UnreadableConfig,
	}
}

// ByID returns the rule with the given id.
func ByID(id string) (*rule.Rule, bool) {
	for _, r := range All() {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}

// IDs returns the ids of All.
func IDs() []string {
	all := All()
	ids := make([]string, len(all))
	for i, r := range all {
		ids[i] = r.ID
	}
	return ids
}
