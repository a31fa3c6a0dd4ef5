// Package markdown turns an editor's Markdown into HTML for the site build.
//
// It is goldmark with GFM (tables, strikethrough, autolinks, task lists),
// footnotes and definition lists, plus what Chinese text needs: soft line breaks
// between Chinese characters add no space, emphasis next to Chinese punctuation
// works (`**最。**随后`), and headings get stable ids that keep their Chinese
// characters. Relative links to other pages and images go through a Resolver so
// that a link to nothing is reported with its file, line and column. Fenced code
// is highlighted by chroma with CSS classes (see HighlightCSS).
//
// A Renderer is built once and is safe for concurrent use.
package markdown

import (
	"bytes"
	"html/template"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"hengdong/internal/diag"
	"hengdong/internal/media"
)

// MoreMarker separates a page's summary from the rest. It is kept in
// Result.HTML (as an HTML comment, whatever Options.Unsafe says) so that
// Summary can find it; a minifier removes it from the published page.
const MoreMarker = "<!--more-->"

// Options configure a Renderer.
type Options struct {
	// Unsafe lets raw HTML in the Markdown through to the page. When false (the
	// default) raw HTML is left out and replaced by `<!-- raw HTML omitted -->`,
	// so a <script> written in Markdown never reaches the page.
	Unsafe bool
	// MaxNesting is the deepest nesting of lists and block quotes rendered
	// (site.toml's limits.maxNesting); 0 means DefaultMaxNesting. Deeper
	// Markdown is refused by CheckNesting before goldmark parses it.
	MaxNesting int
}

// Heading is one heading of a page, in document order.
type Heading struct {
	Level int    // 1 to 6
	ID    string // the id attribute: unique within the page
	Text  string // the heading's text, without markup
}

// Resolver maps a page's local link and image destinations to URLs. The build
// supplies one per page.
type Resolver interface {
	// ResolveLink is called for every link and image destination that is not
	// external: not starting with a scheme (http:, mailto:, tel:, ...), '#' or
	// '//'. It gets the path only, percent-decoded, without its ?query and
	// #fragment, which the renderer puts back after the returned URL. ok=false
	// means the target does not exist; the renderer then records a Problem.
	ResolveLink(dest string) (url string, ok bool)
	// ImageSize returns the pixel size of a local image, given the URL that
	// ResolveLink returned for it; ok=false when unknown.
	ImageSize(dest string) (w, h int, ok bool)
}

// MediaResolver is implemented by a Resolver that knows the published copies
// and sizes of files: images then get srcset and sizes, and links to
// attachments (PDF, Word, …) their type and size after the link text.
type MediaResolver interface {
	// ImageSources returns the published copies of the image at the URL
	// ResolveLink returned, narrowest first, the image itself last; nil when
	// it has no smaller copies.
	ImageSources(dest string) []media.Source
	// FileSize returns the size in bytes of the file published at the URL
	// ResolveLink returned; ok=false when there is no such file.
	FileSize(dest string) (size int64, ok bool)
}

// Result is a rendered page.
type Result struct {
	// HTML is the page body. When the source has a <!--more--> marker on a line
	// of its own or inside a paragraph, HTML holds it as MoreMarker.
	HTML []byte
	// SummaryHTML is the part of HTML before the <!--more--> marker, with every
	// tag closed and links to the page's own anchors unwrapped (see
	// DropFragmentLinks); nil when there is no marker.
	SummaryHTML []byte
	// Headings lists every heading of the page.
	Headings []Heading
	// TOC is <nav class="toc" aria-label="本页目录"> with nested <ol> lists of the
	// level 2 to 4 headings; empty when there are fewer than two of them.
	TOC []byte
	// Problems are broken links and images, positioned in the file.
	Problems diag.List
}

// Renderer renders Markdown. Build one with New and share it.
type Renderer struct {
	md         goldmark.Markdown
	maxNesting int
}

