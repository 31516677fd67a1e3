package workflow

import (
	"regexp"
	"strings"
)

// deployAction is a well-known action that deploys. inputs name the
// inputs whose values say where it deploys.
type deployAction struct {
	prefix string // owner/repo, matched case-insensitively before "@"
	inputs []string
}

// deployActions is the catalogue of deploying actions. Setup actions
// (configure-aws-credentials, setup-terraform, get-gke-credentials) are
// not deploys by themselves.
var deployActions = []deployAction{
	{"aws-actions/amazon-ecs-deploy-task-definition", []string{"cluster", "service"}},
	{"aws-actions/aws-cloudformation-github-deploy", []string{"name", "parameter-overrides"}},
	{"aws-actions/amazon-ecs-render-task-definition", nil},
	{"azure/webapps-deploy", []string{"app-name", "slot-name"}},
	{"azure/functions-action", []string{"app-name", "slot-name"}},
	{"azure/k8s-deploy", []string{"namespace", "manifests"}},
	{"azure/arm-deploy", []string{"resourcegroupname", "subscriptionid", "parameters"}},
	{"azure/container-apps-deploy-action", []string{"containerappname", "resourcegroup"}},
	{"azure/static-web-apps-deploy", []string{"deployment_environment"}},
	{"google-github-actions/deploy-cloudrun", []string{"service", "project_id"}},
	{"google-github-actions/deploy-appengine", []string{"project_id"}},
	{"google-github-actions/deploy-cloud-functions", []string{"name", "project_id"}},
	{"cloudflare/wrangler-action", []string{"environment", "command"}},
	{"cloudflare/pages-action", []string{"projectname", "branch"}},
	{"amondnet/vercel-action", []string{"vercel-args", "alias-domains"}},
	{"nwtgck/actions-netlify", []string{"production-deploy", "alias"}},
	{"netlify/actions/cli", []string{"args"}},
	{"superfly/flyctl-actions", []string{"args"}},
	{"akhileshns/heroku-deploy", []string{"heroku_app_name"}},
	{"firebaseextended/action-hosting-deploy", []string{"channelid", "projectid"}},
	{"w9jds/firebase-action", []string{"args"}},
	{"serverless/github-action", []string{"args"}},
	{"pulumi/actions", []string{"stack-name", "command"}},
	{"deliverybot/helm", []string{"release", "namespace", "value-files"}},
	{"wyrihaximus/github-action-helm3", []string{"exec"}},
	{"appleboy/ssh-action", []string{"host"}},
	{"peaceiris/actions-gh-pages", nil},
	{"jakejarvis/s3-sync-action", nil},
	{"einaregilsson/beanstalk-deploy", []string{"environment_name", "application_name"}},
	{"digitalocean/app_action", []string{"app_name"}},
	{"railwayapp/cli", nil},
	{"hashicorp/tfc-workflows-github/actions/apply-run", []string{"run"}},
	{"chetan/invalidate-cloudfront-action", []string{"distribution"}},
	{"cloud-gov/cg-cli-tools", []string{"cf_command", "cf_org", "cf_space"}},
}

// deployCommand is a command line that deploys; the first submatch, when
// there is one, is the target.
type deployCommand struct {
	what string
	re   *regexp.Regexp
}

