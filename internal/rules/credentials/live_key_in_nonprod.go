package credentials

import (
	_ "embed"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/values"
)

//go:embed doc/live-key-in-nonprod.md
var liveKeyDoc string

// LiveKeyInNonprod reports provider live-mode keys and live endpoints in
// development, test and staging scopes.
var LiveKeyInNonprod = &rule.Rule{
	ID:       "live-key-in-nonprod",
	Summary:  "a provider live-mode key or live endpoint in a non-production scope",
	Evidence: rule.Data,
	Doc:      liveKeyDoc,
	Severity: finding.Error,
	Reach:    rule.OwnFile,
	Run: func(pass *rule.Pass) error {
		reportModes(pass, values.Live, envmodel.Env.IsNonProd, "use the provider's test mode outside production")
		return nil
	},
}
