package values

import (
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/secret"
)

func TestResources(t *testing.T) {
	cases := []struct {
		key, value string
		want       string // kind:id, comma-separated
	}{
		// AWS accounts in context only.
		{"role", "arn:aws:iam::210987654321:role/deploy", "aws-account:210987654321"},
		{"role", "arn:aws-us-gov:iam::210987654321:role/deploy", "aws-account:210987654321"},
		{"image", "210987654321.dkr.ecr.eu-west-1.amazonaws.com/api:1", "aws-account:210987654321"},
		{"queue", "https://sqs.eu-west-1.amazonaws.com/210987654321/jobs", "aws-account:210987654321"},
		{"account_id", "210987654321", "aws-account:210987654321"},
		{"accountId", "210987654321", "aws-account:210987654321"},
		{"allowed_account_ids", "210987654321, 310987654321", "aws-account:210987654321,aws-account:310987654321"},
		{"role", "arn:aws:iam::123456789012:role/deploy", ""},
		{"account_id", "111122223333", ""},
		{"account_id", "777777777777", ""},
		{"note", "210987654321", ""},
		{"account_id", "2109876543", ""},
		// Buckets.
		{"ASSETS", "s3://acme-assets-prod/img", "bucket:acme-assets-prod"},
		{"ASSETS", "arn:aws:s3:::acme-assets-prod/*", "bucket:acme-assets-prod"},
		{"ASSETS", "https://acme-assets-prod.s3.eu-west-1.amazonaws.com/x", "bucket:acme-assets-prod"},
		{"ASSETS", "https://acme-assets-prod.s3.amazonaws.com/x", "bucket:acme-assets-prod"},
		{"ASSETS", "https://s3.eu-west-1.amazonaws.com/acme-assets-prod/x", "bucket:acme-assets-prod"},
		{"ASSETS", "gs://acme-media-prod/x", "bucket:acme-media-prod"},
		{"ASSETS", "https://storage.googleapis.com/acme-media-prod/x", "bucket:acme-media-prod"},
		{"ASSETS", "https://acmemedia.blob.core.windows.net/c", "bucket:acmemedia"},
		{"conn", "DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=x==", "bucket:acmeprod"},
		{"S3_BUCKET", "acme-assets-prod", "bucket:acme-assets-prod"},
		{"bucketName", "acme-assets-prod", "bucket:acme-assets-prod"},
		{"S3_BUCKET", "s3://example-bucket/x", ""},
		// GCP projects.
		{"GOOGLE_CLOUD_PROJECT", "acme-shop-prod", "gcp-project:acme-shop-prod"},
		{"projectId", "acme-shop-prod", "gcp-project:acme-shop-prod"},
		{"sa", "deployer@acme-shop-prod.iam.gserviceaccount.com", "gcp-project:acme-shop-prod"},
		{"secret", "projects/acme-shop-prod/secrets/db/versions/1", "gcp-project:acme-shop-prod"},
		{"image", "gcr.io/acme-shop-prod/api:1", "gcp-project:acme-shop-prod"},
		{"image", "eu.gcr.io/acme-shop-prod/api:1", "gcp-project:acme-shop-prod"},
		{"image", "europe-west1-docker.pkg.dev/acme-shop-prod/repo/api", "gcp-project:acme-shop-prod"},
		{"bucket", "acme-shop-prod.appspot.com", "gcp-project:acme-shop-prod"},
		{"authDomain", "acme-shop-prod.firebaseapp.com", "gcp-project:acme-shop-prod"},
		{"instance", "acme-shop-prod:europe-west1:main-db", "gcp-project:acme-shop-prod"},
		{"socket", "/cloudsql/acme-shop-prod:europe-west1:main-db", "gcp-project:acme-shop-prod"},
		{"project_id", "my-project", ""},
		{"project_id", "${PROJECT_ID}", ""},
		// Azure subscriptions.
		{"scope", "/subscriptions/3f2b1c4d-1111-2222-3333-444455556666/resourceGroups/rg", "azure-subscription:3f2b1c4d-1111-2222-3333-444455556666"},
		{"ARM_SUBSCRIPTION_ID", "3f2b1c4d-1111-2222-3333-444455556666", "azure-subscription:3f2b1c4d-1111-2222-3333-444455556666"},
		{"subscriptionId", "00000000-0000-0000-0000-000000000000", ""},
		{"tenant_id", "3f2b1c4d-1111-2222-3333-444455556666", ""},
		// Kubernetes contexts.
		{"kube_context", "arn:aws:eks:eu-west-1:210987654321:cluster/prod", "aws-account:210987654321"},
		{"context", "gke_acme-shop-prod_europe-west1_main", "k8s-context:gke_acme-shop-prod_europe-west1_main"},
		{"kubeContext", "prod-eu", "k8s-context:prod-eu"},
		{"current-context", "admin@prod", "k8s-context:admin@prod"},
		{"cluster_name", "shop-prod", "k8s-context:shop-prod"},
		{"context", "./backend", ""},
		{"context", "backend", ""},
		{"cluster", "true", ""},
		{"cluster", "3", ""},
		// AWS profiles.
		{"AWS_PROFILE", "prod-admin", "aws-profile:prod-admin"},
		{"aws_profile", "acme-staging", "aws-profile:acme-staging"},
		{"AWS_DEFAULT_PROFILE", "default", ""},
		{"AWS_PROFILE", "${AWS_PROFILE}", ""},
		{"profile", "prod", ""}, // a bare profile key says nothing of AWS
		// Kubernetes namespaces.
		{"namespace", "shop-prod", "k8s-namespace:shop-prod"},
		{"KUBE_NAMESPACE", "payments", "k8s-namespace:payments"},
		{"namespace", "Acme.Production.Billing", ""}, // a code namespace
		{"namespace", "${NAMESPACE}", ""},
	}
	for _, c := range cases {
		var got []string
		r := []rune(c.value)
		for _, res := range Resources(c.key, secret.New(c.value)) {
			got = append(got, res.Kind+":"+res.ID)
			if string(r[res.Offset:res.Offset+res.Len]) != res.ID {
				t.Errorf("%q: span %d+%d does not locate %s", c.value, res.Offset, res.Len, res.ID)
			}
		}
		if strings.Join(got, ",") != c.want {
			t.Errorf("Resources(%q, %q) = %v, want %q", c.key, c.value, got, c.want)
		}
	}
}
