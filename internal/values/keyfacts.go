package values

import (
	"strings"
	"sync"
	"sync/atomic"
)

// keyFacts is what a key name says about its value. Repositories repeat
// the same key names in every environment's files, so the facts are
// computed once per distinct name and shared by every reader here.
type keyFacts struct {
	tokens     []string // Tokens(key); shared, never modified
	credential bool     // IsCredentialKey
	host       bool     // the last token says host or URL
	link       bool     // the key names a page for people, not a service
	resource   string   // the resource kind the key names, or ""
}

// maxCachedKeys bounds the cache: past it, facts are computed each time,
// so that a file of generated keys cannot grow memory without end.
const maxCachedKeys = 1 << 14

var (
	keyCache     sync.Map // string → *keyFacts
	keyCacheSize atomic.Int64
)

// factsOf returns the facts of a key name, from the cache when it can.
func factsOf(key string) *keyFacts {
	if f, ok := keyCache.Load(key); ok {
		return f.(*keyFacts)
	}
	toks := Tokens(key)
	f := &keyFacts{tokens: toks, credential: isCredentialTokens(key, toks), resource: resourceKind(toks)}
	f.host = len(toks) > 0 && hostKeyTails[toks[len(toks)-1]]
	f.link = isLinkKey(toks)
	if keyCacheSize.Load() < maxCachedKeys {
		// A clone, so that the cache does not hold the file the key was
		// sliced from.
		if _, loaded := keyCache.LoadOrStore(strings.Clone(key), f); !loaded {
			keyCacheSize.Add(1)
		}
	}
	return f
}
