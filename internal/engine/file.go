package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/envfence/envfence/internal/envmodel"
	"github.com/envfence/envfence/internal/model"
	"github.com/envfence/envfence/internal/parse"
	"github.com/envfence/envfence/internal/source"
	"github.com/envfence/envfence/internal/suppress"
	"github.com/envfence/envfence/internal/workflow"
)

// parsed is what one file's content yields, independent of its path.
type parsed struct {
	doc *parse.Doc
	// workflow holds a workflow's content: the analysis depends on the
	// classifier and on other workflows, so it is redone per scan.
	workflow   []byte
	lines      []string
	directives []suppress.Directive
	problem    string // a parse error, for a note
	binary     bool
	// unread says why the file, or part of it, was not read: it could not
	// be read, is binary, or a bound on the work per file stopped its parse.
	// A syntax error is not that: the parser read what it could.
	unread string
}

// Cache holds parsed contents by blob id, so that a push of many commits
// parses each distinct blob once, and the classification of each blob at
// each path, so that the tree before a push is not classified again where
// it equals the pushed one. It is safe for concurrent use.
type Cache struct {
	mu     sync.Mutex
	m      map[parseKey]*parsed
	cls    *envmodel.Classifier // the classifier scopes were made with
	scopes map[scopeKey]envmodel.FileScopes
}

// A blob is parsed as the kind its path gives: the same content in
// app.env and app.yml is two parses.
type parseKey struct {
	id   string
	kind source.Kind
}

type scopeKey struct{ id, path string }

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{m: map[parseKey]*parsed{}, scopes: map[scopeKey]envmodel.FileScopes{}}
}

// classify returns cls.File for the blob at path, from the cache when the
// same classifier classified it before.
func (c *Cache) classify(cls *envmodel.Classifier, f source.File, doc *parse.Doc) envmodel.FileScopes {
	if f.ID == "" {
		return cls.File(f.Path, f.Kind, doc)
	}
	key := scopeKey{f.ID, f.Path}
	c.mu.Lock()
	if c.cls == nil {
		c.cls = cls
	}
	same := c.cls == cls
	scopes, ok := c.scopes[key]
	c.mu.Unlock()
	if ok && same {
		return scopes
	}
	scopes = cls.File(f.Path, f.Kind, doc)
	if same {
		c.mu.Lock()
		c.scopes[key] = scopes
		c.mu.Unlock()
	}
	return scopes
}

