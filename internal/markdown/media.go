package markdown

import (
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"hengdong/internal/media"
)

// kindFigure is a paragraph holding only an image with a title: it is
// rendered as <figure> with the title as its <figcaption>.
var kindFigure = ast.NewNodeKind("Figure")

// figureNode replaces such a paragraph; its one child is the image.
type figureNode struct {
	ast.BaseBlock
	caption string
}

// Kind implements ast.Node.
func (n *figureNode) Kind() ast.NodeKind { return kindFigure }

// Dump implements ast.Node.
func (n *figureNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// kindAttachmentMeta is the （PDF，1.2 MB） after a link to an attachment.
var kindAttachmentMeta = ast.NewNodeKind("AttachmentMeta")

type attachmentMeta struct {
	ast.BaseInline
	html string
}

// Kind implements ast.Node.
func (n *attachmentMeta) Kind() ast.NodeKind { return kindAttachmentMeta }

// Dump implements ast.Node.
func (n *attachmentMeta) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// mediaRenderer writes figures and attachment sizes.
type mediaRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (mediaRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindFigure, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<figure class="figure">`)
		} else {
			_, _ = w.WriteString("<figcaption>" + html.EscapeString(n.(*figureNode).caption) + "</figcaption></figure>\n")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(kindAttachmentMeta, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(n.(*attachmentMeta).html)
		}
		return ast.WalkContinue, nil
	})
}

// asFigure returns the figure that replaces img's paragraph when the image
// stands alone in it and has a title (![替代文字](图.jpg "图注")); nil otherwise.
func asFigure(img *ast.Image, src []byte) *figureNode {
	para, ok := img.Parent().(*ast.Paragraph)
	if !ok || len(img.Title) == 0 {
		return nil
	}
	if _, inList := para.Parent().(*ast.ListItem); inList && para.Parent().ChildCount() > 1 {
		return nil
	}
	for c := para.FirstChild(); c != nil; c = c.NextSibling() {
		if c == img {
			continue
		}
		if t, ok := c.(*ast.Text); ok && len(strings.TrimSpace(string(t.Segment.Value(src)))) == 0 {
			continue // the line break after the image
		}
		return nil
	}
	caption := string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(img.Title))))
	img.Title = nil // the caption says it; a title attribute would repeat it
	return &figureNode{caption: caption}
}

// attachmentKind is the type of a link target shown after the link, or "".
func attachmentKind(dest string) string {
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		dest = dest[:i]
	}
	return media.AttachmentKind(dest)
}
