package values

import (
	"strings"
	"unicode/utf8"

	"github.com/envfence/envfence/internal/lazyre"
	"github.com/envfence/envfence/internal/secret"
)

// Resource is a cloud resource identifier. IDs are not secret: messages
// print them.
type Resource struct {
	// Kind is one of the Kind* constants.
	Kind string
	// ID is the identifier as written.
	ID string
	// Offset and Len locate the id in the value, in code points.
	Offset, Len int
}

// The resource kinds.
const (
	KindAWSAccount        = "aws-account"
	KindGCPProject        = "gcp-project"
	KindAzureSubscription = "azure-subscription"
	KindBucket            = "bucket"
	KindK8sContext        = "k8s-context"
	// KindAWSProfile is a named AWS CLI/SDK profile: which credentials a
	// tool runs with. Profile names are local to a machine ("default" is
	// everyone's), so only a name that says production makes one
	// production's.
	KindAWSProfile = "aws-profile"
	// KindK8sNamespace is a Kubernetes namespace. Namespaces belong to a
	// cluster, and every cluster may have one named "shop": only a name
	// that says production makes one production's.
	KindK8sNamespace = "k8s-namespace"
)

// maxResourceValue bounds the values searched for resources.
const maxResourceValue = 64 << 10

// docAccounts are account ids that AWS documentation uses.
var docAccounts = map[string]bool{
	"123456789012": true, "111122223333": true, "444455556666": true, "555555555555": true,
	"999999999999": true, "000000000000": true, "012345678901": true,
}

// docProjects are project ids of Google's documentation and templates.
var docProjects = map[string]bool{"my-project": true, "my-project-id": true, "project-id": true, "myproject": true, "your-project": true, "your-project-id": true}

// resourcePattern finds resource ids in context. A value is searched only
// if it holds the pattern's gate (shared by a group of patterns, tested
// once per group) and every one of its hints. The id is the first
// submatch.
type resourcePattern struct {
	kind, gate string
	hints      []string
	re         *lazyre.Regexp
}

const (
	bucketName = `([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])`
	projectID  = `([a-z][a-z0-9-]{4,28}[a-z0-9])`
	guid       = `([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})`
)

// resourcePatterns are env-conventions §3.1 as data, grouped by gate.
var resourcePatterns = []resourcePattern{
	{KindAWSAccount, "aws", []string{"arn:aws"}, lazyre.New(`arn:aws(?:-cn|-us-gov)?:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):`)},
	{KindAWSAccount, "aws", []string{".dkr.ecr."}, lazyre.New(`(?:^|[^0-9])(\d{12})\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com`)},
	{KindAWSAccount, "aws", []string{"sqs."}, lazyre.New(`sqs\.[a-z0-9-]+\.amazonaws\.com/(\d{12})/`)},
	{KindBucket, "aws", []string{"arn:aws", ":s3:::"}, lazyre.New(`arn:aws(?:-cn|-us-gov)?:s3:::` + bucketName)},
	{KindBucket, "aws", []string{".s3", "amazonaws.com"}, lazyre.New(`(?:^|[^a-z0-9.-])` + bucketName + `\.s3[.-](?:[a-z0-9-]+\.)?amazonaws\.com`)},
	{KindBucket, "aws", []string{"s3", "amazonaws.com/"}, lazyre.New(`(?:^|[^a-z0-9.-])s3[.-](?:[a-z0-9-]+\.)?amazonaws\.com/` + bucketName)},
	{KindBucket, "://", []string{"s3"}, lazyre.New(`(?:^|[^a-z0-9])s3a?://` + bucketName)},
	{KindBucket, "://", []string{"gs://"}, lazyre.New(`(?:^|[^a-z0-9])gs://` + bucketName)},
	{KindBucket, "storage.googleapis.com", nil, lazyre.New(`(?:^|[^a-z0-9.-])storage\.googleapis\.com/([a-z0-9][a-z0-9._-]{1,61}[a-z0-9])`)},
	{KindBucket, "storage.googleapis.com", []string{".storage."}, lazyre.New(`(?:^|[^a-z0-9.-])` + bucketName + `\.storage\.googleapis\.com`)},
	{KindBucket, ".core.windows.net", nil, lazyre.New(`(?:^|[^a-z0-9])([a-z0-9]{3,24})\.(?:blob|dfs|file|queue|table)\.core\.windows\.net`)},
	{KindBucket, "AccountName=", nil, lazyre.New(`(?:^|;)\s*AccountName=([a-z0-9]{3,24})(?:;|$)`)},
	{KindGCPProject, "projects/", nil, lazyre.New(`(?:^|[^a-z0-9/-])projects/` + projectID + `(?:/|$)`)},
	{KindGCPProject, ".iam.gserviceaccount.com", nil, lazyre.New(`@` + projectID + `\.iam\.gserviceaccount\.com`)},
	{KindGCPProject, "gcr.io/", nil, lazyre.New(`(?:^|[^a-z0-9.-])(?:[a-z]+\.)?gcr\.io/` + projectID + `/`)},
	{KindGCPProject, "-docker.pkg.dev/", nil, lazyre.New(`-docker\.pkg\.dev/` + projectID + `/`)},
	{KindGCPProject, ".appspot.com", nil, lazyre.New(`(?:^|[^a-z0-9.-])` + projectID + `\.appspot\.com`)},
	{KindGCPProject, ".firebaseapp.com", nil, lazyre.New(`(?:^|[^a-z0-9.-])` + projectID + `\.firebaseapp\.com`)},
	{KindGCPProject, "/cloudsql/", nil, lazyre.New(`/cloudsql/` + projectID + `:[a-z]+-[a-z]+\d:`)},
	{KindAzureSubscription, "/subscriptions/", nil, lazyre.New(`(?i)/subscriptions/` + guid)},
}

