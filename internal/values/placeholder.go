package values

import (
	"strings"
)

// IsPlaceholder reports whether a value is never a credential, whatever
// its key (SPEC §3, env-conventions §4.1–§4.3):
//
//   - empty;
//   - a reference or interpolation: ${X}, $X, $(X), ${{ secrets.X }},
//     {{ … }}, <%= … %>, #{X}#, __X__, @X@, %X%, ENV['X'], process.env.X,
//     os.getenv(…), var.x, vault:…, op://…, @Microsoft.KeyVault(…), secret
//     manager ARNs and GCP secret names, and code such as get_secret() or
//     headers['x'];
//   - ciphertext: sops ENC[…], $ANSIBLE_VAULT, Pulumi v1:…, dotenvx
//     encrypted:…, Sealed Secrets AgA…, PGP and age armour;
//   - an obvious dummy: changeme, xxx, <password>, your_…, REPLACE_ME,
//     TODO, one repeated character, a sequential run (12345, abcdef), any
//     value holding "example", "placeholder", "dummy", "redacted" or an
//     ellipsis, masks such as sk_live_xxxx…;
//   - a key published in documentation: AKIAIOSFODNN7EXAMPLE, anything
//     ending EXAMPLE, Stripe's, Braintree's and Mollie's documentation keys.
//
// A reference with a literal default (${DB_PASSWORD:-hunter2}) is a
// placeholder as a whole; LiteralDefault extracts the default, which is a
// value and is checked on its own. Weak but real values such as devpw are
// not placeholders.
func IsPlaceholder(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return true
	}
	return isReference(v) || isCiphertext(v) || isDummy(v) || isDocumentationKey(v)
}

// referencePrefixes start values (compared in lower case) that name where
// a secret is kept rather than holding it.
var referencePrefixes = []string{
	"@microsoft.keyvault(", "vault:", "op://", "sm://", "secretref:", "valuefrom:", "env:", "ssm:",
	"secretsmanager:", "awssm:", "doppler:", "infisical:", "dotenv://", "resolve:", "!vault", "!ref", "!sub",
	"arn:aws:secretsmanager:", "arn:aws:ssm:", "arn:aws-cn:secretsmanager:", "arn:aws-cn:ssm:",
	"arn:aws-us-gov:secretsmanager:", "arn:aws-us-gov:ssm:",
	// Language lookups of the environment or a secret store.
	"env(", "env[", "env.", "os.getenv(", "os.environ", "os.lookupenv(", "process.env.", "process.env[",
	"import.meta.env.", "system.getenv(", "system.get_env(", "system.fetch_env", "deno.env.get(",
	"environment.getenvironmentvariable(", "getenv(", "config(", "config.get(", "settings.", "$_env[",
	"$_server[", "rails.application.credentials", "credentials.", "secrets.", "vars.", "inputs.",
	// Terraform expressions.
	"var.", "local.", "data.", "module.", "random_password.", "lookup(", "file(",
}

// isReference reports references and interpolation (env-conventions §4.1).
func isReference(v string) bool {
	if isTemplateSyntax(v) {
		return true
	}
	if hasInterpolation(v) {
		return true
	}
	for _, p := range referencePrefixesByFirstByte[lowerByte(v[0])] {
		if hasPrefixFold(v, p) {
			return true
		}
	}
	return isGCPSecretName(v) || isCodeExpression(v)
}

// referencePrefixesByFirstByte indexes referencePrefixes by first byte.
var referencePrefixesByFirstByte = indexByFirstByte(referencePrefixes)

// hasInterpolation reports ${, $(, {{, <% or #{ anywhere in v, in one pass.
func hasInterpolation(v string) bool {
	for i := 0; i+1 < len(v); i++ {
		switch v[i] {
		case '$':
			if v[i+1] == '{' || v[i+1] == '(' {
				return true
			}
		case '{', '#':
			if v[i+1] == '{' {
				return true
			}
		case '<':
			if v[i+1] == '%' {
				return true
			}
		}
	}
	return false
}

// isTemplateSyntax reports whole-value templates, chosen by the first
// byte: $X, $1, $$, {password}, {0}, <password>, <%= … %>, [password],
// %(x)s, %X%, @X@, __X__, `command`.
func isTemplateSyntax(v string) bool {
	switch v[0] {
	case '$':
		return len(v) > 1 && (v[1] == '$' || isSingleCaseIdentifier(v[1:]) || isDigits(v[1:]) || isDashedName(v[1:]))
	case '{':
		return isBraced(v, '{', '}')
	case '<':
		return strings.HasPrefix(v, "<?") || isTemplateWord(v)
	case '[':
		return isBraced(v, '[', ']')
	case '%':
		return strings.HasPrefix(v, "%(") || isBraced(v, '%', '%')
	case '@':
		return isBraced(v, '@', '@')
	case '_':
		return len(v) > 4 && strings.HasPrefix(v, "__") && strings.HasSuffix(v, "__") && isIdentifier(v[2:len(v)-2])
	case '`':
		return true // `cat secret.txt`: command substitution
	}
	return false
}

