// Package values says what a value read from a configuration file is: a
// credential, a placeholder or reference, an endpoint, a provider key of a
// known mode, a cloud resource identifier. Everything here is a pure
// function of a key name and a value, cheap enough to run on every value of
// a large repository.
package values

import (
	"strings"
	"unicode"
)

// credentialWords are key tokens that mark a credential.
var credentialWords = map[string]bool{
	"password": true, "passwd": true, "pwd": true, "pass": true, "passphrase": true,
	"secret": true, "secrets": true, "token": true, "apikey": true, "credential": true, "credentials": true,
	"auth": true, "privatekey": true, "accesskey": true, "signingkey": true, "encryptionkey": true,
	"masterkey": true, "clientsecret": true, "sessionsecret": true, "jwtsecret": true, "secretkey": true,
}

// credentialPairs are two adjacent tokens that together mark a credential.
var credentialPairs = map[[2]string]bool{
	{"api", "key"}: true, {"access", "key"}: true, {"private", "key"}: true, {"secret", "key"}: true,
	{"signing", "key"}: true, {"encryption", "key"}: true, {"master", "key"}: true, {"client", "secret"}: true,
	{"app", "key"}: true, {"license", "key"}: true, {"account", "key"}: true, {"shared", "key"}: true,
	{"sas", "token"}: true, {"access", "token"}: true, {"refresh", "token"}: true, {"bearer", "token"}: true,
	{"webhook", "secret"}: true, {"hmac", "key"}: true, {"service", "key"}: true, {"storage", "key"}: true,
}

// notSecretTail are last tokens that turn a credential-looking key into a
// setting about the credential: DB_PASSWORD_FILE, token_url, secret_name.
var notSecretTail = map[string]bool{
	"file": true, "path": true, "url": true, "uri": true, "endpoint": true, "id": true, "name": true,
	"length": true, "len": true, "policy": true, "expiry": true, "expires": true, "ttl": true, "timeout": true,
	"type": true, "header": true, "prefix": true, "enabled": true, "enable": true, "required": true,
	"min": true, "max": true, "field": true, "param": true, "env": true, "var": true, "ref": true,
	"arn": true, "version": true, "rotation": true, "provider": true, "method": true, "mode": true,
	"count": true, "format": true, "algorithm": true, "location": true, "dir": true, "store": true,
	"manager": true, "size": true, "lifetime": true, "hint": true, "label": true, "description": true,
}

// notSecretHead are first tokens that say the key is about something public.
var notSecretHead = map[string]bool{"public": true, "pub": true, "publishable": true, "existing": true}

// IsCredentialKey reports whether a key name says its value is a
// credential: DB_PASSWORD, dbPassword, client-secret, api_key, apiKey,
// SECRET_KEY_BASE, auth_token. Keys that only describe a credential
// (PASSWORD_MIN_LENGTH, token_url, secret_name, DB_PASSWORD_FILE) and
// public keys (public_key, STRIPE_PUBLISHABLE_KEY) are not.
func IsCredentialKey(key string) bool {
	toks := Tokens(key)
	if len(toks) == 0 {
		return false
	}
	if notSecretTail[toks[len(toks)-1]] || notSecretHead[toks[0]] {
		return false
	}
	for i, t := range toks {
		if credentialWords[t] {
			if t == "auth" && i < len(toks)-1 {
				continue // auth_url, auth_mode: settings, not secrets
			}
			if t == "pass" && len(toks) > 1 && i == 0 {
				continue // pass_through
			}
			return true
		}
		if i+1 < len(toks) && credentialPairs[[2]string{t, toks[i+1]}] {
			return true
		}
	}
	return false
}

// Tokens splits an identifier into lower-case words on _ - . / : spaces and
// camelCase boundaries: "dbPassword" → [db password], "API_KEY" → [api key],
// "%prod.quarkus.datasource.password" → [prod quarkus datasource password].
func Tokens(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && len(cur) > 0 && (unicode.IsLower(cur[len(cur)-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(cur[len(cur)-1])):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return out
}
