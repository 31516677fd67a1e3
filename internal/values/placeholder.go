package values

import (
	"regexp"
	"strings"
)

// referencePrefixes start values that name where a secret is kept rather
// than holding it.
var referencePrefixes = []string{
	"${", "$(", "#{", "{{", "<%", "%(", "@microsoft.keyvault(", "vault:", "op://", "sm://", "${sm://",
	"arn:aws:secretsmanager:", "arn:aws:ssm:", "arn:aws-cn:secretsmanager:", "arn:aws-us-gov:secretsmanager:",
	"projects/", "secretref:", "valuefrom:", "env:", "ssm:", "secretsmanager:", "awssm:", "doppler:", "infisical:",
	"enc[", "$ansible_vault;", "encrypted:", "v1:", "secure:", "!vault", "dotenv://",
}

// referenceCalls are language lookups of the environment or a secret store.
var referenceCalls = []string{
	"env(", "env[", "env.fetch(", "os.getenv(", "os.environ", "process.env.", "import.meta.env.",
	"system.getenv(", "system.get_env(", "system.fetch_env", "environment.getenvironmentvariable(",
	"getenv(", "config(", "config.get(", "credentials.", "rails.application.credentials", "secrets.",
	"var.", "local.", "data.", "module.", "random_password.", "lookup(", "file(", "resolve:",
}

// dummyWords are values that are obviously not real secrets.
var dummyWords = map[string]bool{
	"changeme": true, "change_me": true, "change-me": true, "changeit": true, "replaceme": true, "replace_me": true,
	"todo": true, "tbd": true, "fixme": true, "placeholder": true, "dummy": true, "fake": true, "mock": true,
	"secret": true, "password": true, "passw0rd": true, "pass": true, "pwd": true, "test": true, "testing": true,
	"example": true, "sample": true, "admin": true, "root": true, "postgres": true, "mysql": true, "guest": true,
	"redacted": true, "none": true, "null": true, "nil": true, "undefined": true, "true": true, "false": true,
	"generateme": true, "insert_here": true, "qwerty": true, "letmein": true, "default": true, "string": true,
	"notasecret": true, "not_a_secret": true, "thisisnottherealsecret": true, "dummy_secret": true, "dummy_value": true,
	"not_real_key": true, "some_key": true, "your_key": true, "mypassword": true, "my_password": true, "secret123": true,
	"password123": true, "abc123": true, "123456": true, "12345678": true, "1234567890": true, "disabled": true,
	"prompt": true, "nopasswd": true, "unset": true, "empty": true, "xxx": true, "tbc": true, "n/a": true,
}

// docKeys are credentials published in providers' documentation.
var docKeys = map[string]bool{
	"AKIAIOSFODNN7EXAMPLE":                     true,
	"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY": true,
	"sk_test_4eC39HqLyjWDarjtT1zdp7dc":         true,
	"pk_test_TYooMQauvdEDq54NiTphI7jx":         true,
	"sandbox_g42y39zw_348pk9cgf3bgyw2b":        true,
	"test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM":      true,
	"00000000-0000-0000-0000-000000000000":     true,
}

var (
	shellVar       = regexp.MustCompile(`^\$[A-Za-z_][A-Za-z0-9_]*$`)
	angleTemplate  = regexp.MustCompile(`^<[^<>]{1,80}>$`)
	bracketTmpl    = regexp.MustCompile(`^\[[^\[\]]{1,80}\]$`)
	tokenReplace   = regexp.MustCompile(`^(__[A-Za-z0-9_]+__|@[A-Za-z0-9_]+@|%[A-Za-z0-9_]+%)$`)
	maskedProvider = regexp.MustCompile(`^[a-z]{2,6}_(?:live|test|prod|sbox|sdbx)_[xX*.]+$`)
	yourPrefix     = regexp.MustCompile(`(?i)^(your|my|enter|insert|replace|put|add)[-_ ]?(own[-_ ])?`)
)

