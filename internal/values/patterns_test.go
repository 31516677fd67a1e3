package values

import (
	"testing"

	"github.com/envfence/envfence/internal/lazyre"
)

// TestPatternsCompile compiles every pattern now, since they compile on
// first use: a bad one must fail here, not in a push.
func TestPatternsCompile(t *testing.T) {
	if err := lazyre.CompileAll(); err != nil {
		t.Fatal(err)
	}
}
