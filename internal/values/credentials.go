package values

import (
	"strings"
	"unicode/utf8"

	"github.com/envfence/envfence/internal/secret"
)

// Credential is a credential found in a value.
type Credential struct {
	// Value is the credential itself: the whole value, a literal default,
	// the password inside a connection string, or a token inside text.
	Value secret.Value
	// What says what it is, for messages: "value of DB_PASSWORD",
	// "default of DB_PASSWORD", "password in connection string", "Stripe
	// live secret key", "PEM private key".
	What string
	// Offset and Len locate the credential in the value, in code points.
	Offset, Len int
	// Default is true for the literal default of a reference to the
	// environment (${DB_PASSWORD:-pw}, env('DB_PASSWORD', 'pw')): it is
	// used only where the variable is not set.
	Default bool
}

// maxCredentialValue bounds the values searched: a larger scalar is a
// document (a certificate bundle, a minified script), not configuration.
const maxCredentialValue = 64 << 10

// minCredentialLen is the shortest text taken for a credential: shorter
// ones ("pw", "1") are settings or noise, and cannot be told apart.
const minCredentialLen = 4

// Credentials returns the credentials in a value, each span once, most
// specific reading first:
//
//  1. tokens of known formats whatever the key (tokenFormats), and AWS
//     secret keys next to an access key id;
//  2. "NAME=value" items whose NAME is a credential key (compose
//     environment lists, kustomize literals, container arguments);
//  3. passwords in URLs and connection strings (postgres://u:pw@h,
//     redis://:pw@h, Password=…; in ADO.NET, password= in JDBC and libpq,
//     jdbc:oracle:thin:u/pw@h) and other credential-named parameters in
//     them (AccountKey=, SharedAccessKey=, sig=);
//  4. literal defaults of references to credential-named variables
//     anywhere in the value (${DB_PASSWORD:-hunter2});
//  5. under a credential key, the rest: the literal default of a
//     reference, or the whole value (without a "Bearer " scheme).
//
// Placeholders, references and ciphertext are never credentials, nor
// texts shorter than four bytes, without a letter or digit, or holding
// regular-expression syntax; values under pattern keys (regex, pattern,
// format) are searched for known formats only. Under a credential key,
// settings (numbers, versions, booleans, paths, URLs without a password,
// names of secrets) and identifiers (AWS access key ids, publishable keys)
// are not credentials either.
func Credentials(key string, v secret.Value) []Credential {
	raw := v.Reveal()
	if raw == "" || len(raw) > maxCredentialValue {
		return nil
	}
	c := &collector{raw: raw}
	knownTokens(key, raw, c.add)
	awsSecretKeys(raw, c.add)
	if isPatternKey(key) {
		return c.out
	}
	if strings.Contains(raw, "=") {
		assignedCredential(raw, c.add)
	}
	if strings.Contains(raw, "://") || strings.Contains(raw, "=") || strings.Contains(raw, "jdbc:oracle:") {
		connectionPasswords(raw, c.add)
	}
	if strings.Contains(raw, "${") {
		for _, d := range embeddedDefaults(raw) {
			if IsCredentialKey(d.name) {
				c.add("default of "+d.name, d.offset, d.offset+len(d.value))
			}
		}
	}
	if len(c.out) == 0 && IsCredentialKey(key) {
		if trimmed := strings.TrimSpace(raw); isDigitPassword(key, trimmed) {
			// A short run of digits under a password key is a weak
			// password, not a port or a placeholder: production's database
			// may well be opened with 123456.
			c.accept("value of "+key, strings.Index(raw, trimmed), len(trimmed))
		} else {
			valueUnderKey(key, raw, c.add)
		}
	}
	return c.out
}

// collector gathers credentials, rejecting placeholders, short texts and
// spans that overlap one already found.
type collector struct {
	raw   string
	out   []Credential
	spans [][2]int // byte spans of out
}