// New returns a Renderer with the given options.
func New(opts Options) *Renderer {
	var rendererOpts []renderer.Option
	rendererOpts = append(rendererOpts, renderer.WithNodeRenderers(
		util.Prioritized(newTextRenderer(), 100),
		util.Prioritized(newCodeRenderer(), 100),
		util.Prioritized(moreRenderer{}, 100),
		util.Prioritized(tableScrollRenderer{}, 100),
		util.Prioritized(mediaRenderer{}, 100),
	))
	var htmlOpts []renderer.Option
	if opts.Unsafe {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
	}
	p := parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(
			util.Prioritized(parser.NewCodeSpanParser(), 100),
			util.Prioritized(parser.NewLinkParser(), 200),
			util.Prioritized(parser.NewAutoLinkParser(), 300),
			util.Prioritized(parser.NewRawHTMLParser(), 400),
			util.Prioritized(emphasisParser{}, 500),
			util.Prioritized(strikeParser{}, 500),
		),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		parser.WithAttribute(), // `# 标题 {#id}`
		parser.WithASTTransformers(util.Prioritized(tableWrapper{}, 1000)),
	)
	md := goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithRendererOptions(htmlOpts...),
		goldmark.WithExtensions(
			extension.Table,
			extension.Linkify,
			extension.TaskList,
			extension.Footnote,
			extension.DefinitionList,
		),
	)
	md.Renderer().AddOptions(rendererOpts...)
	md.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500),
	))
	return &Renderer{md: md, maxNesting: opts.MaxNesting}
}

// outBuf is a bytes.Buffer that goldmark accepts as its util.BufWriter, so it
// does not wrap it in a bufio.Writer of its own.
type outBuf struct{ bytes.Buffer }

func (b *outBuf) Buffered() int { return 0 }
func (b *outBuf) Flush() error  { return nil }

var bufPool = sync.Pool{New: func() any { return new(outBuf) }}

func getBuf() *outBuf { b := bufPool.Get().(*outBuf); b.Reset(); return b }

func putBuf(b *outBuf) {
	if b.Cap() <= 1<<20 { // do not keep huge buffers alive
		bufPool.Put(b)
	}
}

// Parse parses src with exactly the parser Render uses (its extensions and
// its CJK-aware emphasis), for tools that need positions in the source, such
// as check: they see the syntax tree the page was rendered from.
func (r *Renderer) Parse(src []byte) ast.Node {
	return r.md.Parser().Parse(text.NewReader(src))
}

// Render renders the body of the Markdown file named file (used in Problems).
// lineOffset is the number of lines before the body in the file (front matter),
// added to every Problem's line. res may be nil: links are then left as they are.
//
// Markdown nested deeper than Options.MaxNesting is not rendered: the Result
// then has no HTML and one Problem naming the limit.
func (r *Renderer) Render(src []byte, file string, lineOffset int, res Resolver) Result {
	if err := CheckNesting(src, file, lineOffset, r.maxNesting); err != nil {
		return Result{Problems: diag.List{err}}
	}
	doc := r.md.Parser().Parse(text.NewReader(src))
	w := walker{src: src, file: file, lineOffset: lineOffset, res: res}
	more := w.walk(doc)

	buf := getBuf()
	defer putBuf(buf)
	// Rendering a parsed AST into memory cannot fail: node renderers only
	// write to buf, whose writes never fail.
	_ = r.md.Renderer().Render(buf, src, doc)

	out := Result{
		HTML:     bytes.Clone(buf.Bytes()),
		Headings: w.headings,
		Problems: w.problems,
	}
	if more {
		if i := bytes.Index(out.HTML, []byte(MoreMarker)); i >= 0 {
			out.SummaryHTML = DropFragmentLinks(TruncateHTML(bytes.TrimRight(out.HTML[:i], " \n"), int(^uint(0)>>1)))
		}
	}
	out.TOC = buildTOC(w.headings)
	return out
}

// RenderInline renders a short piece of Markdown for the markdownify template
// function: a single paragraph comes without its <p> wrapper. Links are not
// resolved and no problems are reported; text nested deeper than
// Options.MaxNesting comes back escaped, not rendered.
func (r *Renderer) RenderInline(src []byte) []byte {
	if CheckNesting(src, "", 0, r.maxNesting) != nil {
		return []byte(template.HTMLEscapeString(string(src)))
	}
	doc := r.md.Parser().Parse(text.NewReader(src))
	w := walker{src: src}
	w.walk(doc)
	buf := getBuf()
	defer putBuf(buf)
	_ = r.md.Renderer().Render(buf, src, doc)
	b := buf.Bytes()
	if doc.ChildCount() == 1 && doc.FirstChild().Kind() == ast.KindParagraph {
		b = bytes.TrimSuffix(bytes.TrimSpace(b), []byte("</p>"))
		b = bytes.TrimPrefix(b, []byte("<p>"))
	}
	return bytes.Clone(b)
}
