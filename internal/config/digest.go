package config

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"

	"github.com/envfence/envfence/internal/finding"
)

// Digest names the effective configuration by its content: "sha256:" and
// the hash of its canonical JSON form. Where it came from and the lines
// its entries are written on do not count, so moving an entry or renaming
// the file keeps the digest; any change of what it decides changes it.
func (c *Config) Digest() string {
	canon := *c
	canon.File = ""
	canon.Ignore = slices.Clone(c.Ignore)
	for i := range canon.Ignore {
		canon.Ignore[i].File, canon.Ignore[i].Line = "", 0
	}
	data, err := json.Marshal(struct {
		Config
		AtLeast map[string]finding.Severity
	}{canon, c.atLeast})
	if err != nil {
		// Config holds only strings, numbers, slices and maps.
		panic("config: digest: " + err.Error())
	}
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}
