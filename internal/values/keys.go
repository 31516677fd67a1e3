package values

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Credential key names, decided on whole tokens (see Tokens):
//
//  1. A credential word (password, passwd, pwd, pass, passphrase, secret,
//     token, credentials, apikey …) or a credential pair of adjacent
//     tokens (api key, access key, private key, client secret, secret key …)
//     must occur. "auth" counts only as the last token (BASIC_AUTH, AUTH):
//     auth_url, auth_server and auth_mode are settings.
//  2. No token after the last credential word may describe the credential
//     instead of holding it: DB_PASSWORD_FILE, token_url, secret_name,
//     password_min_length, token_expires_in, access_key_id,
//     secret_key_ref. Other trailing tokens keep the key a credential key:
//     secret_key_base, DB_PASSWORD_PROD.
//  3. No token before it may say that the key is public or names an
//     existing secret: public_key, NEXT_PUBLIC_API_KEY, existingSecret.
//
// Words are matched whole, so author, authority, tokenizer, secretsmanager,
// passwordless and monkey are never credential keys.

// credentialWords are single tokens that mark a credential, including the
// fused spellings of common pairs (APIKEY, clientSecret is split anyway).
var credentialWords = map[string]bool{
	"password": true, "passwd": true, "pwd": true, "pass": true, "passphrase": true, "passcode": true,
	"secret": true, "secrets": true, "token": true, "credential": true, "credentials": true, "creds": true,
	"auth": true, "apikey": true, "apitoken": true, "apisecret": true, "authtoken": true, "accesstoken": true,
	"accesskey": true, "secretkey": true, "privatekey": true, "clientsecret": true, "secretaccesskey": true,
	"signingkey": true, "encryptionkey": true, "masterkey": true, "sessionsecret": true, "jwtsecret": true,
	"pgpassword": true, "mysqlpwd": true,
}

// credentialPairs are adjacent tokens that together mark a credential.
var credentialPairs = map[[2]string]bool{
	{"api", "key"}: true, {"access", "key"}: true, {"private", "key"}: true, {"secret", "key"}: true,
	{"signing", "key"}: true, {"encryption", "key"}: true, {"master", "key"}: true, {"client", "secret"}: true,
	{"app", "key"}: true, {"license", "key"}: true, {"account", "key"}: true, {"shared", "key"}: true,
	{"sas", "token"}: true, {"access", "token"}: true, {"refresh", "token"}: true, {"bearer", "token"}: true,
	{"webhook", "secret"}: true, {"hmac", "key"}: true, {"service", "key"}: true, {"storage", "key"}: true,
	{"auth", "key"}: true, {"pass", "phrase"}: true, {"decryption", "key"}: true, {"session", "key"}: true,
}

// describingTokens, after the credential word, make the key a setting
// about the credential rather than the credential itself.
var describingTokens = map[string]bool{
	"file": true, "path": true, "url": true, "uri": true, "endpoint": true, "id": true, "ids": true, "name": true,
	"length": true, "len": true, "policy": true, "expiry": true, "expires": true, "expiration": true, "ttl": true,
	"timeout": true, "type": true, "header": true, "prefix": true, "enabled": true, "enable": true,
	"required": true, "min": true, "max": true, "field": true, "param": true, "env": true, "var": true,
	"ref": true, "arn": true, "version": true, "rotation": true, "provider": true, "method": true,
	"mode": true, "count": true, "format": true, "algorithm": true, "location": true, "dir": true,
	"store": true, "manager": true, "size": true, "lifetime": true, "hint": true, "label": true,
	"description": true, "source": true, "process": true, "regex": true, "pattern": true, "strength": true,
	"complexity": true, "history": true, "limit": true, "host": true, "port": true, "server": true,
	"placeholder": true, "help": true, "text": true, "title": true, "message": true, "class": true,
	// Properties of a key or token rather than the thing: its spec and
	// usage (customer_master_key_spec), its validity and the units it is
	// counted in (token_validity_units, token-validity-in-seconds), when
	// it was rotated (db_password_rotated_date), where it lives.
	"spec": true, "specs": true, "usage": true, "alias": true, "kind": true, "validity": true,
	"seconds": true, "secs": true, "minutes": true, "mins": true, "hours": true, "days": true, "ms": true,
	"millis": true, "units": true, "unit": true, "duration": true, "age": true, "date": true, "rotated": true,
	"interval": true, "period": true, "retention": true, "window": true, "namespace": true, "configuration": true,
	"options": true, "option": true, "scope": true, "scopes": true, "audience": true, "issuer": true,
	// Who holds it: repo-token-user-login is the login of the token's user.
	"user": true, "login": true, "username": true, "email": true, "owner": true,
}