// deployCommands recognise deploy steps in run: scripts.
var deployCommands = []deployCommand{
	{"kubectl apply", regexp.MustCompile(`\bkubectl\b[^\n;&|]*\b(?:apply|create|replace|patch|delete|set\s+image|rollout\s+(?:restart|undo))\b[^\n;&|]*`)},
	{"helm upgrade", regexp.MustCompile(`\bhelm\b[^\n;&|]*\b(?:upgrade|install|rollback)\b[^\n;&|]*`)},
	// terraform as the command, not a word in a script's name
	// (get-terraform-destroy-count.sh).
	{"terraform apply", regexp.MustCompile(`(?:^|[\s;&|(/])(?:terraform|tofu)\s[^\n;&|]*\b(?:apply|destroy)\b[^\n;&|]*`)},
	{"terragrunt apply", regexp.MustCompile(`(?:^|[\s;&|(/])terragrunt\s[^\n;&|]*\b(?:apply|run-all\s+apply|destroy)\b[^\n;&|]*`)},
	{"serverless deploy", regexp.MustCompile(`\b(?:serverless|sls)\s+deploy\b[^\n;&|]*`)},
	{"sam deploy", regexp.MustCompile(`\bsam\s+deploy\b[^\n;&|]*`)},
	{"cdk deploy", regexp.MustCompile(`\bcdk\s+deploy\b[^\n;&|]*`)},
	{"firebase deploy", regexp.MustCompile(`\bfirebase\s+deploy\b[^\n;&|]*`)},
	{"fly deploy", regexp.MustCompile(`\b(?:fly|flyctl)\s+deploy\b[^\n;&|]*`)},
	{"vercel --prod", regexp.MustCompile(`\bvercel\b[^\n;&|]*--prod\b[^\n;&|]*`)},
	{"netlify deploy", regexp.MustCompile(`\bnetlify\s+deploy\b[^\n;&|]*`)},
	{"gcloud deploy", regexp.MustCompile(`\bgcloud\b[^\n;&|]*\bdeploy\b[^\n;&|]*`)},
	{"az deploy", regexp.MustCompile(`\baz\b[^\n;&|]*\b(?:deploy|deployment\s+group\s+create|webapp\s+up)\b[^\n;&|]*`)},
	{"eb deploy", regexp.MustCompile(`\beb\s+deploy\b[^\n;&|]*`)},
	{"cap deploy", regexp.MustCompile(`\bcap\s+[A-Za-z0-9_-]+\s+deploy\b[^\n;&|]*`)},
	{"aws s3 sync", regexp.MustCompile(`\baws\s+s3\s+(?:sync|cp)\b[^\n;&|]*s3://[^\n;&|]*`)},
	{"aws ecs update-service", regexp.MustCompile(`\baws\s+ecs\s+update-service\b[^\n;&|]*`)},
	{"aws lambda update-function-code", regexp.MustCompile(`\baws\s+lambda\s+update-function-code\b[^\n;&|]*`)},
	{"wrangler deploy", regexp.MustCompile(`\bwrangler\s+(?:deploy|publish)\b[^\n;&|]*`)},
	{"heroku release", regexp.MustCompile(`\b(?:heroku\s+container:release|git\s+push\s+heroku)\b[^\n;&|]*`)},
	{"ansible-playbook", regexp.MustCompile(`\bansible-playbook\b[^\n;&|]*`)},
	{"pulumi up", regexp.MustCompile(`\bpulumi\s+up\b[^\n;&|]*`)},
	{"docker push", regexp.MustCompile(`\bdocker\s+push\b[^\n;&|]*:(?:prod|production|live)\b[^\n;&|]*`)},
	// Deploy scripts and task-runner targets named for deploying:
	// ./scripts/deploy.sh production, make deploy ENV=production,
	// npm run deploy:prod, bundle exec cap production deploy.
	{"deploy script", regexp.MustCompile(`(?:^|[\s;&|(])(?:(?:ba)?sh\s+|python3?\s+|ruby\s+|node\s+|pwsh\s+)?\.{0,2}/?[\w./-]*deploy[\w.-]*\.(?:sh|bash|py|rb|ps1|js|ts)\b[^\n;&|]*`)},
	{"apply script", regexp.MustCompile(`(?:^|[\s;&|(])(?:(?:ba)?sh\s+)?\.{0,2}/?[\w./-]*(?:terraform|terragrunt|tofu|tf)[-_.]?apply[\w.-]*\.(?:sh|bash)\b[^\n;&|]*`)},
	{"make deploy", regexp.MustCompile(`\bmake\b[^\n;&|]*?\s[\w.-]*deploy[\w:.-]*\b[^\n;&|]*`)},
	{"npm run deploy", regexp.MustCompile(`\b(?:npm|yarn|pnpm|bun)\s+(?:run\s+)?deploy[\w:.-]*[^\n;&|]*`)},
	{"task runner deploy", regexp.MustCompile(`\b(?:task|just|rake|mage|invoke|fab|mix|nx|turbo)\s+(?:run\s+)?[\w:.-]*deploy[\w:.-]*[^\n;&|]*`)},
	{"docker compose up", regexp.MustCompile(`\bdocker[- ]compose\b[^\n;&|]*-f\s+\S*(?:prod|production|live)\S*[^\n;&|]*\bup\b[^\n;&|]*`)},
	{"aws cloudformation deploy", regexp.MustCompile(`\baws\s+cloudformation\s+(?:deploy|create-stack|update-stack|execute-change-set)\b[^\n;&|]*`)},
	{"aws cloudfront invalidation", regexp.MustCompile(`\baws\s+cloudfront\s+create-invalidation\b[^\n;&|]*`)},
	{"aws codedeploy", regexp.MustCompile(`\baws\s+deploy\s+create-deployment\b[^\n;&|]*`)},
	{"s3 upload", regexp.MustCompile(`\b(?:s4cmd|s3cmd)\s+(?:put|sync|cp)\b[^\n;&|]*`)},
	{"gsutil upload", regexp.MustCompile(`\bgsutil\b[^\n;&|]*\b(?:rsync|cp)\b[^\n;&|]*gs://[^\n;&|]*`)},
	{"az storage upload", regexp.MustCompile(`\baz\s+storage\s+blob\s+(?:upload|upload-batch|sync)\b[^\n;&|]*`)},
	{"cf push", regexp.MustCompile(`\bcf\s+push\b[^\n;&|]*`)},
	{"heroku promote", regexp.MustCompile(`\bheroku\s+(?:releases:promote|pipelines:promote|deploy)\b[^\n;&|]*`)},
	{"skaffold run", regexp.MustCompile(`\bskaffold\s+(?:run|deploy)\b[^\n;&|]*`)},
	{"helmfile apply", regexp.MustCompile(`\bhelmfile\b[^\n;&|]*\b(?:apply|sync|deploy)\b[^\n;&|]*`)},
	{"argocd app sync", regexp.MustCompile(`\bargocd\s+app\s+(?:sync|set)\b[^\n;&|]*`)},
	{"kamal deploy", regexp.MustCompile(`\bkamal\s+(?:deploy|redeploy|rollback)\b[^\n;&|]*`)},
	{"nomad job run", regexp.MustCompile(`\bnomad\s+job\s+run\b[^\n;&|]*`)},
}

