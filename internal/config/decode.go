package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/envfence/envfence/internal/safefile"
)

// Error is a configuration error at a line of a file; Line is 0 when the
// error concerns the whole file.
type Error struct {
	File string
	Line int
	Msg  string
}

// Error formats the error as file:line: message.
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// LoadOptions say what the configuration may refer to.
type LoadOptions struct {
	// KnownRules are the rule ids that rules: and ignore: may name; nil
	// accepts any id.
	KnownRules []string
	// FromTree says the file comes from the scanned tree, whose content
	// anyone who can push controls: a symbolic link there is refused, not
	// followed. A path an administrator or user names is followed.
	FromTree bool
}

// maxConfigSize bounds a configuration file: anything larger is not one,
// and the bound keeps alias expansion and error location cheap.
const maxConfigSize = 1 << 20

// Load reads and validates a configuration file.
func Load(path string, opts LoadOptions) (*Config, error) {
	cfg, _, err := LoadData(path, opts)
	return cfg, err
}

// LoadData is Load that also returns the bytes it read, for callers that
// must name the configuration they used (the hook's cache key).
func LoadData(path string, opts LoadOptions) (*Config, []byte, error) {
	data, err := safefile.Read(path, maxConfigSize, !opts.FromTree)
	if errors.Is(err, safefile.ErrTooLarge) {
		return nil, nil, &Error{File: path, Msg: "larger than 1 MiB, which no configuration file needs"}
	}
	if err != nil {
		return nil, nil, &Error{File: path, Msg: "cannot read the configuration: " + pathErrorReason(err)}
	}
	cfg, err := Parse(path, data, opts)
	return cfg, data, err
}

// pathErrorReason drops the path from an fs error: Error names the file.
func pathErrorReason(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse validates configuration data; name is the file name used in
// errors. Empty data (or only comments) gives Default().
func Parse(name string, data []byte, opts LoadOptions) (*Config, error) {
	if len(data) > maxConfigSize {
		return nil, &Error{File: name, Msg: "larger than 1 MiB, which no configuration file needs"}
	}
	root, err := parseYAML(name, data)
	if err != nil {
		return nil, err
	}
	cfg := Default()
	cfg.File = name
	if root == nil {
		return cfg, nil
	}
	d := &decoder{file: name, known: opts.KnownRules, budget: maxNodes}
	if err := decodeFields(d, root, "", topFields, cfg); err != nil {
		return nil, err
	}
	return cfg, nil
}

// parseYAML returns the root node of the file's only document, or nil for
// a file without content.
func parseYAML(name string, data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, yamlError(name, data, err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, yamlError(name, data, err)
	default:
		return nil, &Error{File: name, Line: next.Line, Msg: "a second YAML document: the configuration is a single document"}
	}
	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		return nil, nil
	}
	return doc.Content[0], nil
}

var yamlLinePrefix = regexp.MustCompile(`^line (\d+): `)

// yamlError turns a YAML syntax error into an Error with a line. The YAML
// library's messages describe the syntax and never include scalar values.
func yamlError(name string, data []byte, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLinePrefix.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: name, Line: line, Msg: "invalid YAML: " + msg[len(m[0]):]}
	}
	return &Error{File: name, Line: firstFailingLine(data, msg), Msg: "invalid YAML: " + msg}
}

// firstFailingLine finds the line of a YAML error whose message has none
// (an unknown escape or anchor): the shortest prefix of whole lines that
// fails with the same message ends at it.
func firstFailingLine(data []byte, msg string) int {
	ends := lineEnds(data)
	i := sort.Search(len(ends), func(i int) bool {
		return yamlMessage(data[:ends[i]]) == msg
	})
	if i == len(ends) {
		return 0
	}
	return i + 1
}

// lineEnds returns the offset just past each line of data.
func lineEnds(data []byte) []int {
	var ends []int
	for i, b := range data {
		if b == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		ends = append(ends, len(data))
	}
	return ends
}

// yamlMessage returns the first error that decoding every document of data
// gives, without the "yaml: " prefix, or "".
func yamlMessage(data []byte) string {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return ""
		}
		if err != nil {
			return strings.TrimPrefix(err.Error(), "yaml: ")
		}
	}
}
