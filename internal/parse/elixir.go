package parse

import "strings"

// Elixir reads an Elixir configuration script (Phoenix's config/dev.exs,
// prod.exs, runtime.exs): each `config :app, Module, key: value, …` (and
// `config :app, key: value`) yields entries under app, Module, key, and
// each top-level `name = value` one under name (runtime.exs reads
// database_url = System.get_env("DATABASE_URL") || "…" that way).
//
// Literals are strings without #{…}, numbers, atoms, true, false and nil,
// and the lists, keyword lists, maps and tuples of them; anything else
// (System.get_env("X", "default"), calls, variables) is a reference to
// its source. `if config_env() == :prod do` (or Mix.env() == :prod) opens
// a guard with that environment up to its else or end.
func Elixir(content []byte) (*Doc, error) {
	p := newCodeParser(content, elixirLang)
	err := p.statements(p.elixirStatement)
	return p.doc, err
}

func (p *codeParser) elixirStatement() error {
	t := p.peek(0)
	switch {
	case p.isKeyword(0, "if"):
		p.pending.guard = p.elixirGuard()
		return nil
	case p.isKeyword(0, "else"):
		if n := len(p.blocks); n > 0 {
			p.blocks[n-1].guard = 0
		}
		return nil
	case p.isKeyword(0, "def") || p.isKeyword(0, "defp"):
		p.pending.code = true
		return nil
	case p.inCode():
		return nil
	case p.isKeyword(0, "config") && (p.peek(1).kind == tSymbol || p.is(1, tPunct, "(")):
		return p.elixirConfig()
	case t.kind == tWord && p.is(1, tPunct, "="):
		p.i += 2
		p.recordPath([]string{t.text}, p.idx.pos(t.start).Line)
		return p.value([]string{t.text}, p.idx.pos(t.start), 0)
	}
	return nil
}

// elixirConfig reads config :app, [Key,] key: value, … at p.i.
func (p *codeParser) elixirConfig() error {
	p.i++ // config
	if p.is(0, tPunct, "(") {
		p.i++
	}
	app := p.peek(0)
	if app.kind != tSymbol || !p.is(1, tPunct, ",") {
		return nil
	}
	path := []string{app.text}
	p.recordPath(path, p.idx.pos(app.start).Line)
	p.i += 2
	p.skipNewlines()
	if key, next, ok := p.configKey(); ok && next < len(p.toks) && p.toks[next].kind == tPunct && p.toks[next].text == "," {
		path = append(path, key)
		p.recordPath(path, p.idx.pos(p.peek(0).start).Line)
		p.i = next + 1
		p.skipNewlines()
	}
	if p.is(0, tPunct, "[") {
		return p.value(path, Pos{}, 0)
	}
	for p.peek(0).kind == tKey {
		k := p.peek(0)
		p.i++
		child := appendPath(path, k.text)
		p.doc.recordKey(child, p.idx.pos(k.start).Line)
		p.skipNewlines()
		if err := p.value(child, p.idx.pos(k.start), 1); err != nil {
			return err
		}
		if !p.is(0, tPunct, ",") {
			break
		}
		p.i++
		p.skipNewlines()
	}
	return nil
}

// configKey reads the second argument of config/3 at p.i: an atom or a
// module name (MyApp.Repo). It returns the key and the index of the token
// after it.
func (p *codeParser) configKey() (string, int, bool) {
	t := p.peek(0)
	if t.kind == tSymbol {
		return t.text, p.i + 1, true
	}
	if t.kind != tWord || t.text == "" || t.text[0] < 'A' || t.text[0] > 'Z' {
		return "", 0, false
	}
	parts := []string{t.text}
	i := p.i + 1
	for i+1 < len(p.toks) && p.toks[i].kind == tPunct && p.toks[i].text == "." && p.toks[i+1].kind == tWord {
		parts = append(parts, p.toks[i+1].text)
		i += 2
	}
	return strings.Join(parts, "."), i, true
}

// elixirGuard reads the condition of the if at p.i up to its do and
// returns its guard number when it compares the environment with one
// atom: config_env() == :prod, Mix.env() == :prod, Mix.env == :prod.
func (p *codeParser) elixirGuard() int {
	start := p.i
	end := start
	for end < len(p.toks) && p.toks[end].kind != tNewline && !(p.toks[end].kind == tWord && p.toks[end].text == "do") {
		end++
	}
	env, envCall := "", false
	for i := start + 1; i < end; i++ {
		t := p.toks[i]
		switch {
		case t.kind == tWord && (t.text == "config_env" || t.text == "env" && i > 1 && p.toks[i-2].text == "Mix"):
			envCall = true
		case t.kind == tPunct && (t.text == "!=" || t.text == "||" || t.text == "&&") || t.kind == tWord && (t.text == "in" || t.text == "or" || t.text == "and" || t.text == "not"):
			return 0
		case t.kind == tSymbol && p.toks[i-1].text == "==":
			env = t.text
		case t.kind == tString:
			return 0 // the condition quotes a literal: about something else
		}
	}
	if !envCall || !isEnvironmentWord(env) || end == start+1 {
		return 0
	}
	name := strings.TrimSpace(string(p.src[p.toks[start].start:p.toks[end-1].end]))
	return p.addGuard(name, env, p.toks[start].start)
}
