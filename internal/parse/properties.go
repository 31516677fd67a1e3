package parse

import (
	"strconv"
	"strings"

	"github.com/envfence/envfence/internal/secret"
)

// Properties parses a Java .properties file: key=value, key: value or
// key value, with \ line continuations, escapes (\t \n \uXXXX …), # and !
// comments, and Spring Boot's "#---" / "!---" document separators. A key
// is one path element: "spring.datasource.password" and Quarkus's
// "%prod.quarkus.datasource.password" are not split.
func Properties(content []byte) (*Doc, error) {
	content = stripBOM(content)
	idx := newLineIndex(content)
	doc := newDoc()
	lines := strings.Split(string(content), "\n")
	docIndex := 0
	offset := 0
	for i := 0; i < len(lines); i++ {
		lineStart := offset
		line := strings.TrimSuffix(lines[i], "\r")
		offset += len(lines[i]) + 1
		trimmed := strings.TrimLeft(line, " \t\f")
		if trimmed == "#---" || trimmed == "!---" {
			docIndex++
			doc.DocStarts = append(doc.DocStarts, i+2)
			continue
		}
		if trimmed == "" || trimmed[0] == '#' || trimmed[0] == '!' {
			continue
		}
		// Join continuation lines: a line ending in an odd number of backslashes.
		logical := line
		first := i
		for endsWithContinuation(logical) && i+1 < len(lines) {
			i++
			logical = logical[:len(logical)-1] + strings.TrimLeft(strings.TrimSuffix(lines[i], "\r"), " \t\f")
			offset += len(lines[i]) + 1
		}
		lead := len(line) - len(trimmed)
		key, valStart := splitProperty(logical[lead:])
		if key == "" {
			continue
		}
		e := Entry{Path: []string{unescapeProperty(key)}, KeyPos: idx.pos(lineStart + lead), Doc: docIndex}
		raw := logical[lead+valStart:]
		e.Value = secret.New(unescapeProperty(raw))
		startOff := lineStart + lead + valStart
		if i == first {
			// max: a key followed by blanks only has an empty value after them.
			e.Range = Range{Start: idx.pos(startOff), End: idx.pos(max(startOff, lineStart+len(strings.TrimRight(line, " \t"))))}
		} else {
			e.Range = Range{Start: idx.pos(startOff), End: idx.pos(offset - 1 - trailingCR(lines[i]))}
		}
		doc.add(e)
	}
	return doc, nil
}

func trailingCR(s string) int {
	if strings.HasSuffix(s, "\r") {
		return 1
	}
	return 0
}

func endsWithContinuation(s string) bool {
	n := 0
	for i := len(s) - 1; i >= 0 && s[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// splitProperty returns the raw key and the byte offset of the value.
func splitProperty(s string) (key string, valStart int) {
	i := 0
	for i < len(s) {
		c := s[i]
		if c == '\\' {
			i += 2
			continue
		}
		if c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f' {
			break
		}
		i++
	}
	key = s[:min(i, len(s))]
	j := i
	for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\f') {
		j++
	}
	if j < len(s) && (s[j] == '=' || s[j] == ':') {
		j++
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\f') {
			j++
		}
	}
	return key, min(j, len(s))
}

func unescapeProperty(s string) string {
	if !strings.Contains(s, `\`) {
		return strings.TrimRight(s, " \t")
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 'f':
			b.WriteByte('\f')
		case 'u':
			if i+4 < len(s)+0 && i+5 <= len(s) {
				if v, err := strconv.ParseUint(s[i+1:i+5], 16, 32); err == nil {
					b.WriteRune(rune(v))
					i += 4
					continue
				}
			}
			b.WriteByte('u')
		default:
			b.WriteByte(s[i])
		}
	}
	return strings.TrimRight(b.String(), " \t")
}
