package values

import (
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/secret"
)

func TestIsCredentialKey(t *testing.T) {
	yes := []string{"DB_PASSWORD", "dbPassword", "client-secret", "api_key", "apiKey", "APIKEY", "ACCESS_KEY", "private_key",
		"auth_token", "credentials", "passwd", "pwd", "SECRET_KEY_BASE", "SECRET", "APP_SECRET", "GITHUB_TOKEN", "password",
		"%prod.quarkus.datasource.password", "spring.datasource.password", "SigningKey", "AUTH", "x-api-key", "clientSecret"}
	no := []string{"password_min_length", "token_url", "secret_name", "passwordPolicy", "token_expiry", "auth_url", "author",
		"authority", "public_key", "key_id", "existingSecret", "DB_PASSWORD_FILE", "STRIPE_PUBLISHABLE_KEY", "secretsmanager", "DB_HOST", "tokenizer", "monkey", "url"}
	for _, k := range yes {
		if !IsCredentialKey(k) {
			t.Errorf("IsCredentialKey(%q) = false", k)
		}
	}
	for _, k := range no {
		if IsCredentialKey(k) {
			t.Errorf("IsCredentialKey(%q) = true", k)
		}
	}
}

func TestIsPlaceholder(t *testing.T) {
	yes := []string{"", "${DB_PASSWORD}", "$DB_PASSWORD", "${{ secrets.X }}", "{{ .Values.pw }}", "<%= ENV['X'] %>", "ENV['X']",
		"process.env.X", "vault:secret/data/x#k", "arn:aws:secretsmanager:us-east-1:123:secret:x", "ENC[AES256_GCM,data:x]",
		"$ANSIBLE_VAULT;1.1;AES256", "encrypted:BDx", "changeme", "xxxxxxxx", "<password>", "your_api_key_here", "TODO",
		"AKIAIOSFODNN7EXAMPLE", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_xxxxxxxxxxxx", "#{Password}#", "__PASSWORD__",
		"postgres://u:${PW}@h/db", "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/x)", "op://vault/item/field",
		"var.db_password", "example_password", "********"}
	no := []string{"hunter2-real", "Zq8vN2-stg-prd-9fK2", "devpw", "s3cr3tP@ss", "tok-7Hh2-shared-QQ91"}
	for _, v := range yes {
		if !IsPlaceholder(v) {
			t.Errorf("IsPlaceholder(%q) = false", v)
		}
	}
	for _, v := range no {
		if IsPlaceholder(v) {
			t.Errorf("IsPlaceholder(%q) = true", v)
		}
	}
}

func TestLiteralDefault(t *testing.T) {
	cases := map[string]string{
		"${DB_PASSWORD:-hunter2}":          "hunter2",
		"${DB_PASSWORD-hunter2}":           "hunter2",
		"${DB_PASSWORD:hunter2}":           "hunter2",
		"env('DB_PASSWORD', 'hunter2')":    "hunter2",
		"ENV.fetch('X', 'hunter2')":        "hunter2",
		"<%= ENV['X'] || 'hunter2' %>":     "hunter2",
		"os.getenv('X', 'hunter2')":        "hunter2",
		"process.env.X || 'hunter2'":       "hunter2",
		`System.get_env("X") || "hunter2"`: "hunter2",
		"{{ env_var('X', 'hunter2') }}":    "hunter2",
		"${DB_PASSWORD}":                   "",
		"${DB_PASSWORD:-${OTHER}}":         "",
		"${DB_PASSWORD:-changeme}":         "",
	}
	for in, want := range cases {
		got, off, ok := LiteralDefault(in)
		if got != want || ok != (want != "") || ok && in[off:off+len(got)] != got {
			t.Errorf("LiteralDefault(%q) = %q, %d, %v; want %q", in, got, off, ok, want)
		}
	}
}

func TestCredentials(t *testing.T) {
	live := "sk_live_" + strings.Repeat("4eC39Hq", 4)
	cases := []struct {
		key, value string
		want       []string // what:text
	}{
		{"DB_PASSWORD", "hunter2-real", []string{"credential:hunter2-real"}},
		{"DB_PASSWORD", "${DB_PASSWORD}", nil},
		{"DB_PASSWORD", "${DB_PASSWORD:-hunter2-lit}", []string{"credential:hunter2-lit"}},
		{"DATABASE_URL", "postgres://app:Pw-in-url-9@db.prod:5432/x", []string{"password in connection string:Pw-in-url-9"}},
		{"DATABASE_URL", "postgres://app:${PW}@db.prod:5432/x", nil},
		{"ConnStr", "Server=tcp:x.database.windows.net,1433;User ID=a;Password=Sql-Pa55-77;Encrypt=True", []string{"password in connection string:Sql-Pa55-77"}},
		{"STRIPE", live, []string{"Stripe secret key:" + live}},
		{"NOTES", "plain words", nil},
		{"0", "REDIS_PASSWORD=Redis-stg-only-pw-5", []string{"credential:Redis-stg-only-pw-5"}},
		{"token_ttl", "3600", nil},
		{"password", "8080", nil},
		{"api_key", "abc", nil},
		{"existingSecret", "db-credentials", nil},
		{"password", "shop-db-password", nil},
		{"password", "devpw", []string{"credential:devpw"}},
		{"password", "correct-horse-battery-staple", []string{"credential:correct-horse-battery-staple"}},
		{"key", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----", []string{"PEM private key:-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"}},
	}
	for _, c := range cases {
		var got []string
		for _, cr := range Credentials(c.key, secret.New(c.value)) {
			got = append(got, cr.What+":"+cr.Value.Reveal())
			if r := []rune(c.value); string(r[cr.Offset:cr.Offset+cr.Len]) != cr.Value.Reveal() {
				t.Errorf("%s=%q: offset %d len %d do not locate the credential", c.key, c.value, cr.Offset, cr.Len)
			}
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Credentials(%q, %q) = %q, want %q", c.key, c.value, got, c.want)
		}
	}
}

func FuzzCredentials(f *testing.F) {
	for _, s := range []string{"postgres://a:b@c", "${X:-y}", "Password=x;", "A_TOKEN=abc123", "sk_live_aaaaaaaaaaaa"} {
		f.Add("password", s)
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		for _, c := range Credentials(key, secret.New(value)) {
			r := []rune(value)
			if c.Offset < 0 || c.Offset+c.Len > len(r) {
				t.Fatalf("credential outside the value: %+v", c)
			}
		}
		LiteralDefault(value)
	})
}
