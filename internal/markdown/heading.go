package markdown

import (
	"html"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// TOC levels: the table of contents lists headings of these levels. Level 1 is
// left out because it is normally the page title.
const (
	tocMinLevel = 2
	tocMaxLevel = 4
)

// headingIDs gives every heading an id and records it in w.headings. An
// explicit `{#id}` wins; the others get Slug of their text, made unique with
// -1, -2, ... in document order; explicit ids are reserved first so a later
// explicit id never collides with an earlier generated one.
func (w *walker) headingIDs(heads []*ast.Heading) {
	if len(heads) == 0 {
		return
	}
	used := make(map[string]bool, len(heads))
	explicit := make([]string, len(heads))
	for i, h := range heads {
		if v, ok := h.AttributeString("id"); ok {
			if b, ok := v.([]byte); ok && len(b) > 0 {
				explicit[i] = string(b)
				used[explicit[i]] = true
			}
		}
	}
	w.headings = make([]Heading, 0, len(heads))
	for i, h := range heads {
		txt := headingText(h, w.src)
		id := explicit[i]
		if id == "" {
			base := Slug(txt)
			if base == "" {
				base = "heading-" + strconv.Itoa(i+1)
			}
			id = base
			for k := 1; used[id]; k++ {
				id = base + "-" + strconv.Itoa(k)
			}
			used[id] = true
			h.SetAttributeString("id", []byte(id))
		}
		w.headings = append(w.headings, Heading{Level: h.Level, ID: id, Text: txt})
	}
}

// Slug turns heading text into an id: Chinese characters and other letters and
// digits are kept (letters lowercased), every run of spaces, punctuation and
// symbols becomes one '-', and '-' is trimmed from both ends. It returns ""
// when nothing is left.
func Slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			if r < utf8.RuneSelf {
				if 'A' <= r && r <= 'Z' {
					r += 'a' - 'A'
				}
				b.WriteByte(byte(r))
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
			continue
		}
		dash = true
	}
	return b.String()
}

// headingText returns the text of a heading without markup: the text of
// emphasis, links and code spans, and the alt text of images; raw HTML is
// left out.
func headingText(h *ast.Heading, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(h, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			v := n.Segment.Value(src)
			if !n.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b.Write(v)
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.RawHTML, *ast.AutoLink:
			if a, ok := n.(*ast.AutoLink); ok {
				b.Write(a.Label(src))
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// buildTOC renders the table of contents, or nil when fewer than two headings
// are in range.
func buildTOC(hs []Heading) []byte {
	items := make([]Heading, 0, len(hs))
	for _, h := range hs {
		if h.Level >= tocMinLevel && h.Level <= tocMaxLevel {
			items = append(items, h)
		}
	}
	if len(items) < 2 {
		return nil
	}
	minLevel := items[0].Level
	for _, h := range items {
		minLevel = min(minLevel, h.Level)
	}
	var b strings.Builder
	b.WriteString(`<nav class="toc" aria-label="本页目录"><ol>`)
	cur := minLevel
	for i, h := range items {
		if i == 0 {
			for ; cur < h.Level; cur++ {
				b.WriteString("<li><ol>")
			}
		} else {
			switch {
			case h.Level > cur:
				// Open one list per level; a skipped level gets an item of
				// its own so the HTML stays valid (<ol> holds only <li>).
				for l := cur + 1; l <= h.Level; l++ {
					b.WriteString("<ol>")
					if l < h.Level {
						b.WriteString("<li>")
					}
				}
				cur = h.Level
			default:
				for ; cur > h.Level; cur-- {
					b.WriteString("</li></ol>")
				}
				b.WriteString("</li>")
			}
		}
		b.WriteString(`<li><a href="#`)
		b.WriteString(html.EscapeString(h.ID))
		b.WriteString(`">`)
		b.WriteString(html.EscapeString(h.Text))
		b.WriteString("</a>")
	}
	for ; cur > minLevel; cur-- {
		b.WriteString("</li></ol>")
	}
	b.WriteString("</li></ol></nav>")
	return []byte(b.String())
}
