package check

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"

	"hengdong/internal/content"
	"hengdong/internal/diag"
)

// parsed is a page body's syntax tree, parsed once per page.
type parsed struct {
	doc      ast.Node
	headings []*ast.Heading
}

// parse returns the syntax tree of p's body.
func (s *site) parse(p *content.Page) *parsed {
	s.mu.Lock()
	r := s.parsed[p]
	s.mu.Unlock()
	if r != nil {
		return r
	}
	r = &parsed{doc: s.md.Parse(p.Body)}
	_ = ast.Walk(r.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			r.headings = append(r.headings, h)
		}
		return ast.WalkContinue, nil
	})
	s.mu.Lock()
	s.parsed[p] = r
	s.mu.Unlock()
	return r
}

// nodeLine returns the file line and column of node n of p's body.
func nodeLine(p *content.Page, n ast.Node) (int, int, bool) {
	off := -1
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		off = n.Lines().At(0).Start
	} else if n.Pos() >= 0 {
		off = n.Pos()
	}
	if off < 0 {
		for c := n.FirstChild(); c != nil && off < 0; c = c.FirstChild() {
			if t, ok := c.(*ast.Text); ok {
				off = t.Segment.Start
			}
		}
	}
	if off < 0 {
		return 0, 0, false
	}
	line, col := diag.LineCol(p.Body, off)
	return line + p.BodyLine, col, true
}

// headingLine returns the file line of the i-th heading of p (whose text is
// txt), falling back to the first heading line that contains txt.
func (s *site) headingLine(p *content.Page, i int, txt string) (int, bool) {
	hs := s.parse(p).headings
	if i < len(hs) {
		if line, _, ok := nodeLine(p, hs[i]); ok {
			return line, true
		}
	}
	if line, _, ok := inBody(p, txt); ok {
		return line, true
	}
	return 0, false
}

// textOfMD returns the plain text of a Markdown inline node.
func textOfMD(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(src))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// run is a stretch of a body's prose: Text nodes next to each other in the
// source, outside code, raw HTML and autolinks.
type run struct {
	start, stop int // byte offsets in the body
}

// proseRuns returns the prose of p's body for the typography rules.
func (s *site) proseRuns(p *content.Page) []run {
	var runs []run
	_ = ast.Walk(s.parse(p).doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.CodeSpan, *ast.AutoLink, *ast.RawHTML, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		if t, ok := n.(*ast.Text); ok {
			seg := t.Segment
			if k := len(runs) - 1; k >= 0 && runs[k].stop == seg.Start {
				runs[k].stop = seg.Stop
			} else {
				runs = append(runs, run{seg.Start, seg.Stop})
			}
		}
		return ast.WalkContinue, nil
	})
	return runs
}

// notProse matches what may sit in a text run but is not prose: shortcodes
// and bare addresses.
var notProse = regexp.MustCompile(`\{\{[<%].*?[%>]\}\}|(?i:https?|ftp)://[^\s)>\]]+|www\.[^\s)>\]]+|[\w.+-]+@[\w-]+\.[\w.-]+`)

