package tmpl

import (
	"text/template/parse"
)

// siteOnly reports whether the output of partial name, given a page, depends
// only on that page's site: every value it reads from the page starts with
// .Site (a header over .Site.Sections, a footer of .Site.Footer facts, a
// toolbar of fixed links). Such a partial renders the same bytes for every
// page of a render, so partial runs it once per render and shares the
// output, as partialCached would. The analysis is conservative: the page
// itself (. or $) passed on, a field of the page other than Site, a
// nested partial or template, or a function whose value may change from
// call to call (now) make it page-dependent.
//
// partial asks once per partial (partialT.siteOnly).
func (e *Engine) siteOnly(name string) bool {
	ok := false
	file := "layouts/partials/" + name
	if set, parsed := e.parsed(file); parsed && len(set) == 1 && set[file] != nil {
		s := &siteScan{vars: map[string]bool{}}
		s.list(set[file].Root, false)
		ok = !s.page
	}
	return ok
}

// siteScan walks a parse tree. siteDot says whether dot is a value made
// from the site (inside a with or range over one) rather than the page.
// vars says, per variable, whether it holds the page ($ does).
type siteScan struct {
	vars map[string]bool // name → holds the page
	page bool            // something reads the page beyond .Site
}

func (s *siteScan) list(l *parse.ListNode, siteDot bool) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		s.node(n, siteDot)
	}
}

func (s *siteScan) node(n parse.Node, siteDot bool) {
	switch n := n.(type) {
	case *parse.ActionNode:
		s.pipe(n.Pipe, siteDot)
	case *parse.IfNode:
		s.pipe(n.Pipe, siteDot)
		s.list(n.List, siteDot)
		s.list(n.ElseList, siteDot)
	case *parse.WithNode:
		s.pipe(n.Pipe, siteDot)
		s.list(n.List, true) // the pipe's value is made from the site
		s.list(n.ElseList, siteDot)
	case *parse.RangeNode:
		s.pipe(n.Pipe, siteDot)
		s.list(n.List, true)
		s.list(n.ElseList, siteDot)
	case *parse.TextNode, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
	default: // {{ template }}, {{ block }} and whatever else: assume the page
		s.page = true
	}
}

func (s *siteScan) pipe(p *parse.PipeNode, siteDot bool) {
	if p == nil {
		return
	}
	for _, c := range p.Cmds {
		for i, a := range c.Args {
			if id, ok := a.(*parse.IdentifierNode); ok && i == 0 {
				switch id.Ident {
				case "partial", "partialCached", "now", "template":
					s.page = true
				}
				continue
			}
			s.arg(a, siteDot)
		}
	}
	for _, v := range p.Decl {
		s.vars[v.Ident[0]] = false // the value of a pipe that passed is the site's
	}
}

func (s *siteScan) arg(n parse.Node, siteDot bool) {
	switch n := n.(type) {
	case *parse.DotNode:
		if !siteDot {
			s.page = true
		}
	case *parse.FieldNode:
		if !siteDot && n.Ident[0] != "Site" {
			s.page = true
		}
	case *parse.VariableNode:
		page, known := s.vars[n.Ident[0]]
		if n.Ident[0] == "$" {
			page, known = true, true
		}
		if !known || page && (len(n.Ident) < 2 || n.Ident[1] != "Site") {
			s.page = true
		}
	case *parse.ChainNode:
		switch m := n.Node.(type) {
		case *parse.PipeNode:
			s.pipe(m, siteDot)
		default:
			s.page = true // (.).Field and the like: not worth following
		}
	case *parse.PipeNode:
		s.pipe(n, siteDot)
	case *parse.IdentifierNode:
		switch n.Ident {
		case "partial", "partialCached", "now", "template":
			s.page = true
		}
	case *parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
	default:
		s.page = true
	}
}
