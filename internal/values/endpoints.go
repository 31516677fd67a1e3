package values

import (
	"net/netip"
	"strings"
	"unicode/utf8"

	"github.com/envfence/envfence/internal/lazyre"
	"github.com/envfence/envfence/internal/secret"
)

// Endpoint is a host a value reaches. Host is not secret: messages print
// it. It never includes user information.
type Endpoint struct {
	// Host is lower case, without brackets or a trailing dot.
	Host string
	// Port is the port as written, or "".
	Port string
	// Scheme is the URL scheme ("postgresql", "mongodb+srv", "https"),
	// "oracle" for Oracle JDBC descriptors, or "" for connection-string
	// keywords and bare hosts.
	Scheme string
	// Offset and Len locate the host in the value, in code points.
	Offset, Len int
}

// maxEndpointValue bounds the values searched for endpoints.
const maxEndpointValue = 64 << 10

// hostKeyTails are last key tokens that say the value is a host or URL.
var hostKeyTails = map[string]bool{
	"host": true, "hostname": true, "hosts": true, "server": true, "servers": true, "endpoint": true,
	"endpoints": true, "url": true, "urls": true, "uri": true, "address": true, "addr": true, "domain": true,
	"fqdn": true, "dsn": true, "broker": true, "brokers": true, "hostaddr": true, "ip": true, "origin": true,
	"pghost": true, "pghostaddr": true, "mysqlhost": true, "baseurl": true,
}

// linkTails are last key tokens that name a page for people to read, not a
// service the configured program calls: a test fixture's homepage on the
// production site connects nothing.
var linkTails = map[string]bool{
	"homepage": true, "website": true, "site": true, "docs": true, "documentation": true, "help": true,
	"support": true, "blog": true, "privacy": true, "terms": true, "tos": true, "changelog": true,
	"avatar": true, "image": true, "logo": true, "icon": true, "thumbnail": true, "banner": true,
	"favicon": true, "screenshot": true, "photo": true, "picture": true, "license": true,
	// Operations pages: alert annotations link runbooks and dashboards
	// for the person paged, whichever environment fired the alert.
	"runbook": true, "runbooks": true, "playbook": true, "dashboard": true, "dashboards": true,
	"wiki": true, "guide": true, "manual": true, "readme": true, "console": true, "portal": true,
	"issues": true, "tracker": true, "bugs": true, "faq": true,
}

// proseKeys hold text for people (alert annotations, descriptions,
// messages): a URL inside them is a reference to read, not a connection.
var proseKeys = map[string]bool{
	"description": true, "summary": true, "message": true, "msg": true, "title": true, "comment": true,
	"comments": true, "note": true, "notes": true, "text": true, "body": true, "details": true,
	"caption": true, "tooltip": true, "hint": true, "instructions": true, "annotation": true,
}

// isLinkKey reports whether a key's tokens name a page or a text for
// people: homepage, website_url, docs_link, avatarUrl, help_page,
// runbook_url, dashboard, description, summary.
func isLinkKey(toks []string) bool {
	n := len(toks)
	if n > 0 && proseKeys[toks[n-1]] {
		return true
	}
	if n > 1 && (toks[n-1] == "url" || toks[n-1] == "link" || toks[n-1] == "page" || toks[n-1] == "href") {
		n-- // avatar_url, docs_link, help_page, home_page
	}
	return n > 0 && (linkTails[toks[n-1]] || toks[n-1] == "home" && n < len(toks))
}