func (c *Cache) get(f source.File) *parsed {
	if f.ID == "" {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[parseKey{f.ID, f.Kind}]
}

func (c *Cache) put(f source.File, p *parsed) {
	if f.ID == "" {
		return
	}
	c.mu.Lock()
	c.m[parseKey{f.ID, f.Kind}] = p
	c.mu.Unlock()
}

// scannedFile is one file after reading, parsing and classification.
type scannedFile struct {
	source.File
	*parsed
	scopes   envmodel.FileScopes
	workflow *workflow.Workflow
	blockComments
}

// scanFile reads, parses and classifies one file. A file that could not be
// read, or is binary, is kept with its reason (parsed.unread) and scopes
// decided from its path alone, so that a rule can say so: nothing a scan
// leaves unread passes silently.
func scanFile(f source.File, cache *Cache, cls *envmodel.Classifier, notes *noteList) *scannedFile {
	p := cache.get(f)
	if p == nil {
		p = readAndParse(f)
		cache.put(f, p)
	}
	switch {
	case p.binary && f.Kind == source.KeyFile:
		// Reported by its path; its content is not needed.
	case p.doc == nil && p.lines == nil && p.workflow == nil && p.unread != "":
		notes.add(source.Note{Path: f.Path, Message: "skipped: " + p.unread})
	case p.problem != "" && p.unread == "" && isTemplate(f, p):
		notes.addTemplate()
	case p.problem != "":
		notes.add(source.Note{Path: f.Path, Message: "not fully parsed: " + p.problem})
	}
	sf := &scannedFile{File: f, parsed: p, scopes: cache.classify(cls, f, p.doc)}
	if p.workflow != nil {
		sf.workflow = workflow.Analyze(f.Path, p.workflow, cls)
		for _, problem := range sf.workflow.Problems {
			notes.add(source.Note{Path: f.Path, Message: problem})
		}
	}
	return sf
}

// isTemplate reports a YAML file that is a Helm or Go template (a chart's
// templates/, *.tpl, *.gotmpl holding "{{"): it is not YAML until
// rendered, so a parse error there says nothing about the file.
func isTemplate(f source.File, p *parsed) bool {
	if f.Kind != source.YAML {
		return false
	}
	inTemplates := strings.Contains("/"+f.Path, "/templates/") || strings.HasSuffix(f.Path, ".tpl") || strings.HasSuffix(f.Path, ".gotmpl")
	return inTemplates && slices.ContainsFunc(p.lines, func(l string) bool { return strings.Contains(l, "{{") })
}

// readAndParse reads a file and parses it, or says why it could not.
func readAndParse(f source.File) *parsed {
	content, err := f.Read()
	switch {
	case errors.Is(err, source.ErrTooLarge) || err == nil && len(content) > source.MaxFileSize:
		return &parsed{unread: fmt.Sprintf("larger than %d MiB", source.MaxFileSize>>20)}
	case err != nil:
		// An os error names the absolute path; the note names the file.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return &parsed{unread: "cannot read: " + err.Error()}
	}
	return parseContent(f.Kind, content)
}

// parseContent parses content according to kind. Files whose rules need
// only lines (Makefiles, scripts, CODEOWNERS, key files) are not parsed.
func parseContent(kind source.Kind, content []byte) *parsed {
	p := &parsed{}
	content, p.binary = parse.Decode(content)
	if p.binary {
		p.unread = "binary file"
		return p
	}
	p.lines = splitLines(content)
	p.directives = suppress.Scan(content)
	switch kind {
	case source.Makefile, source.Shell, source.CodeOwners, source.ProwOwners, source.KeyFile:
		return p
	case source.Workflow:
		p.workflow = content
		return p
	}
	doc, err := parse.Parse(kind, content)
	p.doc = doc
	if err != nil {
		p.problem = err.Error()
		if pe, ok := err.(*parse.Error); ok && pe.Limit {
			p.unread = p.problem
		}
	}
	return p
}

// splitLines splits content into lines without their endings. The lines
// share one string conversion of the content.
func splitLines(content []byte) []string {
	s := string(content)
	s = strings.TrimPrefix(s, "\uFEFF")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// buildRepo turns scanned files into the model the rules read, with a
// stub for every file known only by its facts.
func buildRepo(files []*scannedFile, stubs []FileFacts, cls *envmodel.Classifier) *model.Repo {
	repo := &model.Repo{Classifier: cls, Files: make([]*model.File, 0, len(files)+len(stubs))}
	var wfs []*workflow.Workflow
	for _, sf := range files {
		if sf.workflow != nil {
			wfs = append(wfs, sf.workflow)
		}
	}
	workflow.Link(wfs)
	read := make(map[string]bool, len(files))
	for _, sf := range files {
		repo.Files = append(repo.Files, buildFile(sf))
		read[sf.Path] = true
	}
	if len(stubs) > 0 {
		for _, ff := range stubs {
			if !read[ff.Path] {
				repo.Files = append(repo.Files, stubFile(ff))
			}
		}
		slices.SortFunc(repo.Files, func(a, b *model.File) int { return strings.Compare(a.Path, b.Path) })
	}
	unloadShared(repo)
	return repo
}

// unloadShared gives no environment to the shared scopes of read files
// that no production configuration loads (envmodel.SharedLoaded). Stubs
// carry their final environments already; the links of projectLinks make
// the hook read every file whose decision a push can change.
func unloadShared(repo *model.Repo) {
	provided := productionKeys(repo.Files)
	for _, f := range repo.Files {
		if f.Stub {
			continue
		}
		for _, s := range configScopes(f) {
			if s.Env == envmodel.Shared && !envmodel.SharedLoaded(f.Path, provided) {
				s.Decision = envmodel.Unload(s.Decision, f.Path)
			}
		}
	}
}

// productionKeys returns the keys production configuration provides
// (envmodel.ProvidedKeys): files and sections, not workflow jobs (a deploy
// job says where it deploys, not which files production loads).
func productionKeys(files []*model.File) map[string]bool {
	out := map[string]bool{}
	for _, f := range files {
		if isProductionConfig(f) {
			for _, k := range envmodel.ProvidedKeys(f.Path) {
				out[k] = true
			}
		}
	}
	return out
}

// configScopes are a file's own scope and its sections (not its jobs).
func configScopes(f *model.File) []*model.Scope {
	return append([]*model.Scope{f.Scope}, f.Sections...)
}

func isProductionConfig(f *model.File) bool {
	if f.Kind == source.Workflow {
		return false
	}
	for _, s := range configScopes(f) {
		if s.Env == envmodel.Production {
			return true
		}
	}
	return false
}

func buildFile(sf *scannedFile) *model.File {
	mf := &model.File{Path: sf.Path, Kind: sf.Kind, ID: sf.ID, Lines: sf.lines, Suppressions: sf.directives, Unread: sf.unread, LinkTarget: sf.LinkTarget}
	mf.Scope = &model.Scope{Path: sf.Path, Kind: model.FileScope, Line: 1, Decision: sf.scopes.File}
	for _, s := range sf.scopes.Sections {
		mf.Sections = append(mf.Sections, &model.Scope{Path: sf.Path, Kind: model.SectionScope, Name: s.Name, Line: s.Line, Decision: s.Decision})
	}
	if sf.workflow != nil {
		addWorkflow(mf, sf.workflow)
		return mf
	}
	if sf.doc == nil {
		return mf
	}
	mf.Values = make([]model.Value, len(sf.doc.Entries))
	for i := range sf.doc.Entries {
		scope := mf.Scope
		if i < len(sf.scopes.EntrySection) {
			if j := sf.scopes.EntrySection[i]; j >= 0 && j < len(mf.Sections) {
				scope = mf.Sections[j]
			}
		}
		mf.Values[i] = model.Value{Entry: &sf.doc.Entries[i], File: mf, Scope: scope}
	}
	return mf
}

// addWorkflow adds a workflow's job scopes and its literal values: the
// workflow-level env: to the file scope, each job's to the job's scope.
func addWorkflow(mf *model.File, wf *workflow.Workflow) {
	mf.Workflow = wf
	for i := range wf.Values {
		mf.Values = append(mf.Values, model.Value{Entry: &wf.Values[i], File: mf, Scope: mf.Scope})
	}
	for _, j := range wf.Jobs {
		deploys, why := j.DeployDecision()
		scope := &model.Scope{Path: mf.Path, Kind: model.JobScope, Name: j.ID, Line: j.Pos.Line, Decision: j.Env,
			Deploy: &model.DeployDecision{Deploys: deploys, Reason: why}}
		mf.Jobs = append(mf.Jobs, scope)
		for i := range j.Values {
			mf.Values = append(mf.Values, model.Value{Entry: &j.Values[i], File: mf, Scope: scope})
		}
	}
}
