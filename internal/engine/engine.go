// Package engine runs a scan: it lists the files of a source, reads and
// parses each candidate once (on every core), classifies files, sections and
// jobs into environments, builds the model the rules read, runs the rules,
// and then applies the policy: severities, suppression comments, ignore
// entries and baselines.
//
// The engine never knows where files come from (a directory, a commit, a
// push) nor how findings are printed.
package engine

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/finding"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/rule"
	"github.com/envfence/envfence/internal/secret"
	"github.com/envfence/envfence/internal/source"
)

// Policy is what the user's configuration decides about findings.
// *config.Config implements it.
type Policy interface {
	Severity(ruleID string, def finding.Severity) finding.Severity
	Enabled(ruleID string) bool
	Ignored(f *finding.Finding) (finding.Acceptance, bool)
	// IgnoredByLegacy reports whether an ignore entry names f's v1
	// fingerprint (Finding.LegacyFingerprint).
	IgnoredByLegacy(f *finding.Finding) bool
}

// Baseline hides findings that were known before. *config.Baseline
// implements it.
type Baseline interface {
	// Accepts says whether f is in the baseline, and the entry's reason
	// and file.
	Accepts(f *finding.Finding) (finding.Acceptance, bool)
}

// Options configure a scan.
type Options struct {
	// Rules to run. Rules the Policy disables are skipped.
	Rules []*rule.Rule
	// Classifier decides environments; nil means the built-in vocabulary.
	Classifier *envmodel.Classifier
	Policy     Policy   // may be nil
	Baseline   Baseline // may be nil
	// Commit is copied into every finding (git modes).
	Commit string
	// Cache, when set, is shared by several scans of the same repository
	// (commits of one push) so that each blob is parsed once.
	Cache *Cache
	// Workers is the number of files parsed at once; 0 means one per core.
	Workers int
	// RuleContext is handed to online rules.
	RuleContext any
	// Stubs stand in for files of the repository that src does not list:
	// the pre-receive hook reads only what a push changed and what
	// relates to it. Findings in a stub are dropped: it was not read.
	Stubs []FileFacts
	// Facts asks for the facts of every file read (Result.Facts), with
	// the links of the rules.
	Facts bool
}

// Result is the outcome of a scan.
type Result struct {
	Findings   []finding.Finding
	Suppressed int
	// Accepted are the suppressed findings, with who accepted each and
	// where: the accepted risks of the evidence pack.
	Accepted []finding.Acceptance
	Notes    []source.Note
	Repo     *model.Repo
	Facts    []FileFacts // with Options.Facts
}

// Scan runs the rules over every file of src.
func Scan(ctx context.Context, src source.Source, opts Options) (*Result, error) {
	cls, err := classifier(opts)
	if err != nil {
		return nil, err
	}
	if opts.Cache == nil {
		opts.Cache = NewCache()
	}
	notes := &noteList{}
	files, err := readAll(ctx, src, opts, cls, notes)
	if err != nil {
		return nil, err
	}
	repo := buildRepo(files, opts.Stubs, cls)
	rules := enabled(opts)
	raw, err := runRules(repo, rules, opts, notes)
	if err != nil {
		return nil, err
	}
	res := &Result{Repo: repo}
	res.Findings, res.Accepted = applyPolicy(raw, files, opts, notes)
	res.Suppressed = len(res.Accepted)
	res.Notes = notes.sorted()
	if opts.Facts {
		res.Facts = factsOf(repo, rules)
	}
	return res, nil
}

func classifier(opts Options) (*envmodel.Classifier, error) {
	if opts.Classifier != nil {
		return opts.Classifier, nil
	}
	return envmodel.New(envmodel.Settings{})
}

// enabled returns the rules of opts that the policy leaves on.
func enabled(opts Options) []*rule.Rule {
	var out []*rule.Rule
	for _, r := range opts.Rules {
		if opts.Policy == nil || opts.Policy.Enabled(r.ID) {
			out = append(out, r)
		}
	}
	return out
}

// readAll walks the source and parses every file on opts.Workers cores.
func readAll(ctx context.Context, src source.Source, opts Options, cls *envmodel.Classifier, notes *noteList) ([]*scannedFile, error) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan source.File, 64)
	var (
		mu    sync.Mutex
		files []*scannedFile
		wg    sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				sf := scanFileSafely(f, opts.Cache, cls, notes)
				if sf == nil {
					continue
				}
				mu.Lock()
				files = append(files, sf)
				mu.Unlock()
			}
		}()
	}
	walkErr := src.Walk(ctx, func(f source.File) error {
		if f.Kind == source.OwnConfig {
			return nil
		}
		select {
		case jobs <- f:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}, notes.add)
	close(jobs)
	// One file can outlast the deadline (a parse cannot be interrupted):
	// the scan returns at the deadline and leaves the workers to finish
	// on their own, so that a hook prints its timeout verdict in time.
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if walkErr != nil {
		return nil, walkErr
	}
	slices.SortFunc(files, func(a, b *scannedFile) int { return strings.Compare(a.Path, b.Path) })
	return withoutRedundantLinks(files, notes), nil
}