// IsPlaceholder reports whether a value is not a credential whatever its
// key: empty, a reference or interpolation (${X}, $X, ${{ secrets.X }},
// {{ … }}, <%= … %>, ENV[…], process.env.X, valueFrom, vault:…, secret
// manager ARNs), ciphertext (sops ENC[…], $ANSIBLE_VAULT, secure: v1:,
// dotenvx encrypted:), an obvious dummy (changeme, xxx, <password>, your_…,
// TODO) or a key published in documentation (AKIAIOSFODNN7EXAMPLE …).
// A reference with a literal default is a placeholder too; LiteralDefault
// extracts the default so that it can be checked on its own.
func IsPlaceholder(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return true
	}
	lower := strings.ToLower(v)
	switch {
	case dummyWords[lower] || docKeys[v]:
		return true
	case strings.HasSuffix(v, "EXAMPLE") || strings.HasSuffix(v, "EXAMPLEKEY"):
		return true
	case hasAnyPrefix(lower, referencePrefixes) || containsReference(lower):
		return true
	case shellVar.MatchString(v) || angleTemplate.MatchString(v) || bracketTmpl.MatchString(v) || tokenReplace.MatchString(v):
		return true
	case maskedProvider.MatchString(v) || repeatedChar(v) || strings.Contains(lower, "xxxx") || strings.Contains(v, "****"):
		return true
	case yourPrefix.MatchString(v) && len(v) < 60:
		return true
	case strings.Contains(lower, "example") || strings.Contains(lower, "placeholder") || strings.Contains(lower, "changeme") || strings.Contains(lower, "dummy"):
		return true
	case strings.HasPrefix(lower, "<") || strings.HasPrefix(v, "...") || strings.HasSuffix(v, "..."):
		return true
	}
	return false
}

// containsReference finds interpolation anywhere in the value:
// "postgres://u:${DB_PASSWORD}@h", "Bearer {{ token }}".
func containsReference(lower string) bool {
	if strings.Contains(lower, "${") || strings.Contains(lower, "{{") || strings.Contains(lower, "<%") || strings.Contains(lower, "$(") || strings.Contains(lower, "#{") {
		return true
	}
	for _, c := range referenceCalls {
		if strings.HasPrefix(lower, c) {
			return true
		}
	}
	return false
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// repeatedChar reports values made of one repeated character: xxxxx, *****.
func repeatedChar(v string) bool {
	if len(v) < 3 {
		return false
	}
	for i := 1; i < len(v); i++ {
		if v[i] != v[0] {
			return false
		}
	}
	return true
}

// defaultPatterns extract the literal default of a reference. The first
// submatch group is the default.
var defaultPatterns = []*regexp.Regexp{
	regexp.MustCompile(`^\$\{[A-Za-z_][A-Za-z0-9_.]*:?-([^}$]+)\}$`),                                                                         // ${X:-lit} ${X-lit}
	regexp.MustCompile(`^\$\{[A-Za-z_][A-Za-z0-9_.\-]*:([^}$:][^}$]*)\}$`),                                                                   // Spring ${X:lit}
	regexp.MustCompile(`(?i)^(?:env|getenv|os\.getenv|os\.environ\.get|config\.get|config)\(\s*['"][^'"]+['"]\s*,\s*['"]([^'"]+)['"]\s*\)$`), // env('X', 'lit')
	regexp.MustCompile(`(?i)^ENV\.fetch\(\s*['"][^'"]+['"]\s*,\s*['"]([^'"]+)['"]\s*\)$`),                                                    // ENV.fetch('X', 'lit')
	regexp.MustCompile(`(?i)^<%=?\s*ENV(?:\[['"][^'"]+['"]\]|\.fetch\(['"][^'"]+['"]\))\s*\|\|\s*['"]([^'"]+)['"]\s*%>$`),                    // <%= ENV['X'] || 'lit' %>
	regexp.MustCompile(`^process\.env\.[A-Za-z_][A-Za-z0-9_]*\s*(?:\|\||\?\?)\s*['"]([^'"]+)['"]$`),                                          // process.env.X || 'lit'
	regexp.MustCompile(`^System\.get_env\("[^"]+"\)\s*\|\|\s*"([^"]+)"$`),                                                                    // System.get_env("X") || "lit"
	regexp.MustCompile(`^\{\{\s*env_var\(\s*['"][^'"]+['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*\}\}$`),                                             // {{ env_var('X', 'lit') }}
}

// LiteralDefault returns the literal default inside a reference, such as
// hunter2 in ${DB_PASSWORD:-hunter2}, and its byte offset in v. A default
// that is itself a reference is not returned.
func LiteralDefault(v string) (def string, offset int, ok bool) {
	trimmed := strings.TrimSpace(v)
	lead := strings.Index(v, trimmed)
	for _, re := range defaultPatterns {
		m := re.FindStringSubmatchIndex(trimmed)
		if m == nil {
			continue
		}
		def = trimmed[m[2]:m[3]]
		if IsPlaceholder(def) {
			return "", 0, false
		}
		return def, lead + m[2], true
	}
	return "", 0, false
}
