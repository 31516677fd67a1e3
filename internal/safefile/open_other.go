//go:build !unix

package safefile

// Elsewhere (Windows) there are no FIFOs to block on, and the walk sees
// links for what they are; the open has no flags to refuse them.
const (
	nonBlock = 0
	noFollow = 0
)

func isLinkError(error) bool { return false }
