package values

import (
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/secret"
)

func TestCredentials(t *testing.T) {
	live := fakeToken("sk_live_", alnum, 24)
	pem := "-----BEGIN OPENSSH PRIVATE KEY-----\n" + fakeToken("b3Bl", b64, 70) + "\n-----END OPENSSH PRIVATE KEY-----"
	cases := []struct {
		key, value string
		want       []string // what:text, in order
	}{
		// Under a credential key.
		{"DB_PASSWORD", "hunter2-real", []string{"value of DB_PASSWORD:hunter2-real"}},
		{"DB_PASSWORD", "  hunter2-real ", []string{"value of DB_PASSWORD:hunter2-real"}},
		{"password", "devpw", []string{"value of password:devpw"}},
		{"password", "correct-horse-battery-staple", []string{"value of password:correct-horse-battery-staple"}},
		{"API_TOKEN", "Bearer tok-7Hh2-QQ91", []string{"value of API_TOKEN:tok-7Hh2-QQ91"}},
		{"DB_PASSWORD", "${DB_PASSWORD}", nil},
		{"DB_PASSWORD", "${DB_PASSWORD:-hunter2-lit}", []string{"default of DB_PASSWORD:hunter2-lit"}},
		{"password", "ENV.fetch('DB_PASSWORD', 'hunter2-lit')", []string{"default of password:hunter2-lit"}},
		{"DB_PASSWORD", "${DB_PASSWORD:-changeme}", nil},
		{"token_ttl", "3600", nil},
		// Digits under a password key are a weak password; under other
		// credential words they are counts and ids.
		{"password", "8080", []string{"value of password:8080"}},
		{"DB_PASSWORD", "123456", []string{"value of DB_PASSWORD:123456"}},
		{"password", "12", nil},
		{"token_count", "123456", nil},
		{"secret", "123456", nil},
		// Under a signing key, dash-joined words are the key itself.
		{"jwt.secret", "shop-admin-secret", []string{"value of jwt.secret:shop-admin-secret"}},
		{"secret", "shop-admin-secret", nil},
		{"SESSION_SECRET", "SESSION_SECRET", nil}, // the key's name in a Secret
		{"signing_key", "ecdsa-p256", nil},
		// A lower-case word under a key name is the name of an entry.
		{"session_key", "locale", nil},
		{"cache_key", "app.settings", nil},
		{"session_key", "k8Qz2LmPq7Rw", []string{"value of session_key:k8Qz2LmPq7Rw"}},
		{"session_password", "locale", []string{"value of session_password:locale"}},
		{"secretKey", "minioadmin", []string{"value of secretKey:minioadmin"}},
		{"storage_key", "devstorekey", []string{"value of storage_key:devstorekey"}},
		// Expressions the code readers write as ${source}: the default.
		{"password", "${os.environ.get('DB_PASSWORD', 'hunter2-lit')}", []string{"default of password:hunter2-lit"}},
		{"password", "${System.get_env(\"DB_PASSWORD\") || \"hunter2-lit\"}", []string{"default of password:hunter2-lit"}},
		{"password", "${env('DB_PASSWORD')}", nil},
		{"signing_key", "ecdsaXk29LmQp7Rw", []string{"value of signing_key:ecdsaXk29LmQp7Rw"}},
		{"api_key", "abc", nil},
		{"password", "true", nil},
		{"existingSecret", "db-credentials", nil},
		{"password", "shop-db-password", nil},
		{"password", "/run/secrets/db_password", nil},
		{"password", `C:\secrets\db.txt`, nil},
		{"client_secret", "https://vault.acme.io/v1/secret", nil},
		{"AWS_ACCESS_KEY", "AKIA" + fakeToken("", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), nil},
		{"STRIPE_KEY_SECRET", "pk_test_" + fakeToken("", alnum, 24), nil},
		{"apiKey", fakeToken("AIza", alnum, 35), nil},
		{"NOTES", "plain words", nil},
		{"secrets", "inherit", nil},                                        // GitHub Actions reusable workflows
		{"id-token", "write", nil},                                         // GitHub Actions permissions
		{"basic-auth", "^2.0.1", nil},                                      // package.json dependency
		{"password", "(.+)", nil},                                          // no letter or digit
		{"regex", `token = "(.+)"`, nil},                                   // a scanner's pattern
		{"rule", `(?i)password=([^\s]+)`, nil},                             // regular-expression syntax
		{"regex", "x " + live, []string{"Stripe live secret key:" + live}}, // known formats still count
		// Known formats under any key, once.
		{"STRIPE", live, []string{"Stripe live secret key:" + live}},
		{"STRIPE_SECRET_KEY", live, []string{"Stripe live secret key:" + live}},
		{"key", pem, []string{"PEM private key:" + pem}},
		{"blob", "key:\n" + pem + "\nmore", []string{"PEM private key:" + pem}},
		// Connection strings and URLs.
		{"DATABASE_URL", "postgres://app:Pw-in-url-9@db.prod:5432/x", []string{"password in connection string:Pw-in-url-9"}},
		{"DATABASE_URL", "postgresql+psycopg2://app:Pw-in-url-9@db/x", []string{"password in connection string:Pw-in-url-9"}},
		{"DATABASE_URL", "postgres://app:${PW}@db.prod:5432/x", nil},
		{"DATABASE_URL", "postgres://app:${PW:-devpw}@db.prod:5432/x", []string{"password in connection string:devpw"}},
		{"DATABASE_URL", "postgres://app:password@db/x", nil},
		{"DATABASE_URL", "postgres://app@db/x", nil},
		{"REDIS_URL", "redis://:R3dis-pw-1@cache:6379/0", []string{"password in connection string:R3dis-pw-1"}},
		{"AMQP_URL", "amqps://u:Rabbit-pw-2@mq.acme.io/vhost", []string{"password in connection string:Rabbit-pw-2"}},
		{"MONGO", "mongodb+srv://u:M0ngo-pw@c0.abc.mongodb.net/db", []string{"password in connection string:M0ngo-pw"}},
		{"REPO", "https://deploy:Gh-pass-77@git.acme.io/x.git", []string{"password in URL:Gh-pass-77"}},
		{"ConnStr", "Server=tcp:x.database.windows.net,1433;User ID=a;Password=Sql-Pa55-77;Encrypt=True", []string{"password in connection string:Sql-Pa55-77"}},
		{"ConnStr", "Server=.;Integrated Security=true", nil},
		{"ConnStr", `Data Source=h;User Id=u;Password="p;w-9x"`, []string{"password in connection string:p;w-9x"}},
		{"jdbc", "jdbc:sqlserver://h:1433;databaseName=x;user=y;password=Jdbc-pw-3", []string{"password in connection string:Jdbc-pw-3"}},
		{"jdbc", "jdbc:postgresql://h/x?user=y&password=Jdbc-pw-4&ssl=true", []string{"password in connection string:Jdbc-pw-4"}},
		{"jdbc", "jdbc:oracle:thin:scott/Tiger-pw-5@//ora.acme.io:1521/svc", []string{"password in connection string:Tiger-pw-5"}},
		{"dsn", "host=pg port=5432 user=app password=Libpq-pw-6", []string{"value of password:Libpq-pw-6"}},
		{"AZ", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + fakeToken("", b64, 86) + "==;EndpointSuffix=core.windows.net",
			[]string{"AccountKey in connection string:" + fakeToken("", b64, 86) + "=="}},
		{"SB", "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=" + fakeToken("", b64, 44),
			[]string{"SharedAccessKey in connection string:" + fakeToken("", b64, 44)}},
		{"SAS", "https://acct.blob.core.windows.net/c?sv=2022-11-02&sig=" + fakeToken("", alnum, 40), []string{"sig in connection string:" + fakeToken("", alnum, 40)}},
		// NAME=value items.
		{"0", "REDIS_PASSWORD=Redis-stg-only-pw-5", []string{"value of REDIS_PASSWORD:Redis-stg-only-pw-5"}},
		{"0", "export API_KEY='two words-9'", []string{"value of API_KEY:two words-9"}},
		{"0", "DB_PASSWORD=${DB_PASSWORD:-devpw-compose}", []string{"default of DB_PASSWORD:devpw-compose"}},
		{"0", "DB_PASSWORD_FILE=/run/secrets/db", nil},
		{"args", "--db-password=Arg-pw-77 --verbose", []string{"value of db-password:Arg-pw-77"}},
		// Literal defaults of credential-named references anywhere.
		{"DATABASE_URL", "postgres://${DB_USER:-app}:${DB_PASS:-devpw}@${DB_HOST:-db}/x", []string{"default of DB_PASS:devpw"}},
		{"command", "run --token ${API_TOKEN:-tok-dev-1234}", []string{"default of API_TOKEN:tok-dev-1234"}},
		// A token inside a URL is reported once, as the token.
		{"REPO", "https://x-access-token:" + fakeToken("ghs_", alnum, 36) + "@github.com/o/r", []string{"GitHub token:" + fakeToken("ghs_", alnum, 36)}},
	}
	for _, c := range cases {
		got := Credentials(c.key, secret.New(c.value))
		var texts []string
		for _, cr := range got {
			texts = append(texts, cr.What+":"+cr.Value.Reveal())
			if r := []rune(c.value); cr.Offset < 0 || cr.Offset+cr.Len > len(r) || string(r[cr.Offset:cr.Offset+cr.Len]) != cr.Value.Reveal() {
				t.Errorf("Credentials(%q, …): span %d+%d does not locate %s", c.key, cr.Offset, cr.Len, cr.What)
			}
		}
		if strings.Join(texts, "|") != strings.Join(c.want, "|") {
			t.Errorf("Credentials(%q, %q) = %q, want %q", c.key, c.value, texts, c.want)
		}
	}
}