// resourceKeys map a key (its tokens joined by spaces) to the kind its
// value is.
var resourceKeys = map[string]string{
	"account id": KindAWSAccount, "aws account id": KindAWSAccount, "allowed account ids": KindAWSAccount,
	"account": KindAWSAccount, "aws account": KindAWSAccount, "account ids": KindAWSAccount,
	"project": KindGCPProject, "project id": KindGCPProject, "google cloud project": KindGCPProject,
	"gcp project": KindGCPProject, "gcp project id": KindGCPProject, "gcloud project": KindGCPProject,
	"cloudsdk core project": KindGCPProject, "google project": KindGCPProject, "google project id": KindGCPProject,
	"gcloud project id": KindGCPProject, "firebase project id": KindGCPProject,
	"subscription id": KindAzureSubscription, "subscription": KindAzureSubscription,
	"arm subscription id": KindAzureSubscription, "azure subscription id": KindAzureSubscription,
	"azure subscription": KindAzureSubscription,
	"context":            KindK8sContext, "current context": KindK8sContext, "config context": KindK8sContext, "kube context": KindK8sContext, "kubecontext": KindK8sContext,
	"kubectl context": KindK8sContext, "k8s context": KindK8sContext, "cluster": KindK8sContext,
	"cluster name": KindK8sContext, "eks cluster name": KindK8sContext, "gke cluster": KindK8sContext,
	"aks cluster": KindK8sContext, "kube cluster": KindK8sContext,
	"aws profile": KindAWSProfile, "aws default profile": KindAWSProfile, "aws vault profile": KindAWSProfile,
	"namespace": KindK8sNamespace, "kube namespace": KindK8sNamespace, "k8s namespace": KindK8sNamespace,
	"kubernetes namespace": KindK8sNamespace, "helm namespace": KindK8sNamespace, "target namespace": KindK8sNamespace,
}

var (
	accountIDRE = lazyre.New(`^\d{12}$`)
	guidRE      = lazyre.New(`^` + guid + `$`)
	projectRE   = lazyre.New(`^` + projectID + `$`)
	contextRE   = lazyre.New(`^[A-Za-z0-9][A-Za-z0-9_.:/@-]{1,200}$`)
	profileRE   = lazyre.New(`^[A-Za-z0-9][A-Za-z0-9_.+=,@-]{0,127}$`)
	// namespaceRE is a DNS-1123 label: not a code namespace (Acme.Billing).
	namespaceRE = lazyre.New(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)
	bucketRE    = lazyre.New(`^` + bucketName + `$`)
	// cloudSQLName is a Cloud SQL instance connection name,
	// project:region:instance, a GCP project in any key.
	cloudSQLName = lazyre.New(`^` + projectID + `:[a-z]+-[a-z]+\d:[a-z][a-z0-9-]{0,62}$`)
)

