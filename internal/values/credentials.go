package values

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/envfence/envfence/internal/secret"
)

// Credential is a credential found in a value.
type Credential struct {
	// Value is the credential itself (the whole value, a literal default,
	// or the password inside a connection string).
	Value secret.Value
	// What says what it is, for messages: "credential", "password in
	// connection string", "GitHub token", "PEM private key".
	What string
	// Offset and Len locate the credential in the value, in code points.
	Offset, Len int
}

// tokenFormat is a credential format recognised whatever the key.
type tokenFormat struct {
	what string
	re   *regexp.Regexp
}

// tokenFormats are secret formats with distinctive prefixes. Identifiers
// that are not secret on their own (AWS access key ids, publishable keys,
// Firebase web API keys) are deliberately absent.
var tokenFormats = []tokenFormat{
	{"Stripe secret key", regexp.MustCompile(`\b[sr]k_(?:live|test|prod)_[0-9A-Za-z]{10,247}\b`)},
	{"Stripe webhook secret", regexp.MustCompile(`\bwhsec_[0-9A-Za-z+/=]{20,}\b`)},
	{"GitHub token", regexp.MustCompile(`\b(?:gh[pousr]_[0-9A-Za-z]{36,251}|github_pat_[0-9A-Za-z_]{60,255})\b`)},
	{"GitLab token", regexp.MustCompile(`\bglpat-[0-9A-Za-z_-]{20,}\b`)},
	{"Slack token", regexp.MustCompile(`\bxox[abposr]-[0-9A-Za-z-]{10,250}\b`)},
	{"SendGrid API key", regexp.MustCompile(`\bSG\.[0-9A-Za-z_-]{16,32}\.[0-9A-Za-z_-]{16,64}\b`)},
	{"npm token", regexp.MustCompile(`\bnpm_[0-9A-Za-z]{36}\b`)},
	{"PyPI token", regexp.MustCompile(`\bpypi-AgEIcHlwaS5vcmc[0-9A-Za-z_-]{50,}`)},
	{"OpenAI API key", regexp.MustCompile(`\bsk-(?:proj-|svcacct-|admin-)?[0-9A-Za-z_-]{40,}\b`)},
	{"Anthropic API key", regexp.MustCompile(`\bsk-ant-[0-9A-Za-z_-]{40,}\b`)},
	{"Shopify token", regexp.MustCompile(`\bshp(?:at|ca|pa|ss)_[0-9a-fA-F]{32}\b`)},
	{"Mailgun API key", regexp.MustCompile(`\bkey-[0-9a-f]{32}\b`)},
	{"Razorpay secret", regexp.MustCompile(`\brzp_(?:live|test)_[0-9A-Za-z]{14}\b`)},
	{"Paddle API key", regexp.MustCompile(`\bpdl_(?:live|sdbx|test)_apikey_[0-9A-Za-z_]{20,}\b`)},
	{"Plaid access token", regexp.MustCompile(`\baccess-(?:production|development|sandbox)-[0-9a-f-]{36}\b`)},
	{"PEM private key", regexp.MustCompile(`-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----`)},
}

// tokenPrefixes is a cheap pre-filter: no format matches a value that
// contains none of these.
var tokenPrefixes = []string{"k_live_", "k_test_", "k_prod_", "whsec_", "gh", "github_pat_", "glpat-", "xox", "SG.", "npm_", "pypi-", "sk-", "shp", "key-", "rzp_", "pdl_", "access-", "PRIVATE KEY"}

