package evidence

import _ "embed"

// JSONSchema is the JSON Schema of the pack (Schema).
//
//go:embed evidence.schema.json
var JSONSchema []byte
