package markdown

import (
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// This file holds the two places where Chinese text needs more than CommonMark:
//
//   - Emphasis next to Chinese punctuation. CommonMark's flanking rules treat `。`
//     like `.`, so in `**最。**随后` the closing `**` is preceded by punctuation and
//     followed by a letter and may not close. Chinese has no spaces between words,
//     so the rule only ever hurts here. scanDelimiter follows the CJK-friendly
//     amendment (markdown-cjk-friendly): a CJK character on the other side of the
//     run counts like whitespace would for the punctuation test.
//   - Soft line breaks. An editor's line break between two Chinese characters must
//     not become a space; between Latin words it must stay one.

// isCJK reports whether r is a character of Chinese or Japanese script, or a
// full-width CJK punctuation mark or form: text that is written without spaces.
// Hangul is left out on purpose: Korean separates words with spaces.
func isCJK(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	switch {
	case r >= 0x2E80 && r <= 0x2FDF, // radicals
		r >= 0x3000 && r <= 0x303F, // CJK symbols and punctuation: 、。「」《》…
		r >= 0x3040 && r <= 0x30FF, // kana
		r >= 0x3100 && r <= 0x312F, // bopomofo
		r >= 0x31A0 && r <= 0x31FF,
		r >= 0x3200 && r <= 0x33FF, // enclosed and compatibility
		r >= 0xFE10 && r <= 0xFE1F, // vertical forms
		r >= 0xFE30 && r <= 0xFE4F, // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFFEF: // full-width forms: ，！？（）：；
		return true
	}
	return unicode.Is(unicode.Han, r)
}

// isCJKContextPunct reports whether r is a punctuation mark that Chinese text
// shares with Western text and sets without spaces: curly quotes, ellipsis,
// dashes and the middle dot.
func isCJKContextPunct(r rune) bool {
	switch r {
	case '“', '”', '‘', '’', '…', '—', '·', '–':
		return true
	}
	return false
}

// joinsWithoutSpace reports whether a soft line break between a and b should
// disappear: both sides are Chinese, or one is Chinese and the other is a
// punctuation mark Chinese uses without spaces.
func joinsWithoutSpace(a, b rune) bool {
	ca, cb := isCJK(a), isCJK(b)
	return (ca && cb) || (ca && isCJKContextPunct(b)) || (isCJKContextPunct(a) && cb)
}

// scanDelimiter is parser.ScanDelimiter with the CJK-friendly flanking rules.
func scanDelimiter(line []byte, before rune, processor parser.DelimiterProcessor) *parser.Delimiter {
	c := line[0]
	if !processor.IsDelimiter(c) {
		return nil
	}
	j := 1
	for j < len(line) && line[j] == c {
		j++
	}
	after := ' '
	if j < len(line) {
		after = util.ToRune(line, j)
	}
	beforePunct := util.IsPunctRune(before)
	beforeSpace := util.IsSpaceRune(before)
	afterPunct := util.IsPunctRune(after)
	afterSpace := util.IsSpaceRune(after)
	beforeCJK := isCJK(before) || isCJKContextPunct(before)
	afterCJK := isCJK(after) || isCJKContextPunct(after)

	isLeft := !afterSpace && (!afterPunct || beforeSpace || beforePunct || beforeCJK)
	isRight := !beforeSpace && (!beforePunct || afterSpace || afterPunct || afterCJK)

	var canOpen, canClose bool
	if c == '_' {
		// Intraword underscores stay literal (snake_case), as in CommonMark.
		canOpen = isLeft && (!isRight || beforePunct)
		canClose = isRight && (!isLeft || afterPunct)
	} else {
		canOpen, canClose = isLeft, isRight
	}
	return parser.NewDelimiter(canOpen, canClose, j, c, processor)
}

// emphasisProcessor makes <em>/<strong> from '*' and '_' runs.
type emphasisProcessor struct{}

func (emphasisProcessor) IsDelimiter(b byte) bool { return b == '*' || b == '_' }
func (emphasisProcessor) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}
func (emphasisProcessor) OnMatch(consumes int) ast.Node { return ast.NewEmphasis(consumes) }

// emphasisParser replaces goldmark's emphasis parser.
type emphasisParser struct{}

func (emphasisParser) Trigger() []byte { return []byte{'*', '_'} }

func (emphasisParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	d := scanDelimiter(line, before, emphasisProcessor{})
	if d == nil {
		return nil
	}
	d.Segment = segment.WithStop(segment.Start + d.OriginalLength)
	block.Advance(d.OriginalLength)
	pc.PushDelimiter(d)
	return d
}

// strikeProcessor makes <del> from "~" and "~~" runs (GFM).
type strikeProcessor struct{}