// checkContent runs the rules that read the content tree: images without alt
// text in Markdown and front matter, pages without 发布时间 or 来源, and empty sections.
func (s *site) checkContent() {
	for _, p := range s.res.Tree.All {
		// A government site's intro-only column is 空白栏目 as well; other
		// sites may keep a section that is only text.
		if p.Kind == content.KindSection && len(p.RegularPages) == 0 && len(p.Sections) == 0 &&
			p.Layout == "" && p.FrontType == "" && (s.gov || strings.TrimSpace(string(p.Body)) == "") {
			file, line := p.File, 1
			if file == "" { // a folder whose pages are all drafts
				file, line = "content/"+p.Dir+"/", 0
			}
			msg := "栏目“" + p.Title + "”是空白栏目：没有任何页面"
			if strings.TrimSpace(string(p.Body)) != "" {
				// Inspectors count a column that shows only its introduction and
				// 「本栏目暂无内容。」 as 空白栏目 too.
				msg = "栏目“" + p.Title + "”是空白栏目：只有栏目介绍，没有任何信息（页面显示“本栏目暂无内容。”）"
			}
			s.add(Finding{File: file, Line: line, Col: line, Rule: RuleSectionEmpty, Msg: msg,
				Fix: "请在该栏目文件夹中添加信息，或删除该栏目；只有介绍的栏目也算空白栏目", Detail: "empty section"})
		}
		if p.File == "" {
			continue
		}
		if p.Kind == content.KindPage && s.gov {
			if p.Date.IsZero() {
				s.add(Finding{File: p.File, Line: 1, Col: 1, Rule: RulePageDate, Msg: "页面没有发布时间",
					Fix: "请在前言中写 date: 2025-02-07T09:00:00+08:00；未注明发布时间的信息视为不更新", Detail: "page has no date"})
			}
			if strings.TrimSpace(p.Source) == "" {
				s.add(Finding{File: p.File, Line: 1, Col: 1, Rule: RulePageSource, Msg: "页面没有来源",
					Fix: "请在前言中写 source: 信息来源单位，例如 source: 衡东县委宣传部", Detail: "page has no source"})
			}
		}
		if p.Cover.Src != "" && strings.TrimSpace(p.Cover.Alt) == "" {
			s.add(Finding{File: p.File, Line: s.lineOf(p.File, "cover"), Col: 1, Rule: RuleImgAlt,
				Msg: "封面图片缺少替代文字", Fix: "请在前言的 cover 下写 alt: 图片内容的描述", Detail: "cover image without alt"})
		}
	}
	s.eachPage(func(p *content.Page) {
		if p.File != "" {
			s.checkMDImages(p)
		}
	})
}

// mayLackAlt reports whether body may hold a Markdown image without alt text:
// an "![" whose brackets hold nothing but spaces and emphasis marks, or hold
// something only the parser can judge (raw HTML, an escape, an entity, an
// unclosed bracket). Most pages give every image its text, and are not parsed.
func mayLackAlt(body []byte) bool {
	for i := 0; ; {
		k := bytes.Index(body[i:], []byte("!["))
		if k < 0 {
			return false
		}
		j, depth, text := i+k+2, 1, false
		for ; j < len(body) && depth > 0; j++ {
			switch body[j] {
			case '[':
				depth++
			case ']':
				depth--
			case '<', '\\', '&':
				return true
			case ' ', '\t', '\n', '\r', '*', '_', '~', '`':
			default:
				text = true
			}
		}
		if depth > 0 || !text {
			return true
		}
		i = j
	}
}

// checkMDImages reports Markdown images written without alt text: ![](x.png).
func (s *site) checkMDImages(p *content.Page) {
	if !mayLackAlt(p.Body) {
		return // every image has alt text: the body need not be parsed
	}
	pr := s.parse(p)
	_ = ast.Walk(pr.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		img, ok := n.(*ast.Image)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		if strings.TrimSpace(textOfMD(img, p.Body)) == "" {
			f := Finding{File: p.File, Rule: RuleImgAlt, Msg: "图片缺少替代文字：" + shorten(string(img.Destination)),
				Fix: "请在方括号中写上图片内容的描述：![图片描述](" + shorten(string(img.Destination)) + ")", Detail: "Markdown image without alt text"}
			// The image's own position first: the same image written twice
			// is two findings, each at its line.
			line, col, ok := nodeLine(p, img)
			if !ok || img.Pos() < 0 {
				if l, c, found := inBody(p, "![]("+string(img.Destination), string(img.Destination)); found {
					line, col = l, c
				}
			}
			f.Line, f.Col = line, col
			s.add(f)
		}
		return ast.WalkSkipChildren, nil
	})
}
