package gitsource

import (
	"strings"
	"testing"
)

var (
	idA   = strings.Repeat("a", 40)
	idB   = strings.Repeat("b", 40)
	id256 = strings.Repeat("c", 64)
)

func TestReadUpdates(t *testing.T) {
	in := idA + " " + idB + " refs/heads/main\r\n" +
		ZeroID + " " + idB + " refs/tags/v1.0\n" +
		strings.ToUpper(idB) + " " + ZeroID + " refs/heads/feature/x\n" +
		ZeroID256 + " " + id256 + " refs/heads/sha256\n\n\r\n"
	got, err := ReadUpdates(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []RefUpdate{
		{idA, idB, "refs/heads/main"},
		{ZeroID, idB, "refs/tags/v1.0"},
		{idB, ZeroID, "refs/heads/feature/x"},
		{ZeroID256, id256, "refs/heads/sha256"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("update %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if !got[1].IsCreate() || got[1].IsDelete() || !got[2].IsDelete() || got[0].IsCreate() {
		t.Error("IsCreate/IsDelete wrong")
	}
	if ups, err := ReadUpdates(strings.NewReader("")); err != nil || len(ups) != 0 {
		t.Errorf("empty input: %v %v", ups, err)
	}
}

func TestReadUpdatesRejects(t *testing.T) {
	good := idA + " " + idB + " refs/heads/main\n"
	cases := map[string]string{
		"x y\n":                                   "line 1: want",
		good + "\n" + good:                        "line 2: empty line",
		good + idA + " " + idB + "\n":             "line 2: want",
		good + idA + "  " + idB + " refs/x\n":     "line 2: want",
		"zz " + idB + " refs/heads/x\n":           "line 1: old id",
		idA + " " + idB[1:] + " refs/heads/x\n":   "line 1: new id",
		idA + " " + id256 + " refs/heads/x\n":     "differ in length",
		ZeroID + " " + ZeroID + " refs/heads/x\n": "both zero",
		idA + " " + idB + " heads/main\n":         "does not start with refs/",
		idA + " " + idB + " refs/\n":              "does not start with refs/",
		idA + " " + idB + " refs/heads/a\tb\n":    "character",
		idA + " " + idB + " refs/heads/a..b\n":    "sequence",
		idA + " " + idB + " refs/heads/a@{1}\n":   "sequence",
		idA + " " + idB + " refs/heads/x.lock\n":  "component",
		idA + " " + idB + " refs/heads/.hidden\n": "component",
		idA + " " + idB + " refs/heads/end/\n":    "ends with",
		idA + " " + idB + " refs/heads/a:b\n":     "character",
		strings.Repeat("x", maxLineLength+10):     "line 1: longer than",
	}
	for in, want := range cases {
		_, err := ReadUpdates(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadUpdates(%.60q) = %v, want an error with %q", in, err, want)
			continue
		}
		assertNoEcho(t, in, err.Error())
	}
}

func TestReadPushUpdates(t *testing.T) {
	in := "refs/heads/main " + idB + " refs/heads/main " + idA + "\r\n" +
		"(delete) " + ZeroID + " refs/heads/old " + idA + "\n" +
		"HEAD " + idA + " refs/heads/new " + ZeroID + "\n"
	got, err := ReadPushUpdates(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []PushUpdate{
		{"refs/heads/main", idB, "refs/heads/main", idA},
		{"(delete)", ZeroID, "refs/heads/old", idA},
		{"HEAD", idA, "refs/heads/new", ZeroID},
	}
	for i := range want {
		if i >= len(got) || got[i] != want[i] {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	}
	if !got[1].IsDelete() || got[0].IsDelete() {
		t.Error("IsDelete wrong")
	}
	for in, want := range map[string]string{
		"refs/heads/main " + idB + " refs/heads/main\n":                   "line 1: want",
		"refs/heads/main " + idB + " main " + idA + "\n":                  "remote ref name",
		"\x01 " + idB + " refs/heads/main " + idA + "\n":                  "local ref",
		"refs/heads/main " + idB + " refs/heads/main " + "nothex\n":       "remote id",
		"refs/heads/main " + ZeroID + " refs/heads/main " + ZeroID + "\n": "both zero",
	} {
		_, err := ReadPushUpdates(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadPushUpdates(%.60q) = %v, want %q", in, err, want)
			continue
		}
		assertNoEcho(t, in, err.Error())
	}
}

// assertNoEcho fails if an error message repeats a field of the input: hook
// input may be anything, and errors reach the pusher's terminal.
func assertNoEcho(t *testing.T, input, msg string) {
	t.Helper()
	for _, field := range strings.FieldsFunc(input, func(r rune) bool { return r == ' ' || r == '\n' || r == '\r' }) {
		if len(field) >= 6 && strings.Contains(msg, field) {
			t.Errorf("error %q repeats input %q", msg, field)
		}
	}
}

func FuzzReadUpdates(f *testing.F) {
	f.Add(idA + " " + idB + " refs/heads/main\n")
	f.Add(ZeroID + " " + idB + " refs/tags/v1\r\n\n")
	f.Add(ZeroID256 + " " + id256 + " refs/heads/x\n" + idA + " " + ZeroID + " refs/heads/y")
	f.Add(idA + " " + idB + " refs/heads/a..b\n")
	f.Add("\n\n" + idA + " " + idB + " refs/heads/main\n")
	f.Add("garbage")
	f.Fuzz(func(t *testing.T, in string) {
		ups, err := ReadUpdates(strings.NewReader(in))
		if err != nil {
			assertNoEcho(t, in, err.Error())
			return
		}
		var b strings.Builder
		for _, u := range ups {
			if len(u.Old) != len(u.New) || !isHex(u.Old) || !isHex(u.New) || refNameProblem(u.Ref) != "" {
				t.Fatalf("accepted %+v", u)
			}
			b.WriteString(u.Old + " " + u.New + " " + u.Ref + "\n")
		}
		again, err := ReadUpdates(strings.NewReader(b.String()))
		if err != nil || len(again) != len(ups) {
			t.Fatalf("round trip: %v, %d updates instead of %d", err, len(again), len(ups))
		}
	})
}

func FuzzReadPushUpdates(f *testing.F) {
	f.Add("refs/heads/main " + idB + " refs/heads/main " + idA + "\n")
	f.Add("(delete) " + ZeroID + " refs/heads/old " + idA + "\r\n\n")
	f.Add("HEAD " + id256 + " refs/heads/new " + ZeroID256)
	f.Add("a b c d")
	f.Fuzz(func(t *testing.T, in string) {
		ups, err := ReadPushUpdates(strings.NewReader(in))
		if err != nil {
			assertNoEcho(t, in, err.Error())
			return
		}
		for _, u := range ups {
			if len(u.LocalID) != len(u.RemoteID) || u.LocalRef == "" || refNameProblem(u.RemoteRef) != "" {
				t.Fatalf("accepted %+v", u)
			}
		}
	})
}
