package parse

// PHP reads a PHP configuration file (Laravel's config/*.php, which
// return an array; CodeIgniter's and WordPress's assignments and
// constants): the array a file returns yields entries by its keys
// ('connections' => ['mysql' => ['password' => …]] is
// connections.mysql.password), $name['key'] = value yields name.key, and
// define('NAME', value) and const NAME = value yield NAME.
//
// Literals are single-quoted strings, double-quoted strings without
// $variables, numbers, true, false and null, and the arrays of them;
// anything else (env('DB_PASSWORD', 'secret'), calls, concatenation) is a
// reference to its source, whose literal default package values reads.
func PHP(content []byte) (*Doc, error) {
	p := newCodeParser(content, phpLang)
	err := p.statements(p.phpStatement)
	return p.doc, err
}

func (p *codeParser) phpStatement() error {
	t := p.peek(0)
	switch {
	case p.isKeyword(0, "return"):
		p.i++
		if t := p.peek(0); t.kind != tPunct || t.text != "[" && t.text != "(" {
			if !p.is(0, tWord, "array") && !p.is(0, tWord, "Array") {
				return nil
			}
		}
		return p.value(nil, Pos{}, 0)
	case p.isKeyword(0, "const") && p.peek(1).kind == tWord && p.is(2, tPunct, "="):
		name := p.peek(1)
		p.i += 3
		return p.value([]string{name.text}, p.idx.pos(name.start), 0)
	case p.isKeyword(0, "define") && p.is(1, tPunct, "("):
		name := p.peek(2)
		if name.kind != tString || !name.literal || !p.is(3, tPunct, ",") {
			return nil
		}
		p.i += 4
		path := []string{name.text}
		p.recordPath(path, p.idx.pos(name.start).Line)
		return p.value(path, p.idx.pos(name.start), 0)
	case t.kind == tWord && len(t.text) > 1 && t.text[0] == '$':
		path, keyPos, ok := p.target()
		if !ok {
			return nil
		}
		path[0] = path[0][1:] // the variable's name, without $
		p.recordPath(path, keyPos.Line)
		return p.value(path, keyPos, 0)
	}
	return nil
}
