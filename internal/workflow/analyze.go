package workflow

import (
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/parse"
	"github.com/envfence/envfence/internal/secret"
)

// Analyze parses a workflow and analyses every job. Parse errors do not
// stop the analysis: whatever actionlint could build is analysed, and the
// errors become Problems (line numbers and envfence's own words, never the
// file's content).
func Analyze(p string, content []byte, names Namer) *Workflow {
	ast, errs := actionlint.Parse(content)
	w := &Workflow{Path: p, Inputs: map[string]Input{}}
	if len(errs) > 0 {
		lines := []string{}
		for _, e := range errs {
			lines = append(lines, fmt.Sprintf("line %d", e.Line))
		}
		slices.Sort(lines)
		w.Problems = append(w.Problems, fmt.Sprintf("actionlint could not fully parse the workflow (%s); analysed what it could", strings.Join(slices.Compact(lines), ", ")))
	}
	if ast == nil {
		return w
	}
	a := analyzer{src: content, lines: strings.Split(string(content), "\n"), names: names, w: w}
	a.workflow(ast)
	return w
}

type analyzer struct {
	src   []byte
	lines []string
	names Namer
	w     *Workflow
	wfEnv *actionlint.Env // the workflow-level env:, whose secrets every job reads
}

func pos(p *actionlint.Pos) parse.Pos {
	if p == nil {
		return parse.Pos{}
	}
	return parse.Pos{Line: p.Line, Col: p.Col}
}

func str(s *actionlint.String) string {
	if s == nil {
		return ""
	}
	return s.Value
}

func (a *analyzer) workflow(ast *actionlint.Workflow) {
	a.w.Name = str(ast.Name)
	for _, ev := range ast.On {
		a.trigger(ev)
	}
	if ast.Env != nil {
		a.w.Values = a.envValues(ast.Env, []string{"env"})
		a.wfEnv = ast.Env
	}
	ids := make([]string, 0, len(ast.Jobs))
	for id := range ast.Jobs {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(x, y string) int { return ast.Jobs[x].Pos.Line - ast.Jobs[y].Pos.Line })
	for _, id := range ids {
		a.w.Jobs = append(a.w.Jobs, a.job(ast.Jobs[id]))
	}
}

func (a *analyzer) trigger(ev actionlint.Event) {
	switch e := ev.(type) {
	case *actionlint.WebhookEvent:
		t := Trigger{Event: str(e.Hook), Pos: pos(e.Pos)}
		t.Branches = filterValues(e.Branches)
		t.Tags = filterValues(e.Tags)
		for _, v := range e.Workflows {
			t.Workflows = append(t.Workflows, str(v))
		}
		for _, v := range e.Types {
			t.Types = append(t.Types, str(v))
		}
		if len(t.Branches) == 0 && e.BranchesIgnore != nil && len(e.BranchesIgnore.Values) > 0 {
			t.Branches = []string{"!" + str(e.BranchesIgnore.Values[0])}
		}
		a.w.Triggers = append(a.w.Triggers, t)
	case *actionlint.WorkflowDispatchEvent:
		a.w.Triggers = append(a.w.Triggers, Trigger{Event: "workflow_dispatch", Pos: pos(e.Pos)})
		for name, in := range e.Inputs {
			a.w.Inputs[strings.ToLower(name)] = Input{Type: dispatchType(in.Type), Pos: pos(in.Name.Pos)} // over a workflow_call input of the same name
		}
	case *actionlint.WorkflowCallEvent:
		a.w.Reusable = true
		a.w.Triggers = append(a.w.Triggers, Trigger{Event: "workflow_call", Pos: pos(e.Pos)})
		for _, in := range e.Inputs {
			name := strings.ToLower(str(in.Name))
			if _, dispatched := a.w.Inputs[name]; !dispatched {
				a.w.Inputs[name] = Input{Type: "string", Pos: pos(in.Name.Pos), Call: true}
			}
		}
	case *actionlint.ScheduledEvent:
		a.w.Triggers = append(a.w.Triggers, Trigger{Event: "schedule", Pos: pos(e.Pos)})
	case *actionlint.RepositoryDispatchEvent:
		a.w.Triggers = append(a.w.Triggers, Trigger{Event: "repository_dispatch", Pos: pos(e.Pos)})
	}
}

func filterValues(f *actionlint.WebhookEventFilter) []string {
	if f == nil {
		return nil
	}
	var out []string
	for _, v := range f.Values {
		out = append(out, str(v))
	}
	return out
}

