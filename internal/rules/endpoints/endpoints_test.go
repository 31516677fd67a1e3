package endpoints_test

import (
	"testing"

	"github.com/envfence/envfence/internal/rules/endpoints"
	"github.com/envfence/envfence/internal/ruletest"
)

func TestProdEndpointInNonprod(t *testing.T) {
	ruletest.Run(t, "testdata/prod-endpoint-in-nonprod", endpoints.ProdEndpointInNonprod)
}

func TestProdResourceInNonprod(t *testing.T) {
	ruletest.Run(t, "testdata/prod-resource-in-nonprod", endpoints.ProdResourceInNonprod)
}
