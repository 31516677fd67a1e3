package config

import _ "embed"

// Schema is the JSON Schema (draft 2020-12) of .envfence.yml, for editors
// and for users who validate their file in CI. envfence itself also
// refuses what a schema cannot express: unknown rule ids, duplicate keys,
// invalid globs, like: on a built-in environment.
//
//go:embed envfence.schema.json
var Schema []byte