func dispatchType(t actionlint.WorkflowDispatchEventInputType) string {
	switch t {
	case actionlint.WorkflowDispatchEventInputTypeChoice:
		return "choice"
	case actionlint.WorkflowDispatchEventInputTypeEnvironment:
		return "environment"
	case actionlint.WorkflowDispatchEventInputTypeBoolean:
		return "boolean"
	case actionlint.WorkflowDispatchEventInputTypeNumber:
		return "number"
	}
	return "string"
}

func (a *analyzer) job(j *actionlint.Job) *Job {
	job := &Job{ID: str(j.ID), Pos: pos(j.Pos), Name: str(j.Name), If: str(j.If)}
	if j.ID != nil && j.ID.Pos != nil {
		job.Pos = pos(j.ID.Pos)
	}
	for _, n := range j.Needs {
		job.Needs = append(job.Needs, str(n))
	}
	if j.Environment != nil && j.Environment.Name != nil {
		job.Environment = a.envRef(j.Environment)
	}
	base := []string{"jobs", job.ID}
	if a.wfEnv != nil {
		a.envSecrets(job, a.wfEnv) // the workflow's env: is every job's
	}
	if j.Env != nil {
		job.Values = append(job.Values, a.envValues(j.Env, append(base, "env"))...)
		a.envSecrets(job, j.Env)
	}
	a.secretsIn(job, j.If, "if")
	a.container(job, j.Container)
	if j.Services != nil {
		for _, s := range j.Services.Value {
			a.container(job, s.Container)
		}
	}
	for i, st := range j.Steps {
		a.step(job, st, append(slices.Clone(base), "steps", fmt.Sprint(i)))
	}
	if len(job.Deploys) == 0 {
		for _, n := range []string{job.Name, job.ID} {
			if d, ok := a.namedDeploy(n, job.Pos); ok {
				job.Deploys = append(job.Deploys, d)
				break
			}
		}
	}
	if j.WorkflowCall != nil {
		a.call(job, j.WorkflowCall)
	}
	job.Env = a.jobEnv(job)
	return job
}

// envRef reads environment:, noting which inputs a computed name uses.
func (a *analyzer) envRef(e *actionlint.Environment) *EnvRef {
	ref := &EnvRef{Name: str(e.Name), Pos: pos(e.Name.Pos)}
	if e.Name.ContainsExpression() {
		ref.FromExpression = true
		for _, m := range inputRef.FindAllStringSubmatch(e.Name.Value, -1) {
			// Input names are case-insensitive, as GitHub reads them.
			ref.Inputs = append(ref.Inputs, strings.ToLower(m[1]))
		}
	}
	return ref
}

func (a *analyzer) container(job *Job, c *actionlint.Container) {
	if c == nil {
		return
	}
	if c.Credentials != nil {
		a.secretsIn(job, c.Credentials.Password, "credentials")
		a.secretsIn(job, c.Credentials.Username, "credentials")
	}
	if c.Env != nil {
		a.envSecrets(job, c.Env)
	}
}

// namedDeploy reads a step's or job's name: a deploy verb with an
// environment named beside it ("Deploy to production") is a deploy there,
// unless the name is about something around a deploy (a notification, a
// marker, a check, a plan).
//
// The environment must follow the verb ("Deploy to staging", "release
// prod"), and a test word there is not one: in "Build, test & publish" or
// "Publish test results" test is what the step does.
func (a *analyzer) namedDeploy(name string, at parse.Pos) (Deploy, bool) {
	loc := deployNameVerbs.FindStringIndex(name)
	if loc == nil || notDeployNames.MatchString(name) {
		return Deploy{}, false
	}
	d, ok := a.names.Name(name[loc[1]:])
	if !ok || d.Env == envmodel.Test {
		return Deploy{}, false
	}
	return Deploy{What: fmt.Sprintf("named %q", name), Pos: at, Target: name,
		Env: envmodel.Decision{Env: d.Env, Reason: fmt.Sprintf("name %q says it deploys to %s", name, d.Env)}}, true
}

