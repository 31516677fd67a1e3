package credentials

import (
	_ "embed"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/values"
)

//go:embed doc/sandbox-key-in-prod.md
var sandboxKeyDoc string

// SandboxKeyInProd reports provider test or sandbox keys and endpoints in
// production scopes.
var SandboxKeyInProd = &rule.Rule{
	ID:       "sandbox-key-in-prod",
	Summary:  "a provider test or sandbox key or endpoint in a production scope",
	Evidence: rule.Data,
	Doc:      sandboxKeyDoc,
	Severity: finding.Warning,
	Reach:    rule.OwnFile,
	Run: func(pass *rule.Pass) error {
		isProd := func(e envmodel.Env) bool { return e == envmodel.Production }
		reportModes(pass, values.Test, isProd, "production would take test payments or talk to a sandbox")
		return nil
	},
}