var (
	urlUserinfo = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:([^@\s/]+)@`)
	kvPassword  = regexp.MustCompile(`(?i)(?:^|[;?&\s])(?:password|pwd|pass|passwd|sharedaccesskey|accountkey)\s*=\s*([^;&\s'"]+)`)
)

// Credentials returns the credentials in a value: the value under a
// credential key (or the literal default of a reference there), passwords
// inside connection strings, and tokens of known formats under any key.
// Placeholders, references and ciphertext are never credentials.
func Credentials(key string, v secret.Value) []Credential {
	raw := v.Reveal()
	if raw == "" || len(raw) > 64<<10 {
		return nil
	}
	var out []Credential
	add := func(what string, from, to int) {
		text := raw[from:to]
		if len(strings.TrimSpace(text)) < 4 || IsPlaceholder(text) {
			return
		}
		c := Credential{Value: secret.New(text), What: what, Offset: utf8.RuneCountInString(raw[:from]), Len: utf8.RuneCountInString(text)}
		for _, o := range out {
			if o.Offset == c.Offset {
				return
			}
		}
		out = append(out, c)
	}
	connectionPasswords(raw, add)
	knownTokens(raw, add)
	assignedCredential(raw, add)
	if IsCredentialKey(key) && len(out) == 0 {
		if def, off, ok := LiteralDefault(raw); ok {
			add("credential", off, off+len(def))
		} else if !IsPlaceholder(raw) && !looksLikeSetting(raw) {
			add("credential", 0, len(raw))
		}
	}
	return out
}

// connectionPasswords finds passwords in URLs (scheme://user:pw@host) and
// in key=value connection strings (Password=…; pwd=…).
func connectionPasswords(raw string, add func(string, int, int)) {
	if strings.Contains(raw, "://") && strings.Contains(raw, "@") {
		for _, m := range urlUserinfo.FindAllStringSubmatchIndex(raw, -1) {
			add("password in connection string", m[2], m[3])
		}
	}
	if strings.Contains(raw, "=") && containsFold(raw, "pass", "pwd", "accountkey", "sharedaccesskey") {
		for _, m := range kvPassword.FindAllStringSubmatchIndex(raw, -1) {
			add("password in connection string", m[2], m[3])
		}
	}
}

// assignment is a "NAME=value" string: a compose environment list item, a
// kustomize secretGenerator literal, a container argument.
var assignment = regexp.MustCompile(`^\s*([A-Za-z_][A-Za-z0-9_.-]*)=(.+)$`)

// assignedCredential finds "DB_PASSWORD=value" items.
func assignedCredential(raw string, add func(string, int, int)) {
	if !strings.Contains(raw, "=") {
		return
	}
	m := assignment.FindStringSubmatchIndex(raw)
	if m == nil || !IsCredentialKey(raw[m[2]:m[3]]) {
		return
	}
	value := raw[m[4]:m[5]]
	if def, off, ok := LiteralDefault(value); ok {
		add("credential", m[4]+off, m[4]+off+len(def))
		return
	}
	if !looksLikeSetting(value) {
		add("credential", m[4], m[5])
	}
}

func knownTokens(raw string, add func(string, int, int)) {
	if !containsAny(raw, tokenPrefixes) {
		return
	}
	for _, f := range tokenFormats {
		for _, m := range f.re.FindAllStringIndex(raw, -1) {
			from, to := m[0], m[1]
			if f.what == "PEM private key" {
				to = len(raw)
			}
			add(f.what, from, to)
		}
	}
}

// looksLikeSetting rules out values under credential keys that are plainly
// not secrets: booleans, small numbers, file paths, URLs without userinfo.
func looksLikeSetting(v string) bool {
	if isSmallNumber(v) {
		return true
	}
	lower := strings.ToLower(v)
	switch lower {
	case "on", "off", "yes", "no", "enabled", "required", "optional", "none":
		return true
	}
	if strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./") || strings.HasPrefix(v, "~/") || strings.HasPrefix(lower, "file:") {
		return true
	}
	if i := strings.Index(v, "://"); i > 0 && !strings.Contains(v[i:], "@") {
		return true
	}
	return isResourceName(v)
}

// isResourceName reports the name of a secret rather than a secret: letters
// joined by - _ or . with no digit that say what they hold
// ("db-credentials", "shop-db-password", "app_secret"), as a Kubernetes
// secret's name under a password key is. Passphrases of plain words
// ("correct-horse-battery-staple") stay credentials.
func isResourceName(v string) bool {
	lower := strings.ToLower(v)
	if !containsAny(lower, []string{"secret", "password", "passwd", "credential", "token", "cred", "key"}) {
		return false
	}
	joined := false
	for _, r := range v {
		switch {
		case r == '-' || r == '_' || r == '.':
			joined = true
		case r < 'A' || r > 'z' || r > 'Z' && r < 'a':
			return false
		}
	}
	return joined
}

func isSmallNumber(v string) bool {
	if len(v) > 6 {
		return false
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
