// Package secret carries values read from scanned files in a type that
// cannot be printed, logged or marshalled in the clear.
//
// Every scalar that a parser reads from a file is a Value: the parser does not
// know yet whether it is a password or a port number, so everything starts out
// secret. Code that needs the text (to compare, to classify, to extract a host)
// calls Reveal, which is easy to grep for and never reaches a reporter: the
// fmt verbs, encoding/json, encoding/text and slog all print a redaction
// marker instead, which says nothing about the value.
package secret

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime"
)

// digestKey keys the hash that groups equal values inside one scan and in
// the hook's caches (which hash it again under a per-index salt). The key
// is public, so a digest would let a reader test guesses: it is never
// output, and the redaction marker carries none.
var digestKey = []byte("envfence/v1 value fingerprint")

// Value is a string read from a scanned file.
// The zero Value is the empty string.
type Value struct {
	s string
}

// New wraps s.
func New(s string) Value { return Value{s: s} }

// Reveal returns the text. Use it only to compare, classify or parse the
// value; never pass the result to a message, a note, an error or a log.
func (v Value) Reveal() string { return v.s }

// IsEmpty reports whether the value is the empty string.
func (v Value) IsEmpty() bool { return v.s == "" }

// Len returns the length of the value in bytes.
func (v Value) Len() int { return len(v.s) }

// Equal reports whether two values hold the same text.
func (v Value) Equal(w Value) bool { return hmac.Equal([]byte(v.s), []byte(w.s)) }

// Digest returns the full keyed hash of the value as hex: a stable identity
// for grouping equal values without holding their text.
func (v Value) Digest() string {
	m := hmac.New(sha256.New, digestKey)
	m.Write([]byte(v.s))
	return hex.EncodeToString(m.Sum(nil))
}

// String implements fmt.Stringer with a redaction marker.
func (v Value) String() string {
	if v.s == "" {
		return "[empty]"
	}
	return "[redacted]"
}

// GoString implements fmt.GoStringer so that %#v does not reveal the value.
func (v Value) GoString() string { return "secret.Value(" + v.String() + ")" }

// Format implements fmt.Formatter: every verb prints the redaction marker.
func (v Value) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, v.GoString())
		return
	}
	fmt.Fprint(f, v.String())
}

// MarshalText implements encoding.TextMarshaler with the redaction marker.
func (v Value) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// MarshalJSON implements json.Marshaler with the redaction marker.
func (v Value) MarshalJSON() ([]byte, error) { return []byte(`"` + v.String() + `"`), nil }

// LogValue implements slog.LogValuer with the redaction marker.
func (v Value) LogValue() slog.Value { return slog.StringValue(v.String()) }

// PanicReason describes a recovered panic for a message. A runtime error
// (an index out of range, a nil dereference) says nothing of the data; any
// other panic value may quote the input it choked on, so only its type is
// given.
func PanicReason(p any) string {
	if err, ok := p.(runtime.Error); ok {
		return err.Error()
	}
	return fmt.Sprintf("a panic (%T)", p)
}
