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
	{"terraform apply", regexp.MustCompile(`\bterraform\b[^\n;&|]*\b(?:apply|destroy)\b[^\n;&|]*`)},
	{"terragrunt apply", regexp.MustCompile(`\bterragrunt\b[^\n;&|]*\b(?:apply|run-all\s+apply|destroy)\b[^\n;&|]*`)},
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
}

// testCommands recognise steps that run tests.
var testCommands = regexp.MustCompile(`\b(?:go\s+test|npm\s+(?:run\s+)?test|yarn\s+(?:run\s+)?test|pnpm\s+(?:run\s+)?test|pytest|tox|nox|mvn\b[^\n]*\b(?:test|verify)|gradle\w*\b[^\n]*\b(?:test|check)|cargo\s+(?:test|nextest)|bundle\s+exec\s+(?:rspec|rake\s+test)|rspec|rails\s+test|dotnet\s+test|make\s+(?:test|check)|phpunit|jest|vitest|mix\s+test|ctest|bats)\b`)

// testActions are actions that run tests.
var testActions = []string{"cypress-io/github-action", "microsoft/playwright-github-action", "gradle/gradle-build-action", "codecov/codecov-action"}

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