func (a *analyzer) step(job *Job, st *actionlint.Step, p []string) {
	found := len(job.Deploys)
	defer func() {
		if len(job.Deploys) == found && st.Name != nil {
			if d, ok := a.namedDeploy(str(st.Name), pos(st.Name.Pos)); ok {
				job.Deploys = append(job.Deploys, d)
			}
		}
		if GuardedToDefaultBranch(str(st.If)) {
			for i := found; i < len(job.Deploys); i++ {
				job.Deploys[i].Guarded = true
			}
		}
	}()
	if st.Env != nil {
		job.Values = append(job.Values, a.envValues(st.Env, append(slices.Clone(p), "env"))...)
		a.envSecrets(job, st.Env)
	}
	a.secretsIn(job, st.If, "if")
	switch ex := st.Exec.(type) {
	case *actionlint.ExecRun:
		a.secretsIn(job, ex.Run, "run")
		a.runDeploys(job, ex.Run)
		if ex.Run != nil && testCommands.MatchString(ex.Run.Value) {
			job.RunsTests = true
		}
	case *actionlint.ExecAction:
		a.action(job, st, ex, p)
	}
}

func (a *analyzer) action(job *Job, st *actionlint.Step, ex *actionlint.ExecAction, p []string) {
	uses := str(ex.Uses)
	names := slices.Sorted(maps.Keys(ex.Inputs))
	for _, name := range names {
		in := ex.Inputs[name]
		a.passed(job, p, "with", in.Name, in.Value)
	}
	for _, t := range testActions {
		if strings.HasPrefix(strings.ToLower(uses), t) {
			job.RunsTests = true
		}
	}
	for _, l := range cloudLogins {
		if strings.HasPrefix(strings.ToLower(uses), l) {
			job.cloudLogin = true
		}
	}
	da, ok := matchDeployAction(uses)
	if !ok {
		if namedDeployAction(uses) {
			var target []string
			for _, name := range names {
				target = append(target, name+"="+str(ex.Inputs[name].Value))
			}
			d := Deploy{What: "action " + strings.SplitN(uses, "@", 2)[0], Pos: pos(ex.Uses.Pos), Target: strings.Join(target, " ")}
			d.Env = a.targetEnv(d.What, d.Target)
			job.Deploys = append(job.Deploys, d)
		}
		return
	}
	var target []string
	for _, name := range names {
		if len(da.inputs) == 0 || slices.Contains(da.inputs, strings.ToLower(name)) {
			target = append(target, name+"="+str(ex.Inputs[name].Value))
		}
	}
	d := Deploy{What: strings.SplitN(uses, "@", 2)[0], Pos: pos(ex.Uses.Pos), Target: strings.Join(target, " ")}
	d.Env = a.targetEnv(d.What, d.Target)
	if isFirebaseLive(da, ex) {
		d.Env = envmodel.Decision{Env: envmodel.Production, Reason: "firebase hosting channel live"}
	}
	job.Deploys = append(job.Deploys, d)
}

func isFirebaseLive(da deployAction, ex *actionlint.ExecAction) bool {
	if da.prefix != "firebaseextended/action-hosting-deploy" {
		return false
	}
	for name, in := range ex.Inputs {
		if strings.EqualFold(name, "channelid") && str(in.Value) == "live" {
			return true
		}
	}
	return false
}

// runDeploys finds deploy commands in a run: script.
func (a *analyzer) runDeploys(job *Job, run *actionlint.String) {
	if run == nil {
		return
	}
	script := strings.ReplaceAll(run.Value, "\\\n", " ")
	found := len(job.Deploys)
	for _, c := range deployCommands {
		for _, m := range c.re.FindAllStringIndex(script, -1) {
			job.Deploys = append(job.Deploys, a.commandDeploy(run, c.what, script, m))
		}
	}
	if len(job.Deploys) > found {
		return
	}
	for _, m := range remoteCommand.FindAllStringIndex(script, -1) {
		// Reaching a host is a deploy only where the command names the
		// environment it reaches.
		if d := a.commandDeploy(run, "remote command", script, m); d.Env.Env != envmodel.None {
			job.Deploys = append(job.Deploys, d)
		}
	}
	if job.cloudLogin {
		for _, m := range cloudChange.FindAllStringIndex(script, -1) {
			job.Deploys = append(job.Deploys, a.commandDeploy(run, "cloud change after login", script, m))
		}
	}
}

