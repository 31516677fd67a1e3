package values

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/envfence/envfence/internal/secret"
)

func TestEndpoints(t *testing.T) {
	cases := []struct {
		key, value string
		want       []string
	}{
		{"DATABASE_URL", "postgres://app:pw@orders-db.prod.acme.internal:5432/orders", []string{"orders-db.prod.acme.internal"}},
		{"MONGO", "mongodb://u:p@a.example.net:27017,b.mongo.acme.io:27017/db?replicaSet=rs0", []string{"a.example.net", "b.mongo.acme.io"}},
		{"url", "jdbc:postgresql://db.staging.internal:5432/x", []string{"db.staging.internal"}},
		{"url", "jdbc:sqlserver://sql.prod.corp:1433;databaseName=x;user=y", []string{"sql.prod.corp"}},
		{"url", "jdbc:oracle:thin:@ora.prod.acme.net:1521:SID", []string{"ora.prod.acme.net"}},
		{"conn", "Server=tcp:shop-sql.database.windows.net,1433;Database=shop", []string{"shop-sql.database.windows.net"}},
		{"dsn", "host=pg.prod.internal port=5432 dbname=x", []string{"pg.prod.internal"}},
		{"DB_HOST", "10.20.30.40", []string{"10.20.30.40"}},
		{"redis_host", "cache.prod.acme.io:6379", []string{"cache.prod.acme.io"}},
		{"NOTE", "10.20.30.40", nil},
		{"DB_HOST", "${DB_HOST}", nil},
		{"version", "1.2.3", nil},
	}
	for _, c := range cases {
		var got []string
		for _, e := range Endpoints(c.key, secret.New(c.value)) {
			got = append(got, e.Host)
			if r := []rune(c.value); strings.ToLower(string(r[e.Offset:e.Offset+e.Len])) != e.Host {
				t.Errorf("%q: offset of %s wrong", c.value, e.Host)
			}
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("Endpoints(%q, %q) = %v, want %v", c.key, c.value, got, c.want)
		}
	}
	cmd := CommandEndpoints("PGPASSWORD=x psql -h db.prod.acme.internal -U app && ssh deploy@bastion.prod.acme.io uptime")
	if len(cmd) != 2 || cmd[0].Host != "db.prod.acme.internal" || cmd[1].Host != "bastion.prod.acme.io" {
		t.Errorf("CommandEndpoints = %+v", cmd)
	}
}

func TestHostFacts(t *testing.T) {
	for _, h := range []string{"localhost", "127.0.0.1", "db", "host.docker.internal", "app.local", "x.test"} {
		if !IsLocalHost(h) {
			t.Errorf("IsLocalHost(%q) = false", h)
		}
	}
	for _, h := range []string{"db.prod.svc.cluster.local", "api.acme.io", "10.0.0.1"} {
		if IsLocalHost(h) {
			t.Errorf("IsLocalHost(%q) = true", h)
		}
	}
	if !IsPrivateIP("10.1.2.3") || !IsPrivateIP("192.168.0.1") || !IsPrivateIP("100.64.1.1") || IsPrivateIP("8.8.8.8") {
		t.Error("IsPrivateIP")
	}
	if !IsManagedDataHost("shop.abc123.eu-west-1.rds.amazonaws.com") || !IsManagedDataHost("c0.x.mongodb.net") || IsManagedDataHost("api.acme.io") {
		t.Error("IsManagedDataHost")
	}
	if !IsPublicService("api.stripe.com") || !IsPublicService("o1.ingest.sentry.io") || IsPublicService("db.acme.internal") {
		t.Error("IsPublicService")
	}
	if !IsReservedExample("db.example.com") || !IsReservedExample("192.0.2.4") || IsReservedExample("example.io") {
		t.Error("IsReservedExample")
	}
	if !IsInternalDomain("db.acme.internal") || !IsInternalDomain("svc.ns.svc.cluster.local") || IsInternalDomain("acme.io") {
		t.Error("IsInternalDomain")
	}
}

// fakeKey builds a provider-shaped key at run time so that no live-looking
// key is committed.
func fakeKey(prefix string, n int) string {
	return prefix + strings.Repeat("Ab3", n/3+1)[:n]
}

