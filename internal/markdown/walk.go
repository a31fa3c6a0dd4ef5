package markdown

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"hengdong/internal/diag"
	"hengdong/internal/media"
)

// walker makes one pass over a parsed page before it is rendered: it gives
// headings their ids, resolves local links and images, and turns the
// <!--more--> marker into a node that is always rendered. All per-page state
// lives here, so the node renderers stay stateless and the Renderer can be
// shared between goroutines.
type walker struct {
	src        []byte
	file       string
	lineOffset int
	res        Resolver

	headings []Heading
	problems diag.List
}

// walk processes doc and reports whether it found a <!--more--> marker.
func (w *walker) walk(doc ast.Node) (more bool) {
	var heads []*ast.Heading
	var replace [][2]ast.Node // old, new
	var metas [][2]ast.Node   // link, its attachment meta
	var figures [][2]ast.Node // image, the figure replacing its paragraph
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			heads = append(heads, n)
		case *ast.Link:
			if u, ok := w.link(n, &n.Destination, false); ok {
				if m := w.attachment(u); m != nil {
					metas = append(metas, [2]ast.Node{n, m})
				}
			}
		case *ast.Image:
			n.SetAttributeString("loading", []byte("lazy"))
			n.SetAttributeString("decoding", []byte("async"))
			if u, ok := w.link(n, &n.Destination, true); ok {
				w.srcset(n, u)
			}
			if f := asFigure(n, w.src); f != nil {
				figures = append(figures, [2]ast.Node{n, f})
			}
		case *ast.HTMLBlock:
			if !more && isMoreBlock(n, w.src) {
				more = true
				replace = append(replace, [2]ast.Node{n, &moreNode{}})
			}
		case *ast.RawHTML:
			if !more && n.Segments.Len() == 1 && string(w.src[n.Segments.At(0).Start:n.Segments.At(0).Stop]) == MoreMarker {
				more = true
				replace = append(replace, [2]ast.Node{n, &moreInline{}})
			}
		}
		return ast.WalkContinue, nil
	})
	for _, r := range replace {
		r[0].Parent().ReplaceChild(r[0].Parent(), r[0], r[1])
	}
	for _, m := range metas {
		m[0].Parent().InsertAfter(m[0].Parent(), m[0], m[1])
	}
	for _, f := range figures {
		para := f[0].Parent()
		para.Parent().ReplaceChild(para.Parent(), para, f[1])
		f[1].AppendChild(f[1], f[0])
	}
	w.headingIDs(heads)
	return more
}

// isMoreBlock reports whether an HTML block is exactly the <!--more--> marker.
func isMoreBlock(n *ast.HTMLBlock, src []byte) bool {
	lines := n.Lines()
	if lines.Len() != 1 || n.HasClosure() {
		return false
	}
	seg := lines.At(0)
	return string(bytes.TrimSpace(src[seg.Start:seg.Stop])) == MoreMarker
}

// isExternal reports whether a link destination points outside the site
// content: it has a URL scheme, or starts with '#' (same page) or '//'.
func isExternal(dest string) bool {
	if dest == "" || dest[0] == '#' || strings.HasPrefix(dest, "//") {
		return true
	}
	for i := 0; i < len(dest); i++ {
		c := dest[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// link resolves one link or image destination in place and returns the
// URL it resolved to; ok=false for external and broken destinations.
func (w *walker) link(n ast.Node, dest *[]byte, image bool) (resolved string, ok bool) {
	if w.res == nil {
		return "", false
	}
	// The destination is stored as written; resolve backslash escapes and
	// character references the way the HTML renderer would.
	raw := string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(*dest))))
	if isExternal(raw) {
		return "", false
	}
	path, suffix := raw, ""
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		path, suffix = raw[:i], raw[i:]
	}
	if path == "" { // "?page=2": the same page
		return "", false
	}
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	u, ok := w.res.ResolveLink(path)
	if !ok {
		line, col := w.position(n)
		var e *diag.Error
		if image {
			e = diag.New(w.file, line, col, "图片文件不存在："+raw, "请检查图片路径或删除该图片", "image not found: "+raw)
			e.Rule = "link-asset"
		} else if attachmentKind(path) != "" {
			e = diag.New(w.file, line, col, "附件文件不存在："+raw, "请把文件放在页面旁边（页面包）或 static/ 中，并检查文件名", "attachment not found: "+raw)
			e.Rule = "link-asset"
		} else {
			e = diag.New(w.file, line, col, "链接指向的页面不存在："+raw, "请检查路径或删除该链接", "link target not found: "+raw)
			e.Rule = "link-broken"
		}
		if fix, url := slipHint(raw); fix != "" {
			e.Fix = fix
			e.Detail += "; did you mean " + url
		}
		w.problems = append(w.problems, e)
		return "", false
	}
	*dest = []byte(u + suffix)
	if image {
		if iw, ih, ok := w.res.ImageSize(u); ok && iw > 0 && ih > 0 {
			n.SetAttributeString("width", []byte(strconv.Itoa(iw)))
			n.SetAttributeString("height", []byte(strconv.Itoa(ih)))
		}
	}
	return u, true
}

// srcset gives a local image its published copies for the browser to choose
// from, when the resolver knows them.
func (w *walker) srcset(n *ast.Image, u string) {
	mr, ok := w.res.(MediaResolver)
	if !ok {
		return
	}
	if srcs := mr.ImageSources(u); len(srcs) > 1 {
		n.SetAttributeString("srcset", []byte(media.Srcset(srcs)))
		n.SetAttributeString("sizes", []byte(media.Sizes))
	}
}

// attachment returns the （PDF，1.2 MB） node for a link to the attachment at
// u, nil when u is not one.
func (w *walker) attachment(u string) ast.Node {
	kind := attachmentKind(u)
	mr, ok := w.res.(MediaResolver)
	if kind == "" || !ok {
		return nil
	}
	size, ok := mr.FileSize(u)
	if !ok {
		return nil
	}
	return &attachmentMeta{html: media.Meta(kind, size)}
}

// position returns the file line and column of node n.
func (w *walker) position(n ast.Node) (line, col int) {
	off := n.Pos()
	if off < 0 {
		for p := n.Parent(); p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				off = p.Lines().At(0).Start
				break
			}
		}
	}
	if off < 0 {
		return 0, 0
	}
	line, col = diag.LineCol(w.src, off)
	return line + w.lineOffset, col
}

// kindMore is the node kind of the <!--more--> marker.
var kindMore = ast.NewNodeKind("More")

// moreNode is the <!--more--> marker on a line of its own.
type moreNode struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *moreNode) Kind() ast.NodeKind { return kindMore }

// Dump implements ast.Node.
func (n *moreNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// moreInline is the <!--more--> marker inside a paragraph.
type moreInline struct{ ast.BaseInline }

// Kind implements ast.Node.
func (n *moreInline) Kind() ast.NodeKind { return kindMore }

// Dump implements ast.Node.
func (n *moreInline) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// moreRenderer writes the marker whether or not raw HTML is allowed.
type moreRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (moreRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindMore, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(MoreMarker)
			if n.Type() == ast.TypeBlock {
				_ = w.WriteByte('\n')
			}
		}
		return ast.WalkContinue, nil
	})
}
