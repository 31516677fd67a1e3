package values

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/envfence/envfence/internal/secret"
)

// Resource is a cloud resource identifier. IDs are not secret.
type Resource struct {
	Kind string // aws-account, gcp-project, azure-subscription, bucket, k8s-context
	ID   string
	// Offset and Len locate the id in the value, in code points.
	Offset, Len int
}

// docAccounts are account ids that AWS documentation uses.
var docAccounts = map[string]bool{"123456789012": true, "111122223333": true, "444455556666": true, "555555555555": true, "999999999999": true, "000000000000": true, "012345678901": true}

// resourcePatterns find resource ids in values. hint is a substring every
// match contains: values without it skip the regexp.
var resourcePatterns = []struct {
	kind, hint string
	re         *regexp.Regexp
}{
	{"aws-account", "arn:aws", regexp.MustCompile(`arn:aws(?:-cn|-us-gov)?:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):`)},
	{"aws-account", ".dkr.ecr.", regexp.MustCompile(`\b(\d{12})\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com`)},
	{"bucket", "://", regexp.MustCompile(`\b(?:s3|gs)://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])`)},
	{"bucket", "arn:aws:s3:::", regexp.MustCompile(`arn:aws:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])`)},
	{"bucket", ".amazonaws.com", regexp.MustCompile(`\b([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\.s3[.-](?:[a-z0-9-]+\.)?amazonaws\.com`)},
	{"bucket", "storage.googleapis.com/", regexp.MustCompile(`storage\.googleapis\.com/([a-z0-9][a-z0-9._-]{1,61}[a-z0-9])`)},
	{"bucket", ".blob.core.windows.net", regexp.MustCompile(`\b([a-z0-9]{3,24})\.blob\.core\.windows\.net`)},
	{"gcp-project", "projects/", regexp.MustCompile(`\bprojects/([a-z][a-z0-9-]{4,28}[a-z0-9])(?:/|$)`)},
	{"gcp-project", ".iam.gserviceaccount.com", regexp.MustCompile(`@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com`)},
	{"gcp-project", "gcr.io/", regexp.MustCompile(`\bgcr\.io/([a-z][a-z0-9-]{4,28}[a-z0-9])/`)},
	{"gcp-project", "-docker.pkg.dev/", regexp.MustCompile(`-docker\.pkg\.dev/([a-z][a-z0-9-]{4,28}[a-z0-9])/`)},
	{"gcp-project", ".appspot.com", regexp.MustCompile(`\b([a-z][a-z0-9-]{4,28}[a-z0-9])\.appspot\.com`)},
	{"azure-subscription", "/subscriptions/", regexp.MustCompile(`(?i)/subscriptions/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})`)},
}

var (
	accountKeyRE = regexp.MustCompile(`^\d{12}$`)
	guidRE       = regexp.MustCompile(`(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	projectRE    = regexp.MustCompile(`^[a-z][a-z0-9-]{4,28}[a-z0-9]$`)
	contextRE    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:/@-]{1,200}$`)
)

// keyed resources: the key says what the value is.
var resourceKeys = map[string]string{
	"account id": "aws-account", "aws account id": "aws-account", "allowed account ids": "aws-account", "account": "aws-account",
	"project": "gcp-project", "project id": "gcp-project", "google cloud project": "gcp-project", "gcp project": "gcp-project",
	"cloudsdk core project": "gcp-project", "gcloud project": "gcp-project",
	"subscription id": "azure-subscription", "arm subscription id": "azure-subscription", "azure subscription id": "azure-subscription",
	"bucket": "bucket", "bucket name": "bucket", "s3 bucket": "bucket", "gcs bucket": "bucket",
	"context": "k8s-context", "kube context": "k8s-context", "kubecontext": "k8s-context", "cluster": "k8s-context", "cluster name": "k8s-context",
}

// Resources returns the cloud resource identifiers in a value: AWS
// account ids in ARNs and ECR hosts or under account keys, GCP projects,
// Azure subscriptions, buckets, and Kubernetes contexts under context or
// cluster keys. Documentation ids never count.
func Resources(key string, v secret.Value) []Resource {
	raw := v.Reveal()
	if raw == "" || len(raw) > 16<<10 {
		return nil
	}
	var out []Resource
	add := func(kind string, from, to int) {
		id := raw[from:to]
		if kind == "aws-account" && (docAccounts[id] || repeatedChar(id)) || kind == "azure-subscription" && strings.Trim(id, "0-") == "" || IsPlaceholder(id) {
			return
		}
		for _, r := range out {
			if r.ID == id && r.Kind == kind {
				return
			}
		}
		out = append(out, Resource{Kind: kind, ID: id, Offset: utf8.RuneCountInString(raw[:from]), Len: utf8.RuneCountInString(id)})
	}
	for _, p := range resourcePatterns {
		if !strings.Contains(raw, p.hint) && !(p.kind == "azure-subscription" && strings.Contains(strings.ToLower(raw), p.hint)) {
			continue
		}
		for _, m := range p.re.FindAllStringSubmatchIndex(raw, -1) {
			add(p.kind, m[2], m[3])
		}
	}
	if len(out) == 0 {
		keyedResource(key, raw, add)
	}
	return out
}

func keyedResource(key, raw string, add func(kind string, from, to int)) {
	kind, ok := resourceKeys[strings.Join(Tokens(key), " ")]
	if !ok {
		return
	}
	trimmed := strings.TrimSpace(raw)
	from := strings.Index(raw, trimmed)
	to := from + len(trimmed)
	switch {
	case kind == "aws-account" && accountKeyRE.MatchString(trimmed),
		kind == "azure-subscription" && guidRE.MatchString(trimmed),
		kind == "gcp-project" && projectRE.MatchString(trimmed),
		kind == "bucket" && projectRE.MatchString(strings.ReplaceAll(trimmed, ".", "-")),
		kind == "k8s-context" && contextRE.MatchString(trimmed):
		add(kind, from, to)
	}
}