func TestProviderKey(t *testing.T) {
	cases := map[string]Mode{
		fakeKey("sk_live_", 24): Live, fakeKey("sk_test_", 24): Test, fakeKey("rzp_live_", 14): Live,
		fakeKey("pdl_sdbx_apikey_", 26): Test, fakeKey("access-production-", 20): Live, fakeKey("sandbox-sq0idb-", 22): Test,
		"production_ab12cd34_0123456789abcdef": Live, fakeKey("live_", 30): Live, fakeKey("EZAK", 30): Live,
	}
	for v, want := range cases {
		if m, ok := ProviderKey(secret.New(v)); !ok || m.Mode != want {
			t.Errorf("ProviderKey(%.12s…) = %+v, %v", v, m, ok)
		}
	}
	for _, v := range []string{"sk_live_xxxxxxxxxxxxxxxx", "production_database_name_2", "live_reload_enabled_please_yes_ok", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "test_"} {
		if m, ok := ProviderKey(secret.New(v)); ok {
			t.Errorf("ProviderKey(%q) = %+v", v, m)
		}
	}
	if m, ok := ProviderHost("api-m.sandbox.paypal.com"); !ok || m.Mode != Test {
		t.Error("paypal sandbox")
	}
	if m, ok := ProviderHost("abc-checkout-live.adyenpayments.com"); !ok || m.Mode != Live {
		t.Error("adyen live")
	}
	if _, ok := ProviderHost("api.acme.io"); ok {
		t.Error("acme is no provider")
	}
}

func TestResources(t *testing.T) {
	cases := []struct {
		key, value string
		want       string
	}{
		{"role", "arn:aws:iam::210987654321:role/deploy", "aws-account:210987654321"},
		{"image", "210987654321.dkr.ecr.eu-west-1.amazonaws.com/api:1", "aws-account:210987654321"},
		{"role", "arn:aws:iam::123456789012:role/deploy", ""},
		{"ASSETS", "s3://acme-assets-prod/img", "bucket:acme-assets-prod"},
		{"GOOGLE_CLOUD_PROJECT", "acme-shop-prod", "gcp-project:acme-shop-prod"},
		{"sa", "deployer@acme-shop-prod.iam.gserviceaccount.com", "gcp-project:acme-shop-prod"},
		{"scope", "/subscriptions/3f2b1c4d-1111-2222-3333-444455556666/resourceGroups/rg", "azure-subscription:3f2b1c4d-1111-2222-3333-444455556666"},
		{"kube_context", "arn:aws:eks:eu-west-1:210987654321:cluster/prod", "aws-account:210987654321"},
		{"context", "gke_acme-shop-prod_europe-west1_main", "k8s-context:gke_acme-shop-prod_europe-west1_main"},
		{"account_id", "210987654321", "aws-account:210987654321"},
		{"note", "210987654321", ""},
	}
	for _, c := range cases {
		var got []string
		for _, r := range Resources(c.key, secret.New(c.value)) {
			got = append(got, r.Kind+":"+r.ID)
		}
		if strings.Join(got, ",") != c.want {
			t.Errorf("Resources(%q, %q) = %v, want %q", c.key, c.value, got, c.want)
		}
	}
}

func FuzzEndpoints(f *testing.F) {
	for _, s := range []string{"postgres://a:b@c.d:1,e.f/g", "Server=tcp:x.y,1;", "jdbc:oracle:thin:@h.i:1", "s3://bkt-x/y", "[::1]:80"} {
		f.Add("url", s)
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		n := utf8.RuneCountInString(value)
		for _, e := range Endpoints(key, secret.New(value)) {
			if e.Offset < 0 || e.Offset+e.Len > n {
				t.Fatalf("endpoint outside the value: %+v", e)
			}
		}
		for _, r := range Resources(key, secret.New(value)) {
			if r.Offset < 0 || r.Offset+r.Len > n {
				t.Fatalf("resource outside the value: %+v", r)
			}
		}
		ProviderKey(secret.New(value))
		CommandEndpoints(value)
	})
}
