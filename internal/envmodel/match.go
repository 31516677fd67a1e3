package envmodel

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// vocabEntry is what a token or a phrase stands for.
type vocabEntry struct {
	env Env
	// text is the alias or name as configured ("prd-eu"); "" for the
	// built-in vocabulary, whose reasons quote the token as written.
	text string
	// label is the custom environment's name; "" for built-in vocabulary.
	label string
	alias bool // an alias rather than the custom environment's own name
	// none marks a false-positive phrase: it consumes its tokens and
	// classifies nothing ("local storage", "dev null").
	none bool
}

// phrase is a vocabulary entry of several tokens.
type phrase struct {
	toks []string
	vocabEntry
}

// vocab is the token and phrase tables. It is read-only after New.
type vocab struct {
	single  map[string]vocabEntry
	phrases map[string][]phrase // by first token, longest first
	first   map[string]bool     // every token that starts a single or a phrase entry
}

func newVocab() *vocab {
	v := &vocab{single: make(map[string]vocabEntry, len(builtinTokens)), phrases: map[string][]phrase{}, first: map[string]bool{}}
	for t, e := range builtinTokens {
		v.single[t] = vocabEntry{env: e}
		v.first[t] = true
	}
	for p, e := range builtinPhrases {
		v.addPhrase(strings.Fields(p), vocabEntry{env: e})
	}
	for _, p := range falsePositivePhrases {
		v.addPhrase(strings.Fields(p), vocabEntry{none: true})
	}
	return v
}

// add registers a name or alias: one token goes to the token table,
// several become a phrase. It reports false for a name without tokens.
func (v *vocab) add(name string, e vocabEntry) bool {
	toks := splitTokens(name)
	switch len(toks) {
	case 0:
		return false
	case 1:
		v.single[toks[0]] = e
		v.first[toks[0]] = true
	default:
		v.addPhrase(toks, e)
	}
	return true
}

// addPhrase puts a phrase before the existing ones of its length, so a
// user's phrase wins over a built-in one with the same tokens.
func (v *vocab) addPhrase(toks []string, e vocabEntry) {
	list := append([]phrase{{toks: toks, vocabEntry: e}}, v.phrases[toks[0]]...)
	slices.SortStableFunc(list, func(a, b phrase) int { return len(b.toks) - len(a.toks) })
	v.phrases[toks[0]] = list
	v.first[toks[0]] = true
}

// tokenMatch is an environment found in a token list.
type tokenMatch struct {
	vocabEntry
	token string // as matched: "prod2", "non-prod"
}

// describe renders a match for a reason: `token "prod"`, `alias "sbx" of
// sandbox (like development)`, `token "perf" (environment perf, like staging)`.
func (m tokenMatch) describe() string {
	switch {
	case m.label == "":
		return "token " + strconv.Quote(m.token)
	case m.alias && strings.EqualFold(m.label, string(m.env)):
		return fmt.Sprintf("alias %q of %s", m.text, m.label)
	case m.alias:
		return fmt.Sprintf("alias %q of %s (like %s)", m.text, m.label, m.env)
	}
	return fmt.Sprintf("token %q (environment %s, like %s)", m.token, m.label, m.env)
}

// match finds the first environment in a token list. At each position
// phrases are tried before single tokens; a false-positive phrase skips
// its tokens.
func (v *vocab) match(toks []string) (tokenMatch, bool) {
	for i := 0; i < len(toks); {
		m, n := v.matchAt(toks, i)
		if n > 0 && !m.none {
			return m, true
		}
		i += max(n, 1)
	}
	return tokenMatch{}, false
}

// matchAt matches the vocabulary at toks[i]. n is the number of tokens the
// match covers, 0 if nothing matched.
func (v *vocab) matchAt(toks []string, i int) (m tokenMatch, n int) {
	for _, p := range v.phrases[toks[i]] {
		if phraseAt(toks, i, p.toks) {
			n = len(p.toks)
			return tokenMatch{vocabEntry: p.vocabEntry, token: strings.Join(toks[i:i+n], "-")}, n
		}
	}
	if e, ok := v.lookup(toks[i]); ok {
		return tokenMatch{vocabEntry: e, token: toks[i]}, 1
	}
	return tokenMatch{}, 0
}