// isSingleCaseIdentifier reports variable names as shells and CI systems
// write them, all upper or all lower case (DB_PASSWORD, ci_token): after a
// "$" they are a reference, while "$uperS3cret" is a password.
func isSingleCaseIdentifier(s string) bool {
	return isIdentifier(s) && (strings.ToUpper(s) == s || strings.ToLower(s) == s)
}

// isDashedName reports lower-case words joined by dashes: $slack-token
// names a key of a Secret (Argo CD notifications, Helm charts).
func isDashedName(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || !strings.Contains(s, "-") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if b := s[i]; !(b >= 'a' && b <= 'z') && b != '-' && !(b >= '0' && b <= '9') {
			return false
		}
	}
	return true
}

// isGCPSecretName reports projects/<p>/secrets/<s>[/versions/<v>].
func isGCPSecretName(v string) bool {
	return strings.HasPrefix(v, "projects/") && strings.Contains(v, "/secrets/")
}

// isCodeExpression reports a call or an index expression such as
// get_secret_key(), request.headers['apikey'] or Settings.x[:y]: code that
// computes the value (detect-secrets' indirect reference heuristic).
func isCodeExpression(v string) bool {
	i := 0
	for i < len(v) && (isWordByte(v[i]) || v[i] == '.' && i > 0) {
		i++
	}
	if i == 0 || i == len(v) || v[0] >= '0' && v[0] <= '9' {
		return false
	}
	switch v[i] {
	case '(':
		return v[len(v)-1] == ')'
	case '[':
		return v[len(v)-1] == ']'
	}
	return false
}

// isBraced reports open + identifier-ish text + close: {password}, {0},
// [password], %PASSWORD%, @PASSWORD@.
func isBraced(v string, open, close byte) bool {
	if len(v) < 3 || v[0] != open || v[len(v)-1] != close {
		return false
	}
	inner := v[1 : len(v)-1]
	if open == '{' || open == '[' {
		return len(inner) <= 80 && !strings.ContainsAny(inner, "{}[]\"")
	}
	return isIdentifier(inner)
}

// isTemplateWord reports <password>, <your api key>, <aws_secret_access_key
// and other angle-bracketed words.
func isTemplateWord(v string) bool {
	if strings.HasSuffix(v, ">") {
		return len(v) <= 82 && !strings.ContainsAny(v[1:len(v)-1], "<>")
	}
	return len(v) > 1 && isLetterByte(v[1])
}

// isCiphertext reports values encrypted at rest (env-conventions §4.2).
func isCiphertext(v string) bool {
	if strings.IndexByte("E$esv-aA\x00", v[0]) < 0 {
		return false // no ciphertext format starts with this byte
	}
	switch {
	case strings.HasPrefix(v, "ENC[") && strings.HasSuffix(v, "]"), // sops
		strings.HasPrefix(v, "$ANSIBLE_VAULT;"),
		strings.HasPrefix(v, "encrypted:"), // dotenvx
		strings.HasPrefix(v, "secure:"),    // Pulumi, flattened
		strings.HasPrefix(v, "-----BEGIN PGP MESSAGE-----"),
		strings.HasPrefix(v, "-----BEGIN AGE ENCRYPTED FILE-----"),
		strings.HasPrefix(v, "age-encryption.org/v1"),
		strings.HasPrefix(v, "\x00GITCRYPT"):
		return true
	case strings.HasPrefix(v, "v1:"):
		return isPulumiCiphertext(v[3:])
	case strings.HasPrefix(v, "AgA"):
		return len(v) >= 100 && isBase64(v) // a SealedSecret's encryptedData
	}
	return false
}

// isPulumiCiphertext reports Pulumi's "<nonce>:<ciphertext>" in base64.
func isPulumiCiphertext(rest string) bool {
	nonce, ct, ok := strings.Cut(rest, ":")
	return ok && len(nonce) >= 8 && len(ct) >= 8 && isBase64(nonce) && isBase64(ct)
}

