package workflows

import (
	_ "embed"
	"fmt"
	"github.com/envfence/envfence/internal/envmodel"
	"strings"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/rule"
)

//go:embed doc/secrets-inherit-to-deploy.md
var inheritDoc string

// SecretsInheritToDeploy reports secrets: inherit passed to a reusable
// workflow that deploys.
var SecretsInheritToDeploy = &rule.Rule{
	ID:       "secrets-inherit-to-deploy",
	Summary:  "secrets: inherit passed to a reusable workflow that deploys",
	Evidence: rule.Access,
	Doc:      inheritDoc,
	Severity: finding.Warning,
	Reach:    rule.OwnFile,
	Together: workflowKinds,
	Run: func(pass *rule.Pass) error {
		cls := pass.Repo.Classifier
		for _, r := range jobs(pass.Repo) {
			if !r.job.InheritSecrets {
				continue
			}
			deploys := r.job.IsDeploy()
			if r.job.Callee == nil {
				// A remote workflow is judged by its reference alone, so
				// only strong evidence counts: "deploy" in it, or a
				// production or staging name. A release workflow publishes;
				// test, review or integration in a name deploys nothing.
				name := strings.ToLower(r.job.Uses)
				d, envNamed := cls.Name(r.job.Uses)
				deploys = deploys || strings.Contains(name, "deploy") || envNamed && (d.Env == envmodel.Production || d.Env == envmodel.Staging)
			}
			if !deploys {
				continue
			}
			f := r.atJob(fmt.Sprintf("job %s passes every repository and organisation secret to %s, which deploys; pass only the secrets it needs", r.job.ID, r.job.Uses))
			f.Related = append(f.Related, r.location(r.job.UsesPos, "secrets: inherit"))
			pass.Report(f)
		}
		return nil
	},
}
