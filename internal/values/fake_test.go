package values

import "strings"

// fakeToken builds a provider-shaped test token at run time: prefix and n
// characters drawn from alphabet in a fixed pattern. No live-looking key
// is ever written in this repository, so push protection and secret
// scanners reading it stay quiet.
func fakeToken(prefix, alphabet string, n int) string {
	var b strings.Builder
	b.WriteString(prefix)
	for i := 0; i < n; i++ {
		b.WriteByte(alphabet[(i*7+3)%len(alphabet)])
	}
	return b.String()
}

const (
	alnum    = "aB3dE5gH7jK9mN2pQ4sT6vW8yZ"
	hexLower = "0123456789abcdef"
	upperNum = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	lowerNum = "abcdefghijkmnopqrstuvwxyz234567"
	letters  = "aBcDeFgHiJkLmNoPqRsTuVwXyZ"
	b64      = "aB3+dE5/gH7jK9mN2pQ4sT6vW8y"
)
