package credentials

import (
	"fmt"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/rules/facts"
	"github.com/envfence/envfence/internal/secret"
	"github.com/envfence/envfence/internal/values"
)

// modeUse is a provider key or endpoint of a known mode found in a value.
type modeUse struct {
	val    model.Value
	marker values.Marker
	offset int
	length int
	what   string // "key" or "endpoint host"
	digest string
}

// modeUses lists provider keys and endpoints whose form says their mode,
// in scopes whose environment is in envs.
func modeUses(repo *model.Repo, keep func(envmodel.Env) bool) []modeUse {
	all := repo.Derived("credentials.modeUses", func(r *model.Repo) any { return findModeUses(r) }).([]modeUse)
	var out []modeUse
	for _, u := range all {
		if keep(u.val.Scope.Env) {
			out = append(out, u)
		}
	}
	return out
}

// findModeUses lists every provider key and endpoint of a known mode.
func findModeUses(repo *model.Repo) []modeUse {
	var out []modeUse
	for _, f := range repo.Files {
		for _, v := range f.Values {
			if v.Scope.Env == envmodel.None {
				continue
			}
			if m, ok := values.ProviderKey(v.Value); ok {
				out = append(out, modeUse{val: v, marker: m, what: "key", digest: v.Value.Digest()})
			}
			for _, e := range facts.Endpoints(repo, v) {
				if m, ok := values.ProviderHost(e.Host); ok {
					out = append(out, modeUse{val: v, marker: m, offset: e.Offset, length: e.Len, what: e.Host, digest: secret.New(e.Host).Digest()})
				}
			}
		}
	}
	return out
}

// finding builds the finding for a use whose mode is wrong for its scope.
func (u modeUse) finding() finding.Finding {
	o := occurrence{val: u.val, cred: values.Credential{Offset: u.offset, Len: u.length}}
	f := o.at()
	f.ValueDigest = u.digest
	f.Credential = u.what == "key"
	if u.what != "key" {
		f.Subject += "\x00" + u.what
	}
	label := fmt.Sprintf("%s %s", u.marker.Provider, u.marker.What)
	if u.what != "key" {
		label = fmt.Sprintf("%s %s %s", u.marker.Provider, u.marker.What, u.what)
	}
	f.Message = fmt.Sprintf("%s in %s is a %s", u.val.Key(), u.val.Scope.Env, label)
	return f
}

// reportModes reports uses of mode in scopes that keep selects.
func reportModes(pass *rule.Pass, mode values.Mode, keep func(envmodel.Env) bool, advice string) {
	for _, u := range modeUses(pass.Repo, keep) {
		if u.marker.Mode != mode {
			continue
		}
		f := u.finding()
		f.Message += "; " + advice
		pass.Report(f)
	}
}
