package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/source"
	"github.com/envfence/envfence/internal/suppress"
)

// applyPolicy finishes raw findings: fingerprint, severity, snippet, commit;
// then drops those that an inline comment, an ignore entry or the baseline
// suppresses, counting them. The result is sorted and free of duplicates.
func applyPolicy(raw []finding.Finding, files []*scannedFile, opts Options, notes *noteList) ([]finding.Finding, []finding.Acceptance) {
	byPath := make(map[string]*scannedFile, len(files))
	for _, f := range files {
		byPath[f.Path] = f
	}
	stubbed := make(map[string]bool, len(opts.Stubs))
	for _, s := range opts.Stubs {
		stubbed[s.Path] = byPath[s.Path] == nil
	}
	kept := make([]finding.Finding, 0, len(raw))
	var accepted []finding.Acceptance
	for _, f := range raw {
		if stubbed[f.Path] {
			continue // not read: its findings are not judged
		}
		f.Fingerprint = Fingerprint(&f)
		f.LegacyFingerprint = LegacyFingerprint(&f)
		f.Commit = opts.Commit
		if f.Related == nil {
			f.Related = []finding.Location{}
		}
		if opts.Policy != nil {
			f.Severity = opts.Policy.Severity(f.Rule, f.Severity)
		}
		sf := byPath[f.Path]
		if sf != nil {
			f.Snippet = snippet(sf, &f)
			if d, ok := suppress.Applies(sf.directives, f.Rule, f.Line); ok {
				accepted = append(accepted, finding.Acceptance{Finding: f, By: finding.AcceptedInline, Reason: d.Reason, Path: f.Path, Line: d.Line})
				continue
			}
		}
		if opts.Policy != nil {
			if a, ok := opts.Policy.Ignored(&f); ok {
				if opts.Policy.IgnoredByLegacy(&f) {
					notes.add(source.Note{Message: fmt.Sprintf("an ignore entry names the v1 fingerprint %s, which lets anyone who reads it test guesses of the value; replace it with %s", f.LegacyFingerprint, f.Fingerprint)})
				}
				a.Finding = f
				accepted = append(accepted, a)
				continue
			}
		}
		if opts.Baseline != nil {
			if a, ok := opts.Baseline.Accepts(&f); ok {
				a.Finding = f
				accepted = append(accepted, a)
				continue
			}
		}
		kept = append(kept, f)
	}
	finding.Sort(kept)
	return dedupe(kept), accepted
}

// Fingerprint identifies a finding across runs and line shifts: the rule,
// the path, the environment, the key name and where the value sits. It is
// not derived from the value at all, so that a published fingerprint (SARIF,
// baselines, the audit log) cannot be used to test guesses of a credential:
// everything it hashes is printed beside it.
func Fingerprint(f *finding.Finding) string {
	return fingerprintOf("envfence/v2", f.Rule, f.Path, f.Environment, f.Key, f.Subject)
}

// LegacyFingerprint is the v1 fingerprint, which hashed in a digest of the
// value keyed by a constant anyone can read: given the fields printed
// beside it, a guess of the value could be confirmed. It is computed only to
// honour baselines and ignore entries written before v2.
func LegacyFingerprint(f *finding.Finding) string {
	return fingerprintOf("envfence/v1", f.Rule, f.Path, f.Environment, f.Key, f.ValueDigest)
}

func fingerprintOf(parts ...string) string {
	h := sha256.New()
	for _, part := range parts {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// dedupe drops findings identical to the one before (same rule, place and
// message): two rules' paths to the same conclusion, or a value reached
// twice through a YAML merge key.
func dedupe(fs []finding.Finding) []finding.Finding {
	out := fs[:0]
	for _, f := range fs {
		if n := len(out); n > 0 {
			p := &out[n-1]
			if p.Rule == f.Rule && p.Path == f.Path && p.Line == f.Line && p.Column == f.Column && p.Message == f.Message && p.Commit == f.Commit {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}
