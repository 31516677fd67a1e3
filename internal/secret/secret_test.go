package secret

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

const clear = "hunter2-very-secret"

func TestValueNeverPrintsItsText(t *testing.T) {
	v := New(clear)
	type wrapper struct {
		V   Value
		Ptr *Value
	}
	outputs := map[string]string{
		"%v":  fmt.Sprintf("%v", v),
		"%s":  fmt.Sprintf("%s", v),
		"%q":  fmt.Sprintf("%q", v),
		"%x":  fmt.Sprintf("%x", v),
		"%#v": fmt.Sprintf("%#v", v),
		"%+v": fmt.Sprintf("%+v", wrapper{V: v, Ptr: &v}),
		"err": fmt.Errorf("wrap: %w", errors.New(v.String())).Error(),
	}
	js, err := json.Marshal(wrapper{V: v, Ptr: &v})
	if err != nil {
		t.Fatal(err)
	}
	outputs["json"] = string(js)
	var logBuf bytes.Buffer
	slog.New(slog.NewJSONHandler(&logBuf, nil)).Info("x", "value", v)
	slog.New(slog.NewTextHandler(&logBuf, nil)).Info("x", "value", v)
	outputs["slog"] = logBuf.String()
	for name, out := range outputs {
		if strings.Contains(out, clear) || strings.Contains(out, "hunter2") {
			t.Errorf("%s leaks the value: %s", name, out)
		}
		if !strings.Contains(out, "[redacted]") || strings.Contains(out, v.Digest()[:6]) {
			t.Errorf("%s does not show the bare redaction marker: %s", name, out)
		}
	}
}

func TestDigestIsStable(t *testing.T) {
	a, b := New(clear), New(clear)
	if a.Digest() != b.Digest() || len(a.Digest()) != 64 {
		t.Fatalf("digest %q vs %q", a.Digest(), b.Digest())
	}
	if a.Digest() == New(clear+"x").Digest() {
		t.Fatal("different values share a fingerprint")
	}
	if !a.Equal(b) || a.Equal(New("other")) {
		t.Fatal("Equal is wrong")
	}
	if New("").String() != "[empty]" {
		t.Fatal("empty marker")
	}
}

// TestPanicReasonQuotesNoInput: a panic value that quotes the input is
// described by its type only; a runtime error, which holds no data, is
// described in full.
func TestPanicReasonQuotesNoInput(t *testing.T) {
	if got := PanicReason("unexpected token " + clear); strings.Contains(got, clear) || got != "a panic (string)" {
		t.Errorf("string panic: %q", got)
	}
	var runtimeErr any
	func() {
		defer func() { runtimeErr = recover() }()
		var s []int
		_ = s[len(clear)]
	}()
	if got := PanicReason(runtimeErr); !strings.Contains(got, "index out of range") {
		t.Errorf("runtime error: %q", got)
	}
}