// commandDeploy is the deploy of the command at m in script. Its target is
// the whole line the command stands on: a pipeline feeds kubectl what
// kustomize built for overlays/production, and ENV=production or
// cd deploy/prod may come before the command.
func (a *analyzer) commandDeploy(run *actionlint.String, what, script string, m []int) Deploy {
	start := strings.LastIndexByte(script[:m[0]], '\n') + 1
	end := m[1] + max(0, strings.IndexByte(script[m[1]:], '\n'))
	if !strings.Contains(script[m[1]:], "\n") {
		end = len(script)
	}
	line := strings.TrimSpace(script[start:end])
	d := Deploy{What: what, Pos: a.offsetPos(run, m[0]).Start, Target: line}
	d.Env = a.targetEnv(what, stageOption.ReplaceAllString(line, " "))
	return d
}

// stageOption is the name of a --stage option, whose word would read as
// staging: yarn deploy --stage production deploys to production.
var stageOption = regexp.MustCompile(`(?i)(?:^|\s)--?stage(?:=|\s)`)

func (a *analyzer) call(job *Job, c *actionlint.WorkflowCall) {
	job.Uses = str(c.Uses)
	job.UsesPos = pos(c.Uses.Pos)
	job.InheritSecrets = c.InheritSecrets
	// What the job passes to the called workflow are values of the job,
	// whose environment the called workflow decides; a literal passed as a
	// secret is a literal all the same.
	base := []string{"jobs", job.ID}
	for _, n := range slices.Sorted(maps.Keys(c.Secrets)) {
		sec := c.Secrets[n]
		a.passed(job, base, "secrets", sec.Name, sec.Value)
	}
	for _, n := range slices.Sorted(maps.Keys(c.Inputs)) {
		in := c.Inputs[n]
		a.passed(job, base, "with", in.Name, in.Value)
		if in.Value == nil {
			continue
		}
		if job.With == nil {
			job.With = map[string]Passed{}
		}
		p := Passed{Literal: !in.Value.ContainsExpression(), Pos: pos(in.Value.Pos)}
		if p.Literal && job.PassedEnv.Env == envmodel.None && targetVariables[strings.ToUpper(strings.ReplaceAll(n, "-", "_"))] {
			if d, ok := a.names.Name(in.Value.Value); ok {
				// The reason names the environment, never the value passed.
				job.PassedEnv = envmodel.Decision{Env: d.Env, Reason: fmt.Sprintf("passes %s: %s to %s", n, d.Env, job.Uses)}
			}
		}
		for _, m := range inputRef.FindAllStringSubmatch(in.Value.Value, -1) {
			p.Inputs = append(p.Inputs, strings.ToLower(m[1]))
		}
		job.With[strings.ToLower(n)] = p
	}
}

// passed notes the secrets a value passed under p.where.name uses, and
// keeps it as a value of the job when it is a literal.
func (a *analyzer) passed(job *Job, p []string, where string, name, value *actionlint.String) {
	a.secretsIn(job, value, where)
	if e, ok := a.literal(value, append(slices.Clone(p), where, str(name))); ok {
		job.Values = append(job.Values, e)
	}
}

// envValues turns an env: block's literal values into entries.
func (a *analyzer) envValues(env *actionlint.Env, p []string) []parse.Entry {
	var out []parse.Entry
	for _, v := range sortedVars(env) {
		if e, ok := a.literal(v.Value, append(slices.Clone(p), str(v.Name))); ok {
			if v.Name != nil && v.Name.Pos != nil {
				e.KeyPos = pos(v.Name.Pos)
			}
			out = append(out, e)
		}
	}
	return out
}

func (a *analyzer) envSecrets(job *Job, env *actionlint.Env) {
	a.secretsIn(job, env.Expression, "env")
	for _, v := range sortedVars(env) {
		a.secretsIn(job, v.Value, "env")
	}
}

func sortedVars(env *actionlint.Env) []*actionlint.EnvVar {
	vars := make([]*actionlint.EnvVar, 0, len(env.Vars))
	for _, v := range env.Vars {
		vars = append(vars, v)
	}
	slices.SortFunc(vars, func(x, y *actionlint.EnvVar) int {
		return strings.Compare(fmt.Sprintf("%09d", posLine(x.Name)), fmt.Sprintf("%09d", posLine(y.Name)))
	})
	return vars
}

func posLine(s *actionlint.String) int {
	if s == nil || s.Pos == nil {
		return 0
	}
	return s.Pos.Line
}

