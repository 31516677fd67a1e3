package engine

import (
	"sync"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/parse"
	"github.com/envfence/envfence/internal/redact"
	"github.com/envfence/envfence/internal/source"
	"github.com/envfence/envfence/internal/values"
)

// maxSnippet is the longest source line shown; longer lines (minified
// files) are not shown at all rather than cut, so that carets stay aligned.
const maxSnippet = 400

// styles say how each kind of file writes comments and literals. Leaders
// count anywhere outside a literal, not only after a blank: masking a URL
// fragment too is cheaper than showing a comment.
var styles = map[source.Kind]redact.Style{
	source.Dotenv:     {Leaders: []string{"#"}, Quotes: `"'`},
	source.YAML:       {Leaders: []string{"#"}, Quotes: `"'`},
	source.Workflow:   {Leaders: []string{"#"}, Quotes: `"'`},
	source.TOML:       {Leaders: []string{"#"}, Quotes: `"'`},
	source.INI:        {Leaders: []string{"#", ";"}, Quotes: `"'`},
	source.Properties: {Leaders: []string{"#", "!"}},
	source.HCL:        {Leaders: []string{"#", "//"}, Block: true, Quotes: `"`},
	source.JSON:       {Leaders: []string{"//", "#"}, Block: true, Quotes: `"'`},
	source.Python:     {Leaders: []string{"#"}, Quotes: `"'`},
	source.Script:     {Leaders: []string{"//"}, Block: true, Quotes: "\"'`"},
	source.Ruby:       {Leaders: []string{"#"}, Quotes: `"'`},
	source.Elixir:     {Leaders: []string{"#"}, Quotes: `"'`},
	source.PHP:        {Leaders: []string{"#", "//"}, Block: true, Quotes: `"'`},
	source.Dockerfile: {Leaders: []string{"#"}, Quotes: `"'`},
	source.Makefile:   {Leaders: []string{"#"}},
	source.Shell:      {Leaders: []string{"#"}, Quotes: `"'`},
	// CODEOWNERS holds paths and owners, and findings about the whole file
	// point at its first line: its comments describe ownership and stay.
	source.CodeOwners: {},
	source.ProwOwners: {Leaders: []string{"#"}, Quotes: `"'`},
}

// codeKinds hold literals that no parser yields an entry for (the
// arguments of a call, say): every literal on a shown line is masked.
var codeKinds = map[source.Kind]bool{source.Python: true, source.Script: true, source.Shell: true, source.Ruby: true, source.Elixir: true, source.PHP: true}

// snippet returns the finding's line with what may be a credential masked,
// or "" when the line cannot be shown safely (key files, overlong lines).
// Credentials are masked wherever they sit: the parsed values that are
// credentials (or sit under a credential name), the finding's own value,
// command-line credential forms, comments and, in code, string literals.
// The rest — keys, job ids, references, hosts — stays readable: the
// message names them anyway.
func snippet(sf *scannedFile, f *finding.Finding) string {
	if sf.Kind == source.KeyFile || sf.Kind == source.Unknown || f.Line < 1 || f.Line > len(sf.lines) {
		return ""
	}
	line := redact.New(sf.lines[f.Line-1])
	if line.Len() > maxSnippet {
		return ""
	}
	markCredentialEntries(sf, f.Line, line)
	if f.Credential {
		// The finding is about a value: whatever its range covers goes.
		to := f.EndColumn - 1
		if f.EndLine != f.Line && f.EndLine != 0 {
			to = line.Len()
		}
		line.Mask(f.Column-1, to)
	}
	line.Commands()
	style := styles[sf.Kind]
	line.Comments(style, sf.startsInBlockComment(f.Line, style))
	if codeKinds[sf.Kind] {
		line.Literals(style)
	}
	return line.String()
}

// startsInBlockComment reports whether line (1-based) starts inside a
// /* … */ comment, scanning the file once however many findings ask.
func (sf *scannedFile) startsInBlockComment(line int, style redact.Style) bool {
	if !style.Block {
		return false
	}
	sf.blockOnce.Do(func() { sf.blockStarts = redact.BlockStarts(sf.lines, style) })
	return line <= len(sf.blockStarts) && sf.blockStarts[line-1]
}

// blockComments caches BlockStarts per file.
type blockComments struct {
	blockOnce   sync.Once
	blockStarts []bool
}

// markCredentialEntries masks, on one line, the parsed values that hold a
// credential: the credential's own span where the value is written as it
// reads, the whole value otherwise. A value under a credential name is
// masked whole unless it is a placeholder or reference.
func markCredentialEntries(sf *scannedFile, lineNo int, line *redact.Line) {
	if sf.doc == nil {
		return
	}
	text := []rune(sf.lines[lineNo-1])
	for i := range sf.doc.Entries {
		e := &sf.doc.Entries[i]
		r := e.Range
		if r.Start.Line > lineNo || r.End.Line < lineNo || e.Value.IsEmpty() {
			continue
		}
		from, to := 0, len(text)
		if r.Start.Line == lineNo {
			from = r.Start.Col - 1
		}
		if r.End.Line == lineNo {
			to = r.End.Col - 1
		}
		creds := values.Credentials(e.Key(), e.Value)
		if len(creds) == 0 {
			if values.IsCredentialKey(e.Key()) && !values.IsPlaceholder(e.Value.Reveal()) {
				line.Mask(from, to)
			}
			continue
		}
		inner, exact := writtenAsRead(e, text)
		for _, c := range creds {
			if !exact {
				line.Mask(from, to)
				break
			}
			line.Mask(inner+c.Offset, inner+c.Offset+c.Len)
		}
	}
}

// writtenAsRead reports whether a single-line value's source text, inside
// its quotes, is the value itself (no escapes, no folding), so that offsets
// into the value are offsets into the line; and where that text starts.
func writtenAsRead(e *parse.Entry, text []rune) (start int, ok bool) {
	r := e.Range
	if r.Start.Line != r.End.Line {
		return 0, false
	}
	from, to := r.Start.Col-1, r.End.Col-1
	if e.Quoted {
		from, to = from+1, to-1
	}
	if from < 0 || to > len(text) || from > to {
		return 0, false
	}
	return from, string(text[from:to]) == e.Value.Reveal()
}
