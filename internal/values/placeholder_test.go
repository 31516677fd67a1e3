package values

import (
	"strings"
	"testing"
)

func TestIsPlaceholder(t *testing.T) {
	cases := []struct {
		v    string
		want bool
	}{
		// Empty.
		{"", true}, {"   ", true},
		// References and interpolation (§4.1).
		{"${DB_PASSWORD}", true}, {"$DB_PASSWORD", true}, {"$1", true}, {"$$", true}, {"${{ secrets.X }}", true},
		{"{{ .Values.pw }}", true}, {`{{ required "pw" .Values.pw }}`, true}, {"{{ vault_db_password }}", true},
		{"<%= ENV['X'] %>", true}, {"ENV['X']", true}, {"ENV.fetch('X')", true}, {"process.env.X", true},
		{"import.meta.env.VITE_X", true}, {"os.environ['X']", true}, {"os.getenv('X')", true},
		{"System.getenv(\"X\")", true}, {"Environment.GetEnvironmentVariable(\"X\")", true},
		{"$(DB_PASSWORD)", true}, {"#{Password}#", true}, {"#{Password}", true}, {"__PASSWORD__", true},
		{"@PASSWORD@", true}, {"%PASSWORD%", true}, {"%(password)s", true}, {"{0}", true}, {"{password}", true},
		{"[password]", true}, {"vault:secret/data/x#k", true}, {"op://vault/item/field", true},
		{"arn:aws:secretsmanager:us-east-1:123:secret:x", true}, {"arn:aws:ssm:eu-west-1:1:parameter/x", true},
		{"projects/p/secrets/s/versions/1", true}, {"@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/x)", true},
		{"${env:DB_PASSWORD}", true}, {"${ssm:/aws/reference/secretsmanager/x}", true}, {"var.db_password", true},
		{"data.aws_secretsmanager_secret_version.x.secret_string", true}, {"random_password.db.result", true},
		{"{{resolve:secretsmanager:x:SecretString:pw}}", true}, {"postgres://u:${PW}@h/db", true},
		{"get_secret_key()", true}, {"request.headers['apikey']", true}, {"Rails.application.credentials.x", true},
		// Ciphertext (§4.2).
		{"ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]", true}, {"$ANSIBLE_VAULT;1.1;AES256", true},
		{"encrypted:BDx9Kq", true}, {"v1:Dhs9ElKl3pTZMjrM:3xvIunr9W+HMgfRDGSTgfsGUHBRfiSk=", true},
		{"secure: v1:abc", true}, {"AgA" + strings.Repeat("Kq9z", 40), true}, {"-----BEGIN PGP MESSAGE-----\nx", true},
		// Dummies (§4.3).
		{"changeme", true}, {"CHANGEME", true}, {"changeit", true}, {"xxx", true}, {"XXXXXXXX", true}, {"xxxx-xxxx", true},
		{"<password>", true}, {"<your api key>", true}, {"<secret", true}, {"your_api_key_here", true},
		{"YOUR-TOKEN", true}, {"REPLACE_ME", true}, {"REPLACE_WITH_REAL_KEY", true}, {"TODO", true},
		{"TODO: fill in", true}, {"tbd", true}, {"********", true}, {"####", true}, {"......", true},
		{"aaaaaa", true}, {"12345", true}, {"123456789", true}, {"abcdef", true}, {"example_password", true},
		{"my-example-key", true}, {"dummy", true}, {"dummy-token-1", true}, {"placeholder", true},
		{"redacted", true}, {"sk_live_xxxxxxxxxxxx", true}, {"sk_live_...", true}, {"sk_live_…", true},
		{"xoxb-not-a-real-token", true}, {"sk_live_xxx", true}, {"ghp_***", true}, {"this-is-my-secret", true},
		{"`cat /run/secrets/pw`", true}, {"my-secret-pw", true}, {"mypassword", true}, {"true", true},
		{"null", true}, {"none", true}, {"n/a", true}, {"-", true}, {"secret", true}, {"password", true},
		// Documentation keys.
		{"AKIA" + "IOSFODNN7EXAMPLE", true}, {"wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY", true},
		{"sk_" + "test_" + "4eC39HqLyjWDarjtT1zdp7dc", true}, {"sandbox_" + "g42y39zw_348pk9cgf3bgyw2b", true},
		{"test_" + "dHar4XY7LxsDOtmnkVtjNVWXLSlXsM", true}, {"ANYTHINGEXAMPLE", true},
		{"00000000-0000-0000-0000-000000000000", true},
		// Real values, weak or strong.
		{"hunter2-real", false}, {"Zq8vN2-stg-prd-9fK2", false}, {"devpw", false}, {"productionpw", false},
		{"s3cr3tP@ss", false}, {"tok-7Hh2-shared-QQ91", false}, {"$2a$10$abcdefghijABCDEFGHIJ12", false},
		{"@dm1nPass", false}, {"$uperS3cret", false}, {"$DB_PASSWORD_2", true}, {"$ci_token", true}, {"_Kq9#x", false}, {"correct-horse-battery-staple", false}, {"mysql-prod-pass", false},
		{"1235", false}, {"photodog9", false}, {"Pa55word!", false}, {"q1w2e3r4", false},
	}
	for _, c := range cases {
		if got := IsPlaceholder(c.v); got != c.want {
			t.Errorf("IsPlaceholder(%q) = %v, want %v", c.v, got, c.want)
		}
	}
}
