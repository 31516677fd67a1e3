package workflow

import (
	"fmt"
	"strconv"
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
			if j.Env.Env == envmodel.None && j.PassedEnv.Env != envmodel.None && callee.deploysByInput() {
				j.Env = envmodel.Decision{Env: j.PassedEnv.Env, Reason: j.PassedEnv.Reason + ", whose deploy takes its target from its inputs"}
			}
		}
	}
}

// IsDeploy reports whether the job deploys: DeployDecision's answer.
func (j *Job) IsDeploy() bool {
	deploys, _ := j.DeployDecision()
	return deploys
}

// maxCallDepth bounds the walk through reusable workflows (GitHub allows
// four levels of nesting; cycles are cut here).
const maxCallDepth = 4

// DeployDecision is the one decision whether a job deploys, with the
// evidence, for every rule and for envs: a deploy step (a known action or
// command, a deploy script or task-runner target, a step or job named for
// deploying to an environment, a cloud change after a cloud login, a
// command reaching a host named for an environment), or a call to a
// reusable workflow that deploys. An environment: alone is no evidence:
// tests, plans, markers and drift checks read environment secrets too.
func (j *Job) DeployDecision() (bool, string) { return j.deployDecision(0) }

func (j *Job) deployDecision(depth int) (bool, string) {
	if len(j.Deploys) > 0 {
		d := j.Deploys[0]
		return true, fmt.Sprintf("deploy step %s", describeDeploy(d))
	}
	if j.Callee != nil && depth < maxCallDepth {
		for _, cj := range j.Callee.Jobs {
			if ok, _ := cj.deployDecision(depth + 1); ok {
				return true, fmt.Sprintf("calls %s, whose job %s deploys", j.Callee.Path, cj.ID)
			}
		}
	}
	if j.Environment != nil {
		return false, fmt.Sprintf("environment: %s, but no step deploys (tests, plans and markers read environment secrets too)", j.Environment.Name)
	}
	return false, "no step deploys"
}

// describeDeploy names a deploy step for a reason: what it is, never its
// command line, which may hold values.
func describeDeploy(d Deploy) string {
	if strings.HasPrefix(d.What, "named ") {
		return d.What
	}
	return strconv.Quote(d.What)
}

// DeploysTo reports whether the job deploys to env (SPEC §4): it deploys
// (DeployDecision) and its environment decision — environment:, deploy
// targets, secrets, job and workflow names — is env; or it calls a
// reusable workflow with a job that deploys to env.
func (j *Job) DeploysTo(env envmodel.Env) bool { return j.deploysTo(env, 0) }

func (j *Job) deploysTo(env envmodel.Env, depth int) bool {
	if len(j.Deploys) > 0 && j.Env.Env == env {
		return true
	}
	if j.Callee != nil && depth < maxCallDepth {
		for _, cj := range j.Callee.Jobs {
			if cj.deploysTo(env, depth+1) {
				return true
			}
		}
		if j.PassedEnv.Env == env && j.Env.Env == env && j.Callee.deploysByInput() {
			return true
		}
	}
	return false
}

// deploysByInput reports a reusable workflow with a job that deploys to
// no environment of its own: its target comes from what callers pass.
func (w *Workflow) deploysByInput() bool {
	for _, j := range w.Jobs {
		if j.Env.Env == envmodel.None && len(j.Deploys) > 0 {
			return true
		}
	}
	return false
}
