package tmpl

import (
	"html/template"
	"strconv"
	texttemplate "text/template"
	"text/template/parse"
)

// foldI18n replaces each {{ i18n "key" }} (or T) without a count in the
// parse trees by the key's translation as a string constant: the tables do
// not change for the life of the Engine, and the call, through reflection
// and for every page, cost more than printing the text. It runs after a parse
// and before the first execution (html/template escapes the folded tree as
// it would the call's output). A theme that brings its own i18n or T
// function keeps its calls.
func (e *Engine) foldI18n(roots []*parse.Tree) {
	if e.opts.Funcs["i18n"] != nil || e.opts.Funcs["T"] != nil {
		return
	}
	for _, tr := range roots {
		if tr == nil {
			continue
		}
		walkNodes(tr.Root, func(n parse.Node) {
			p, ok := n.(*parse.PipeNode)
			if !ok || len(p.Cmds) == 0 {
				return
			}
			// Only the first command: a later one gets the value piped to
			// it as its last argument ({{ 3 | i18n "pages" }} is a count).
			c := p.Cmds[0]
			if len(c.Args) != 2 {
				return
			}
			id, ok := c.Args[0].(*parse.IdentifierNode)
			if !ok || id.Ident != "i18n" && id.Ident != "T" {
				return
			}
			key, ok := c.Args[1].(*parse.StringNode)
			if !ok {
				return
			}
			text, err := e.translate(key.Text)
			if err != nil {
				return
			}
			c.Args = []parse.Node{&parse.StringNode{NodeType: parse.NodeString, Pos: key.Pos, Quoted: strconv.Quote(text), Text: text}}
		})
	}
}

// htmlTrees are the parse trees of the templates of t's set.
func htmlTrees(t *template.Template) []*parse.Tree {
	var out []*parse.Tree
	for _, x := range t.Templates() {
		out = append(out, x.Tree)
	}
	return out
}

// textTrees are the parse trees of the templates of t's set.
func textTrees(t *texttemplate.Template) []*parse.Tree {
	var out []*parse.Tree
	for _, x := range t.Templates() {
		out = append(out, x.Tree)
	}
	return out
}
