// Command hookprobe is a pre-receive hook for the gitsource tests. It reads
// the push the way envfence's hook does (OpenHook, ReadUpdates, NewCommits),
// walks the tree of every new tip and the paths each new commit changed,
// checks every blob it reads against its id, and appends one JSON line to
// the file named by HOOKPROBE_OUT. It accepts the push unless it failed or
// HOOKPROBE_REJECT is set.
//
// With HOOKPROBE_BARRIER set to a directory and HOOKPROBE_PARTIES to n, it
// waits until n probes have reached that point, so that concurrent pushes
// really hold their quarantines at the same time.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/envfence/envfence/internal/gitsource"
	"github.com/envfence/envfence/internal/source"
)

// Report is one run of the probe.
type Report struct {
	Updates    []gitsource.RefUpdate `json:"updates"`
	Quarantine bool                  `json:"quarantine"`
	// QuarantinePacks counts the pack files the push arrived as; 0 means
	// loose objects.
	QuarantinePacks int      `json:"quarantine_packs"`
	Commits         []string `json:"commits"`
	// Changed maps each new commit to the paths it changed against its
	// first parent.
	Changed map[string][]string `json:"changed"`
	// Files maps each updated ref to the files of its new tip: path → id.
	Files map[string]map[string]string `json:"files"`
	Notes map[string][]string          `json:"notes"`
	Error string                       `json:"error,omitempty"`
}

func main() {
	rep := Report{Changed: map[string][]string{}, Files: map[string]map[string]string{}, Notes: map[string][]string{}}
	err := probe(&rep)
	if err != nil {
		rep.Error = err.Error()
	}
	if werr := appendReport(rep); werr != nil {
		fmt.Fprintln(os.Stderr, "hookprobe:", werr)
		os.Exit(2)
	}
	if err != nil || os.Getenv("HOOKPROBE_REJECT") != "" {
		os.Exit(1)
	}
}

func probe(rep *Report) error {
	updates, err := gitsource.ReadUpdates(os.Stdin)
	if err != nil {
		return err
	}
	rep.Updates = updates
	if q := os.Getenv("GIT_QUARANTINE_PATH"); q != "" {
		rep.Quarantine = true
		packs, _ := filepath.Glob(filepath.Join(q, "pack", "*.pack"))
		rep.QuarantinePacks = len(packs)
	}
	repo, err := gitsource.OpenHook(os.Getenv)
	if err != nil {
		return err
	}
	defer repo.Close()
	if err := barrier(); err != nil {
		return err
	}
	commits, err := repo.NewCommits(updates)
	if err != nil {
		return err
	}
	for _, c := range commits {
		rep.Commits = append(rep.Commits, c.Hash.String())
		if rep.Changed[c.Hash.String()], err = changedAgainstFirstParent(repo, c); err != nil {
			return err
		}
	}
	for _, u := range updates {
		if u.IsDelete() {
			continue
		}
		if err := walkTip(repo, u, rep); err != nil {
			return err
		}
	}
	return nil
}

func changedAgainstFirstParent(repo *gitsource.Repo, c gitsource.Commit) ([]string, error) {
	parent := gitsource.Commit{}
	if len(c.Parents) > 0 {
		var err error
		if parent, err = repo.Resolve(c.Parents[0].String()); err != nil {
			return nil, err
		}
	}
	paths, err := repo.Changed(parent, c)
	if paths == nil {
		paths = []string{}
	}
	return paths, err
}

// walkTip reads every file of the new tip's tree and checks its content
// against its blob id.
func walkTip(repo *gitsource.Repo, u gitsource.RefUpdate, rep *Report) error {
	tip, err := repo.Resolve(u.New)
	if errors.Is(err, gitsource.ErrWrongType) {
		return nil // a tag of a tree or blob has no tree to walk
	}
	if err != nil {
		return err
	}
	files := map[string]string{}
	notes := []string{}
	err = repo.Tree(tip, nil).Walk(context.Background(), func(f source.File) error {
		data, err := f.Read()
		if errors.Is(err, source.ErrTooLarge) {
			notes = append(notes, f.Path+": too large")
			return nil
		}
		if err != nil {
			return err
		}
		if got := plumbing.ComputeHash(plumbing.BlobObject, data).String(); got != f.ID {
			return fmt.Errorf("%s: content hashes to %s, not %s", f.Path, got, f.ID)
		}
		files[f.Path] = f.ID
		return nil
	}, func(n source.Note) { notes = append(notes, n.Path+": "+n.Message) })
	rep.Files[u.Ref], rep.Notes[u.Ref] = files, notes
	return err
}

// barrier waits until HOOKPROBE_PARTIES probes have arrived.
func barrier() error {
	dir := os.Getenv("HOOKPROBE_BARRIER")
	if dir == "" {
		return nil
	}
	parties, err := strconv.Atoi(os.Getenv("HOOKPROBE_PARTIES"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, strconv.Itoa(os.Getpid())), nil, 0o644); err != nil {
		return err
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		if len(entries) >= parties {
			return nil
		}
	}
	return errors.New("barrier: the other pushes never arrived")
}

func appendReport(rep Report) error {
	out := os.Getenv("HOOKPROBE_OUT")
	if out == "" {
		return errors.New("HOOKPROBE_OUT is not set")
	}
	line, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Write(append(line, '\n'))
	return err
}
