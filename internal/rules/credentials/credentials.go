// Package credentials holds the rules about credential values: the same
// credential in two environments, literal credentials in production config,
// provider keys of the wrong mode, and committed key files.
package credentials

import (
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/parse"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/values"
)

// occurrence is one credential found in one value.
type occurrence struct {
	val  model.Value
	cred values.Credential
}

// credentialsOf lists the credentials in every value of the repository,
// in file and source order, computed once per scan for all rules.
func credentialsOf(repo *model.Repo) []occurrence {
	return repo.Derived("credentials.occurrences", func(r *model.Repo) any { return findCredentials(r) }).([]occurrence)
}

// credentialsIn lists the credentials in the values of one file.
func credentialsIn(repo *model.Repo, f *model.File) []occurrence {
	byFile := repo.Derived("credentials.byFile", func(r *model.Repo) any {
		m := map[*model.File][]occurrence{}
		for _, o := range credentialsOf(r) {
			m[o.val.File] = append(m[o.val.File], o)
		}
		return m
	}).(map[*model.File][]occurrence)
	return byFile[f]
}

func findCredentials(repo *model.Repo) []occurrence {
	var out []occurrence
	for _, f := range repo.Files {
		for _, v := range f.Values {
			for _, c := range values.Credentials(v.Key(), v.Value) {
				out = append(out, occurrence{val: v, cred: c})
			}
		}
	}
	return out
}

// span returns where the credential sits inside its value. Offsets are
// exact for single-line values; for values spanning lines the whole value
// is the span.
func (o occurrence) span() parse.Range {
	r := o.val.Range
	if r.Start.Line != r.End.Line || o.cred.Len == 0 {
		return r
	}
	start := r.Start.Col + o.cred.Offset
	if o.val.Quoted {
		start++
	}
	end := start + o.cred.Len
	if end > r.End.Col {
		return r
	}
	return parse.Range{Start: parse.Pos{Line: r.Start.Line, Col: start}, End: parse.Pos{Line: r.Start.Line, Col: end}}
}

// at returns a finding located at the credential.
func (o occurrence) at() finding.Finding {
	f := rule.At(o.val)
	s := o.span()
	f.Line, f.Column, f.EndLine, f.EndColumn = s.Start.Line, s.Start.Col, s.End.Line, s.End.Col
	f.ValueDigest = o.cred.Value.Digest()
	return f
}

// location returns a related location pointing at the credential.
func (o occurrence) location(message string) finding.Location {
	l := rule.LocationOf(o.val, message)
	s := o.span()
	l.Line, l.Column = s.Start.Line, s.Start.Col
	return l
}

// name is how messages refer to the credential: its key, or what it is
// when the key says nothing ("password in connection string").
func (o occurrence) name() string {
	if k := o.val.Key(); k != "" && values.IsCredentialKey(k) {
		return k
	}
	if k := o.val.Key(); k != "" {
		return k + " (" + o.cred.What + ")"
	}
	return o.cred.What
}
