package values

import (
	"net/netip"
	"strings"

	"github.com/envfence/envfence/internal/lazyre"
)

// A credential key's value is judged by its shape too: a secret is
// something nobody could guess, and these shapes are words and numbers
// anybody would write. Under token_validity_units, access_token = "hours"
// is a unit; under customer_master_key_spec, SYMMETRIC_DEFAULT is an enum;
// under jwt.algorithm a name like HS256; under tokenHead the scheme
// "Bearer"; under an allow-list a CIDR; in a fixture a password hash.

// isSettingShape reports values that are settings whatever key they are
// under.
func isSettingShape(v string) bool {
	return timeUnits[strings.ToLower(v)] || isEnumConstant(v) || isAuthSchemeWord(v) ||
		isCIDR(v) || dateOrDuration.MatchString(v) || algorithmName.MatchString(v) || isPasswordHash(v)
}

// timeUnits are the units a validity or a rotation is counted in.
var timeUnits = map[string]bool{
	"seconds": true, "second": true, "minutes": true, "minute": true, "hours": true, "hour": true,
	"days": true, "day": true, "weeks": true, "months": true, "years": true, "milliseconds": true,
}

// isEnumConstant reports upper-case words joined by underscores, without
// digits: SYMMETRIC_DEFAULT, OPTIONAL, ON, ENCRYPT_DECRYPT, and the names
// secrets go by in a store (KUBE_CERT, SLACK_WEBHOOK_URL). Generated and
// chosen secrets mix cases or hold digits.
func isEnumConstant(v string) bool {
	if len(v) < 2 || len(v) > 64 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if b := v[i]; !(b >= 'A' && b <= 'Z') && b != '_' {
			return false
		}
	}
	return v[0] != '_' && v[len(v)-1] != '_'
}

// isAuthSchemeWord reports an HTTP authorization scheme on its own: the
// prefix a token is sent with, not the token.
func isAuthSchemeWord(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "bearer", "basic", "token", "bot", "digest", "jwt", "negotiate":
		return true
	}
	return false
}

// isCIDR reports an address range: 10.0.0.0/16, 2001:db8::/32.
func isCIDR(v string) bool {
	_, err := netip.ParsePrefix(v)
	return err == nil
}

// dateOrDuration matches dates (2023-02-14, 14-02-2023, 14/02/2023) and
// durations (30d, 3600s, 12h, 90m, P1D, PT15M).
var dateOrDuration = lazyre.New(`^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d+(ms|s|m|h|d|w)|P(\d+[YMWD])*(T(\d+[HMS])+)?)$`)

// algorithmName matches signing, hashing and cipher names: HS256,
// RS512, hmac-sha256, sha256, aes-256-gcm, AES256, ed25519.
var algorithmName = lazyre.New(`(?i)^((hmac[-_]?)?(sha|md5|blake2[bs]?)[-_]?\d*|[hrep]s\d{3}|aes[-_]?\d{3}([-_](gcm|cbc|ctr))?|rsa[-_]?(oaep|pss)?[-_]?\d*|ecdsa([-_]?(p|secp)?\d+)?|ed25519|ed448|x25519|chacha20([-_]poly1305)?)$`)

// isPasswordHash reports stored password hashes (Django, bcrypt, crypt,
// argon2): derived from a password, they do not log anybody in.
func isPasswordHash(v string) bool {
	for _, p := range []string{"pbkdf2_sha256$", "pbkdf2_sha1$", "argon2$", "bcrypt$", "bcrypt_sha256$", "scrypt$", "sha1$", "md5$", "$2a$", "$2b$", "$2y$", "$argon2", "$5$", "$6$", "$y$"} {
		if strings.HasPrefix(v, p) && len(v) > len(p)+8 {
			return true
		}
	}
	return false
}

// isLookupName reports a lower-case word under the key of an entry in a
// store: session_key = "locale" names the session entry the locale is
// kept under, cache_key = "app.settings" an entry in a cache. A key that
// signs or encrypts is random, and holds digits or capitals. Only these
// stores are judged this way: under secretKey, storage_key or api_key a
// word is a weak key (MinIO's stock minioadmin), and a password may well
// be a word.
func isLookupName(key, v string) bool {
	toks := factsOf(key).tokens
	n := len(toks)
	if n < 2 || toks[n-1] != "key" || !lookupStores[toks[n-2]] || len(v) > 32 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if b := v[i]; !(b >= 'a' && b <= 'z') && b != '_' && b != '-' && b != '.' && b != ':' {
			return false
		}
	}
	return true
}

// lookupStores are the stores whose keys name entries, not secrets.
var lookupStores = map[string]bool{
	"session": true, "cache": true, "cookie": true, "redis": true, "lookup": true, "header": true,
	"query": true, "field": true, "state": true, "flash": true, "context": true, "locale": true,
}