func (c *collector) add(what string, from, to int) {
	text := c.raw[from:to]
	// A PEM block's body was checked by hasPEMBody; a long random body may
	// hold "xxxx" or "\S" by chance, which the tests below would misread.
	pem := what == "PEM private key"
	isDefault := strings.HasPrefix(what, "default of ")
	if !pem && IsPlaceholder(text) {
		// A reference with a literal default inside a connection string:
		// postgres://u:${PW:-devpw}@h holds devpw.
		d, ok := referenceDefault(text)
		if !ok {
			return
		}
		from, to = from+d.offset, from+d.offset+len(d.value)
		text = d.value
		isDefault = true
	}
	if !pem && (len(strings.TrimSpace(text)) < minCredentialLen || IsPlaceholder(text) || !hasAlnum(text) || looksLikeRegexp(text)) {
		return
	}
	for _, s := range c.spans {
		if from < s[1] && s[0] < to {
			return
		}
	}
	c.spans = append(c.spans, [2]int{from, to})
	c.out = append(c.out, Credential{
		Value:   secret.New(text),
		What:    what,
		Offset:  utf8.RuneCountInString(c.raw[:from]),
		Len:     utf8.RuneCountInString(text),
		Default: isDefault,
	})
}

// accept records a credential the checks of add would refuse.
func (c *collector) accept(what string, from, n int) {
	text := c.raw[from : from+n]
	c.spans = append(c.spans, [2]int{from, from + n})
	c.out = append(c.out, Credential{Value: secret.New(text), What: what, Offset: utf8.RuneCountInString(c.raw[:from]), Len: utf8.RuneCountInString(text)})
}

// passwordWords are the credential words that mean a password proper.
var passwordWords = map[string]bool{"password": true, "passwd": true, "pwd": true, "pass": true, "passcode": true, "pgpassword": true, "mysqlpwd": true}

// isDigitPassword reports four to twelve digits under a key whose
// credential word is a password (not a token, a key or a secret, where
// digits are counts and ids).
func isDigitPassword(key, v string) bool {
	if len(v) < minCredentialLen || len(v) > 12 || !isDigits(v) {
		return false
	}
	toks := factsOf(key).tokens
	return len(toks) > 0 && passwordWords[toks[len(toks)-1]]
}

// hasAlnum reports whether s holds a letter or digit: "(.+)" and "***"
// are not credentials.
func hasAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if isAlnumByte(s[i]) {
			return true
		}
	}
	return false
}

// regexpMarks are pieces of regular-expression syntax that passwords do
// not hold: a text with one is a pattern from a scanner's configuration.
var regexpMarks = []string{`\s`, `\S`, `\w`, `\d`, `[^`, `(?`, `.*`, `.+`, `]{`, `]+`, `)+`, `)*`, `\.`}

// looksLikeRegexp reports texts that hold regular-expression syntax.
func looksLikeRegexp(s string) bool {
	return strings.ContainsAny(s, `\[(.`) && containsAny(s, regexpMarks)
}

// patternKeyTails are last key tokens whose values are patterns or
// templates, not configuration: gitleaks' regex, a log format.
var patternKeyTails = map[string]bool{"regex": true, "regexp": true, "pattern": true, "patterns": true, "re": true, "glob": true, "format": true, "template": true, "match": true}

// isPatternKey reports keys whose values are patterns: only known token
// formats are looked for in them.
func isPatternKey(key string) bool {
	toks := factsOf(key).tokens
	return len(toks) > 0 && patternKeyTails[toks[len(toks)-1]]
}

// valueUnderKey reports the credential a credential key holds: the
// literal default of a reference, or the value itself.
func valueUnderKey(key, raw string, add func(string, int, int)) {
	if d, ok := referenceDefault(raw); ok {
		add("default of "+key, d.offset, d.offset+len(d.value))
		return
	}
	trimmed := strings.TrimSpace(raw)
	setting := looksLikeSetting(trimmed) && !(isSigningKey(key) && isResourceName(trimmed) && !isEnumConstant(trimmed))
	if IsPlaceholder(trimmed) || setting || isIdentifierValue(key, trimmed) || isLookupName(key, trimmed) {
		return
	}
	from := strings.Index(raw, trimmed)
	if scheme := authScheme(trimmed); scheme > 0 {
		from += scheme
		trimmed = trimmed[scheme:]
	}
	add("value of "+key, from, from+len(trimmed))
}

// signingTokens name what signs or encrypts: under jwt.secret or
// session_secret, "shop-admin-secret" is the key itself, however much it
// looks like the name of one.
var signingTokens = map[string]bool{
	"jwt": true, "jws": true, "jwe": true, "hmac": true, "signing": true, "sign": true, "session": true,
	"cookie": true, "encryption": true, "encrypt": true, "cipher": true, "crypto": true, "csrf": true,
}

func isSigningKey(key string) bool {
	for _, t := range factsOf(key).tokens {
		if signingTokens[t] {
			return true
		}
	}
	return false
}