// remoteCommand reaches another host; it is deploy evidence only when the
// host (or the rest of the command) names the environment it reaches:
// ssh deploy@prod.example.com ./release.sh.
var remoteCommand = regexp.MustCompile(`\b(?:ssh|scp|rsync)\s[^\n;&|]*`)

// cloudLogins obtain cloud credentials; a changing cloud command after one
// is a deploy (aws s3 sync, gcloud run services update, az webapp restart).
var cloudLogins = []string{"aws-actions/configure-aws-credentials", "google-github-actions/auth", "azure/login"}

// cloudChange is a cloud CLI command that changes something.
var cloudChange = regexp.MustCompile(`\b(?:aws|gcloud|az)\s+(?:[\w-]+\s+){1,3}(?:[\w-]*(?:update|create|put|delete|deploy|apply|sync|invalidation|publish|restart|promote|upload|import|set-)[\w-]*)\b[^\n;&|]*`)

// deployNameVerbs in a step's or job's name, with an environment named
// beside them, make the name deploy evidence: "Deploy to production",
// "Promote to staging", "Release prod".
var deployNameVerbs = regexp.MustCompile(`(?i)\b(?:deploy(?:s|ing|ment)?|promot(?:e|es|ing)|roll(?:ing)?[- ]?out|release|publish|ship)\b`)

// notDeployNames mark names of steps around a deploy: notifications,
// markers, checks, plans and previews.
var notDeployNames = regexp.MustCompile(`(?i)\b(?:notif\w*|marker|announce\w*|slack|comment|status|record|check\w*|verif\w*|smoke|plan|preview|diff|lint|validat\w*|wait\w*|drift)\b`)

// testCommands recognise steps that run tests.
var testCommands = regexp.MustCompile(`\b(?:go\s+test|npm\s+(?:run\s+)?test|yarn\s+(?:run\s+)?test|pnpm\s+(?:run\s+)?test|pytest|tox|nox|mvn\b[^\n]*\b(?:test|verify)|gradle\w*\b[^\n]*\b(?:test|check)|cargo\s+(?:test|nextest)|bundle\s+exec\s+(?:rspec|rake\s+test)|rspec|rails\s+test|dotnet\s+test|make\s+(?:test|check)|phpunit|jest|vitest|mix\s+test|ctest|bats)\b`)

// testActions are actions that run tests.
var testActions = []string{"cypress-io/github-action", "microsoft/playwright-github-action", "gradle/gradle-build-action", "codecov/codecov-action"}

// localDeployAction and remoteDeployAction recognise actions outside the
// catalogue by their reference: a composite action of the repository named
// for deploying (./.github/actions/rainbow-deployment), or a published
// action with "deploy" in its name. Actions that record or report
// deployments (statuses, markers, notifications) are not deploys.
var (
	localDeployAction  = regexp.MustCompile(`(?i)(?:^|[/_.-])(?:deploy|deployment|rollout|release-to)(?:$|[/_.-])`)
	remoteDeployAction = regexp.MustCompile(`(?i)(?:^|[/_.-])deploy(?:$|[/_.-])`)
	deployRecordAction = regexp.MustCompile(`(?i)status|marker|notif|slack|track|record|comment|deployments`)
)

// namedDeployAction reports an action reference named for deploying.
func namedDeployAction(uses string) bool {
	ref := strings.SplitN(uses, "@", 2)[0]
	if deployRecordAction.MatchString(ref) {
		return false
	}
	if strings.HasPrefix(ref, "./") {
		return localDeployAction.MatchString(strings.TrimPrefix(ref, "./"))
	}
	return remoteDeployAction.MatchString(ref)
}

// matchDeployAction returns the catalogue entry for a uses: reference.
func matchDeployAction(uses string) (deployAction, bool) {
	name := strings.ToLower(uses)
	if at := strings.IndexByte(name, '@'); at >= 0 {
		name = name[:at]
	}
	for _, a := range deployActions {
		if name == a.prefix || strings.HasPrefix(name, a.prefix+"/") {
			return a, true
		}
	}
	return deployAction{}, false
}
