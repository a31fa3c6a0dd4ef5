package markdown

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// tableScroll wraps a Markdown table in the same scroll container as the
// 指标 tables: a wide table scrolls inside it on a phone instead of widening
// the page, and the container is focusable and labelled, so keyboard users
// can scroll it too (a scrolling <table> of its own cannot take focus).
type tableScroll struct{ ast.BaseBlock }

var kindTableScroll = ast.NewNodeKind("TableScroll")

// Kind implements ast.Node.
func (n *tableScroll) Kind() ast.NodeKind { return kindTableScroll }

// Dump implements ast.Node.
func (n *tableScroll) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// tableWrapper puts every table of the document into a tableScroll.
type tableWrapper struct{}

// Transform implements parser.ASTTransformer.
func (tableWrapper) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var tables []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == east.KindTable {
			tables = append(tables, n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, t := range tables {
		parent := t.Parent()
		w := &tableScroll{}
		parent.ReplaceChild(parent, t, w)
		w.AppendChild(w, t)
	}
}

// tableScrollRenderer writes the container around the table.
type tableScrollRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (tableScrollRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindTableScroll, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<div class="table-scroll" role="region" tabindex="0" aria-label="表格（可左右滚动）">` + "\n")
		} else {
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
}
