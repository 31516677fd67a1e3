package parse

import (
	"slices"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/envfence/envfence/internal/secret"
)

// HCL parses Terraform, .tfvars and Terragrunt files. Attributes are
// entries; blocks add their type and labels to the path; object and tuple
// constructors nest. A literal is its value; anything else (var.x,
// "${var.x}", function calls) is its source text, so later stages can tell
// a reference from a literal.
func HCL(content []byte) (doc *Doc, err error) {
	content = stripBOM(content)
	doc = newDoc()
	defer func() {
		if recover() != nil {
			err = &Error{Message: "invalid HCL"}
		}
	}()
	file, diags := hclsyntax.ParseConfig(content, "file.hcl", hcl.InitialPos)
	h := hclWalker{src: content, idx: newLineIndex(content), doc: doc}
	if file != nil {
		if body, ok := file.Body.(*hclsyntax.Body); ok {
			h.body(body, nil)
		}
	}
	if diags.HasErrors() {
		e := &Error{Message: "invalid HCL syntax"}
		for _, d := range diags {
			if d.Severity == hcl.DiagError && d.Subject != nil {
				e.Pos = h.idx.pos(d.Subject.Start.Byte)
				break
			}
		}
		return doc, e
	}
	return doc, nil
}

type hclWalker struct {
	src []byte
	idx *lineIndex
	doc *Doc
}

func (h *hclWalker) body(b *hclsyntax.Body, path []string) {
	attrs := make([]*hclsyntax.Attribute, 0, len(b.Attributes))
	for _, a := range b.Attributes {
		attrs = append(attrs, a)
	}
	slices.SortFunc(attrs, func(x, y *hclsyntax.Attribute) int { return x.SrcRange.Start.Byte - y.SrcRange.Start.Byte })
	for _, a := range attrs {
		if isDeclarationAttribute(path, a.Name) {
			continue
		}
		h.expr(a.Expr, appendPath(path, a.Name), h.idx.pos(a.NameRange.Start.Byte))
	}
	for _, blk := range b.Blocks {
		p := appendPath(path, blk.Type)
		p = append(p, blk.Labels...)
		h.body(blk.Body, p)
	}
}

func (h *hclWalker) expr(e hclsyntax.Expression, path []string, keyPos Pos) {
	switch x := e.(type) {
	case *hclsyntax.ObjectConsExpr:
		for _, item := range x.Items {
			key := h.objectKey(item.KeyExpr)
			h.expr(item.ValueExpr, appendPath(path, key), h.idx.pos(item.KeyExpr.Range().Start.Byte))
		}
	case *hclsyntax.TupleConsExpr:
		for i, el := range x.Exprs {
			h.expr(el, appendPath(path, strconv.Itoa(i)), h.idx.pos(el.Range().Start.Byte))
		}
	case *hclsyntax.FunctionCallExpr, *hclsyntax.ConditionalExpr:
		// yamlencode({ adminPassword = "…" }), merge(local.x, { … }),
		// cond ? { … } : { … }: the objects and lists such an expression
		// builds are read as entries of the key; its other operands
		// (format("%s/%s", …, "password")) are pieces of a computation,
		// not values, and the expression is a reference.
		if parts := structures(x); len(parts) > 0 {
			for _, part := range parts {
				h.expr(part, path, keyPos)
			}
			return
		}
		h.leaf(e, path, keyPos)
	default:
		h.leaf(e, path, keyPos)
	}
}

// leaf records an expression as one entry.
func (h *hclWalker) leaf(e hclsyntax.Expression, path []string, keyPos Pos) {
	value, quoted := h.literal(e)
	r := e.Range()
	start := h.idx.pos(r.Start.Byte)
	// The library gives an incomplete expression ("A=A(") a range that
	// ends before it starts: an entry never does.
	end := maxPos(start, h.idx.pos(r.End.Byte))
	h.doc.add(Entry{
		Path: path, KeyPos: keyPos, Value: secret.New(value), Quoted: quoted,
		Range: Range{Start: start, End: end},
	})
}

// structures returns the operands of a call or conditional that build
// objects or lists, directly or through further calls and conditionals.
func structures(e hclsyntax.Expression) []hclsyntax.Expression {
	var operands []hclsyntax.Expression
	switch x := e.(type) {
	case *hclsyntax.FunctionCallExpr:
		operands = x.Args
	case *hclsyntax.ConditionalExpr:
		operands = []hclsyntax.Expression{x.TrueResult, x.FalseResult}
	}
	var out []hclsyntax.Expression
	for _, o := range operands {
		switch o.(type) {
		case *hclsyntax.ObjectConsExpr, *hclsyntax.TupleConsExpr:
			out = append(out, o)
		case *hclsyntax.FunctionCallExpr, *hclsyntax.ConditionalExpr:
			if len(structures(o)) > 0 {
				out = append(out, o)
			}
		}
	}
	return out
}

// isDeclarationAttribute reports attributes of a Terraform variable or
// output block that declare rather than set: a variable's type
// constraint (object({ db_password = string }) names types, not values),
// its validation and description. Only a variable's default is a value.
func isDeclarationAttribute(path []string, name string) bool {
	if len(path) != 2 || path[0] != "variable" && path[0] != "output" {
		return false
	}
	switch name {
	case "type", "description", "validation", "sensitive", "nullable", "ephemeral", "depends_on", "precondition":
		return true
	}
	return false
}

// literal returns a literal's value, or the expression's source text. An
// expression that is not a template (a traversal such as
// aws_iam_access_key.ci.secret, a function call, a conditional) is
// wrapped as an interpolation, "${…}", as Terraform itself would write it
// inside a string: it refers to a value, it never is one.
func (h *hclWalker) literal(e hclsyntax.Expression) (string, bool) {
	switch x := e.(type) {
	case *hclsyntax.TemplateExpr:
		if len(x.Parts) == 1 {
			if lit, ok := x.Parts[0].(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && lit.Val.IsKnown() && !lit.Val.IsNull() {
				return lit.Val.AsString(), true
			}
		}
		if len(x.Parts) == 0 {
			return "", true
		}
		return h.sourceText(e.Range()), false
	case *hclsyntax.LiteralValueExpr:
		if x.Val.IsNull() {
			return "", false
		}
		return h.sourceText(e.Range()), false
	}
	return "${" + h.sourceText(e.Range()) + "}", false
}

func (h *hclWalker) objectKey(k hclsyntax.Expression) string {
	if kw := hcl.ExprAsKeyword(k); kw != "" {
		return kw
	}
	if wrapped, ok := k.(*hclsyntax.ObjectConsKeyExpr); ok {
		if kw := hcl.ExprAsKeyword(wrapped.Wrapped); kw != "" {
			return kw
		}
		v, _ := h.literal(wrapped.Wrapped)
		return v
	}
	v, _ := h.literal(k)
	return v
}

func (h *hclWalker) sourceText(r hcl.Range) string {
	start, end := max(0, r.Start.Byte), min(len(h.src), r.End.Byte)
	if start >= end {
		return ""
	}
	return string(h.src[start:end])
}