// secretObjectTokens, just before "secret", say that the key names a
// Secret object of a cluster or a registry (tlsSecret, kube_secret,
// imagePullSecret), whose value is the object's name.
var secretObjectTokens = map[string]bool{
	"kube": true, "k8s": true, "kubernetes": true, "tls": true, "ssl": true, "cert": true, "certificate": true,
	"pull": true, "registry": true, "sealed": true, "external": true, "docker": true,
}

// publicTokens, before the credential word, say the value is not secret.
// Google Tag Manager's gtm_auth is an environment parameter that every
// page's tag snippet carries.
var publicTokens = map[string]bool{"public": true, "pub": true, "publishable": true, "existing": true, "gtm": true}

// IsCredentialKey reports whether a key name says its value is a
// credential: DB_PASSWORD, dbPassword, client-secret, api_key, apiKey,
// SECRET_KEY_BASE, auth_token. Keys that only describe a credential
// (PASSWORD_MIN_LENGTH, token_url, secret_name, DB_PASSWORD_FILE,
// ACCESS_KEY_ID) and public keys (public_key, STRIPE_PUBLISHABLE_KEY) are
// not. The rules are listed at the top of this file.
func IsCredentialKey(key string) bool {
	return factsOf(key).credential
}

// isCredentialTokens applies the rules to a key's tokens.
func isCredentialTokens(key string, toks []string) bool {
	if !mayHoldCredentialWord(key) {
		return false
	}
	last := lastCredentialToken(toks)
	if last < 0 {
		return false
	}
	for _, t := range toks[last+1:] {
		if describingTokens[t] {
			return false
		}
	}
	for _, t := range toks[:last] {
		if publicTokens[t] {
			return false
		}
	}
	if (toks[last] == "secret" || toks[last] == "secrets") && last > 0 && secretObjectTokens[toks[last-1]] {
		return false
	}
	return true
}

// lastCredentialToken returns the index of the last token that ends a
// credential word or pair, or -1.
func lastCredentialToken(toks []string) int {
	last := -1
	for i, t := range toks {
		switch {
		case t == "auth":
			if i == len(toks)-1 {
				last = i
			}
		case t == "pass" && i == 0 && len(toks) > 1:
			// pass_through, pass_env: a verb, unless a pair follows.
		case credentialWords[t]:
			last = i
		case i > 0 && credentialPairs[[2]string{toks[i-1], t}]:
			last = i
		}
	}
	return last
}

// mayHoldCredentialWord is the pre-filter of IsCredentialKey: every
// credential word and pair contains one of these letter pairs, whatever
// the case.
func mayHoldCredentialWord(key string) bool {
	for i := 0; i+1 < len(key); i++ {
		a, b := key[i]|0x20, key[i+1]|0x20
		switch {
		case a == 'p' && (b == 'a' || b == 'w'), a == 's' && b == 'e', a == 't' && b == 'o',
			a == 'c' && b == 'r', a == 'a' && b == 'u', a == 'k' && b == 'e':
			return true
		}
	}
	return false
}

// Tokens splits an identifier into lower-case words on _ - . / : spaces and
// camelCase boundaries: "dbPassword" → [db password], "API_KEY" → [api key],
// "DBPassword" → [db password], "%prod.quarkus.datasource.password" →
// [prod quarkus datasource password]. Digits stay with their word.
func Tokens(s string) []string {
	out := make([]string, 0, 4)
	start := -1 // byte index where the current word starts
	var prev rune
	flush := func(end int) {
		if start >= 0 {
			out = append(out, strings.ToLower(s[start:end]))
			start = -1
		}
	}
	for i, r := range s {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush(i)
		case start < 0:
			start = i
		case unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev) || unicode.IsUpper(prev) && nextIsLower(s, i+utf8.RuneLen(r))):
			flush(i)
			start = i
		}
		prev = r
	}
	flush(len(s))
	return out
}

// nextIsLower reports whether the rune at byte index i of s is lower case:
// the "P" of "DBPassword" starts a word because "a" follows it.
func nextIsLower(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLower(r)
}
