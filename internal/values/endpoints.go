package values

import (
	"net/netip"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/envfence/envfence/internal/secret"
)

// Endpoint is a host a value reaches. Host is not secret: messages print it.
// It never includes user information.
type Endpoint struct {
	Host   string
	Port   string
	Scheme string
	// Offset and Len locate the host in the value, in code points.
	Offset, Len int
}

// hostKeyTails are last key tokens that say the value is a host or URL.
var hostKeyTails = map[string]bool{
	"host": true, "hostname": true, "server": true, "endpoint": true, "url": true, "uri": true, "address": true,
	"addr": true, "domain": true, "fqdn": true, "dsn": true, "servers": true, "hosts": true, "broker": true, "brokers": true,
	"cluster": false,
}

var (
	schemeRE    = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*)://`)
	adoServerRE = regexp.MustCompile(`(?i)(?:^|[;\s])(?:server|data source|address|addr|network address|host)\s*=\s*(?:tcp:)?([^;,\s\\]+)`)
	oracleRE    = regexp.MustCompile(`(?i)jdbc:oracle:[a-z]+:[^@\s]*@(?://)?([A-Za-z0-9.-]+)`)
	hostnameRE  = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+\.?$`)
)

// Endpoints returns the hosts a value reaches: hosts of URLs and
// connection strings of any scheme (multi-host MongoDB and PostgreSQL
// lists included), JDBC and ADO.NET connection strings, libpq keyword
// strings, and bare hosts or IPs under host-like keys.
func Endpoints(key string, v secret.Value) []Endpoint {
	raw := v.Reveal()
	if raw == "" || len(raw) > 16<<10 {
		return nil
	}
	var out []Endpoint
	add := func(host, port, scheme string, from int) {
		host = strings.TrimSuffix(strings.ToLower(host), ".")
		if !validHost(host) {
			return
		}
		for _, e := range out {
			if e.Host == host && e.Offset == utf8.RuneCountInString(raw[:from]) {
				return
			}
		}
		out = append(out, Endpoint{Host: host, Port: port, Scheme: scheme, Offset: utf8.RuneCountInString(raw[:from]), Len: utf8.RuneCountInString(host)})
	}
	if strings.Contains(raw, "://") {
		urlHosts(maskExpressions(raw), add)
	}
	if strings.Contains(raw, "=") && containsFold(raw, "server", "source", "addr", "host") {
		for _, m := range adoServerRE.FindAllStringSubmatchIndex(raw, -1) {
			add(raw[m[2]:m[3]], "", "", m[2])
		}
	}
	if !strings.Contains(raw, "jdbc:oracle") {
		if len(out) == 0 && isHostKey(key) {
			bareHosts(raw, add)
		}
		return out
	}
	for _, m := range oracleRE.FindAllStringSubmatchIndex(raw, -1) {
		add(raw[m[2]:m[3]], "", "oracle", m[2])
	}
	if len(out) == 0 && isHostKey(key) {
		bareHosts(raw, add)
	}
	return out
}

// maskExpressions blanks ${{ … }} expressions byte for byte, so that the
// spaces inside them do not cut a URL short; offsets stay the same.
func maskExpressions(raw string) string {
	if !strings.Contains(raw, "${{") {
		return raw
	}
	b := []byte(raw)
	for i := 0; i+3 <= len(b); i++ {
		if string(b[i:i+3]) != "${{" {
			continue
		}
		end := strings.Index(raw[i:], "}}")
		if end < 0 {
			break
		}
		for j := i; j < i+end+2; j++ {
			b[j] = 'x'
		}
		i += end + 1
	}
	return string(b)
}

// urlHosts finds scheme://[user[:pw]@]host[:port][,host[:port]]… hosts.
func urlHosts(raw string, add func(host, port, scheme string, from int)) {
	for _, m := range schemeRE.FindAllStringSubmatchIndex(raw, -1) {
		scheme := strings.ToLower(raw[m[2]:m[3]])
		start := m[1]
		end := start
		for end < len(raw) && !strings.ContainsRune("/?#; \t\"'<>`", rune(raw[end])) {
			end++
		}
		authority := raw[start:end]
		if at := strings.LastIndexByte(authority, '@'); at >= 0 {
			start += at + 1
			authority = authority[at+1:]
		}
		offset := start
		for _, part := range strings.Split(authority, ",") {
			host, port := splitHostPort(part)
			add(host, port, scheme, offset+strings.Index(part, host))
			offset += len(part) + 1
		}
	}
}

// bareHosts reads "host", "host:port" or a list of them.
func bareHosts(raw string, add func(host, port, scheme string, from int)) {
	offset := 0
	for _, part := range strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		i := strings.Index(raw[offset:], part) + offset
		offset = i + len(part)
		host, port := splitHostPort(part)
		add(host, port, "", i+strings.Index(part, host))
	}
}

func splitHostPort(s string) (string, string) {
	if strings.HasPrefix(s, "[") {
		if end := strings.IndexByte(s, ']'); end > 0 {
			port := ""
			if strings.HasPrefix(s[end+1:], ":") {
				port = s[end+2:]
			}
			return s[1:end], port
		}
	}
	if strings.Count(s, ":") == 1 {
		h, p, _ := strings.Cut(s, ":")
		return h, p
	}
	return s, ""
}

func isHostKey(key string) bool {
	toks := Tokens(key)
	return len(toks) > 0 && hostKeyTails[toks[len(toks)-1]]
}

// validHost accepts DNS names with a dot, IP addresses, and the local
// names IsLocalHost knows.
func validHost(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	if _, err := netip.ParseAddr(h); err == nil {
		return true
	}
	if h == "localhost" {
		return true
	}
	return hostnameRE.MatchString(h) && !isAllDigitsAndDots(h) && strings.IndexFunc(h, isLetter) >= 0
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

func isAllDigitsAndDots(h string) bool {
	for _, r := range h {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

var (
	hostFlagRE = regexp.MustCompile(`(?:^|\s)(?:-h|--host|-H|--hostname|--server|-S)(?:\s+|=)["']?([A-Za-z0-9][A-Za-z0-9.-]*)`)
	sshTarget  = regexp.MustCompile(`(?:^|\s)(?:ssh|scp|rsync|sftp)\s+(?:-\S+\s+(?:\S+\s+)?)*[^\s@]*@([A-Za-z0-9][A-Za-z0-9.-]*)`)
)

// CommandEndpoints returns the hosts a command line reaches: URLs and
// connection strings in it, -h/--host flags of database clients, and the
// targets of ssh, scp and rsync.
func CommandEndpoints(cmd string) []Endpoint {
	out := Endpoints("", secret.New(cmd))
	add := func(m []int) {
		host := strings.ToLower(cmd[m[2]:m[3]])
		if validHost(host) {
			out = append(out, Endpoint{Host: host, Offset: utf8.RuneCountInString(cmd[:m[2]]), Len: utf8.RuneCountInString(host)})
		}
	}
	for _, m := range hostFlagRE.FindAllStringSubmatchIndex(cmd, -1) {
		add(m)
	}
	for _, m := range sshTarget.FindAllStringSubmatchIndex(cmd, -1) {
		add(m)
	}
	return out
}

// containsFold reports whether s contains any of the lower-case words,
// ignoring case: a cheap test before a case-insensitive regexp.
func containsFold(s string, words ...string) bool {
	lower := strings.ToLower(s)
	for _, w := range words {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}