// authScheme returns the length of an HTTP authorization scheme that
// starts the value ("Bearer ", "Basic ", "token "), or 0.
func authScheme(v string) int {
	for _, s := range []string{"bearer ", "basic ", "token ", "bot "} {
		if hasPrefixFold(v, s) && len(v) > len(s) {
			return len(s)
		}
	}
	return 0
}

// isIdentifierValue reports values that identify an account rather than
// authenticate it, even under a credential key: AWS access key ids
// (AWS_ACCESS_KEY=AKIA… is the id), Stripe and Checkout.com publishable
// keys, Google API keys in browser configuration (see isBrowserConfigKey).
func isIdentifierValue(key, v string) bool {
	return isAWSKeyID(v) || strings.HasPrefix(v, "pk_live_") || strings.HasPrefix(v, "pk_test_") ||
		strings.HasPrefix(v, "pk_sbox_") || isBrowserConfigKey(key) && googleAPIKey.MatchString(v)
}

// splitAssignment splits a "NAME=value" string (a compose environment
// list item, a kustomize secretGenerator literal, a container argument, a
// shell "export NAME=value"), returning the value's byte offset.
func splitAssignment(raw string) (name, value string, at int, ok bool) {
	eq := strings.IndexByte(raw, '=')
	if eq <= 0 || eq == len(raw)-1 {
		return "", "", 0, false
	}
	name = strings.TrimLeft(raw[:eq], " \t")
	if rest, found := strings.CutPrefix(name, "export "); found {
		name = strings.TrimLeft(rest, " ")
	}
	if !isVariableName(name) {
		return "", "", 0, false
	}
	return name, raw[eq+1:], eq + 1, true
}

// isVariableName reports environment-variable and parameter names:
// letters, digits, _ . and -, starting with a letter or _.
func isVariableName(s string) bool {
	if s == "" || !isLetterByte(s[0]) && s[0] != '_' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isWordByte(s[i]) && s[i] != '.' && s[i] != '-' {
			return false
		}
	}
	return true
}

// assignedCredential finds "DB_PASSWORD=value" items.
func assignedCredential(raw string, add func(string, int, int)) {
	name, rest, at, ok := splitAssignment(raw)
	if !ok || !IsCredentialKey(name) || strings.ContainsAny(rest, ";&\n") {
		return // a connection string or a script: other readers take it
	}
	value, off := unquote(rest)
	from := at + off
	if d, ok := referenceDefault(value); ok {
		add("default of "+name, from+d.offset, from+d.offset+len(d.value))
		return
	}
	if !looksLikeSetting(value) && !isIdentifierValue(name, value) {
		add("value of "+name, from, from+len(value))
	}
}

// looksLikeSetting rules out values under credential keys that are plainly
// not secrets: booleans, small numbers, file paths, URLs without userinfo,
// names of secrets.
func looksLikeSetting(v string) bool {
	if isSmallNumber(v) || isVersion(v) {
		return true
	}
	if strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./") || strings.HasPrefix(v, "../") ||
		strings.HasPrefix(v, "~/") || hasPrefixFold(v, "file:") || isWindowsPath(v) {
		return true
	}
	if i := strings.Index(v, "://"); i > 0 && !strings.Contains(v[i:], "@") {
		return true
	}
	return isResourceName(v) || isSettingShape(v)
}

// isWindowsPath reports C:\… paths.
func isWindowsPath(v string) bool {
	return len(v) > 3 && isLetterByte(v[0]) && v[1] == ':' && (v[2] == '\\' || v[2] == '/')
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
	for i := 0; i < len(v); i++ {
		switch b := v[i]; {
		case b == '-' || b == '_' || b == '.' || b == '/': // admin/db_password in a parameter store
			joined = true
		case !isLetterByte(b):
			return false
		}
	}
	return joined
}

// isVersion reports versions and version ranges: 1.2.3, ^2.0.1, ~1.4,
// >=3.1, v2.0.0.
func isVersion(v string) bool {
	v = strings.TrimLeft(v, "^~<>=v ")
	if v == "" || !isDigitByte(v[0]) || !strings.Contains(v, ".") {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !isDigitByte(v[i]) && v[i] != '.' && v[i] != 'x' && v[i] != '*' {
			return false
		}
	}
	return true
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// isSmallNumber reports ports, counts and timeouts: up to six digits.
func isSmallNumber(v string) bool {
	return len(v) <= 6 && isDigits(v)
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
