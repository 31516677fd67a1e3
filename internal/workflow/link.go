package workflow

import (
	"strings"

	"github.com/envfence/envfence/internal/envmodel"
)

// Link resolves calls to reusable workflows of the same repository
// (uses: ./.github/workflows/deploy.yml) so that a calling job knows what
// its callee deploys; a calling job without its own environment takes the
// callee's production environment as its own.
func Link(wfs []*Workflow) {
	byPath := map[string]*Workflow{}
	for _, w := range wfs {
		byPath[w.Path] = w
	}
	for _, w := range wfs {
		for _, j := range w.Jobs {
			if !strings.HasPrefix(j.Uses, "./") {
				continue
			}
			callee := byPath[strings.TrimPrefix(strings.SplitN(j.Uses, "@", 2)[0], "./")]
			if callee == nil || callee == w {
				continue
			}
			j.Callee = callee
			if j.Env.Env == envmodel.None || j.Env.Env.Rank() < envmodel.Production.Rank() {
				for _, cj := range callee.Jobs {
					if cj.DeploysTo(envmodel.Production) {
						j.Env = envmodel.Decision{Env: envmodel.Production, Reason: "calls " + callee.Path + ", whose job " + cj.ID + " deploys to production"}
						break
					}
				}
			}
		}
	}
}

// IsDeploy reports whether the job deploys: a deploy step, an
// environment, or a call to a reusable workflow that deploys.
func (j *Job) IsDeploy() bool { return j.isDeploy(0) }

// maxCallDepth bounds the walk through reusable workflows (GitHub allows
// four levels of nesting; cycles are cut here).
const maxCallDepth = 4

func (j *Job) isDeploy(depth int) bool {
	if len(j.Deploys) > 0 || j.Environment != nil {
		return true
	}
	if j.Callee != nil && depth < maxCallDepth {
		for _, cj := range j.Callee.Jobs {
			if cj.isDeploy(depth + 1) {
				return true
			}
		}
	}
	return false
}

// DeploysTo reports whether the job deploys to env (SPEC §4): its
// environment: names env, or it deploys — a deploy step, or a call to a
// reusable workflow that deploys — and its environment decision (from
// deploy targets, secrets, job and workflow names) is env.
func (j *Job) DeploysTo(env envmodel.Env) bool { return j.deploysTo(env, 0) }

func (j *Job) deploysTo(env envmodel.Env, depth int) bool {
	if j.Environment != nil && !j.Environment.FromExpression && j.Env.Env == env {
		return true
	}
	if len(j.Deploys) > 0 && j.Env.Env == env {
		return true
	}
	if j.Callee != nil && depth < maxCallDepth {
		for _, cj := range j.Callee.Jobs {
			if cj.deploysTo(env, depth+1) {
				return true
			}
		}
	}
	return false
}
