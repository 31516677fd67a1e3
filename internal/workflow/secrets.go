package workflow

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/rhysd/actionlint"

	"github.com/envfence/envfence/internal/parse"
)

// inputRef finds the inputs an expression reads: inputs.X and
// github.event.inputs.X.
var inputRef = regexp.MustCompile(`\b(?:github\.event\.)?inputs\.([A-Za-z_][A-Za-z0-9_-]*)`)

// secretsIn records every secrets.X and secrets['X'] in the ${{ }}
// expressions of s, lexed with actionlint's expression lexer so that
// strings and other contexts are never mistaken for secrets. Names keep
// their original spelling.
func (a *analyzer) secretsIn(job *Job, s *actionlint.String, where string) {
	if s == nil || !strings.Contains(s.Value, "${{") {
		return
	}
	v := s.Value
	for start := 0; ; {
		i := strings.Index(v[start:], "${{")
		if i < 0 {
			return
		}
		exprStart := start + i + 3
		toks, end, _ := actionlint.LexExpression(v[exprStart:])
		a.secretTokens(job, s, where, exprStart, toks)
		start = exprStart + max(end, 1)
		if start >= len(v) {
			return
		}
	}
}

func (a *analyzer) secretTokens(job *Job, s *actionlint.String, where string, base int, toks []*actionlint.Token) {
	for i := 0; i+2 < len(toks); i++ {
		t := toks[i]
		if t.Kind != actionlint.TokenKindIdent || !strings.EqualFold(t.Value, "secrets") {
			continue
		}
		if i > 0 && toks[i-1].Kind == actionlint.TokenKindDot {
			continue // x.secrets is not the secrets context
		}
		var name string
		switch next := toks[i+1]; {
		case next.Kind == actionlint.TokenKindDot && toks[i+2].Kind == actionlint.TokenKindIdent:
			name = toks[i+2].Value
		case next.Kind == actionlint.TokenKindLeftBracket && toks[i+2].Kind == actionlint.TokenKindString:
			name = strings.Trim(toks[i+2].Value, `'"`)
		default:
			continue
		}
		if strings.EqualFold(name, "GITHUB_TOKEN") {
			continue // the per-run token belongs to no environment
		}
		from := base + t.Offset
		to := base + toks[i+2].Offset + len(toks[i+2].Value)
		r := a.offsetPos(s, from)
		r.End = a.offsetPos(s, to).Start
		job.Secrets = append(job.Secrets, SecretRef{Name: name, Range: r, Where: where})
	}
}

// offsetPos converts a byte offset in a string's value to a position in
// the file. Block scalars (run: |) start on the line after their
// indicator, indented; other strings sit where actionlint says, after the
// opening quote when quoted.
func (a *analyzer) offsetPos(s *actionlint.String, off int) parse.Range {
	p := pos(s.Pos)
	off = min(off, len(s.Value))
	if a.isBlock(s) {
		before := s.Value[:off]
		k := strings.Count(before, "\n")
		lineStart := strings.LastIndexByte(before, '\n') + 1
		line := p.Line + 1 + k
		indent := a.indentOf(p.Line + 1)
		col := indent + 1 + utf8.RuneCountInString(before[lineStart:])
		return parse.Range{Start: parse.Pos{Line: line, Col: col}, End: parse.Pos{Line: line, Col: col}}
	}
	col := p.Col + utf8.RuneCountInString(s.Value[:off])
	if s.Quoted {
		col++
	}
	return parse.Range{Start: parse.Pos{Line: p.Line, Col: col}, End: parse.Pos{Line: p.Line, Col: col}}
}

// isBlock reports a block scalar: the source at the string's position is a
// | or > indicator.
func (a *analyzer) isBlock(s *actionlint.String) bool {
	if s.Pos == nil || s.Pos.Line < 1 || s.Pos.Line > len(a.lines) {
		return false
	}
	line := []rune(a.lines[s.Pos.Line-1])
	if s.Pos.Col < 1 || s.Pos.Col > len(line) {
		return false
	}
	return line[s.Pos.Col-1] == '|' || line[s.Pos.Col-1] == '>'
}

func (a *analyzer) indentOf(line int) int {
	if line < 1 || line > len(a.lines) {
		return 0
	}
	l := a.lines[line-1]
	return len(l) - len(strings.TrimLeft(l, " "))
}
