package main

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func generateInto(t *testing.T, dir string, files int) *generator {
	g := &generator{out: dir, rnd: rand.New(rand.NewPCG(1, 42)), files: files}
	g.generate()
	if err := g.writeExpected(); err != nil {
		t.Fatal(err)
	}
	return g
}

func snapshot(t *testing.T, dir string) map[string][]byte {
	m := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			m[rel] = data
		}
		return err
	})
	return m
}

func TestDeterministicAndPlanted(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	ga := generateInto(t, a, 300)
	generateInto(t, b, 300)
	sa, sb := snapshot(t, a), snapshot(t, b)
	if len(sa) != len(sb) || ga.written < 300 || ga.written > 330 {
		t.Fatalf("%d vs %d files (wanted about 300)", len(sa), len(sb))
	}
	for p, data := range sa {
		if !bytes.Equal(data, sb[p]) {
			t.Fatalf("%s differs between two runs", p)
		}
	}
	var expected []planted
	data, _ := os.ReadFile(a + ".expected.json")
	if err := json.Unmarshal(data, &expected); err != nil || len(expected) == 0 {
		t.Fatalf("expected.json: %v", err)
	}
	for _, e := range expected {
		content, ok := sa[filepath.FromSlash(e.Path)]
		if !ok {
			t.Errorf("%s: planted in a file that was not written", e.Path)
			continue
		}
		lines := strings.Split(string(content), "\n")
		if e.Line < 1 || e.Line > len(lines) {
			t.Errorf("%s:%d: no such line", e.Path, e.Line)
		}
	}
}
