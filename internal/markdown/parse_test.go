package markdown

import (
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// TestParseIsTheRenderersTree: Parse gives the tree Render renders, with its
// CJK-aware emphasis, which goldmark's defaults do not give. check parses
// page bodies with Parse, so its positions are those of the rendered page.
func TestParseIsTheRenderersTree(t *testing.T) {
	src := []byte("**会议规模创近十年之最。**随后，各乡镇分组讨论。\n")
	count := func(doc ast.Node) int {
		n := 0
		_ = ast.Walk(doc, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if _, ok := c.(*ast.Emphasis); ok && entering {
				n++
			}
			return ast.WalkContinue, nil
		})
		return n
	}
	if got := count(New(Options{}).Parse(src)); got != 1 {
		t.Errorf("Parse: %d emphasis nodes, want 1", got)
	}
	if html := string(New(Options{}).Render(src, "", 0, nil).HTML); html != "<p><strong>会议规模创近十年之最。</strong>随后，各乡镇分组讨论。</p>\n" {
		t.Errorf("Render: %s", html)
	}
	// goldmark's own parser reads the same text without emphasis: a second
	// configuration would see another tree.
	if got := count(goldmark.New().Parser().Parse(text.NewReader(src))); got != 0 {
		t.Errorf("goldmark default: %d emphasis nodes, want 0", got)
	}
}
