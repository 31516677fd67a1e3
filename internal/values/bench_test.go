package values

import (
	"fmt"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/secret"
)

// benchEntry is one key and value of the benchmark mix.
type benchEntry struct {
	key   string
	value secret.Value
}

// benchMix builds 10,000 keys and values in the proportions a scan of
// application, deployment and CI configuration meets: mostly numbers,
// flags, names, hosts, URLs and paths, some references and placeholders,
// a few credentials, connection strings, provider keys and long scripts.
func benchMix() []benchEntry {
	kinds := []struct {
		weight int
		make   func(i int) (string, string)
	}{
		{15, func(i int) (string, string) { return "port", fmt.Sprint(1000 + i%9000) }},
		{10, func(i int) (string, string) { return "enabled", []string{"true", "false", "yes", "no"}[i%4] }},
		{12, func(i int) (string, string) {
			return "name", []string{"info", "debug", "production", "orders-service", "eu-west-1", "30s", "UTC", "json"}[i%8]
		}},
		{6, func(i int) (string, string) {
			return "DB_HOST", []string{"localhost", "db", fmt.Sprintf("orders-%d.prod.acme.internal", i), "10.0.3.7"}[i%4]
		}},
		{10, func(i int) (string, string) {
			return "url", []string{fmt.Sprintf("https://api.acme.io/v%d/orders", i%3), "http://localhost:8080/health",
				fmt.Sprintf("postgres://app:pw%d@db.acme.internal:5432/orders", i), "redis://cache:6379/0"}[i%4]
		}},
		{5, func(i int) (string, string) {
			return "path", []string{"/var/log/app.log", "./config/app.yml", "~/.kube/config"}[i%3]
		}},
		{10, func(i int) (string, string) {
			return "DB_PASSWORD", []string{"${DB_PASSWORD}", "{{ .Values.db.password }}", "${{ secrets.DB_PASSWORD }}", "changeme",
				"ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]", "${DB_PASSWORD:-devpw}"}[i%6]
		}},
		{5, func(i int) (string, string) { return "api_key", fmt.Sprintf("k%d-Zq8vN2-stg-9fK2-%d", i, i*7) }},
		{1, func(i int) (string, string) { return "STRIPE_KEY", fakeToken("sk_live_", alnum, 24+i%10) }},
		{10, func(i int) (string, string) {
			return "description", "Handles order fulfilment for the storefront; retries failed webhooks with exponential backoff " + fmt.Sprint(i)
		}},
		{2, func(i int) (string, string) {
			return "ConnectionStrings:Default", "Server=tcp:shop-sql.database.windows.net,1433;Database=shop;User ID=app;Password=Sql-" + fmt.Sprint(i) + ";Encrypt=True"
		}},
		{5, func(i int) (string, string) {
			return "image", []string{"nginx:1.25", fmt.Sprintf("210987654321.dkr.ecr.eu-west-1.amazonaws.com/api:%d", i), "ghcr.io/acme/api:latest"}[i%3]
		}},
		{2, func(i int) (string, string) {
			return "run", strings.Repeat("set -euo pipefail\nnpm ci\nnpm test -- --coverage\ncurl -fsS https://api.acme.io/health\n", 1+i%20)
		}},
		{7, func(i int) (string, string) {
			return "email", []string{"ops@acme.io", "0 * * * *", "1.2.3", "v2", "application/json", "arn:aws:iam::210987654321:role/deploy"}[i%6]
		}},
	}
	var out []benchEntry
	for i := 0; len(out) < 10000; i++ {
		for _, k := range kinds {
			for w := 0; w < k.weight && len(out) < 10000; w++ {
				key, v := k.make(i*100 + w)
				out = append(out, benchEntry{key, secret.New(v)})
			}
		}
	}
	return out
}

// benchmarkMix reports the time per value of fn over the mix.
func benchmarkMix(b *testing.B, fn func(benchEntry)) {
	mix := benchMix()
	b.ResetTimer()
	for b.Loop() {
		for _, e := range mix {
			fn(e)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(mix)), "ns/value")
}

func BenchmarkCredentials(b *testing.B) {
	benchmarkMix(b, func(e benchEntry) { Credentials(e.key, e.value) })
}

func BenchmarkEndpoints(b *testing.B) {
	benchmarkMix(b, func(e benchEntry) { Endpoints(e.key, e.value) })
}

func BenchmarkIsPlaceholder(b *testing.B) {
	benchmarkMix(b, func(e benchEntry) { IsPlaceholder(e.value.Reveal()) })
}

func BenchmarkResources(b *testing.B) {
	benchmarkMix(b, func(e benchEntry) { Resources(e.key, e.value) })
}

func BenchmarkProviderKey(b *testing.B) {
	benchmarkMix(b, func(e benchEntry) { ProviderKey(e.value) })
}

func BenchmarkIsCredentialKey(b *testing.B) {
	benchmarkMix(b, func(e benchEntry) { IsCredentialKey(e.key) })
}
