package engine

import (
	"regexp"
	"strings"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/source"
	"github.com/envfence/envfence/internal/suppress"
)

// maxSnippet is the longest source line shown; longer lines (minified
// files) are not shown at all rather than cut, so that carets stay aligned.
const maxSnippet = 400

// Patterns for credentials on lines the parsers do not structure: commands
// in Makefiles and scripts. Whatever they match is masked; they err on the
// side of masking too much.
var (
	assignedSecret = regexp.MustCompile(`(?i)[a-z0-9_.-]*(?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth|credential)[a-z0-9_.-]*["']?(?:\s*[:=]\s*|\s+)["']?([^\s"';&|]+)`)
	urlPassword    = regexp.MustCompile(`://[^/\s:@]*:([^@\s/]+)@`)
	providerToken  = regexp.MustCompile(`\b(?:[a-z]{2,5}_(?:live|test|prod|sbox|sdbx)_[A-Za-z0-9_]{6,}|gh[pousr]_[A-Za-z0-9]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[A-Z0-9]{16}|SG\.[A-Za-z0-9_.-]{20,})`)
	shortPassword  = regexp.MustCompile(`\s-p(\S+)`)
	// quoted is a string literal of code, whatever its quotes.
	quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|` + "`[^`]*`?")
)

// snippet returns the finding's line with every value on it masked, or ""
// when the line cannot be shown safely (key files, overlong lines).
func snippet(sf *scannedFile, f *finding.Finding) string {
	if sf.Kind == source.KeyFile || f.Line < 1 || f.Line > len(sf.lines) {
		return ""
	}
	runes := []rune(sf.lines[f.Line-1])
	if len(runes) > maxSnippet {
		return ""
	}
	masked := make([]bool, len(runes))
	markEntries(sf, f.Line, masked)
	if f.EndLine == f.Line || f.EndLine == 0 {
		markRange(masked, f.Column-1, f.EndColumn-1)
	} else {
		markRange(masked, f.Column-1, len(runes))
	}
	markPatterns(string(runes), masked)
	markComment(runes, masked, sf.Kind)
	if sf.Kind == source.Python || sf.Kind == source.Script {
		// Code holds literals the parser yields no entry for (the
		// arguments of a call, say): every one of them is masked.
		for _, m := range quoted.FindAllStringIndex(string(runes), -1) {
			markBytes(string(runes), masked, m[0], m[1])
		}
	}
	for i, m := range masked {
		if m && runes[i] != ' ' && runes[i] != '\t' {
			runes[i] = '*'
		}
	}
	return string(runes)
}

// commentLeaders are what starts a comment in each kind of file.
var commentLeaders = map[source.Kind][]string{
	source.Dotenv: {"#"}, source.YAML: {"#"}, source.Workflow: {"#"}, source.TOML: {"#"},
	source.INI: {"#", ";"}, source.Properties: {"#", "!"}, source.HCL: {"#", "//"},
	source.JSON: {"//"}, source.Python: {"#"}, source.Script: {"//"}, source.Makefile: {"#"},
	source.Shell: {"#"}, // CODEOWNERS comments hold no values, and findings point at them
}

// markComment masks a comment on the line: "password: new # was old-pw"
// must not show the old password. The comment starts at the first leader
// outside the masked values, at the line's start or after a blank. An
// envfence:ignore directive stays readable: it is what a finding about it
// is about.
func markComment(runes []rune, masked []bool, kind source.Kind) {
	line := string(runes)
	for i := range runes {
		if masked[i] || i > 0 && runes[i-1] != ' ' && runes[i-1] != '\t' {
			continue
		}
		for _, leader := range commentLeaders[kind] {
			if strings.HasPrefix(string(runes[i:]), leader) {
				if !strings.Contains(line[len(string(runes[:i])):], suppress.Marker) {
					markRange(masked, i+len([]rune(leader)), len(runes))
				}
				return
			}
		}
	}
}

// markEntries masks every parsed value that touches line.
func markEntries(sf *scannedFile, line int, masked []bool) {
	if sf.doc == nil {
		return
	}
	for i := range sf.doc.Entries {
		r := sf.doc.Entries[i].Range
		if r.Start.Line > line || r.End.Line < line {
			continue
		}
		from, to := 0, len(masked)
		if r.Start.Line == line {
			from = r.Start.Col - 1
		}
		if r.End.Line == line {
			to = r.End.Col - 1
		}
		markRange(masked, from, to)
	}
}

// markPatterns masks the credential-looking parts of a line.
func markPatterns(line string, masked []bool) {
	for _, re := range []*regexp.Regexp{assignedSecret, urlPassword, shortPassword} {
		for _, m := range re.FindAllStringSubmatchIndex(line, -1) {
			markBytes(line, masked, m[2], m[3])
		}
	}
	for _, m := range providerToken.FindAllStringIndex(line, -1) {
		markBytes(line, masked, m[0], m[1])
	}
}

// markBytes masks the code points of line[from:to].
func markBytes(line string, masked []bool, from, to int) {
	if from < 0 {
		return
	}
	markRange(masked, runeIndex(line, from), runeIndex(line, to))
}

func runeIndex(s string, byteOffset int) int {
	return len([]rune(s[:byteOffset]))
}

func markRange(masked []bool, from, to int) {
	from = max(from, 0)
	to = min(to, len(masked))
	for i := from; i < to; i++ {
		masked[i] = true
	}
}