// phraseAt reports whether want occurs at toks[i]; its last token may
// carry a numeric suffix ("non-prod2").
func phraseAt(toks []string, i int, want []string) bool {
	if i+len(want) > len(toks) {
		return false
	}
	last := len(want) - 1
	for k, w := range want {
		t := toks[i+k]
		if t != w && (k != last || stripNumber(t) != w) {
			return false
		}
	}
	return true
}

// lookup finds a single token, with or without a numeric suffix.
func (v *vocab) lookup(t string) (vocabEntry, bool) {
	if e, ok := v.single[t]; ok {
		return e, true
	}
	if s := stripNumber(t); len(s) != len(t) {
		e, ok := v.single[s]
		return e, ok
	}
	return vocabEntry{}, false
}

// keyEnv classifies a key that may name a section: its first tokens must
// be an environment ("production", "prod-eu", "%prod", "when@prod",
// "non_prod"). With strict, every later token must be a qualifier
// (region, number, colour), so that "test_timeout" or "dev_server" are not
// environments while "prod-eu-west-1" is.
func (v *vocab) keyEnv(key string, strict bool) (tokenMatch, bool) {
	if !v.mayStartEnv(key) {
		return tokenMatch{}, false
	}
	return v.keyEnvTokens(key, strict)
}

// keyEnvTokens is keyEnv without the quick test.
func (v *vocab) keyEnvTokens(key string, strict bool) (tokenMatch, bool) {
	var buf [8]string
	toks := appendTokens(buf[:0], key)
	if len(toks) > 1 && toks[0] == "when" && strings.HasPrefix(key, "when@") {
		toks = toks[1:] // Symfony when@prod:
	}
	if len(toks) == 0 {
		return tokenMatch{}, false
	}
	m, n := v.matchAt(toks, 0)
	if n == 0 || m.none {
		return tokenMatch{}, false
	}
	if strict {
		for _, t := range toks[n:] {
			if !qualifierTokens[stripNumber(t)] && !isNumber(t) {
				return tokenMatch{}, false
			}
		}
	}
	return m, true
}

func isNumber(t string) bool {
	for i := 0; i < len(t); i++ {
		if !isDigitASCII(t[i]) {
			return false
		}
	}
	return t != ""
}

// mayStartEnv is a quick test, without allocating, that rejects most keys
// keyEnv would reject: those whose first ASCII token, lower-cased, is in
// neither the token nor the phrase table. Keys it cannot judge cheaply
// (non-ASCII, long first tokens) pass to the full test.
func (v *vocab) mayStartEnv(key string) bool {
	key = strings.TrimPrefix(key, "when@")
	var buf [24]byte
	n := 0
	for i := 0; i < len(key); i++ {
		b := key[i]
		switch {
		case b >= utf8.RuneSelf:
			return true
		case !isAlnumASCII(b):
			if n > 0 {
				return v.knownFirst(buf[:n])
			}
			continue
		case n > 0 && isUpperASCII(b) && camelBoundary(key, i):
			return v.knownFirst(buf[:n])
		case n == len(buf):
			return true
		}
		if isUpperASCII(b) {
			b += 'a' - 'A'
		}
		buf[n] = b
		n++
	}
	return n > 0 && v.knownFirst(buf[:n])
}

// knownFirst reports whether a lower-case token, with or without a
// numeric suffix, starts a token or phrase of the vocabulary.
func (v *vocab) knownFirst(tok []byte) bool {
	if v.first[string(tok)] {
		return true
	}
	n := len(tok)
	for n > 0 && isDigitASCII(tok[n-1]) {
		n--
	}
	return n > 0 && n < len(tok) && v.first[string(tok[:n])]
}
