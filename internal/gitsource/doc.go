// Package gitsource reads git repositories for envfence through go-git: the
// tree of a commit, the paths a commit changed, the commits a push brings and
// the staged changes of a pre-commit hook, each offered as a source.Source.
//
// Two ways in:
//
//   - Open reads a normal repository (a work tree or a bare repository).
//   - OpenHook reads the repository a server-side pre-receive hook runs in.
//     There, git.PlainOpen is not enough: the pushed objects sit in a
//     quarantine directory (loose or as a pack, named tmp_objdir-incoming-*
//     by git and ghq_* by GitHub Enterprise Server), the repository may
//     borrow its history from a fork network through relative
//     objects/info/alternates entries, and other pushes run at the same time
//     with their own quarantines. OpenHook builds a read-only, layered object
//     store from the hook's environment instead: quarantine, then the main
//     object directories, then every alternates chain, each directory opened
//     exactly once.
//
// Reads run on every core: the store lends each lookup one of a few go-git
// readers (go-git's pack readers are not safe for concurrent use). Trees
// are read straight from their packs when they can be, with a cache of
// resolved deltas (packtrees.go), decoded here and kept for the run, and,
// with UseTreeCache, between runs in the repository's envfence/ directory
// (treecache.go). Two versions of a directory are compared as git stores
// them, decoding only the entries that differ (rawdiff.go).
//
// Nothing in this package writes to a repository's objects or refs; the
// only file it writes is its tree cache under CacheDir. Missing objects are
// errors, never a silently shorter walk: a scanner that skips what it
// cannot read fails open.
package gitsource
