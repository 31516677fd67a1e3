package values

import (
	"strconv"
	"strings"
	"testing"

	"github.com/envfence/envfence/internal/secret"
)

// formatSamples holds, for every row of tokenFormats, a key and a value
// built at run time that the row must recognise.
func formatSamples() map[string][2]string {
	pem := "-----BEGIN RSA PRIVATE KEY-----\n" + fakeToken("MIIE", b64, 64) + "\n" + fakeToken("", b64, 64) + "\n-----END RSA PRIVATE KEY-----"
	return map[string][2]string{
		"Stripe live secret key":          {"STRIPE", fakeToken("sk_live_", alnum, 24)},
		"Stripe test secret key":          {"STRIPE", fakeToken("sk_test_", alnum, 24)},
		"Stripe live restricted key":      {"STRIPE", fakeToken("rk_live_", alnum, 24)},
		"Stripe test restricted key":      {"STRIPE", fakeToken("rk_test_", alnum, 24)},
		"Stripe webhook secret":           {"HOOK", fakeToken("whsec_", alnum, 32)},
		"Checkout.com sandbox secret key": {"CKO", fakeToken("sk_sbox_", lowerNum, 26)},
		"GitHub token":                    {"GH", fakeToken("ghp_", alnum, 36)},
		"GitHub fine-grained token":       {"GH", fakeToken("github_pat_", alnum, 82)},
		"GitLab token":                    {"GL", fakeToken("glpat-", alnum, 20)},
		"Slack token":                     {"SLACK", fakeToken("xoxb-", "0123456789-", 30)},
		"Slack app token":                 {"SLACK", "xapp-1-" + fakeToken("A", upperNum, 10) + "-1234567890-" + fakeToken("", hexLower, 64)},
		"Slack webhook URL":               {"HOOK", "https://hooks.slack.com/services/" + fakeToken("T", upperNum, 8) + "/" + fakeToken("B", upperNum, 8) + "/" + fakeToken("", alnum, 24)},
		"SendGrid API key":                {"MAIL", fakeToken("SG.", alnum, 22) + fakeToken(".", alnum, 43)},
		"npm token":                       {"NPM", fakeToken("npm_", alnum, 36)},
		"PyPI token":                      {"PYPI", fakeToken("pypi-AgEIcHlwaS5vcmc", alnum, 60)},
		"Anthropic API key":               {"AI", fakeToken("sk-ant-api03-", alnum, 90)},
		"OpenAI API key":                  {"AI", fakeToken("sk-proj-", alnum, 60)},
		"sk- API key":                     {"AI", fakeToken("sk-", alnum, 48)},
		"Shopify token":                   {"SHOP", fakeToken("shpat_", hexLower, 32)},
		"Mailgun API key":                 {"MAIL", fakeToken("key-", hexLower, 32)},
		"Paddle API key":                  {"PADDLE", fakeToken("pdl_live_apikey_", alnum, 40)},
		"Plaid access token":              {"PLAID", "access-sandbox-" + fakeToken("", hexLower, 8) + "-" + fakeToken("", hexLower, 4) + "-" + fakeToken("", hexLower, 4) + "-" + fakeToken("", hexLower, 4) + "-" + fakeToken("", hexLower, 12)},
		"Square OAuth secret":             {"SQ", fakeToken("sq0csp-", alnum, 43)},
		"Square access token":             {"SQ", fakeToken("EAAA", alnum, 60)},
		"Flutterwave secret key":          {"FLW", fakeToken("FLWSECK_TEST-", hexLower, 32) + "-X"},
		"Duffel token":                    {"DUFFEL", fakeToken("duffel_test_", alnum, 43)},
		"Shippo token":                    {"SHIPPO", fakeToken("shippo_live_", hexLower, 40)},
		"EasyPost API key":                {"EP", fakeToken("EZAK", alnum, 54)},
		"Trigger.dev secret key":          {"TRIGGER", fakeToken("tr_dev_", alnum, 24)},
		"DigitalOcean token":              {"DO", fakeToken("dop_v1_", hexLower, 64)},
		"Vault token":                     {"VAULT", fakeToken("hvs.", alnum, 90)},
		"Databricks token":                {"DBX", fakeToken("dapi", hexLower, 32)},
		"Doppler token":                   {"DOPPLER", fakeToken("dp.st.", alnum, 43)},
		"Postman API key":                 {"POSTMAN", fakeToken("PMAK-", hexLower, 24) + fakeToken("-", hexLower, 34)},
		"Sentry auth token":               {"SENTRY", fakeToken("sntrys_", alnum, 60)},
		"Grafana token":                   {"GRAFANA", fakeToken("glsa_", alnum, 32) + fakeToken("_", hexLower, 8)},
		"Hugging Face token":              {"HF", fakeToken("hf_", letters, 34)},
		"Linear API key":                  {"LINEAR", fakeToken("lin_api_", alnum, 40)},
		"Pulumi access token":             {"PULUMI", fakeToken("pul-", hexLower, 40)},
		"age secret key":                  {"AGE", fakeToken("AGE-SECRET-KEY-1", upperNum, 58)},
		"Atlassian API token":             {"JIRA", fakeToken("ATATT3", alnum, 180)},
		"Google API key":                  {"GOOGLE_MAPS_KEY", fakeToken("AIza", alnum, 35)},
		"Twilio API key":                  {"TWILIO_API_KEY_SID", fakeToken("SK", hexLower, 32)},
		"PEM private key":                 {"tls", pem},
		"Azure client secret":             {"AZURE", fakeToken("abc", alnum, 0) + "8Q~" + fakeToken("", alnum, 34)},
		"Terraform Cloud token":           {"TFC", fakeToken("", alnum, 14) + ".atlasv1." + fakeToken("", alnum, 67)},
	}
}

