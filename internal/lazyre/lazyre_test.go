package lazyre

import "testing"

func TestCompiledOnFirstUse(t *testing.T) {
	r := New(`a(b+)`)
	if !r.MatchString("xabb") || r.FindStringSubmatch("abbb")[1] != "bbb" || r.String() != `a(b+)` {
		t.Fatal("a lazy expression does not behave as regexp does")
	}
	if err := CompileAll(); err != nil {
		t.Fatal(err)
	}
	New(`(`)
	if err := CompileAll(); err == nil {
		t.Fatal("a bad pattern was not reported")
	}
	all = all[:len(all)-1]
}
