package rule

// Reach is what a rule reads to judge one file. A push changes a few
// files; when every rule says how far its judgement reaches, the
// pre-receive hook reads the changed files and the files related to them,
// and stands in for every other file with a stub that carries only the
// environments of its scopes (stubs have no values and no lines, and
// findings in a stub are never reported).
type Reach int

const (
	// Whole: a finding may depend on the content of any file. The hook
	// then reads the whole tree of every push.
	Whole Reach = iota
	// OwnFile: the findings in a file depend on that file's content, on
	// the environments of every file's scopes (stubs carry them), on the
	// content of the kinds the rule AlsoReads, and, for a file of a kind
	// it reads Together, on every file of that kind.
	OwnFile
	// Linked: as OwnFile, and also on the content of the files that share
	// a Link with it.
	Linked
)

// A Link is a key that relates files for a Linked rule: a credential's
// digest, a host, a cloud resource. Keys are compared, never shown, and
// the hook stores them only as keyed hashes.
type Link struct {
	Key  string
	Role LinkRole
}

// LinkRole says how a Link relates files.
type LinkRole uint8

const (
	// Same: the findings of every file with the key may depend on every
	// other file with it (one credential value in two files; a host that
	// production uses and a test file points at).
	Same LinkRole = iota
	// Provides: the file makes a fact about the repository true whatever
	// the other files hold (a host named for an environment makes its
	// domain the organisation's). Unlike the other roles, which may relate
	// more files than needed, Provides must be exact: the hook reads one
	// provider of a key to know that the fact holds.
	Provides
	// Uses: the file's findings depend on whether any file Provides the
	// key.
	Uses
)

// SameKey, Provider and User build Links.
func SameKey(key string) Link  { return Link{Key: key, Role: Same} }
func Provider(key string) Link { return Link{Key: key, Role: Provides} }
func User(key string) Link     { return Link{Key: key, Role: Uses} }