// Resources returns the cloud resource identifiers in a value
// (env-conventions §3.1):
//
//   - AWS account ids only in context: ARNs, ECR registry hosts, SQS queue
//     URLs, and keys such as account_id, aws_account_id,
//     allowed_account_ids, accountId (12 digits, or a list of them);
//   - GCP project ids in projects/<id>/, <id>.appspot.com,
//     <id>.firebaseapp.com, @<id>.iam.gserviceaccount.com, gcr.io/<id>/,
//     <region>-docker.pkg.dev/<id>/, Cloud SQL connection names, and under
//     keys project, project_id, projectId, GOOGLE_CLOUD_PROJECT …;
//   - Azure subscription GUIDs in /subscriptions/<guid> or under
//     subscription keys (tenant ids look the same and are not taken);
//   - buckets in s3://b, arn:aws:s3:::b, b.s3.amazonaws.com,
//     s3.<region>.amazonaws.com/b, gs://b, storage.googleapis.com/b, Azure
//     storage accounts (<acct>.blob.core.windows.net, AccountName=), and
//     under keys ending in bucket or bucket name;
//   - Kubernetes contexts under keys context, kube_context, kubeContext,
//     cluster, cluster_name;
//   - AWS profiles under AWS_PROFILE, AWS_DEFAULT_PROFILE, aws_profile
//     (not "default");
//   - Kubernetes namespaces (DNS labels) under namespace keys.
//
// Documentation ids never count: AWS's 123456789012, 111122223333,
// 444455556666, 555555555555 and other one-digit ids, the zero GUID,
// my-project, and anything a placeholder would hide (example, xxx, ${X}).
func Resources(key string, v secret.Value) []Resource {
	raw := v.Reveal()
	if raw == "" || len(raw) > maxResourceValue {
		return nil
	}
	c := &resourceCollector{raw: raw}
	if !strings.ContainsAny(raw, "/:.=") { // every pattern holds one of these
		c.keyed(key)
		return c.out
	}
	gate, open := "", false
	for _, p := range resourcePatterns {
		if p.gate != gate {
			gate = p.gate
			open = strings.Contains(raw, gate) || p.kind == KindAzureSubscription && containsFold(raw, gate)
		}
		if !open || !containsAll(raw, p.hints) {
			continue
		}
		for _, m := range p.re.FindAllStringSubmatchIndex(raw, -1) {
			c.add(p.kind, m[2], m[3])
		}
	}
	if strings.Count(raw, ":") == 2 {
		if m := cloudSQLName.FindStringSubmatchIndex(strings.TrimSpace(raw)); m != nil {
			lead := strings.Index(raw, strings.TrimSpace(raw))
			c.add(KindGCPProject, lead+m[2], lead+m[3])
		}
	}
	if len(c.out) == 0 {
		c.keyed(key) // an ARN or URL under the key already says what it is
	}
	return c.out
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// resourceCollector gathers the resources of one value without duplicates.
type resourceCollector struct {
	raw string
	out []Resource
}

func (c *resourceCollector) add(kind string, from, to int) {
	id := c.raw[from:to]
	if isDocumentationResource(kind, id) {
		return
	}
	for _, r := range c.out {
		if r.ID == id && r.Kind == kind {
			return
		}
	}
	c.out = append(c.out, Resource{Kind: kind, ID: id, Offset: utf8.RuneCountInString(c.raw[:from]), Len: utf8.RuneCountInString(id)})
}

// isDocumentationResource reports ids that documentation and templates
// use, which no real environment owns.
func isDocumentationResource(kind, id string) bool {
	switch kind {
	case KindAWSAccount:
		return docAccounts[id] || repeatedChar(id) || isSequentialFold(id)
	case KindAzureSubscription:
		return strings.Trim(id, "0-") == ""
	case KindGCPProject:
		if docProjects[id] {
			return true
		}
	}
	lower := strings.ToLower(id)
	return isReference(id) || strings.Contains(lower, "example") || strings.Contains(lower, "xxx") ||
		strings.Contains(lower, "placeholder") || strings.HasPrefix(lower, "your-") || strings.HasPrefix(lower, "your_") ||
		strings.HasPrefix(lower, "<")
}

// keyed reads a value whose key says what it is.
func (c *resourceCollector) keyed(key string) {
	kind := factsOf(key).resource
	if kind == "" || kind == KindK8sContext && strings.EqualFold(key, "context") && !isKubeContextName(c.raw) {
		return
	}
	offset := 0
	for _, part := range strings.FieldsFunc(c.raw, func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\n' || r == '\t' }) {
		from := strings.Index(c.raw[offset:], part) + offset
		offset = from + len(part)
		if keyedResourceFits(kind, part) {
			c.add(kind, from, from+len(part))
		}
	}
}

// resourceKind returns the kind of resource a key's tokens name, or "".
func resourceKind(toks []string) string {
	if kind, ok := resourceKeys[strings.Join(toks, " ")]; ok {
		return kind
	}
	n := len(toks)
	if n > 0 && toks[n-1] == "bucket" || n > 1 && toks[n-2] == "bucket" && toks[n-1] == "name" {
		return KindBucket
	}
	return ""
}

// keyedResourceFits checks that a keyed value has its kind's shape.
func keyedResourceFits(kind, id string) bool {
	switch strings.ToLower(id) {
	case "true", "false", "yes", "no", "on", "off", "null", "none", "nil":
		return false // create_logs_bucket = false is a flag
	}
	switch kind {
	case KindAWSAccount:
		return accountIDRE.MatchString(id)
	case KindAzureSubscription:
		return guidRE.MatchString(id)
	case KindGCPProject:
		return projectRE.MatchString(id)
	case KindBucket:
		return bucketRE.MatchString(id) && !strings.Contains(id, "..")
	case KindK8sContext:
		return contextRE.MatchString(id) && !isDigits(id) && !isDummy(id)
	case KindAWSProfile:
		return profileRE.MatchString(id) && !isDigits(id) && !isDummy(id) && id != "default"
	case KindK8sNamespace:
		return namespaceRE.MatchString(id) && !isDigits(id) && !isDummy(id)
	}
	return false
}

// kubeContextHints are what a Kubernetes context name holds, unlike the
// directory a compose file's build "context" names (backend, ./app): a
// user@cluster pair, a provider's context prefix, or an environment word.
var kubeContextHints = []string{"@", ":", "gke_", "cluster", "k8s", "kube", "eks", "aks", "gke", "prod", "stag", "dev", "test", "qa", "uat"}

// isKubeContextName reports whether a value under a bare "context" key
// names a Kubernetes context.
func isKubeContextName(v string) bool {
	return !strings.ContainsAny(v, "/\\") && containsFold(v, kubeContextHints...)
}
