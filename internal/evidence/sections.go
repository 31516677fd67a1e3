package evidence

import (
	"fmt"
	"strings"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/rules/owners"
	"github.com/envfence/envfence/internal/rules/tooling"
)

// The controls the sections support.
var (
	iso31  = Control{"ISO/IEC 27001:2022 A.8.31", "Separation of development, test and production environments"}
	iso32  = Control{"ISO/IEC 27001:2022 A.8.32", "Change management"}
	iso33  = Control{"ISO/IEC 27001:2022 A.8.33", "Test information"}
	soc2   = Control{"SOC 2 CC8.1", "Changes are authorised, designed, tested, approved and implemented"}
	nis2   = Control{"NIS2 Art. 21(2)(e)", "Security in network and information systems acquisition, development and maintenance"}
	gdpr32 = Control{"GDPR Art. 32", "Security of processing"}
)

// definition is one section of the pack: its question, its controls,
// what it shows, and when the repository cannot answer it.
type definition struct {
	id       rule.Section
	title    string
	question string
	controls []Control
	build    func(shared, Input) Section
	// undetermined returns why the repository cannot answer the section
	// and what would, or two empty strings.
	undetermined func(shared, Input) [2]string
	// satisfied states what holds when every check passed.
	satisfied func(shared, Input, Section) string
	// needless, when set, says a check that did not run had nothing to
	// check here, so its absence leaves nothing undetermined.
	needless func(shared, Check) bool
}

// noProduction is why a section cannot be judged without production.
var noProduction = [2]string{
	"no file, section or workflow job of this repository was recognised as production, so there is nothing to keep other environments apart from",
	"name production's files in .envfence.yml (environments: production: paths:), or scan the repository that holds production's configuration",
}

