package parse

import (
	"strings"

	"github.com/envfence/envfence/internal/secret"
)

// INI parses INI-style files: [section] headers, key = value and
// key: value pairs, ; and # comments, quoted values, and Ansible inventory
// host lines ("web1 ansible_host=10.0.0.5 ansible_user=deploy"), whose
// variables get the path [section, host, variable].
func INI(content []byte) (*Doc, error) {
	content = stripBOM(content)
	idx := newLineIndex(content)
	doc := newDoc()
	section := ""
	offset := 0
	for _, raw := range strings.Split(string(content), "\n") {
		lineStart := offset
		offset += len(raw) + 1
		line := strings.TrimRight(raw, "\r")
		trimmed := strings.TrimLeft(line, " \t")
		lead := len(line) - len(trimmed)
		switch {
		case trimmed == "" || trimmed[0] == ';' || trimmed[0] == '#':
			continue
		case trimmed[0] == '[':
			if end := strings.IndexByte(trimmed, ']'); end > 0 {
				section = strings.TrimSpace(trimmed[1:end])
			}
			continue
		}
		if sep := strings.IndexAny(trimmed, "=:"); sep > 0 && !strings.ContainsAny(strings.TrimSpace(trimmed[:sep]), " \t") {
			key := strings.TrimSpace(trimmed[:sep])
			start, end := valueSpan(trimmed, sep+1)
			doc.add(iniEntry(idx, section, []string{key}, lineStart+lead, trimmed, start, end))
			continue
		}
		iniHostLine(idx, doc, section, trimmed, lineStart+lead)
	}
	return doc, nil
}

// iniHostLine reads "host var=value var2='value'" inventory lines.
func iniHostLine(idx *lineIndex, doc *Doc, section, line string, lineStart int) {
	fields := strings.Fields(line)
	if len(fields) < 2 {
		return
	}
	host := fields[0]
	pos := len(host)
	for pos < len(line) {
		for pos < len(line) && (line[pos] == ' ' || line[pos] == '\t') {
			pos++
		}
		eq := strings.IndexByte(line[pos:], '=')
		if eq <= 0 {
			return
		}
		key := line[pos : pos+eq]
		if strings.ContainsAny(key, " \t") {
			return
		}
		start, end := tokenSpan(line, pos+eq+1)
		doc.add(iniEntry(idx, section, []string{host, key}, lineStart, line, start, end))
		pos = end
	}
}

func iniEntry(idx *lineIndex, section string, path []string, lineStart int, line string, start, end int) Entry {
	if section != "" {
		path = append([]string{section}, path...)
	}
	raw := line[start:end]
	quoted := len(raw) >= 2 && (raw[0] == '"' || raw[0] == '\'') && raw[len(raw)-1] == raw[0]
	value := raw
	if quoted {
		value = raw[1 : len(raw)-1]
	}
	return Entry{
		Path: path, KeyPos: idx.pos(lineStart), Value: secret.New(value), Quoted: quoted,
		Range: Range{Start: idx.pos(lineStart + start), End: idx.pos(lineStart + end)},
	}
}

// valueSpan returns the value after a separator: trimmed, without a
// trailing " ;" or " #" comment.
func valueSpan(line string, from int) (int, int) {
	start := from
	for start < len(line) && (line[start] == ' ' || line[start] == '\t') {
		start++
	}
	end := len(line)
	if start < len(line) && (line[start] == '"' || line[start] == '\'') {
		if q := strings.IndexByte(line[start+1:], line[start]); q >= 0 {
			return start, start + q + 2
		}
	}
	for i := start; i < len(line); i++ {
		if (line[i] == ';' || line[i] == '#') && i > start && (line[i-1] == ' ' || line[i-1] == '\t') {
			end = i
			break
		}
	}
	for end > start && (line[end-1] == ' ' || line[end-1] == '\t') {
		end--
	}
	return start, end
}

// tokenSpan returns a whitespace-delimited token, honouring quotes.
func tokenSpan(line string, from int) (int, int) {
	if from < len(line) && (line[from] == '"' || line[from] == '\'') {
		if q := strings.IndexByte(line[from+1:], line[from]); q >= 0 {
			return from, from + q + 2
		}
	}
	end := from
	for end < len(line) && line[end] != ' ' && line[end] != '\t' {
		end++
	}
	return from, end
}
