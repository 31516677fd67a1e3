package values

import (
	"strings"

	"github.com/envfence/envfence/internal/lazyre"
)

// LiteralDefault returns the literal default inside a reference: hunter2
// in ${DB_PASSWORD:-hunter2}, ${X-hunter2}, Spring's ${X:hunter2},
// env('X', 'hunter2'), ENV.fetch('X', 'hunter2'),
// <%= ENV['X'] || 'hunter2' %>, os.getenv('X', 'hunter2'),
// os.environ.get('X', 'hunter2'), process.env.X || 'hunter2',
// System.get_env("X") || "hunter2", {{ env_var('X', 'hunter2') }},
// config.get('x', 'hunter2'). SPEC §3: such a default is a value and is
// checked. ok is false when v is not a reference with a default, or when
// the default is itself a reference without a literal default of its own
// (${A:-${B}}); a nested literal (${A:-${B:-lit}}) is returned.
func LiteralDefault(v string) (def string, ok bool) {
	d, found := referenceDefault(v)
	return d.value, found
}

// literalDefault is a default found in a value: its text, its byte offset
// in the value, and the name of the variable it stands in for.
type literalDefault struct {
	name, value string
	offset      int
}

// referenceDefault finds the default of a value that is wholly a
// reference.
func referenceDefault(v string) (literalDefault, bool) {
	trimmed := strings.TrimSpace(v)
	if trimmed == "" {
		return literalDefault{}, false
	}
	lead := strings.Index(v, trimmed)
	if strings.HasPrefix(trimmed, "${") {
		d, end, ok := shellDefault(trimmed, 0)
		if ok && end == len(trimmed) {
			d.offset += lead
			return d, true
		}
		// The code readers write an expression that is not a literal as
		// ${source}: ${os.environ.get('X', 'default')}.
		if !strings.HasSuffix(trimmed, "}") || closingBrace(trimmed, 1) != len(trimmed)-1 {
			return literalDefault{}, false
		}
		d, ok = callExpressionDefault(trimmed[2 : len(trimmed)-1])
		d.offset += lead + 2
		return d, ok
	}
	d, ok := callExpressionDefault(trimmed)
	d.offset += lead
	return d, ok
}

// callExpressionDefault finds the literal default of a call or operator expression
// that reads the environment: env('X', 'lit'), ENV['X'] || 'lit'.
func callExpressionDefault(trimmed string) (literalDefault, bool) {
	if trimmed == "" || !mayHoldCallDefault(trimmed) {
		return literalDefault{}, false
	}
	for _, p := range callDefaults {
		m := p.re.FindStringSubmatchIndex(trimmed)
		if m == nil {
			continue
		}
		from, to := firstGroup(m, p.defs)
		if from < 0 {
			continue
		}
		d := literalDefault{value: trimmed[from:to], offset: from}
		if nf, nt := firstGroup(m, p.names); nf >= 0 {
			d.name = trimmed[nf:nt]
		}
		if d.value == "" || isReference(d.value) {
			return literalDefault{}, false
		}
		return d, true
	}
	return literalDefault{}, false
}

// firstGroup returns the span of the first of the submatches that matched.
func firstGroup(m []int, groups []int) (int, int) {
	for _, g := range groups {
		if m[2*g] >= 0 {
			return m[2*g], m[2*g+1]
		}
	}
	return -1, -1
}

// embeddedDefaults lists the ${NAME:-literal} defaults anywhere in a value,
// such as the password of postgres://app:${DB_PASS:-devpw}@db/app.
func embeddedDefaults(v string) []literalDefault {
	var out []literalDefault
	for i := 0; ; {
		j := strings.Index(v[i:], "${")
		if j < 0 {
			return out
		}
		i += j
		d, end, ok := shellDefault(v, i)
		if ok {
			out = append(out, d)
			i = end
			continue
		}
		i += 2
	}
}

// serverlessSources are Serverless Framework and Spring variable sources:
// in ${env:X} or ${ssm:/path} the text after the colon is an address, not
// a Spring-style default.
var serverlessSources = map[string]bool{
	"env": true, "ssm": true, "self": true, "opt": true, "sls": true, "cf": true, "s3": true, "param": true,
	"sm": true, "vault": true, "aws": true, "file": true, "git": true, "terraform": true, "strToBool": true,
}

// shellDefault parses the reference that starts at v[start] ("${") and
// returns its literal default and the byte index just after its closing
// brace. It understands ${X:-d}, ${X-d}, ${X:=d}, ${X=d}, Spring's ${X:d}
// and Serverless's ${env:X, 'd'}; ${X:?message} and ${X:+alt} have no
// default.
func shellDefault(v string, start int) (literalDefault, int, bool) {
	end := closingBrace(v, start+1)
	if end < 0 {
		return literalDefault{}, 0, false
	}
	body := v[start+2 : end]
	nameEnd := referenceNameEnd(body)
	name := body[:nameEnd]
	if name == "" || nameEnd == len(body) {
		return literalDefault{}, 0, false
	}
	rest := body[nameEnd:]
	defStart := 0
	switch {
	case serverlessSources[name] && rest[0] == ':':
		comma := strings.LastIndex(rest, ",")
		if comma < 0 {
			return literalDefault{}, 0, false
		}
		name = strings.TrimSpace(rest[1:comma])
		defStart = comma + 1
	case strings.HasPrefix(rest, ":-"), strings.HasPrefix(rest, ":="):
		defStart = 2
	case rest[0] == '-' || rest[0] == '=':
		defStart = 1
	case rest[0] == ':' && len(rest) > 1 && rest[1] != '?' && rest[1] != '+':
		defStart = 1
	default:
		return literalDefault{}, 0, false
	}
	def, off := unquote(rest[defStart:])
	abs := start + 2 + nameEnd + defStart + off
	if strings.HasPrefix(def, "${") {
		inner, innerEnd, ok := shellDefault(v, abs)
		return inner, end + 1, ok && innerEnd == abs+len(def)
	}
	if def == "" || isReference(def) {
		return literalDefault{}, 0, false
	}
	return literalDefault{name: name, value: def, offset: abs}, end + 1, true
}