var definitions = []definition{
	{
		id: rule.Architecture, title: "Architecture",
		question: "Are development, test, staging and production separate environments, and where do they touch?",
		controls: []Control{iso31, nis2},
		build: func(f shared, in Input) Section {
			return Section{Architecture: architecture(in.Repo, in.Findings)}
		},
		undetermined: func(f shared, in Input) [2]string {
			if f.productionScopes == 0 {
				return noProduction
			}
			if !hasNonProduction(in.Repo) {
				return [2]string{
					"only production's configuration (and configuration every environment shares) is in the repository: the other environments are configured elsewhere, so their separation from production cannot be seen here",
					"the configuration of development, test and staging (another repository, a platform's settings); or, if they live here under other names, name them in .envfence.yml (environments:)",
				}
			}
			return [2]string{}
		},
		satisfied: func(_ shared, _ Input, s Section) string {
			var names []string
			for _, e := range s.Architecture.Environments {
				names = append(names, e.Name)
			}
			return fmt.Sprintf("%s identified (%s), and every file envfence vouches for was read; where they touch is judged under Data and credentials and Access", plural(len(names), "environment"), strings.Join(names, ", "))
		},
	},
	{
		id: rule.Access, title: "Access",
		question: "Who can change production, and who approves a production deploy?",
		controls: []Control{iso31, iso32, soc2, nis2},
		build: func(f shared, in Input) Section {
			return Section{Access: &Access{
				CodeOwners:   codeOwners(owners.CoverageOf(in.Repo)),
				DeployJobs:   deployJobs(f.promotions),
				Environments: f.protections,
				Hook:         in.Hook,
			}}
		},
		undetermined: func(f shared, in Input) [2]string {
			if f.productionScopes == 0 {
				return noProduction
			}
			if len(deployJobs(f.promotions)) == 0 {
				return deployedElsewhere(f.mechanisms, f.hasWorkflows, "who approves a production deploy")
			}
			for _, p := range f.protections {
				if !p.Read {
					return [2]string{
						fmt.Sprintf("environment %q is named by a production deploy job, and its protection rules (reviewers, wait timer, branch policy) live in GitHub's settings, not in the repository: %s", p.Name, p.Why),
						"run envfence report with a GitHub token that may read the repository's environments (GITHUB_TOKEN with actions: read), or the Action with github-token",
					}
				}
			}
			return [2]string{}
		},
		// The online check reads the environments production deploy jobs
		// name; with none, there was nothing for it to read.
		needless: func(f shared, c Check) bool { return c.ID == "environment-unprotected" && len(f.protections) == 0 },
		satisfied: func(f shared, _ Input, s Section) string {
			a := s.Access
			msg := fmt.Sprintf("all %s have CODEOWNERS owners", plural(a.CodeOwners.ProductionFiles, "production file"))
			if n := len(a.DeployJobs); n > 0 {
				msg += fmt.Sprintf("; the %s name an environment, and each environment GitHub was asked about has reviewers, a wait timer or a custom rule, and a branch policy", plural(n, "production deploy job"))
			}
			return msg
		},
	},
	{
		id: rule.Data, title: "Data and credentials",
		question: "Are production credentials, data stores and endpoints kept out of development and test?",
		controls: []Control{iso31, iso33, gdpr32, nis2},
		build: func(f shared, in Input) Section {
			return Section{Data: &Data{ProductionScopes: f.productionScopes, Pairs: pairs(in.Findings, inSection(in, rule.Data), true)}}
		},
		undetermined: func(f shared, _ Input) [2]string {
			if f.productionScopes == 0 {
				return noProduction
			}
			return [2]string{}
		},
		satisfied: func(f shared, _ Input, _ Section) string {
			return fmt.Sprintf("no production credential, endpoint, resource or live key was found outside production (compared with %s), and no key file is committed", plural(f.productionScopes, "production scope"))
		},
	},
	{
		id: rule.Promotion, title: "Promotion",
		question: "Do changes reach production only through tested, gated stages?",
		controls: []Control{iso31, iso32, soc2, nis2},
		build: func(f shared, in Input) Section {
			pr := promotion(f.promotions)
			pr.Mechanisms = f.mechanisms
			return Section{Promotion: pr}
		},
		undetermined: func(f shared, _ Input) [2]string {
			for _, p := range f.promotions {
				if p.Production {
					return [2]string{}
				}
			}
			return deployedElsewhere(f.mechanisms, f.hasWorkflows, "how a change is promoted to production")
		},
		satisfied: func(_ shared, _ Input, s Section) string {
			return fmt.Sprintf("every one of the %s has a promotion gate (tests or a staging deploy before it, or a release, tag or upstream workflow that starts it), and none can be started by an untrusted trigger", plural(s.Promotion.ProductionDeploys, "production deploy job"))
		},
	},
	{
		id: rule.DirectPaths, title: "Direct paths",
		question: "Can developer tooling reach production directly, bypassing the pipeline?",
		controls: []Control{iso31, soc2, nis2},
		build: func(f shared, in Input) Section {
			return Section{DirectPaths: &DirectPaths{ToolingFiles: nonNil(tooling.Checked(in.Repo))}}
		},
		undetermined: func(_ shared, in Input) [2]string {
			if len(tooling.Checked(in.Repo)) == 0 {
				return [2]string{
					"the repository holds no developer tooling (Makefiles, shell scripts, package.json scripts, Taskfiles, justfiles) to check, so nothing here shows how developers reach production, or that they do not",
					"who holds production credentials and how they are used: the access reviews of production",
				}
			}
			return [2]string{}
		},
		satisfied: func(_ shared, _ Input, s Section) string {
			return fmt.Sprintf("no command in the %s of developer tooling connects to or changes production; commands written in READMEs, build files and operators' own tooling are not read", plural(len(s.DirectPaths.ToolingFiles), "file"))
		},
	},
}

// hasNonProduction reports a scope of a non-production environment.
func hasNonProduction(repo *model.Repo) bool {
	for _, s := range repo.Scopes() {
		if s.Env.IsNonProd() {
			return true
		}
	}
	return false
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func joinSentences(s []string) string { return strings.Join(s, "; ") }

// inSection selects the findings of the rules of one section.
func inSection(in Input, sec rule.Section) func(finding.Finding) bool {
	ids := map[string]bool{}
	for _, rr := range in.Checks {
		if rr.Rule.Evidence == sec {
			ids[rr.Rule.ID] = true
		}
	}
	return func(f finding.Finding) bool { return ids[f.Rule] }
}
