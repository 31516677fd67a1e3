package envmodel

import (
	"fmt"
	"slices"
	"strings"

	"github.com/envfence/envfence/internal/parse"
)

// pipelines makes sections of CI/CD jobs that name their deployment
// environment (notes env-conventions §7 row 28): GitLab CI jobs with
// environment: (or environment.name / environment.deployment_tier),
// Bitbucket Pipelines steps with deployment:, Azure Pipelines jobs with
// environment:. The job's variables then belong to that environment.
func (b *sectionBuilder) pipelines(dir, lowerBase string) {
	switch {
	case lowerBase == ".gitlab-ci.yml" || lowerBase == ".gitlab-ci.yaml" || strings.HasSuffix(lowerBase, ".gitlab-ci.yml") ||
		dir == ".gitlab/ci" || strings.HasPrefix(dir, ".gitlab/ci/"):
		if b.jobSections(gitlabJob, "GitLab job environment") {
			b.inherited("variables", "default")
		}
	case lowerBase == "bitbucket-pipelines.yml":
		b.jobSections(bitbucketStep, "Bitbucket deployment")
	case strings.HasPrefix(lowerBase, "azure-pipelines") || lastSegment(dir) == ".azure-pipelines":
		if b.jobSections(azureJob, "Azure Pipelines environment") {
			b.inherited("variables")
		}
	}
}

// inherited makes the pipeline's top-level keys that every job inherits
// (GitLab's variables: and default:, Azure's variables:) shared sections:
// a literal credential there reaches the production jobs too.
func (b *sectionBuilder) inherited(keys ...string) {
	for i := range b.doc.Entries {
		p := b.doc.Entries[i].Path
		if len(p) < 2 || !slices.Contains(keys, p[0]) {
			continue
		}
		key := p[0]
		b.assign(i, "inherited\x00"+key, func() Section {
			return Section{
				Name:     key,
				Line:     b.keyLine(p[:1], keyLineOf(b.doc, p[:1])),
				Decision: Decision{Env: Shared, Reason: fmt.Sprintf("pipeline-level %s: every job inherits it", key)},
			}
		})
	}
}

// jobEnvironment locates, in an entry's path, a job's environment setting:
// the length of the job's path prefix, whether the entry names the
// environment, and whether it is an explicit tier (more precise than a
// name).
type jobEnvironment func(path []string) (jobLen int, named, tier bool)

// gitlabJob: <job>.environment, <job>.environment.name,
// <job>.environment.deployment_tier.
func gitlabJob(path []string) (int, bool, bool) {
	switch {
	case len(path) == 2 && path[1] == "environment":
		return 1, true, false
	case len(path) == 3 && path[1] == "environment" && path[2] == "name":
		return 1, true, false
	case len(path) == 3 && path[1] == "environment" && path[2] == "deployment_tier":
		return 1, true, true
	}
	return 0, false, false
}

// bitbucketStep: ….step.deployment.
func bitbucketStep(path []string) (int, bool, bool) {
	n := len(path)
	if n >= 2 && path[n-1] == "deployment" && path[n-2] == "step" {
		return n - 1, true, false
	}
	return 0, false, false
}

// azureJob: ….<job>.environment or ….<job>.environment.name, where the
// job is a list item of jobs: (deployment jobs) or of stages.
func azureJob(path []string) (int, bool, bool) {
	n := len(path)
	switch {
	case n >= 2 && path[n-1] == "environment":
		return n - 1, true, false
	case n >= 3 && path[n-2] == "environment" && path[n-1] == "name":
		return n - 2, true, false
	}
	return 0, false, false
}

// pipelineJob is a job found to name an environment.
type pipelineJob struct {
	prefix []string
	sec    Section
	tier   bool
}

// jobSections finds the jobs that name an environment, then puts every
// entry below each job into the job's section. It reports whether it found
// any.
func (b *sectionBuilder) jobSections(find jobEnvironment, what string) bool {
	var jobs []*pipelineJob
	for i := range b.doc.Entries {
		e := &b.doc.Entries[i]
		n, named, tier := find(e.Path)
		if !named || n == 0 {
			continue
		}
		m, ok := b.c.vocab.match(splitTokens(e.Value.Reveal())) // an environment name: configuration, not a credential
		if !ok {
			continue
		}
		prefix := e.Path[:n]
		job := findJob(jobs, prefix)
		if job != nil && (job.tier || !tier) {
			continue // deployment_tier, when given, is more precise than the name
		}
		sec := Section{
			Name:     b.jobName(prefix),
			Line:     b.keyLine(prefix, keyLineOf(b.doc, prefix)),
			Decision: Decision{Env: m.env, Reason: fmt.Sprintf("%s %s has %s", what, nameOrKey(e.Value, "value"), m.describe())},
		}
		if job == nil {
			jobs = append(jobs, &pipelineJob{prefix: prefix, sec: sec, tier: tier})
		} else {
			job.sec, job.tier = sec, tier
		}
	}
	for _, job := range jobs {
		for i := range b.doc.Entries {
			p := b.doc.Entries[i].Path
			if len(p) >= len(job.prefix) && slices.Equal(p[:len(job.prefix)], job.prefix) {
				b.assign(i, "job\x00"+strings.Join(job.prefix, "\x00"), func() Section { return job.sec })
			}
		}
	}
	return len(jobs) > 0
}

func findJob(jobs []*pipelineJob, prefix []string) *pipelineJob {
	for _, j := range jobs {
		if slices.Equal(j.prefix, prefix) {
			return j
		}
	}
	return nil
}

// jobName names a job's section: the GitLab job id, or the Azure
// deployment job's or Bitbucket step's own name when it has one, else the
// dotted path of the job.
func (b *sectionBuilder) jobName(prefix []string) string {
	if len(prefix) > 1 {
		for i := range b.doc.Entries {
			e := &b.doc.Entries[i]
			if len(e.Path) == len(prefix)+1 && slices.Equal(e.Path[:len(prefix)], prefix) && isJobNameKey(e.Path[len(prefix)]) {
				if name := nameOrKey(e.Value, ""); name != "" {
					return strings.Join(prefix, ".") + " " + name
				}
			}
		}
	}
	return strings.Join(prefix, ".")
}

func isJobNameKey(k string) bool { return k == "name" || k == "deployment" || k == "job" }

// keyLineOf is the line of the first entry whose path starts with prefix.
func keyLineOf(doc *parse.Doc, prefix []string) int {
	for i := range doc.Entries {
		p := doc.Entries[i].Path
		if len(p) >= len(prefix) && slices.Equal(p[:len(prefix)], prefix) {
			return doc.Entries[i].KeyPos.Line
		}
	}
	return 0
}
