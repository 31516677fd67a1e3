// Package values says what a value read from a configuration file is: a
// credential, a placeholder or reference, an endpoint, a provider key of a
// known mode, a cloud resource identifier (SPEC §3, env-conventions §3–§4).
//
// Everything here is a pure function of a key name and a value. The
// functions run on every value of every file of a repository, so each one
// starts with a cheap byte-level pre-filter (a prefix table, a
// strings.Contains for "://" or "=") and reaches a regular expression only
// for the few values that pass it.
//
// Values arrive as secret.Value. Credentials are handed back as
// secret.Value too; hosts, ports and cloud resource identifiers are not
// secret and come back as plain strings, because messages print them.
// Offsets and lengths count code points, as parse.Pos columns do, so that
// a rule can point at the part of a value that matters.
package values
