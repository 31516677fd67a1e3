// Package envmodel decides which environment a file, a section of a file, a
// name or a host belongs to (SPEC §3), and says why.
//
// Decisions are made from names alone — paths, keys, job ids, host labels —
// split into whole tokens, so "product", "devices" and "livenessProbe" never
// look like environments, and "nonprod" is never production.
package envmodel

// Env is a canonical environment: production, staging, test, development,
// shared, or None for anything unclassified.
type Env string

// The canonical environments.
const (
	None        Env = ""
	Development Env = "development"
	Test        Env = "test"
	Staging     Env = "staging"
	Shared      Env = "shared"
	Production  Env = "production"
)

// Canonical lists the canonical environments, least production-like first.
var Canonical = []Env{Development, Test, Staging, Shared, Production}

// Rank orders environments from least to most production-like:
// development 1, test 2, staging 3, shared 4, production 5, None 0.
// A finding that involves several locations is reported at the lowest rank.
func (e Env) Rank() int {
	switch e {
	case Development:
		return 1
	case Test:
		return 2
	case Staging:
		return 3
	case Shared:
		return 4
	case Production:
		return 5
	}
	return 0
}

// IsNonProd reports whether e is development, test or staging.
func (e Env) IsNonProd() bool { return e == Development || e == Test || e == Staging }

// Decision is an environment with the reason it was chosen, in words a user
// can check ("file name .env.production", "top-level key production:").
type Decision struct {
	Env    Env
	Reason string
	// Unloaded marks a scope that would be shared (a base file, a default
	// section) in a project where no production configuration exists to
	// load it: its Env is None. See SharedLoaded.
	Unloaded bool
}