// Endpoints returns the hosts a value reaches:
//
//   - hosts of URLs of any scheme, with multi-host lists
//     (mongodb://a:1,b:2/db, postgresql://h1,h2/db) and JDBC URLs
//     (jdbc:postgresql://, jdbc:mysql://, jdbc:sqlserver://h:1433;…);
//   - Oracle JDBC (jdbc:oracle:thin:@h:1521:SID, @//h/svc) and TNS
//     descriptors ((HOST=h)(PORT=p));
//   - connection-string keywords: ADO.NET Server=, Data Source=,
//     Address=, Addr=, Network Address= (with tcp: and ,port), libpq
//     host= and hostaddr= with port=, Azure Endpoint=sb://…;
//   - literal defaults of references (${DB_HOST:-db.internal});
//   - when nothing else is found, bare hosts, host:port pairs and IPs under
//     host-like keys (host, hostname, server, endpoint, url, uri, address,
//     addr, *_HOST, dbHost …) and in HOST=value assignments.
//
// Hosts found in structure (a URL, a keyword) may be single-label names
// (db, redis); bare values need a dot, an IP or "localhost". Values under
// keys that name pages for people (homepage, website, docs_url, avatar)
// reach nothing.
func Endpoints(key string, v secret.Value) []Endpoint {
	raw := v.Reveal()
	if raw == "" || len(raw) > maxEndpointValue || factsOf(key).link {
		return nil
	}
	e := &endpointCollector{raw: raw}
	e.scan(key, raw, 0)
	return e.out
}

// endpointCollector gathers endpoints of one value without duplicates.
type endpointCollector struct {
	raw string
	out []Endpoint
}

// scan reads text, which starts at byte offset base of the value.
func (e *endpointCollector) scan(key, text string, base int) {
	found := len(e.out)
	if strings.Contains(text, "://") {
		e.urls(maskExpressions(text), base)
	}
	if strings.Contains(text, "jdbc:oracle:") || strings.Contains(text, "(") && containsFold(text, "host") {
		e.oracle(text, base)
	}
	if strings.Contains(text, "=") && hasHostKeyword(text) {
		e.keywords(text, base)
	}
	if strings.Contains(text, "${") {
		for _, d := range embeddedDefaults(text) {
			e.scan(d.name, d.value, base+d.offset)
		}
	}
	if len(e.out) > found || strings.Contains(text, "://") || strings.Contains(text, "{{") {
		return // a URL or template that named no readable host
	}
	if isHostKey(key) {
		e.bare(text, base)
	} else if name, value, at, ok := splitAssignment(text); ok && isHostKey(name) {
		e.bare(value, base+at)
	}
}

// hostKeywords are the connection-string keywords that name a server.
var hostKeywords = []string{"server", "data source", "datasource", "address", "addr", "network address", "host", "hostname", "hostaddr"}

// hasHostKeyword is the cheap test before hostKeyword: one of the
// keywords followed by "=" (spaces allowed), in any case.
func hasHostKeyword(text string) bool {
	for i := strings.IndexByte(text, '='); i > 0; {
		j := i
		for j > 0 && text[j-1] == ' ' {
			j--
		}
		for _, w := range hostKeywords {
			if j >= len(w) && hasPrefixFold(text[j-len(w):], w) {
				return true
			}
		}
		next := strings.IndexByte(text[i+1:], '=')
		if next < 0 {
			return false
		}
		i += next + 1
	}
	return false
}

// add records a host found at byte offset from of the value.
func (e *endpointCollector) add(host, port, scheme string, from int, structured bool) {
	host = strings.ToLower(host)
	if host != "." {
		host = strings.TrimSuffix(host, ".")
	}
	if !validHost(host, structured) || port != "" && !isDigits(port) {
		return
	}
	offset := utf8.RuneCountInString(e.raw[:from])
	for _, o := range e.out {
		if o.Offset == offset {
			return
		}
	}
	e.out = append(e.out, Endpoint{Host: host, Port: port, Scheme: scheme, Offset: offset, Len: utf8.RuneCountInString(host)})
}

// bucketSchemes name a storage bucket or container after "://", not a
// host: s3://bucket is a cloud resource (see Resources).
var bucketSchemes = map[string]bool{"s3": true, "s3a": true, "s3n": true, "gs": true, "az": true, "abfs": true, "abfss": true, "wasb": true, "wasbs": true, "oss": true, "r2": true}

