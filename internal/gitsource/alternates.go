package gitsource

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// maxAlternateDepth is how deep git follows chains of alternates.
const maxAlternateDepth = 5

// maxAlternatesFile bounds how much of an info/alternates file is read.
const maxAlternatesFile = 1 << 20

// splitAltEntries splits a list of object directories the way git does for
// both GIT_ALTERNATE_OBJECT_DIRECTORIES (sep ':') and info/alternates
// (sep '\n'): an entry starting with '#' is a comment, an entry starting
// with '"' is C-quoted and may contain sep (broken quoting falls back to the
// literal text), empty entries are dropped.
func splitAltEntries(s string, sep byte) []string {
	var out []string
	for s != "" {
		var entry string
		switch {
		case s[0] == '#':
			_, s = cutByte(s, sep)
			continue
		case s[0] == '"':
			if v, rest, ok := unquoteC(s); ok {
				entry, s = v, rest
				if s != "" {
					s = s[1:] // git skips one byte after the closing quote
				}
				break
			}
			entry, s = cutByte(s, sep)
		default:
			entry, s = cutByte(s, sep)
		}
		if entry != "" {
			out = append(out, entry)
		}
	}
	return out
}

// cutByte splits s at the first sep, dropping it.
func cutByte(s string, sep byte) (before, after string) {
	if i := strings.IndexByte(s, sep); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

// unquoteC decodes the C-style quoted string at the start of s (git's
// unquote_c_style): \a \b \f \n \r \t \v \\ \" and three-digit octal escapes.
// rest is what follows the closing quote.
func unquoteC(s string) (value, rest string, ok bool) {
	if s == "" || s[0] != '"' {
		return "", "", false
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			return b.String(), s[i+1:], true
		case '\\':
			n, width, ok := unescapeC(s[i+1:])
			if !ok {
				return "", "", false
			}
			b.WriteByte(n)
			i += width
		default:
			b.WriteByte(c)
		}
	}
	return "", "", false
}

var cEscapes = map[byte]byte{'a': '\a', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v', '\\': '\\', '"': '"'}

// unescapeC decodes the escape after a backslash; width is its length.
func unescapeC(s string) (c byte, width int, ok bool) {
	if s == "" {
		return 0, 0, false
	}
	if c, ok := cEscapes[s[0]]; ok {
		return c, 1, true
	}
	if len(s) < 3 || s[0] < '0' || s[0] > '3' || !isOctal(s[1]) || !isOctal(s[2]) {
		return 0, 0, false
	}
	return (s[0]-'0')<<6 | (s[1]-'0')<<3 | (s[2] - '0'), 3, true
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

// objectDirs collects object directories in lookup order, each once.
type objectDirs struct {
	dirs []string
	seen map[string]bool
}

// collectObjectDirs returns roots followed by their alternates, breadth
// first, so that a repository's own objects come before borrowed ones.
// Relative alternates entries are relative to the objects directory that
// lists them (git's rule; go-git resolves them from the filesystem root).
// Directories that do not exist are skipped, as git does: an object that is
// really needed then fails as missing, never silently.
func collectObjectDirs(roots []string) ([]string, error) {
	o := objectDirs{seen: map[string]bool{}}
	type item struct {
		dir   string
		depth int
	}
	var queue []item
	for _, r := range roots {
		queue = append(queue, item{r, 0})
	}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		real, ok, err := o.add(it.dir)
		if err != nil {
			return nil, err
		}
		if !ok || it.depth >= maxAlternateDepth {
			continue
		}
		alts, err := readAlternates(real)
		if err != nil {
			return nil, err
		}
		for _, a := range alts {
			queue = append(queue, item{a, it.depth + 1})
		}
	}
	return o.dirs, nil
}

// add records dir under its real path. ok is false for a directory already
// seen or missing.
func (o *objectDirs) add(dir string) (real string, ok bool, err error) {
	real, err = filepath.EvalSymlinks(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	info, err := os.Stat(real)
	if err != nil {
		return "", false, err
	}
	if !info.IsDir() || o.seen[real] {
		return "", false, nil
	}
	o.seen[real] = true
	o.dirs = append(o.dirs, real)
	return real, true, nil
}

// readAlternates lists the directories named in dir/info/alternates, made
// absolute.
func readAlternates(dir string) ([]string, error) {
	f, err := os.Open(filepath.Join(dir, "info", "alternates"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxAlternatesFile))
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, e := range splitAltEntries(string(data), '\n') {
		e = filepath.FromSlash(e)
		if !filepath.IsAbs(e) {
			e = filepath.Join(dir, e)
		}
		dirs = append(dirs, filepath.Clean(e))
	}
	return dirs, nil
}