// referenceNameEnd returns where the variable name at the start of a
// reference body ends: a shell name (letters, digits, _ and .), or a
// Spring property name with dashes when a colon follows it
// (${my-app.db-password:default}).
func referenceNameEnd(body string) int {
	end := 0
	for end < len(body) && (isWordByte(body[end]) || body[end] == '.') {
		end++
	}
	if end == 0 || end == len(body) || body[end] != '-' {
		return end
	}
	kebab := end
	for kebab < len(body) && (isWordByte(body[kebab]) || body[kebab] == '.' || body[kebab] == '-') {
		kebab++
	}
	if kebab < len(body) && body[kebab] == ':' {
		return kebab
	}
	return end
}

// closingBrace returns the index of the brace that closes the one at
// v[open], counting nested braces, or -1.
func closingBrace(v string, open int) int {
	depth := 0
	for i := open; i < len(v); i++ {
		switch v[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// unquote trims spaces and one pair of matching quotes, and returns the
// offset of the result in s.
func unquote(s string) (string, int) {
	t := strings.TrimSpace(s)
	off := strings.Index(s, t)
	if len(t) >= 2 && (t[0] == '\'' || t[0] == '"') && t[len(t)-1] == t[0] {
		return t[1 : len(t)-1], off + 1
	}
	return t, off
}

// callDefault is a language's way of writing a lookup with a fallback.
// names and defs list the submatches that may hold the variable's name and
// the default: the first one that matched is taken.
type callDefault struct {
	re          *lazyre.Regexp
	names, defs []int
}

const (
	quotedName = `\s*['"]([^'"]+)['"]\s*`
	quotedLit  = `\s*['"]([^'"]*)['"]\s*`
	erbOpen    = `^(?:<%=?-?\s*)?`
	erbClose   = `(?:\s*-?%>)?$`
)

// callDefaults cover env-conventions §4.4 and the common variants.
var callDefaults = []callDefault{
	// env('X', 'lit'), os.getenv('X', 'lit'), config('X', default='lit'),
	// ENV.fetch('X', 'lit'), System.get_env("X", "lit"), {{ env_var('X', 'lit') }}.
	{lazyre.New(erbOpen + `(?:\{\{-?\s*)?(?:env|env\.str|getenv|os\.getenv|os\.environ\.get|config|config\.get|settings\.get|ENV\.fetch|System\.get_env|env_var)\(` +
		quotedName + `,\s*(?:default\s*=\s*)?['"]([^'"]*)['"]\s*\)(?:\s*-?\}\})?` + erbClose), []int{1}, []int{2}},
	// ENV['X'] || 'lit', process.env.X ?? 'lit', os.getenv('X') or 'lit', getenv('X') ?: 'lit'.
	{lazyre.New(erbOpen + `(?:ENV\[` + quotedName + `\]|ENV\.fetch\(` + quotedName + `\)|process\.env\.([A-Za-z_]\w*)|process\.env\[` + quotedName +
		`\]|import\.meta\.env\.([A-Za-z_]\w*)|(?:System\.get_env|os\.getenv|os\.environ\.get|getenv|Environment\.GetEnvironmentVariable)\(` + quotedName +
		`\)|\$_ENV\[` + quotedName + `\])\s*(?:\|\||\?\?|\?:|\bor\b)` + quotedLit + erbClose), []int{1, 2, 3, 4, 5, 6, 7}, []int{8}},
	// ENV.fetch('X') { 'lit' }
	{lazyre.New(erbOpen + `ENV\.fetch\(` + quotedName + `\)\s*\{\s*(?:\|\w*\|\s*)?['"]([^'"]*)['"]\s*\}` + erbClose), []int{1}, []int{2}},
	// {{ x | default('lit') }}, {{ .Values.x | default "lit" }}
	{lazyre.New(`^\{\{-?\s*([^{}|]+?)\s*\|\s*default\s*(?:\(` + quotedLit + `(?:,\s*(?:true|True)\s*)?\)|` + quotedLit + `)\s*-?\}\}$`), []int{1}, []int{2, 3}},
	// {{ default "lit" .Values.x }}
	{lazyre.New(`^\{\{-?\s*default` + quotedLit + `([.\w]+)\s*-?\}\}$`), []int{2}, []int{1}},
}

// mayHoldCallDefault is the cheap test before callDefaults: every form
// starts with one of a few bytes (<%, {{, env(, ENV, os., config, process,
// System …) and holds a call's parenthesis, an "or" operator or a filter.
func mayHoldCallDefault(v string) bool {
	if strings.IndexByte("<{eEgocsSpi$", v[0]) < 0 {
		return false
	}
	return strings.Contains(v, "default") || strings.ContainsAny(v, "(|?") &&
		(strings.Contains(v, ",") || strings.Contains(v, "||") || strings.Contains(v, "??") ||
			strings.Contains(v, "?:") || strings.Contains(v, " or ") || strings.Contains(v, "{"))
}
