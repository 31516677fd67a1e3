package envmodel

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// appendTokens appends the lower-case tokens of s to dst. Tokens are split
// on every character that is not a letter or digit (/ . _ - @ % spaces …)
// and on camelCase and PascalCase boundaries: "appsettings.Production.json"
// → [appsettings production json], "ProdConfig" → [prod config],
// "HTTPServerProd" → [http server prod]. Digits stay with the letters before
// them ("prod2", "stg01", "e2e"); lookups strip a numeric suffix.
//
// ASCII input, nearly every path and key, costs at most one allocation for
// the lower-cased copy and none when s is already lower case.
func appendTokens(dst []string, s string) []string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return appendTokensUnicode(dst, s)
		}
	}
	lower := s
	if hasUpperASCII(s) {
		lower = strings.ToLower(s)
	}
	start := -1
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !isAlnumASCII(b) {
			if start >= 0 {
				dst = append(dst, lower[start:i])
				start = -1
			}
			continue
		}
		if start >= 0 && isUpperASCII(b) && camelBoundary(s, i) {
			dst = append(dst, lower[start:i])
			start = -1
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		dst = append(dst, lower[start:])
	}
	return dst
}

// camelBoundary reports whether the upper-case letter at i starts a new
// word: after a lower-case letter ("prodConfig"), as a capitalised word
// ("HTTPServer" splits before "Server", "S3Bucket" before "Bucket"), or
// after digits that follow a lower-case letter ("v2Prod"). An acronym
// with digits stays whole: "E2E", "K8S".
func camelBoundary(s string, i int) bool {
	prev := s[i-1]
	nextLower := i+1 < len(s) && isLowerASCII(s[i+1])
	switch {
	case isLowerASCII(prev):
		return true
	case isUpperASCII(prev):
		return nextLower
	}
	j := i - 1
	for j >= 0 && isDigitASCII(s[j]) {
		j--
	}
	return nextLower || j >= 0 && isLowerASCII(s[j])
}

// appendTokensUnicode is appendTokens for text with non-ASCII letters.
func appendTokensUnicode(dst []string, s string) []string {
	runes := []rune(s)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			dst = append(dst, strings.ToLower(string(runes[start:end])))
		}
		start = -1
	}
	for i, r := range runes {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush(i)
			continue
		}
		if start >= 0 && unicode.IsUpper(r) && camelBoundaryRunes(runes, i) {
			flush(i)
		}
		if start < 0 {
			start = i
		}
	}
	flush(len(runes))
	return dst
}

// camelBoundaryRunes is camelBoundary for runes.
func camelBoundaryRunes(rs []rune, i int) bool {
	prev := rs[i-1]
	nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
	switch {
	case unicode.IsLower(prev):
		return true
	case unicode.IsUpper(prev):
		return nextLower
	}
	j := i - 1
	for j >= 0 && unicode.IsDigit(rs[j]) {
		j--
	}
	return nextLower || j >= 0 && unicode.IsLower(rs[j])
}

// splitTokens returns the tokens of s in a new slice.
func splitTokens(s string) []string { return appendTokens(nil, s) }

func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if isUpperASCII(s[i]) {
			return true
		}
	}
	return false
}

func isUpperASCII(b byte) bool { return b >= 'A' && b <= 'Z' }
func isLowerASCII(b byte) bool { return b >= 'a' && b <= 'z' }
func isDigitASCII(b byte) bool { return b >= '0' && b <= '9' }
func isAlnumASCII(b byte) bool { return isUpperASCII(b) || isLowerASCII(b) || isDigitASCII(b) }

// stripNumber removes a numeric suffix: prod2, stg01 → prod, stg. A token
// of digits only, or without digits, is returned unchanged.
func stripNumber(t string) string {
	i := len(t)
	for i > 0 && isDigitASCII(t[i-1]) {
		i--
	}
	if i == 0 || i == len(t) {
		return t
	}
	return t[:i]
}