// dummyWords are whole values (in lower case) that are never real
// secrets: env-conventions §4.3, gitleaks' and detect-secrets' lists.
var dummyWords = map[string]bool{
	"changeme": true, "change_me": true, "change-me": true, "changeit": true, "replaceme": true, "replace_me": true,
	"todo": true, "tbd": true, "tbc": true, "fixme": true, "placeholder": true, "dummy": true, "fake": true,
	"mock": true, "secret": true, "password": true, "passw0rd": true, "pass": true, "pwd": true, "test": true,
	"testing": true, "example": true, "sample": true, "admin": true, "root": true, "postgres": true, "mysql": true,
	"guest": true, "redacted": true, "none": true, "null": true, "nil": true, "undefined": true, "undef": true,
	"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true, "enabled": true,
	"disabled": true, "disable": true, "required": true, "optional": true, "generateme": true,
	"insert_here": true, "qwerty": true, "letmein": true, "default": true, "string": true, "notasecret": true,
	"not_a_secret": true, "thisisnottherealsecret": true, "dummy_secret": true, "dummy_value": true,
	"not_real_key": true, "some_key": true, "your_key": true, "mypassword": true, "my_password": true,
	"secret123": true, "password123": true, "password1": true, "abc123": true, "prompt": true, "nopasswd": true,
	"unset": true, "empty": true, "n/a": true, "na": true, "-": true, "~": true, "''": true, `""`: true,
	"test-access-key": true, "secretkey": true, "secret_key": true, "apikey": true, "api_key": true,
	"token": true, "mytoken": true, "mysecret": true, "s3cr3t": true, "p@ssw0rd": true, "p@ssword": true,
	"username:password": true, "user:password": true, "user:pass": true, "username:pass": true,
	// GitHub Actions keywords under credential-looking keys: secrets:
	// inherit, permissions: id-token: write.
	"inherit": true, "read": true, "write": true, "read-all": true, "write-all": true,
}

// dummyInfixes anywhere in a value (in lower case) mark a placeholder.
var dummyInfixes = []string{
	"example", "placeholder", "changeme", "change_me", "change-me", "dummy", "redacted", "replace_me",
	"replaceme", "replace-me", "not-a-real", "not_a_real", "notreal", "not_real", "not-real", "xxxx",
	"****", "...", "…", "<your", "your_", "your-", "_here", "-here",
}

// dummyLeads start placeholders when a separator or the end follows.
var dummyLeads = []string{"todo", "tbd", "fixme", "changeme", "changeit", "replace", "insert", "enter", "put", "paste", "fill", "your", "sample", "this"}

// dummyInfixesByFirstByte indexes dummyInfixes by first byte.
var dummyInfixesByFirstByte = indexByFirstByte(dummyInfixes)

// isDummy reports obvious dummies (env-conventions §4.3).
func isDummy(v string) bool {
	if isDummyWord(v) || repeatedChar(v) || isMask(v) || isMaskedTail(v) || isSequentialFold(v) || hasDummyInfix(v) {
		return true
	}
	for _, lead := range dummyLeadsByFirstByte[lowerByte(v[0])] {
		if hasPrefixFold(v, lead) && (len(v) == len(lead) || !isAlnumByte(v[len(lead)])) {
			return true
		}
	}
	return isMyNoun(v)
}

// dummyLeadsByFirstByte indexes dummyLeads by first byte.
var dummyLeadsByFirstByte = indexByFirstByte(dummyLeads)

// dummyFirstBytes is the set of first bytes of dummy words: other values
// skip the map look-up.
var dummyFirstBytes = func() (set [256]bool) {
	for w := range dummyWords {
		set[w[0]] = true
	}
	return set
}()

// isDummyWord looks the value up in dummyWords, ignoring case.
func isDummyWord(v string) bool {
	return len(v) <= maxDummyWord && dummyFirstBytes[lowerByte(v[0])] && dummyWords[strings.ToLower(v)]
}

// maxDummyWord is the length of the longest dummy word: longer values
// need not be lower-cased to be looked up.
var maxDummyWord = func() (n int) {
	for w := range dummyWords {
		n = max(n, len(w))
	}
	return n
}()

// hasDummyInfix finds any of dummyInfixes in v, ignoring ASCII case, in
// one pass with a look-up per byte.
func hasDummyInfix(v string) bool {
	for i := 0; i+1 < len(v); i++ {
		a, b := lowerByte(v[i]), lowerByte(v[i+1])
		if dummyInfixPairs[a][b>>6]&(1<<(b&63)) == 0 {
			continue
		}
		for _, s := range dummyInfixesByFirstByte[a] {
			if hasPrefixFold(v[i:], s) {
				return true
			}
		}
	}
	return false
}

