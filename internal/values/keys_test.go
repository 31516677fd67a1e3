package values

import (
	"slices"
	"testing"
)

func TestIsCredentialKey(t *testing.T) {
	cases := []struct {
		key  string
		want bool
	}{
		{"DB_PASSWORD", true}, {"dbPassword", true}, {"DBPassword", true}, {"client-secret", true},
		{"api_key", true}, {"apiKey", true}, {"APIKEY", true}, {"x-api-key", true}, {"ACCESS_KEY", true},
		{"private_key", true}, {"auth_token", true}, {"credentials", true}, {"passwd", true}, {"pwd", true},
		{"secret_key_base", true}, {"SECRET", true}, {"APP_SECRET", true}, {"GITHUB_TOKEN", true},
		{"%prod.quarkus.datasource.password", true}, {"spring.datasource.password", true}, {"SigningKey", true},
		{"AUTH", true}, {"BASIC_AUTH", true}, {"clientSecret", true}, {"aws_secret_access_key", true},
		{"PGPASSWORD", true}, {"pass_phrase", true}, {"DB_PASS", true}, {"password_reset_token", true},
		{"DB_PASSWORD_PROD", true}, {"oauth2Token", true}, {"DOTENV_PRIVATE_KEY", true}, {"refresh_token", true},
		// Settings about a credential, identifiers, public keys and names.
		{"password_min_length", false}, {"token_url", false}, {"secret_name", false}, {"passwordPolicy", false},
		{"token_expiry", false}, {"token_expires_in", false}, {"auth_url", false}, {"auth_server", false},
		{"author", false}, {"authority", false}, {"public_key", false}, {"key_id", false},
		{"ACCESS_KEY_ID", false}, {"existingSecret", false}, {"DB_PASSWORD_FILE", false},
		{"DB_PASSWORD_PATH", false}, {"WEBHOOK_SECRET_URL", false}, {"SECRET_ENDPOINT", false},
		{"STRIPE_PUBLISHABLE_KEY", false}, {"NEXT_PUBLIC_API_KEY", false}, {"DOTENV_PUBLIC_KEY", false},
		{"secretsmanager", false}, {"DB_HOST", false}, {"tokenizer", false}, {"monkey", false}, {"url", false},
		{"connection_string", false}, {"secretKeyRef", false}, {"pass_through", false}, {"max_tokens", false},
		{"credential_source", false}, {"passwordless", false}, {"", false}, {"key", false},
	}
	for _, c := range cases {
		if got := IsCredentialKey(c.key); got != c.want {
			t.Errorf("IsCredentialKey(%q) = %v, want %v", c.key, got, c.want)
		}
	}
}

func TestTokens(t *testing.T) {
	cases := map[string][]string{
		"dbPassword":                        {"db", "password"},
		"DBPassword":                        {"db", "password"},
		"API_KEY":                           {"api", "key"},
		"APIKey":                            {"api", "key"},
		"client-secret":                     {"client", "secret"},
		"%prod.quarkus.datasource.password": {"prod", "quarkus", "datasource", "password"},
		"S3Bucket":                          {"s3", "bucket"},
		"oauth2Token":                       {"oauth2", "token"},
		"ConnectionStrings:Default":         {"connection", "strings", "default"},
		"Ünïcode_Käse":                      {"ünïcode", "käse"},
		"":                                  {},
		"__":                                {},
		"already lower words":               {"already", "lower", "words"},
		"HTTPServerURL":                     {"http", "server", "url"},
	}
	for in, want := range cases {
		if got := Tokens(in); !slices.Equal(got, want) {
			t.Errorf("Tokens(%q) = %q, want %q", in, got, want)
		}
	}
}