// urls reads the hosts of scheme://… URLs.
func (e *endpointCollector) urls(text string, base int) {
	for _, a := range urlAuthorities(text) {
		if bucketSchemes[a.scheme] {
			continue
		}
		offset := a.hostStart
		for _, part := range strings.Split(text[a.hostStart:a.hostEnd], ",") {
			host, port, at := splitHostPort(part)
			// docker://image names an image; only a registry with a dot
			// (docker://ghcr.io/x) is a host.
			structured := a.scheme != "docker"
			e.add(host, port, a.scheme, base+offset+at, structured)
			offset += len(part) + 1
		}
	}
}

var (
	oracleHost = lazyre.New(`jdbc:oracle:[a-z]+:[^@\s]*@(?://)?([A-Za-z0-9._-]+)(?::(\d+))?`)
	tnsHost    = lazyre.New(`(?i)\(\s*HOST\s*=\s*([A-Za-z0-9._-]+)\s*\)(?:\s*\(\s*PORT\s*=\s*(\d+)\s*\))?`)
)

// oracle reads Oracle JDBC URLs and TNS descriptors.
func (e *endpointCollector) oracle(text string, base int) {
	for _, re := range []*lazyre.Regexp{oracleHost, tnsHost} {
		for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
			port := ""
			if m[4] >= 0 {
				port = text[m[4]:m[5]]
			}
			e.add(text[m[2]:m[3]], port, "oracle", base+m[2], true)
		}
	}
}

// hostParams are the connection-string keywords that name the server,
// in lower case: ADO.NET Server, Data Source, Address, Addr, Network
// Address; libpq host and hostaddr.
var hostParams = map[string]bool{"server": true, "data source": true, "datasource": true, "address": true, "addr": true, "network address": true, "host": true, "hostname": true, "hostaddr": true}

// keywords reads ADO.NET and libpq keyword connection strings.
func (e *endpointCollector) keywords(text string, base int) {
	type hostParam struct {
		value string
		at    int
	}
	var hosts []hostParam
	port := ""
	forEachParam(text, func(name string, from, to int) {
		lower := strings.ToLower(name)
		if lower == "source" || lower == "address" {
			lower = twoWordParam(text, from, name, lower)
		}
		switch {
		case lower == "port" && isDigits(text[from:to]):
			port = text[from:to]
		case hostParams[lower]:
			if quoted := text[from-1] == '"' || text[from-1] == '\''; !quoted {
				// Commas belong to the value here: Server=h,1433, host=h1,h2.
				for to = from; to < len(text) && !strings.ContainsRune(";\"' \t\n", rune(text[to])); to++ {
				}
			}
			hosts = append(hosts, hostParam{text[from:to], from})
		}
	})
	for _, h := range hosts {
		e.keywordHost(h.value, base+h.at, port)
	}
}

// twoWordParam completes ADO.NET's two-word keywords, which forEachParam
// splits at the space: "Data Source", "Network Address".
func twoWordParam(text string, valueFrom int, name, lower string) string {
	i := strings.LastIndex(text[:valueFrom], name)
	if i < 0 {
		return lower
	}
	before := strings.ToLower(strings.TrimRight(text[:i], " "))
	switch {
	case lower == "source" && strings.HasSuffix(before, "data"):
		return "data source"
	case lower == "address" && strings.HasSuffix(before, "network"):
		return "network address"
	}
	return lower
}

// keywordHost reads the value of a host keyword: h, tcp:h,port,
// h\instance, h:port/service, libpq's h1,h2, and SQL Server's
// (localdb)\instance, (local) and ".".
func (e *endpointCollector) keywordHost(value string, at int, port string) {
	if strings.Contains(value, "://") {
		return // Endpoint=sb://…: a URL, read by urls
	}
	for _, p := range []string{"tcp:", "np:", "lpc:", "admin:"} {
		if hasPrefixFold(value, p) {
			value, at = value[len(p):], at+len(p)
		}
	}
	if strings.HasPrefix(value, "(localdb)") || value == "." || value == "(local)" {
		e.add(value, "", "", at, true)
		return
	}
	value = cutAny(value, `\/`)
	parts := strings.Split(value, ",")
	if len(parts) == 2 && isDigits(parts[1]) { // ADO.NET host,port
		host, _, off := splitHostPort(parts[0])
		e.add(host, parts[1], "", at+off, true)
		return
	}
	offset := 0
	for _, part := range parts { // libpq host=h1,h2
		host, p, off := splitHostPort(part)
		if p == "" && len(parts) == 1 {
			p = port
		}
		e.add(host, p, "", at+offset+off, true)
		offset += len(part) + 1
	}
}