// withoutRedundantLinks drops the files read through a link whose target
// was read too and has an environment of its own: there the link only
// repeats the target's findings. A link is read for the environment it
// gives a file that has none, or is shared (a variables-common.tf
// linked into each deployment).
func withoutRedundantLinks(files []*scannedFile, notes *noteList) []*scannedFile {
	byPath := map[string]*scannedFile{}
	for _, sf := range files {
		byPath[sf.Path] = sf
	}
	return slices.DeleteFunc(files, func(sf *scannedFile) bool {
		t := byPath[sf.LinkTarget]
		if sf.LinkTarget == "" || t == nil {
			return false
		}
		if env := t.scopes.File.Env; env == envmodel.None || env == envmodel.Shared {
			return false
		}
		notes.add(source.Note{Path: sf.Path, Message: "read at " + t.Path + ", the file this link ends at, whose environment is its own"})
		return true
	})
}

// scanFileSafely is scanFile with a panic of a parser (a library's, on
// input nobody foresaw) turned into an unread file: the file is reported
// like any file that could not be read, and the scan goes on.
func scanFileSafely(f source.File, cache *Cache, cls *envmodel.Classifier, notes *noteList) (sf *scannedFile) {
	defer func() {
		if p := recover(); p != nil {
			reason := "internal error while reading it: " + secret.PanicReason(p)
			notes.add(source.Note{Path: f.Path, Message: "skipped: " + reason})
			sf = &scannedFile{File: f, parsed: &parsed{unread: reason}, scopes: cls.File(f.Path, f.Kind, nil)}
		}
	}()
	return scanFile(f, cache, cls, notes)
}

// runRules runs every enabled rule on the repository, each on its own
// goroutine. A panicking rule becomes an error naming the rule, never a
// crash of the whole scan.
func runRules(repo *model.Repo, rules []*rule.Rule, opts Options, notes *noteList) ([]finding.Finding, error) {
	var (
		mu       sync.Mutex
		findings []finding.Finding
		errs     []error
		wg       sync.WaitGroup
	)
	for _, r := range rules {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local []finding.Finding
			pass := rule.NewPass(r, repo, func(f finding.Finding) { local = append(local, f) })
			pass.Context = opts.RuleContext
			pass.SetNote(func(path, msg string) { notes.add(source.Note{Path: path, Message: r.ID + ": " + msg}) })
			err := runOne(r, pass)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
			}
			for i := range local {
				if local[i].Severity == "" {
					local[i].Severity = r.Severity
				}
			}
			findings = append(findings, local...)
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
		return nil, errs[0]
	}
	return findings, nil
}

func runOne(r *rule.Rule, pass *rule.Pass) (err error) {
	defer func() {
		if p := recover(); p != nil {
			// No stack: this message reaches pushers and CI logs.
			err = fmt.Errorf("rule %s: internal error: %s", r.ID, secret.PanicReason(p))
		}
	}()
	if err := r.Run(pass); err != nil {
		return fmt.Errorf("rule %s: %w", r.ID, err)
	}
	return nil
}

// noteList collects notes from concurrent workers.
type noteList struct {
	mu    sync.Mutex
	notes []source.Note
	// templates counts template files whose YAML did not parse whole: one
	// summary note says so, not one note per file (a chart repository has
	// thousands).
	templates int
}

func (l *noteList) addTemplate() {
	l.mu.Lock()
	l.templates++
	l.mu.Unlock()
}

func (l *noteList) add(n source.Note) {
	l.mu.Lock()
	l.notes = append(l.notes, n)
	l.mu.Unlock()
}

func (l *noteList) sorted() []source.Note {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := slices.Clone(l.notes)
	if l.templates > 0 {
		out = append(out, source.Note{Path: ".", Message: fmt.Sprintf("%d Helm or Go template files (under templates/, or *.tpl) are YAML only once rendered: what parses with their template actions set aside was read", l.templates)})
	}
	slices.SortFunc(out, func(a, b source.Note) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	return slices.Compact(out)
}
