package endpoints

import (
	_ "embed"
	"fmt"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/rules/facts"
)

//go:embed doc/prod-endpoint-in-nonprod.md
var prodEndpointDoc string

// ProdEndpointInNonprod reports production endpoints in development, test
// and staging configuration.
var ProdEndpointInNonprod = &rule.Rule{
	ID:       "prod-endpoint-in-nonprod",
	Summary:  "a production endpoint used by a development, test or staging scope",
	Evidence: rule.Data,
	Doc:      prodEndpointDoc,
	Severity: finding.Error,
	Run:      runProdEndpoint,
	Reach:    rule.Linked,
	Links:    Links,
}

func runProdEndpoint(pass *rule.Pass) error {
	inv := NewInventory(pass.Repo)
	for _, v := range NonProd(pass.Repo) {
		for _, e := range facts.Endpoints(pass.Repo, v) {
			why, where, ok := inv.ProductionHost(e.Host)
			if !ok {
				continue
			}
			f := at(v, e.Offset, e.Len)
			f.Key = v.Key() + "@" + e.Host
			f.Message = fmt.Sprintf("%s in %s points at production host %s (%s)", v.Key(), v.Scope.Env, e.Host, why)
			f.Related = related(where)
			pass.Report(f)
		}
	}
	return nil
}