// TestTokenFormats checks every row of tokenFormats on a sample, alone and
// inside text, with its span.
func TestTokenFormats(t *testing.T) {
	samples := formatSamples()
	for _, f := range tokenFormats {
		s, ok := samples[f.what]
		if !ok {
			t.Errorf("no sample for format %q", f.what)
			continue
		}
		key, token := s[0], s[1]
		for _, text := range []string{token, "Bearer " + token, "x=" + token + "&y=1", `{"k": "` + token + `"}`} {
			got := Credentials(key, secret.New(text))
			if len(got) != 1 || got[0].What != f.what || got[0].Value.Reveal() != token {
				t.Errorf("%s: Credentials(%q, <%d bytes>) = %v", f.what, key, len(text), describe(got))
				continue
			}
			if r := []rune(text); string(r[got[0].Offset:got[0].Offset+got[0].Len]) != token {
				t.Errorf("%s: span %d+%d does not locate the token", f.what, got[0].Offset, got[0].Len)
			}
		}
	}
}

func TestTokenFormatsNearMisses(t *testing.T) {
	cases := []struct{ key, value string }{
		{"STRIPE", "sk_live_short"},                       // too short
		{"GH", fakeToken("ghp_", alnum, 20)},              // too short
		{"GH", fakeToken("xghp_", alnum, 36)},             // inside a word
		{"NPM", fakeToken("npm_", alnum, 40)},             // too long for its fixed length
		{"MAIL", fakeToken("key-", hexLower, 32) + "abc"}, // longer hex run
		{"SID", fakeToken("SK", hexLower, 32)},            // SK… without Twilio in the key
		{"apiKey", fakeToken("AIza", alnum, 35)},          // Firebase web config
		{"NEXT_PUBLIC_FIREBASE_KEY", fakeToken("AIza", alnum, 35)},
		{"firebaseApiKey", fakeToken("AIza", alnum, 35)},
		{"tls", "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----"}, // a documentation stub
		{"tls", "-----BEGIN PUBLIC KEY-----\n" + fakeToken("MIIB", b64, 64) + "\n-----END PUBLIC KEY-----"},
		{"NOTE", "see task-" + fakeToken("", alnum, 40)},                     // sk- inside a word
		{"JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXZhbHVl"}, // JWTs are not a format
		{"AKID", "AKIA" + fakeToken("", upperNum[:20], 16)},                  // an access key id alone
		{"STRIPE", "pk_live_" + fakeToken("", alnum, 24)},                    // publishable
	}
	for _, c := range cases {
		if got := Credentials(c.key, secret.New(c.value)); len(got) != 0 {
			t.Errorf("Credentials(%q, %.20q…) = %v, want none", c.key, c.value, describe(got))
		}
	}
}

func TestAWSSecretNextToKeyID(t *testing.T) {
	id := "AKIA" + fakeToken("", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
	sec := fakeToken("", b64, 40)
	for _, v := range []string{id + ":" + sec, "aws_access_key_id=" + id + " aws_secret_access_key=" + sec} {
		got := Credentials("creds_blob", secret.New(v))
		if len(got) != 1 || got[0].Value.Reveal() != sec {
			t.Errorf("Credentials(AWS pair) = %v", describe(got))
		}
	}
	if got := Credentials("blob", secret.New("id "+fakeToken("", b64, 40))); len(got) != 0 {
		t.Errorf("a 40-character run without a key id is no AWS secret: %v", describe(got))
	}
}

// describe prints credentials for failure messages: what and length only.
func describe(cs []Credential) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, c.What+"@"+strconv.Itoa(c.Offset)+"+"+strconv.Itoa(c.Len))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
