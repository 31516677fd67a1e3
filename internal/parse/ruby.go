package parse

import (
	"strconv"
	"strings"
)

// Ruby reads a Ruby configuration file (Rails' config/environments/*.rb,
// config/application.rb, initializers): every assignment whose target is
// a name, a.b.c or A::B.c, with an optional [literal] index, anywhere but
// in a method body. config.action_mailer.smtp_settings = { address:
// "smtp.acme.io" } yields config.action_mailer.smtp_settings.address.
//
// Literal values are strings without interpolation, numbers, symbols,
// true, false and nil, and the arrays and hashes of them; anything else
// (ENV.fetch("X", "default"), ENV["X"] || "default", calls) is a
// reference to its source. A block under `if Rails.env.production?` (or
// Rails.env == "production") is a guard with that environment.
func Ruby(content []byte) (*Doc, error) {
	p := newCodeParser(content, rubyLang)
	err := p.statements(p.rubyStatement)
	return p.doc, err
}

// rubyOpeners are the keywords that open a block closed by end when they
// start a statement (as modifiers at a line's end they open nothing).
var rubyOpeners = map[string]bool{"if": true, "unless": true, "case": true, "begin": true, "class": true, "module": true, "def": true, "while": true, "until": true, "for": true}

func (p *codeParser) rubyStatement() error {
	t := p.peek(0)
	if t.kind == tWord {
		switch {
		case rubyOpeners[t.text]:
			b := codeBlock{code: t.text == "def"}
			if t.text == "if" {
				b.guard = p.rubyGuard()
			}
			p.blocks = append(p.blocks, b)
			return nil
		case t.text == "elsif" || t.text == "else" || t.text == "when" || t.text == "rescue" || t.text == "ensure":
			if n := len(p.blocks); n > 0 {
				p.blocks[n-1].guard = 0
				if t.text == "elsif" {
					p.blocks[n-1].guard = p.rubyGuard()
				}
			}
			return nil
		}
	}
	if p.inCode() {
		return nil
	}
	path, keyPos, ok := p.target()
	if !ok {
		return nil
	}
	p.recordPath(path, keyPos.Line)
	if err := p.value(path, keyPos, 0); err != nil {
		return err
	}
	// config.cache_store = :redis_cache_store, { url: … }: the values
	// after the first are its arguments.
	for n := 1; p.is(0, tPunct, ","); n++ {
		p.i++
		p.skipNewlines()
		if err := p.value(appendPath(path, strconv.Itoa(n)), keyPos, 1); err != nil {
			return err
		}
	}
	return nil
}

// rubyGuard reads the condition of the if or elsif at p.i and returns its
// guard number when it tests one environment: Rails.env.production?,
// Rails.env == "production", ENV["RAILS_ENV"] == "production".
func (p *codeParser) rubyGuard() int {
	start := p.i
	end := start
	for end < len(p.toks) && p.toks[end].kind != tNewline {
		end++
	}
	env, readsEnv := "", false
	for i := start + 1; i < end; i++ {
		t := p.toks[i]
		switch {
		case t.kind == tPunct && (t.text == "||" || t.text == "&&" || t.text == "!=") || t.kind == tWord && (t.text == "or" || t.text == "and" || t.text == "not"):
			return 0 // a combination: not one environment
		case t.kind == tWord && t.text == "env" && i >= 1 && p.toks[i-1].text == ".":
			readsEnv = true // Rails.env
		case t.kind == tWord && strings.HasSuffix(t.text, "?") && i >= 2 && p.toks[i-2].text == "env":
			env = strings.TrimSuffix(t.text, "?")
		case t.kind == tString && envVariableNames[t.text]:
			readsEnv = true // ENV["RAILS_ENV"]
		case t.kind == tString && t.literal && i >= 2 && p.toks[i-1].text == "==":
			env = t.text
		case t.kind == tString:
			return 0 // any other string: the condition is about something else
		}
	}
	// The condition becomes a section name that envs prints: only a
	// comparison of the environment with a plain name is one, never one
	// that quotes another literal.
	if !readsEnv || !isEnvironmentWord(env) {
		return 0
	}
	name := strings.TrimSpace(string(p.src[p.toks[start].start:p.toks[end-1].end]))
	return p.addGuard(name, env, p.toks[start].start)
}

// envVariableNames are the variables that name the environment a Ruby
// application runs in.
var envVariableNames = map[string]bool{"RAILS_ENV": true, "RACK_ENV": true, "APP_ENV": true}

// isEnvironmentWord reports a plain environment name: letters, - and _,
// as environments are named; a secret is never one of those alone.
func isEnvironmentWord(s string) bool {
	if s == "" || len(s) > 24 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && c != '-' && c != '_' {
			return false
		}
	}
	return true
}
