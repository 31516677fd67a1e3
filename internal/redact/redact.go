// Package redact masks what may be a credential in a line of source text
// before the line is shown: in the text report's snippets, the Action's log
// and the hook's rejection message, which all print the snippet the engine
// builds with this package.
//
// It masks by what a line says, not by what a parser made of it: comments
// of every form, string literals of code, and the credential forms of
// command lines (passwords in URLs, `-p`, `--password`, `-u user:pw`,
// `Authorization:` and `Cookie:` headers, `-a` of redis-cli, known token
// formats, `NAME=value` under credential names). The engine adds the spans of
// parsed values that are credentials. What is left readable is structure:
// keys, job ids, references such as ${{ secrets.NAME }}, hosts.
//
// Masking errs on the side of hiding too much: a line with an unclosed
// quote is masked to its end, a comment hides everything after its leader.
package redact

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Marker is the text of an envfence:ignore directive, whose rule list stays
// readable in a masked comment (it is what a finding about it is about)
// while its reason is masked.
const Marker = "envfence:ignore"

// Style says how a kind of file writes comments and string literals.
type Style struct {
	// Leaders start a comment that runs to the end of the line: "#", "//", ";".
	Leaders []string
	// Block is true where /* … */ comments exist.
	Block bool
	// Quotes are the characters that open a string literal.
	Quotes string
}

// Line is one line being masked. The zero Line is empty.
type Line struct {
	runes  []rune
	masked []bool
}

// New returns a Line holding s with nothing masked.
func New(s string) *Line {
	r := []rune(s)
	return &Line{runes: r, masked: make([]bool, len(r))}
}

// Len returns the length of the line in code points.
func (l *Line) Len() int { return len(l.runes) }

// Mask masks the code points [from, to), clamped to the line.
func (l *Line) Mask(from, to int) {
	from, to = max(from, 0), min(to, len(l.masked))
	for i := from; i < to; i++ {
		l.masked[i] = true
	}
}

// maskBytes masks the code points of the byte range [from, to) of s, the
// line's text.
func (l *Line) maskBytes(s string, from, to int) {
	if from < 0 || to < from {
		return
	}
	l.Mask(utf8.RuneCountInString(s[:from]), utf8.RuneCountInString(s[:to]))
}

// String returns the line with every masked code point but blanks replaced
// by '*', so that the line keeps its width and carets stay aligned.
func (l *Line) String() string {
	out := make([]rune, len(l.runes))
	for i, r := range l.runes {
		if l.masked[i] && r != ' ' && r != '\t' {
			r = '*'
		}
		out[i] = r
	}
	return string(out)
}

// Credential forms of command lines and free text. Each pattern's first
// group is what is masked.
var commandForms = []*regexp.Regexp{
	// NAME=value, NAME: value, --name value under a credential-like name,
	// header names (X-Api-Key: …) and JSON-ish "name": "value" included.
	regexp.MustCompile(`(?i)[a-z0-9_.-]*(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth|credentials?)(?:[_.-][a-z0-9_.-]*)?["']?(?:\s*[:=]\s*|\s+)["']?([^\s"';&|]+)`),
	// user:password@ in URLs.
	regexp.MustCompile(`://[^/\s:@]*:([^@\s/]+)@`),
	// -pSECRET (mysql and its kin, 7z): the password written onto the flag.
	regexp.MustCompile(`(?:^|\s)-p([^\s-]\S*)`),
	// sshpass -p SECRET, zip/unzip -P SECRET, redis-cli -a SECRET.
	regexp.MustCompile(`\bsshpass\s+-p\s*("[^"]*"?|'[^']*'?|\S+)`),
	regexp.MustCompile(`\b(?:un)?zip\b[^|;&]*?\s-P\s*("[^"]*"?|'[^']*'?|\S+)`),
	regexp.MustCompile(`\bredis-cli\b[^|;&]*?\s-a\s*("[^"]*"?|'[^']*'?|\S+)`),
	// -u user:password, --user user:password, --user=user:password (curl).
	regexp.MustCompile(`(?:^|\s)(?:-u\s*|--user(?:\s+|=))["']?[^\s:"']*:([^\s"']+)`),
	// Authorization: <scheme> X, and a scheme word followed by a token.
	regexp.MustCompile(`(?i)authori[sz]ation["']?\s*[:=]\s*["']?(?:[a-z-]+\s+)?([^\s"']+)`),
	regexp.MustCompile(`(?i)\b(?:bearer|basic|token|digest)\s+([A-Za-z0-9._~+/=-]{6,})`),
	// Cookie: a=b; c=d — every value, to the end of the header.
	regexp.MustCompile(`(?i)(?:set-)?cookie["']?\s*[:=]\s*["']?([^"'\n]+)`),
	// Tokens of known formats wherever they are.
	regexp.MustCompile(`\b((?:[a-z]{2,5}_(?:live|test|prod|sbox|sdbx)_[A-Za-z0-9_]{6,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{16,}|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[A-Z0-9]{16}|SG\.[A-Za-z0-9_.-]{20,}|AIza[A-Za-z0-9_-]{30,}|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*))`),
}

// Commands masks the credential forms of command lines and free text. A
// bare reference ($VAR, ${VAR}, ${{ secrets.NAME }}) stays readable: it
// names where the value comes from, not the value.
func (l *Line) Commands() {
	s := string(l.runes)
	for _, re := range commandForms {
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			from, to := credentialPart(s, m[2], m[3])
			l.maskBytes(s, from, to)
		}
	}
}

