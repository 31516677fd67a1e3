package parse

import "regexp"

// scriptObjectStart finds an object literal that a module assigns at the
// top of a line: export const environment = {, export default {,
// module.exports = {, const config: Config = {.
var scriptObjectStart = regexp.MustCompile(`(?m)^[ \t]*(?:export[ \t]+default[ \t]+|export[ \t]+(?:const|let|var)[ \t]+[A-Za-z_$][\w$]*(?:[ \t]*:[^=\n{]+)?[ \t]*=[ \t]*|module\.exports[ \t]*=[ \t]*|(?:const|let|var)[ \t]+[A-Za-z_$][\w$]*(?:[ \t]*:[^=\n{]+)?[ \t]*=[ \t]*)\{`)

// Script parses the object literals of a JavaScript or TypeScript
// configuration module (Angular's src/environments/environment.prod.ts,
// node-config's config/production.js): each object assigned at the top of
// a line, with JSON5 syntax. Values that are not literals (process.env.X,
// calls, templates with ${…}) yield nothing; everything outside the objects
// (imports, functions) is not read. Keys go by their path inside the
// object, without the variable's name.
func Script(content []byte) (*Doc, error) {
	content = stripBOM(content)
	p := &jsonParser{src: content, idx: newLineIndex(content), doc: newDoc(), script: true}
	var first error
	for _, m := range scriptObjectStart.FindAllIndex(content, -1) {
		brace := m[1] - 1
		if brace < p.i {
			continue // inside an object already read
		}
		p.i = brace
		if err := p.value(nil, Pos{}, 0); err != nil && first == nil {
			first = err
		}
	}
	return p.doc, first
}