func (strikeProcessor) IsDelimiter(b byte) bool { return b == '~' }
func (strikeProcessor) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}
func (strikeProcessor) OnMatch(consumes int) ast.Node { return extast.NewStrikethrough() }

// strikeParser replaces goldmark's strikethrough parser.
type strikeParser struct{}

func (strikeParser) Trigger() []byte { return []byte{'~'} }

func (strikeParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	d := scanDelimiter(line, before, strikeProcessor{})
	if d == nil || d.OriginalLength > 2 || before == '~' {
		return nil
	}
	d.Segment = segment.WithStop(segment.Start + d.OriginalLength)
	block.Advance(d.OriginalLength)
	pc.PushDelimiter(d)
	return d
}

func (strikeParser) CloseBlock(parent ast.Node, pc parser.Context) {}

// textRenderer renders ast.Text like goldmark does, but decides soft line
// breaks itself: goldmark's EastAsianLineBreaks option drops the break
// entirely when the next node is not plain text (`中文\n**English**` would lose
// its space), so it is not used.
type textRenderer struct {
	html.Config
}

func newTextRenderer(opts ...html.Option) *textRenderer {
	r := &textRenderer{Config: html.NewConfig()}
	for _, o := range opts {
		o.SetHTMLOption(&r.Config)
	}
	return r
}

// SetOption implements renderer.SetOptioner so that renderer-wide options such
// as html.WithUnsafe reach this renderer too.
func (r *textRenderer) SetOption(name renderer.OptionName, value any) {
	r.Config.SetOption(name, value)
}

func (r *textRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindText, r.renderText)
}

func (r *textRenderer) renderText(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Text)
	value := n.Segment.Value(source)
	if n.IsRaw() {
		r.Writer.RawWrite(w, value)
		return ast.WalkContinue, nil
	}
	r.Writer.Write(w, value)
	switch {
	case n.HardLineBreak() || (n.SoftLineBreak() && r.HardWraps):
		_, _ = w.WriteString("<br>\n")
	case n.SoftLineBreak():
		prev, ok1 := lastRuneBefore(n, source)
		next, ok2 := firstRuneAfter(n, source)
		if !(ok1 && ok2 && joinsWithoutSpace(prev, next)) {
			_ = w.WriteByte('\n')
		}
	}
	return ast.WalkContinue, nil
}

// lastRuneBefore returns the last character written up to and including the
// text node n: its own last rune, or, for an empty node, the last text of the
// inline nodes before it.
func lastRuneBefore(n *ast.Text, source []byte) (rune, bool) {
	if v := n.Segment.Value(source); len(v) > 0 {
		r, _ := utf8.DecodeLastRune(v)
		return r, true
	}
	for s := n.PreviousSibling(); s != nil; s = s.PreviousSibling() {
		if r, ok := edgeRune(s, source, true); ok {
			return r, true
		}
		if !isTransparent(s) {
			return 0, false
		}
	}
	return 0, false
}

// firstRuneAfter returns the first character of the inline content that
// follows n on the next line.
func firstRuneAfter(n *ast.Text, source []byte) (rune, bool) {
	for s := n.NextSibling(); s != nil; s = s.NextSibling() {
		if r, ok := edgeRune(s, source, false); ok {
			return r, true
		}
		if !isTransparent(s) {
			return 0, false
		}
	}
	return 0, false
}

// isTransparent reports whether an empty node of this kind may be skipped when
// looking for the character next to a line break.
func isTransparent(n ast.Node) bool {
	switch n.Kind() {
	case ast.KindText, ast.KindString, ast.KindEmphasis, extast.KindStrikethrough, ast.KindLink:
		return true
	}
	return false
}

// edgeRune returns the last (last=true) or first character of the text inside
// n, descending through emphasis, links and code spans. Images, raw HTML and
// other nodes stop the search.
func edgeRune(n ast.Node, source []byte, last bool) (rune, bool) {
	switch t := n.(type) {
	case *ast.Text:
		v := t.Segment.Value(source)
		if len(v) == 0 {
			return 0, false
		}
		if last {
			r, _ := utf8.DecodeLastRune(v)
			return r, true
		}
		r, _ := utf8.DecodeRune(v)
		return r, true
	case *ast.String:
		if len(t.Value) == 0 {
			return 0, false
		}
		if last {
			r, _ := utf8.DecodeLastRune(t.Value)
			return r, true
		}
		r, _ := utf8.DecodeRune(t.Value)
		return r, true
	case *ast.Emphasis, *extast.Strikethrough, *ast.Link, *ast.CodeSpan:
		if last {
			for c := n.LastChild(); c != nil; c = c.PreviousSibling() {
				if r, ok := edgeRune(c, source, true); ok {
					return r, true
				}
			}
		} else {
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if r, ok := edgeRune(c, source, false); ok {
					return r, true
				}
			}
		}
	}
	return 0, false
}