// bare reads "host", "host:port", "[v6]:port" or a list of them, and hosts
// written without a scheme ("api.acme.io/v1").
func (e *endpointCollector) bare(text string, base int) {
	offset := 0
	for _, part := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\n' }) {
		i := strings.Index(text[offset:], part) + offset
		offset = i + len(part)
		host, port, at := splitHostPort(cutAny(part, "/?#"))
		e.add(host, port, "", base+i+at, false)
	}
}

// maskExpressions blanks ${{ … }} and {{ … }} expressions byte for byte
// with a character no host holds, so that the spaces inside them neither
// cut a URL short nor leave a made-up host; offsets stay the same.
func maskExpressions(text string) string {
	if !strings.Contains(text, "{{") {
		return text
	}
	b := []byte(text)
	for i := 0; i+2 <= len(b); i++ {
		if b[i] != '{' || b[i+1] != '{' {
			continue
		}
		start := i
		if i > 0 && b[i-1] == '$' {
			start = i - 1
		}
		end := strings.Index(text[i:], "}}")
		if end < 0 {
			break
		}
		for j := start; j < i+end+2; j++ {
			b[j] = '!'
		}
		i += end + 1
	}
	return string(b)
}

// splitHostPort splits "host:port" or "[v6]:port" and returns the host's
// offset inside s.
func splitHostPort(s string) (host, port string, at int) {
	if strings.HasPrefix(s, "[") {
		if end := strings.IndexByte(s, ']'); end > 0 {
			if _, err := netip.ParseAddr(s[1:end]); err != nil {
				return "", "", 0 // [a-z0-9]: a pattern, not an IPv6 literal
			}
			if strings.HasPrefix(s[end+1:], ":") {
				port = s[end+2:]
			}
			return s[1:end], port, 1
		}
	}
	if strings.Count(s, ":") == 1 {
		h, p, _ := strings.Cut(s, ":")
		return h, p, 0
	}
	return s, "", 0
}

// cutAny returns s up to the first of the bytes in chars.
func cutAny(s, chars string) string {
	if i := strings.IndexAny(s, chars); i >= 0 {
		return s[:i]
	}
	return s
}

// isHostKey reports keys whose last token says host or URL.
func isHostKey(key string) bool {
	return key != "" && factsOf(key).host
}

// validHost accepts IP addresses, DNS names and SQL Server's local names.
// Names must hold a letter and must not end in a numeric label (1.2.3 is a
// version); outside structure (a bare value) they also need a dot, unless
// they are localhost.
func validHost(h string, structured bool) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	if _, err := netip.ParseAddr(h); err == nil {
		return true
	}
	if h == "localhost" || structured && (h == "." || h == "(local)" || strings.HasPrefix(h, "(localdb)")) {
		return true
	}
	letter, dot, labelStart := false, false, 0
	for i := 0; i < len(h); i++ {
		switch b := h[i]; {
		case b == '.':
			if i == labelStart || h[i-1] == '-' {
				return false
			}
			dot, labelStart = true, i+1
		case b >= 'a' && b <= 'z':
			letter = true
		case b >= '0' && b <= '9', b == '_':
		case b == '-':
			if i == labelStart {
				return false
			}
		default:
			return false
		}
	}
	if !letter || isDigits(h[labelStart:]) || h[len(h)-1] == '-' {
		return false
	}
	return dot || structured
}
