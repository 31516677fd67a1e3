package config

import _ "embed"

// Schema is the JSON Schema of .envfence.yml.
//
//go:embed envfence.schema.json
var Schema []byte
