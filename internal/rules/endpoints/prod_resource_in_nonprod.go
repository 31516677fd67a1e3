package endpoints

import (
	_ "embed"
	"fmt"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/rules/facts"
)

//go:embed doc/prod-resource-in-nonprod.md
var prodResourceDoc string

// ProdResourceInNonprod reports production cloud resource identifiers in
// non-production configuration.
var ProdResourceInNonprod = &rule.Rule{
	ID:       "prod-resource-in-nonprod",
	Summary:  "a production cloud resource identifier used by a non-production scope",
	Evidence: rule.Data,
	Doc:      prodResourceDoc,
	Severity: finding.Error,
	Run:      runProdResource,
	Reach:    rule.Linked,
	Links:    Links,
}

// resourceNames are how messages name resource kinds.
var resourceNames = map[string]string{
	"aws-account": "AWS account", "gcp-project": "GCP project", "azure-subscription": "Azure subscription",
	"bucket": "bucket", "k8s-context": "Kubernetes context", "aws-profile": "AWS profile",
	"k8s-namespace": "Kubernetes namespace",
}

func runProdResource(pass *rule.Pass) error {
	inv := NewInventory(pass.Repo)
	for _, v := range NonProd(pass.Repo) {
		for _, r := range facts.Resources(pass.Repo, v) {
			why, where, ok := inv.ProductionResource(r)
			if !ok {
				continue
			}
			f := at(v, r.Offset, r.Len)
			f.Key = v.Key() + "@" + r.Kind + ":" + r.ID
			f.Message = fmt.Sprintf("%s in %s uses production %s %s (%s)", v.Key(), v.Scope.Env, resourceNames[r.Kind], r.ID, why)
			f.Related = related(where)
			pass.Report(f)
		}
	}
	return nil
}
