package values

import (
	"strings"

	"github.com/envfence/envfence/internal/lazyre"
)

// urlAuthority is the authority of one scheme://… URL inside a value, in
// byte offsets: scheme://[user[:password]@]hosts.
type urlAuthority struct {
	scheme             string // lower case, the part just before "://"
	hostStart, hostEnd int    // the host list, after any userinfo
	passStart, passEnd int    // the password, or -1 when there is none
}

// urlAuthorities finds the URLs of any scheme in a value. The authority
// ends at the first / ? # ; whitespace, quote or bracket; the userinfo
// ends at its last @.
func urlAuthorities(raw string) []urlAuthority {
	var out []urlAuthority
	for i := 0; ; {
		j := strings.Index(raw[i:], "://")
		if j < 0 {
			return out
		}
		sep := i + j
		i = sep + 3
		schemeStart := sep
		for schemeStart > 0 && isSchemeByte(raw[schemeStart-1]) {
			schemeStart--
		}
		for schemeStart < sep && !isLetterByte(raw[schemeStart]) {
			schemeStart++
		}
		if schemeStart == sep {
			continue
		}
		end := i
		for end < len(raw) && !isAuthorityEnd(raw[end]) {
			end++
		}
		a := urlAuthority{scheme: strings.ToLower(raw[schemeStart:sep]), hostStart: i, hostEnd: end, passStart: -1, passEnd: -1}
		if at := strings.LastIndexByte(raw[i:end], '@'); at >= 0 {
			a.hostStart = i + at + 1
			if colon := strings.IndexByte(raw[i:i+at], ':'); colon >= 0 {
				a.passStart, a.passEnd = i+colon+1, i+at
			}
		}
		out = append(out, a)
		i = end
	}
}

func isSchemeByte(b byte) bool { return isAlnumByte(b) || b == '+' || b == '.' || b == '-' }

func isAuthorityEnd(b byte) bool {
	switch b {
	case '/', '?', '#', ';', ' ', '\t', '\n', '\r', '"', '\'', '<', '>', '`', '(', ')', '|', '\\':
		return true
	}
	return false
}

// webSchemes carry passwords "in a URL" rather than "in a connection string".
var webSchemes = map[string]bool{"http": true, "https": true, "ftp": true, "ftps": true, "git": true, "ssh": true, "sftp": true, "ws": true, "wss": true}

// oracleUserPass is jdbc:oracle:thin:user/password@host.
var oracleUserPass = lazyre.New(`jdbc:oracle:[a-z]+:[^/@\s:]+/([^@\s]+)@`)

// connectionPasswords finds passwords in URLs (scheme://user:pw@host),
// in key=value connection strings and query strings (Password=…;,
// ?password=…, AccountKey=…, sig=…) and in Oracle JDBC URLs.
func connectionPasswords(raw string, add func(string, int, int)) {
	if strings.Contains(raw, "://") {
		for _, a := range urlAuthorities(raw) {
			if a.passStart >= 0 {
				what := "password in connection string"
				if webSchemes[a.scheme] {
					what = "password in URL"
				}
				add(what, a.passStart, a.passEnd)
			}
		}
	}
	if strings.Contains(raw, "jdbc:oracle:") {
		for _, m := range oracleUserPass.FindAllStringSubmatchIndex(raw, -1) {
			add("password in connection string", m[2], m[3])
		}
	}
	if strings.Contains(raw, "=") && containsFold(raw, "pass", "pwd", "key", "secret", "token", "sig", "auth", "cred") {
		connectionParams(raw, add)
	}
}

// connectionParams reports the values of credential-named parameters.
func connectionParams(raw string, add func(string, int, int)) {
	inString := strings.ContainsAny(raw, ";?&") || strings.Contains(raw, "://")
	forEachParam(raw, func(name string, from, to int) {
		if !isCredentialParam(name) {
			return
		}
		what := "value of " + name
		if inString {
			what = name + " in connection string"
			if isPasswordWord(name) {
				what = "password in connection string"
			}
		}
		add(what, from, to)
	})
}

// forEachParam calls fn for every key=value parameter of a connection
// string, a query string or a command line: ADO.NET "Password=…;", JDBC
// ";password=…", libpq "password=… ", "?password=…&", "--password=…",
// with the value's byte span (inside its quotes when it is quoted).
func forEachParam(raw string, fn func(name string, from, to int)) {
	for eq := strings.IndexByte(raw, '='); eq > 0; {
		nameEnd := eq
		for nameEnd > 0 && raw[nameEnd-1] == ' ' { // "Password = x"
			nameEnd--
		}
		start := nameEnd
		for start > 0 && !isParamDelimiter(raw[start-1]) {
			start--
		}
		name := strings.TrimLeft(raw[start:nameEnd], "-\"'")
		if !isVariableName(name) { // "User ID" is split at its space
			name = ""
		}
		from := eq + 1
		for from < len(raw) && raw[from] == ' ' {
			from++
		}
		to := paramValueEnd(raw, from)
		if name != "" && to > from {
			if q := raw[from]; q == '"' || q == '\'' {
				fn(name, from+1, to-1)
			} else {
				fn(name, from, to)
			}
		}
		next := strings.IndexByte(raw[max(to, eq+1):], '=')
		if next < 0 {
			return
		}
		eq = max(to, eq+1) + next
	}
}

// paramValueEnd returns where the value starting at from ends: after its
// closing quote, or at the next delimiter.
func paramValueEnd(raw string, from int) int {
	if from < len(raw) && (raw[from] == '"' || raw[from] == '\'') {
		if end := strings.IndexByte(raw[from+1:], raw[from]); end >= 0 {
			return from + end + 2
		}
		return from // unterminated: no value
	}
	to := from
	for to < len(raw) && !isParamDelimiter(raw[to]) && raw[to] != '\'' && raw[to] != '"' {
		to++
	}
	return to
}

// isParamDelimiter reports the bytes that separate parameters.
func isParamDelimiter(b byte) bool {
	switch b {
	case ';', '?', '&', ' ', '\t', '\n', '\r', ',', '|':
		return true
	}
	return false
}

// isCredentialParam reports connection-string parameters that hold a
// credential: any credential key, and Azure SAS signatures (sig).
func isCredentialParam(name string) bool {
	return strings.EqualFold(name, "sig") || IsCredentialKey(name)
}

// isPasswordWord reports parameter names that say password.
func isPasswordWord(name string) bool {
	for _, t := range factsOf(name).tokens {
		switch t {
		case "password", "pwd", "passwd", "pass", "pgpassword":
			return true
		}
	}
	return false
}

// containsFold reports whether s contains any of the lower-case words,
// ignoring ASCII case, without allocating.
func containsFold(s string, words ...string) bool {
	var firsts [4]uint64 // the words' first bytes, as a 256-bit set
	for _, w := range words {
		firsts[w[0]>>6] |= 1 << (w[0] & 63)
	}
	for i := 0; i < len(s); i++ {
		c := lowerByte(s[i])
		if firsts[c>>6]&(1<<(c&63)) == 0 {
			continue
		}
		for _, w := range words {
			if c == w[0] && hasPrefixFold(s[i:], w) {
				return true
			}
		}
	}
	return false
}
