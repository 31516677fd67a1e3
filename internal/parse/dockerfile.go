package parse

import (
	"bytes"
	"strings"

	"github.com/envfence/envfence/internal/secret"
)

// Dockerfile reads the settings a Dockerfile bakes into an image: ENV
// name=value (and the legacy ENV name value) and the defaults of ARG
// name=value. A value set in a stage named by FROM … AS name has the path
// name.KEY, so that stages named after environments (AS production, AS
// dev) are sections; in an unnamed stage the path is KEY.
//
// Instructions continue over lines ending in a backslash; comments and
// the bodies of heredocs (RUN <<EOF … EOF) are skipped. Values keep
// ${VAR} references as written: Docker substitutes them at build time.
func Dockerfile(content []byte) (*Doc, error) {
	content = stripBOM(content)
	d := &dockerReader{src: content, idx: newLineIndex(content), doc: newDoc()}
	d.run()
	return d.doc, nil
}

type dockerReader struct {
	src   []byte
	idx   *lineIndex
	doc   *Doc
	stage string
}

func (d *dockerReader) run() {
	for i := 0; i < len(d.src); {
		start, end := i, d.instructionEnd(i)
		i = end
		line := d.src[start:end]
		trimmed := bytes.TrimLeft(line, " \t")
		if len(trimmed) == 0 || trimmed[0] == '#' {
			continue
		}
		at := start + len(line) - len(trimmed)
		word := trimmed
		if sp := bytes.IndexAny(trimmed, " \t\r\n"); sp >= 0 {
			word = trimmed[:sp]
		}
		args := at + len(word)
		switch strings.ToUpper(string(word)) {
		case "FROM":
			d.from(args, end)
		case "ENV":
			d.pairs(args, end, true)
		case "ARG":
			d.pairs(args, end, false)
		}
		if instr := strings.ToUpper(string(word)); instr == "RUN" || instr == "COPY" || instr == "ADD" {
			if term, indented, ok := heredocStart(line); ok {
				i = skipHeredoc(d.src, i, term, indented)
			}
		}
	}
}

// instructionEnd returns the offset after the instruction starting at i:
// the end of its line, or of the last line continued with a backslash.
// Comment lines inside a continued instruction do not end it.
func (d *dockerReader) instructionEnd(i int) int {
	for i < len(d.src) {
		nl := bytes.IndexByte(d.src[i:], '\n')
		if nl < 0 {
			return len(d.src)
		}
		line := bytes.TrimRight(d.src[i:i+nl], " \t\r")
		i += nl + 1
		if !bytes.HasSuffix(line, []byte("\\")) {
			return i
		}
	}
	return len(d.src)
}

// from reads FROM [--flag…] image [AS name] and starts a stage.
func (d *dockerReader) from(from, to int) {
	fields := strings.Fields(string(d.src[from:to]))
	d.stage = ""
	for i := 0; i+1 < len(fields); i++ {
		if strings.EqualFold(fields[i], "as") {
			d.stage = fields[i+1]
		}
	}
}

// pairs reads the name=value pairs of ENV or ARG between from and to. For
// ENV, a first word without = is the legacy form: name, then the rest as
// the value. An ARG without a default sets nothing.
func (d *dockerReader) pairs(from, to int, env bool) {
	i := skipDockerSpace(d.src, from, to)
	for i < to {
		keyStart := i
		for i < to && !isDockerSpace(d.src[i]) && d.src[i] != '=' {
			i++
		}
		key := string(d.src[keyStart:i])
		if key == "" || strings.HasPrefix(key, "#") {
			return
		}
		if i >= to || d.src[i] != '=' {
			if env && keyStart == skipDockerSpace(d.src, from, to) {
				valStart := skipDockerSpace(d.src, i, to)
				valEnd := to
				for valEnd > valStart && isDockerSpace(d.src[valEnd-1]) {
					valEnd--
				}
				d.add(key, keyStart, valStart, valEnd)
			}
			return
		}
		i++ // =
		valStart := i
		i = dockerValueEnd(d.src, i, to)
		d.add(key, keyStart, valStart, i)
		i = skipDockerSpace(d.src, i, to)
	}
}

func (d *dockerReader) add(key string, keyAt, from, to int) {
	raw := d.src[from:to]
	value, quoted := unquoteDocker(raw)
	path := []string{key}
	if d.stage != "" {
		path = []string{d.stage, key}
		d.doc.recordKey(path[:1], d.idx.pos(keyAt).Line)
	}
	d.doc.recordKey(path, d.idx.pos(keyAt).Line)
	d.doc.add(Entry{
		Path: path, KeyPos: d.idx.pos(keyAt), Value: secret.New(value), Quoted: quoted,
		Range: Range{Start: d.idx.pos(from), End: d.idx.pos(to)},
	})
}

// dockerValueEnd returns where the value starting at i ends: at a blank
// outside quotes that is not escaped.
func dockerValueEnd(src []byte, i, to int) int {
	var quote byte
	for ; i < to; i++ {
		c := src[i]
		switch {
		case c == '\\' && quote != '\'':
			i++
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case isDockerSpace(c):
			return i
		}
	}
	return min(i, to)
}

// unquoteDocker resolves the quotes and backslash escapes of a value;
// continued lines join.
func unquoteDocker(raw []byte) (string, bool) {
	var b strings.Builder
	var quote byte
	quoted := false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '\\' && quote != '\'' && i+1 < len(raw):
			i++
			if raw[i] == '\r' && i+1 < len(raw) {
				i++
			}
			if raw[i] != '\n' {
				b.WriteByte(raw[i])
			}
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote, quoted = c, true
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), quoted
}

func isDockerSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\' }

func skipDockerSpace(src []byte, i, to int) int {
	for i < to && isDockerSpace(src[i]) {
		if src[i] == '\\' && (i+1 >= to || !isDockerSpace(src[i+1])) {
			break // an escaped character, not a continuation
		}
		i++
	}
	return i
}

// heredocStart finds <<EOF, <<-EOF or <<"EOF" in an instruction and
// returns its terminator.
func heredocStart(line []byte) (term string, indented, ok bool) {
	j := bytes.Index(line, []byte("<<"))
	if j < 0 {
		return "", false, false
	}
	rest := line[j+2:]
	if len(rest) > 0 && rest[0] == '-' {
		indented, rest = true, rest[1:]
	}
	rest = bytes.TrimLeft(rest, `"'`)
	if len(rest) == 0 || !isCodeWordStart(rest[0]) {
		return "", false, false // a shift ($((1<<2))), not a heredoc
	}
	n := 0
	for n < len(rest) && isCodeWordByte(rest[n]) {
		n++
	}
	return string(rest[:n]), indented, true
}

// skipHeredoc returns the offset after the line that ends a heredoc body
// starting at i.
func skipHeredoc(src []byte, i int, term string, indented bool) int {
	for i < len(src) {
		nl := bytes.IndexByte(src[i:], '\n')
		end := len(src)
		if nl >= 0 {
			end = i + nl
		}
		line := strings.TrimRight(string(src[i:end]), "\r")
		i = min(len(src), end+1)
		if indented {
			line = strings.TrimLeft(line, "\t")
		}
		if line == term {
			return i
		}
	}
	return i
}