func TestCredentialsOffsetsCountCodePoints(t *testing.T) {
	v := "Ünïcödé=1;Password=Pässwörd-9"
	got := Credentials("conn", secret.New(v))
	if len(got) != 1 {
		t.Fatalf("got %v", describe(got))
	}
	if r := []rune(v); string(r[got[0].Offset:got[0].Offset+got[0].Len]) != "Pässwörd-9" {
		t.Errorf("offset %d len %d are not in code points", got[0].Offset, got[0].Len)
	}
}

func TestCredentialsNeverRepeatASpan(t *testing.T) {
	tok := fakeToken("ghp_", alnum, 36)
	for _, v := range []string{
		"GITHUB_TOKEN=" + tok,
		"https://u:" + tok + "@github.com",
		"password=" + tok + ";pwd=" + tok,
		"${GITHUB_TOKEN:-" + tok + "}",
	} {
		got := Credentials("GITHUB_TOKEN", secret.New(v))
		for i := range got {
			for j := i + 1; j < len(got); j++ {
				a, b := got[i], got[j]
				if a.Offset < b.Offset+b.Len && b.Offset < a.Offset+a.Len {
					t.Errorf("%d bytes: spans %s and %s overlap", len(v), describe(got[i:i+1]), describe(got[j:j+1]))
				}
			}
		}
		if len(got) == 0 {
			t.Errorf("%d bytes: the token was not found", len(v))
		}
	}
}

func TestCredentialsSkipHugeValues(t *testing.T) {
	if got := Credentials("password", secret.New(strings.Repeat("a1", maxCredentialValue))); got != nil {
		t.Errorf("a value over the limit was searched: %v", describe(got))
	}
}