// dummyInfixPairs holds the first two bytes of every dummy infix, as a
// 256-bit set of second bytes per first byte.
var dummyInfixPairs = func() (t [256][4]uint64) {
	for _, s := range dummyInfixes {
		t[s[0]][s[1]>>6] |= 1 << (s[1] & 63)
	}
	return t
}()

// myNouns follow "my" or "your" in dummies: my_api_key, mysecrettoken.
var myNouns = []string{"api", "secret", "pass", "pwd", "token", "key", "app", "client", "access", "db", "database", "private", "auth", "account", "super", "real", "own", "value"}

// isMyNoun reports "my" + a credential noun: myapikey, my-secret-pw (the
// MySQL image's documented example), my_token.
func isMyNoun(v string) bool {
	if !hasPrefixFold(v, "my") {
		return false
	}
	rest := strings.TrimLeft(v[2:], "-_ .")
	for _, n := range myNouns {
		if hasPrefixFold(rest, n) {
			return true
		}
	}
	return false
}

// docKeys are credentials published in providers' documentation. They are
// assembled from parts so that secret scanners reading this repository do
// not mistake the table for leaked keys.
var docKeys = map[string]bool{
	"AKIA" + "IOSFODNN7EXAMPLE":                     true,
	"wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY": true,
	"sk_" + "test_" + "4eC39HqLyjWDarjtT1zdp7dc":    true, // Stripe API reference
	"sk_" + "test_" + "BQokikJOvBiI2HlWgH4olfQ2":    true, // Stripe, older docs
	"pk_" + "test_" + "TYooMQauvdEDq54NiTphI7jx":    true,
	"sandbox_" + "g42y39zw_348pk9cgf3bgyw2b":        true, // Braintree
	"test_" + "dHar4XY7LxsDOtmnkVtjNVWXLSlXsM":      true, // Mollie
	"00000000-0000-0000-0000-000000000000":          true,
	"014df517-39d1-4453-b7b3-9930c563627c":          true, // gitleaks stopword
}

// isDocumentationKey reports keys published in documentation, including
// AWS's convention of ending sample keys with EXAMPLE.
func isDocumentationKey(v string) bool {
	return strings.HasSuffix(v, "EXAMPLE") || strings.HasSuffix(v, "EXAMPLEKEY") || len(v) >= 20 && docKeys[v]
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

// isMask reports values made only of masking characters: XXX-XXX, **-**,
// ###.
func isMask(v string) bool {
	if len(v) < 3 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !strings.ContainsRune("xX*#.-_ ", rune(v[i])) {
			return false
		}
	}
	return true
}

// isMaskedTail reports a prefix followed by a mask: sk_live_xxx,
// ghp_***, token-XXX.
func isMaskedTail(v string) bool {
	i := strings.LastIndexAny(v, "_-")
	return i > 0 && len(v)-i > 3 && isMask(v[i+1:]) && strings.Trim(v[i+1:], "._- ") != ""
}

// isSequentialFold reports ascending runs of at least four digits or
// letters, in any case: 1234, 123456789, abcdef, ABCD (detect-secrets'
// sequential-string heuristic).
func isSequentialFold(v string) bool {
	if len(v) < 4 || !isAlnumByte(v[0]) {
		return false
	}
	for i := 1; i < len(v); i++ {
		if lowerByte(v[i]) != lowerByte(v[i-1])+1 || !isAlnumByte(v[i]) {
			return false
		}
	}
	return true
}

func isIdentifier(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isWordByte(s[i]) {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isBase64(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlnumByte(s[i]) && !strings.ContainsRune("+/=_-", rune(s[i])) {
			return false
		}
	}
	return true
}

func isLetterByte(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }
func isAlnumByte(b byte) bool  { return isLetterByte(b) || b >= '0' && b <= '9' }
func isWordByte(b byte) bool   { return isAlnumByte(b) || b == '_' }

// lowerByte lower-cases an ASCII letter.
func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c | 0x20
	}
	return c
}

// indexByFirstByte indexes lower-case words by their first byte; an
// upper-case letter finds its lower-case words through lowerByte.
func indexByFirstByte(words []string) (t [256][]string) {
	for _, w := range words {
		t[w[0]] = append(t[w[0]], w)
	}
	return t
}

// hasPrefixFold reports whether s starts with the lower-case prefix,
// ignoring ASCII case, without allocating.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if lowerByte(s[i]) != prefix[i] {
			return false
		}
	}
	return true
}
