package credentials

import (
	_ "embed"
	"fmt"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/rule"
)

//go:embed doc/hardcoded-prod-credential.md
var hardcodedProdCredentialDoc string

// HardcodedProdCredential reports literal credentials in production scopes.
var HardcodedProdCredential = &rule.Rule{
	ID:       "hardcoded-prod-credential",
	Summary:  "a literal credential in a production scope",
	Evidence: rule.Data,
	Doc:      hardcodedProdCredentialDoc,
	Severity: finding.Error,
	Run:      runHardcodedProdCredential,
	Reach:    rule.Linked,
	Links:    overrideLinks,
}

func runHardcodedProdCredential(pass *rule.Pass) error {
	for _, o := range credentialsOf(pass.Repo) {
		f := o.at()
		switch o.env(pass.Repo) {
		case envmodel.Production:
			f.Severity = finding.Error
			f.Message = fmt.Sprintf("%s is a literal credential in production config; inject it at deploy time from a secret store", o.name())
		case envmodel.Shared:
			if linkedIntoProduction(pass.Repo, o.val.File) {
				continue // reported where production links it
			}
			f.Severity = finding.Warning
			f.Message = fmt.Sprintf("%s is a literal credential in shared config that production also loads; inject it at deploy time from a secret store", o.name())
		default:
			continue
		}
		pass.Report(f)
	}
	return nil
}