// literal returns a value as an entry unless it is wholly an expression
// (a reference, not a literal). Values that mix literal text and
// expressions stay: their hosts are literal even if their passwords are not.
func (a *analyzer) literal(s *actionlint.String, p []string) (parse.Entry, bool) {
	if s == nil || s.Pos == nil || s.Value == "" || s.IsExpressionAssigned() {
		return parse.Entry{}, false
	}
	r := a.offsetPos(s, 0)
	end := a.offsetPos(s, len(s.Value))
	r.End = end.Start
	if s.Quoted && r.Start.Line == r.End.Line {
		r.End.Col += 2
	}
	return parse.Entry{Path: p, KeyPos: r.Start, Value: secret.New(s.Value), Range: r, Quoted: s.Quoted}, true
}

// jobEnv decides the job's environment: environment: name, deploy
// targets, secret names (for jobs that deploy), then job id or name, then
// the workflow's name and file name.
func (a *analyzer) jobEnv(job *Job) envmodel.Decision {
	if job.Environment != nil && !job.Environment.FromExpression {
		if d, ok := a.names.Name(job.Environment.Name); ok {
			if name, t, conflict := a.statedTarget(job, d.Env); conflict {
				return envmodel.Decision{Reason: fmt.Sprintf("environment: %s, but %s names %s: the signals conflict, so no rule judges the job by either", job.Environment.Name, name, t.Env)}
			}
			return envmodel.Decision{Env: d.Env, Reason: fmt.Sprintf("environment: %s", job.Environment.Name)}
		}
	}
	for _, d := range job.Deploys {
		if d.Env.Env != envmodel.None {
			return d.Env
		}
	}
	for _, s := range job.Secrets {
		if len(job.Deploys) == 0 && job.Uses == "" {
			break // secrets say where a deploy goes; a test job reading a production secret is still a test job
		}
		if d, ok := a.names.Name(s.Name); ok {
			return envmodel.Decision{Env: d.Env, Reason: fmt.Sprintf("uses secret %s", s.Name)}
		}
	}
	for _, n := range []string{job.ID, job.Name} {
		if d, ok := a.names.Name(n); ok {
			return envmodel.Decision{Env: d.Env, Reason: fmt.Sprintf("job %q: %s", n, d.Reason)}
		}
	}
	// A workflow's name speaks for its jobs only when it names where they
	// go: "CI" or "tests" says what the workflow is for, and its jobs
	// also build, push and deploy.
	for _, n := range []string{a.w.Name, path.Base(a.w.Path)} {
		if d, ok := a.names.Name(n); ok && d.Env != envmodel.Test {
			return envmodel.Decision{Env: d.Env, Reason: fmt.Sprintf("workflow %q: %s", n, d.Reason)}
		}
	}
	return envmodel.Decision{Reason: "no environment in the job's environment:, deploy targets, secrets or names"}
}

// targetVariables name where a job's tools deploy: Terraform's workspace,
// a Serverless stage, a deploy script's environment.
var targetVariables = map[string]bool{
	"TF_WORKSPACE": true, "WORKSPACE": true, "STAGE": true, "DEPLOY_ENV": true, "DEPLOY_ENVIRONMENT": true,
	"TARGET_ENV": true, "TARGET_ENVIRONMENT": true, "ENVIRONMENT": true, "ENVIRONMENT_NAME": true, "ENV_NAME": true,
}

// statedTarget finds a literal target variable of the workflow or the job
// whose value names an environment other than env: a job whose GitHub
// environment is "production" only for its approval gate while
// TF_WORKSPACE says development.
// A job's own env: overrides the workflow's.
func (a *analyzer) statedTarget(job *Job, env envmodel.Env) (string, envmodel.Decision, bool) {
	stated := map[string]parse.Entry{}
	for _, e := range slices.Concat(a.w.Values, job.Values) {
		if name := strings.ToUpper(e.Key()); targetVariables[name] {
			stated[name] = e
		}
	}
	for _, name := range slices.Sorted(maps.Keys(stated)) {
		e := stated[name]
		if d, ok := a.names.Name(e.Value.Reveal()); ok && d.Env != env {
			return e.Key(), d, true
		}
	}
	return "", envmodel.Decision{}, false
}

// targetEnv classifies a deploy step by its target. The reason names the
// step and the token, never the command or inputs: they may hold literal
// credentials.
func (a *analyzer) targetEnv(what, target string) envmodel.Decision {
	d, ok := a.names.Name(target)
	if !ok {
		return envmodel.Decision{}
	}
	token := d.Reason
	if i := strings.LastIndex(token, " has "); i >= 0 {
		token = token[i+len(" has "):]
	}
	return envmodel.Decision{Env: d.Env, Reason: fmt.Sprintf("deploy step %q targets %s (%s)", what, d.Env, token)}
}