// credentialPart narrows a match s[from:to] to what may be a credential:
// nothing for a bare reference ($VAR, ${VAR}, ${{ secrets.NAME }}), a flag
// (-p of "sshpass -p"), or text without a letter or digit (the "}}" that
// closes an expression); only the default of ${VAR:-default}.
func credentialPart(s string, from, to int) (int, int) {
	rest := s[from:]
	if bareReference.MatchString(rest) || strings.HasPrefix(rest, "-") || !strings.ContainsFunc(s[from:to], isAlnum) {
		return -1, -1
	}
	if m := referenceWithDefault.FindStringIndex(rest); m != nil {
		from += m[1]
		if end := strings.IndexByte(s[from:to], '}'); end >= 0 {
			to = from + end
		}
	}
	return from, to
}

// bareReference is a shell or Actions reference without a default;
// referenceWithDefault is the head of one with a default, up to its
// operator.
var (
	bareReference        = regexp.MustCompile(`^(?:\$\{\{|\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*(?:[^A-Za-z0-9_{]|$))`)
	referenceWithDefault = regexp.MustCompile(`^\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=?+]`)
)

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Literals masks every string literal of the line, quotes excluded, and an
// unclosed one to the end of the line. Code holds literals that no parser
// yields an entry for (the arguments of a call, say).
func (l *Line) Literals(st Style) {
	for _, lit := range scan(l.runes, st, false).literals {
		l.Mask(lit[0], lit[1])
	}
}

// Comments masks the comments of the line: from a line leader outside
// string literals to the end, and /* … */ spans where the style has them.
// inBlock says the line starts inside a block comment (see BlockStarts). In
// a comment that holds an envfence:ignore directive, the marker and its rule
// list stay readable and the reason is masked.
func (l *Line) Comments(st Style, inBlock bool) {
	sc := scan(l.runes, st, inBlock)
	for _, c := range sc.comments {
		l.maskComment(c[0], c[1])
	}
	if sc.unclosed >= 0 {
		l.Mask(sc.unclosed+1, len(l.runes))
	}
}

func (l *Line) maskComment(from, to int) {
	text := string(l.runes[from:to])
	i := strings.Index(text, Marker)
	if i < 0 {
		l.Mask(from, to)
		return
	}
	keep := i + len(Marker)
	if rest := text[keep:]; strings.HasPrefix(rest, "[") {
		if j := strings.IndexByte(rest, ']'); j >= 0 {
			keep += j + 1
		} else {
			keep++ // an unclosed rule list: what follows may be anything
		}
	}
	start := from + utf8.RuneCountInString(text[:i])
	l.Mask(from, start)
	l.Mask(from+utf8.RuneCountInString(text[:keep]), to)
}

// BlockStarts returns, for each line, whether it starts inside a /* … */
// comment. It is nil when the style has no block comments.
func BlockStarts(lines []string, st Style) []bool {
	if !st.Block {
		return nil
	}
	out := make([]bool, len(lines))
	in := false
	for i, s := range lines {
		out[i] = in
		in = scan([]rune(s), st, in).openAtEnd
	}
	return out
}

// scanned is what scan finds on a line: spans in code points.
type scanned struct {
	literals  [][2]int // inside the quotes
	comments  [][2]int // leader included
	openAtEnd bool     // a block comment is open at the end of the line
	// unclosed is where a literal that runs off the line opens, or -1. A
	// quote in a plain scalar (don't) reads as one; what follows it may
	// hold a comment that the scan cannot tell apart.
	unclosed int
}

// scan walks a line once, telling literals from comments the way the
// style's language does: a leader inside a literal does not start a
// comment, a quote inside a comment does not start a literal.
func scan(r []rune, st Style, inBlock bool) scanned {
	out := scanned{unclosed: -1}
	i := 0
	if inBlock {
		end := indexFrom(r, 0, "*/")
		if end < 0 {
			out.comments = append(out.comments, [2]int{0, len(r)})
			out.openAtEnd = true
			return out
		}
		out.comments = append(out.comments, [2]int{0, end + 2})
		i = end + 2
	}
	for i < len(r) {
		switch {
		case st.Block && hasAt(r, i, "/*"):
			end := indexFrom(r, i+2, "*/")
			if end < 0 {
				out.comments = append(out.comments, [2]int{i, len(r)})
				out.openAtEnd = true
				return out
			}
			out.comments = append(out.comments, [2]int{i, end + 2})
			i = end + 2
		case leaderAt(r, i, st.Leaders):
			out.comments = append(out.comments, [2]int{i, len(r)})
			return out
		case strings.ContainsRune(st.Quotes, r[i]):
			end := closingQuote(r, i)
			out.literals = append(out.literals, [2]int{i + 1, end})
			if end == len(r) {
				out.unclosed = i
			}
			i = end + 1
		default:
			i++
		}
	}
	return out
}

// closingQuote returns the index of the quote closing the literal opened at
// r[open], skipping backslash escapes, or len(r) when it is not closed.
func closingQuote(r []rune, open int) int {
	q := r[open]
	for i := open + 1; i < len(r); i++ {
		switch r[i] {
		case '\\':
			i++
		case q:
			return i
		}
	}
	return len(r)
}

func leaderAt(r []rune, i int, leaders []string) bool {
	for _, l := range leaders {
		if hasAt(r, i, l) {
			return true
		}
	}
	return false
}

func hasAt(r []rune, i int, s string) bool {
	for _, c := range s {
		if i >= len(r) || r[i] != c {
			return false
		}
		i++
	}
	return true
}

func indexFrom(r []rune, from int, s string) int {
	for i := from; i < len(r); i++ {
		if hasAt(r, i, s) {
			return i
		}
	}
	return -1
}
