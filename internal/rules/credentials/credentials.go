// Package credentials holds the rules about credential values: the same
// credential in two environments, literal credentials in production config,
// provider keys of the wrong mode, and committed key files.
package credentials

import (
	"strconv"
	"strings"

	"github.com/envfence/envfence/internal/envmodel"
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
		paired := keyPairs(f)
		for _, v := range f.Values {
			if paired[parentOf(v)] && isAccessKeyName(v.Key()) {
				continue // the identifier half of an access/secret key pair
			}
			for _, c := range values.Credentials(credentialKey(v), v.Value) {
				out = append(out, occurrence{val: v, cred: c})
			}
		}
	}
	return out
}

// credentialKey is the key a value is judged under: its own, with its
// parent's name before it when the parent says what the value signs
// (jwt.secret, session.secret).
func credentialKey(v model.Value) string {
	key := v.Key()
	if n := len(v.Path); v.Label == "" && n > 1 {
		if parent := v.Path[n-2]; strings.EqualFold(parent, "jwt") || strings.EqualFold(parent, "session") || strings.EqualFold(parent, "cookie") || strings.EqualFold(parent, "hmac") || strings.EqualFold(parent, "signing") {
			return parent + "." + key
		}
	}
	return key
}

// An access key beside a secret key is the pair's identifier, as an AWS
// access key id is: MinIO's accessKey is its root user name, and the
// secret key next to it is the credential.

// keyPairs returns the parents (document and key path) under which a
// file sets a secret key.
func keyPairs(f *model.File) map[string]bool {
	out := map[string]bool{}
	for _, v := range f.Values {
		if isSecretKeyName(v.Key()) {
			out[parentOf(v)] = true
		}
	}
	return out
}

func parentOf(v model.Value) string {
	p := v.Path
	if len(p) > 0 {
		p = p[:len(p)-1]
	}
	return strconv.Itoa(v.Doc) + "\x00" + strings.Join(p, "\x00")
}

// isAccessKeyName reports accessKey, access_key, AWS_ACCESS_KEY, but not
// secret_access_key.
func isAccessKeyName(key string) bool {
	toks := values.Tokens(key)
	n := len(toks)
	switch {
	case n > 0 && toks[n-1] == "accesskey":
		return true
	case n > 1 && toks[n-2] == "access" && toks[n-1] == "key":
		return n < 3 || toks[n-3] != "secret"
	}
	return false
}

// isSecretKeyName reports secretKey, secret_key, secret_access_key.
func isSecretKeyName(key string) bool {
	toks := values.Tokens(key)
	n := len(toks)
	return n > 0 && (toks[n-1] == "secretkey" || toks[n-1] == "secretaccesskey") ||
		n > 1 && toks[n-1] == "key" && (toks[n-2] == "secret" || toks[n-2] == "access" && n > 2 && toks[n-3] == "secret")
}

// env is the environment whose value the credential is: its scope's,
// except for shared values that production does not load. A literal
// default in shared configuration (env('DB_PASSWORD', 'pw'),
// ${DB_PASSWORD:-pw}) is development's: every deployed environment sets
// the variable, and only a developer's machine falls back to the default.
// So is a shared literal whose setting production sets itself
// (overriddenInProduction). In any other scope a default is that scope's
// own.
func (o occurrence) env(repo *model.Repo) envmodel.Env {
	if o.val.Scope.Env == envmodel.Shared && (o.cred.Default || overriddenInProduction(repo, o.val)) {
		return envmodel.Development
	}
	return o.val.Scope.Env
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
	if o.val.Expression {
		start -= len("${")
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
	f.Subject += "\x00" + o.cred.What
	f.Credential = true
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
