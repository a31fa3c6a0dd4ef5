package check

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"hengdong/internal/content"
)

// checkShown reports an article page whose rendered body does not show its
// 发布时间 or 来源. The front matter may hold both while a template stops
// printing them; the inspection reads the page ("未注明信息发布时间的视为不更新").
func (s *site) checkShown(d *doc) {
	p := d.page
	if p == nil || p.Kind != content.KindPage {
		return
	}
	var body *html.Node
	walk(d.root, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Body {
			body = n
			return false
		}
		return body == nil
	})
	if body == nil {
		return
	}
	t := textOf(body)
	file, line, col := s.source(d.path)
	if !p.Date.IsZero() && !(strings.Contains(t, "发布时间") && showsDate(t, p)) {
		d.add(Finding{File: file, Line: line, Col: col, Rule: RulePageDateShown,
			Msg:    "文章页面上没有显示发布时间（前言中有 date，但生成的页面没有“发布时间”和日期）",
			Fix:    "请在文章模板中显示发布时间，如 {{ partial \"page-meta.html\" . }} 或 发布时间：{{ dateCN .Date }}",
			Detail: "article page does not show its date"})
	}
	if src := strings.TrimSpace(p.Source); src != "" && !(strings.Contains(t, "来源") && strings.Contains(t, strings.Join(strings.Fields(src), " "))) {
		d.add(Finding{File: file, Line: line, Col: col, Rule: RulePageSourceShow,
			Msg:    "文章页面上没有显示来源（前言中有 source，但生成的页面没有“来源”和来源单位）",
			Fix:    "请在文章模板中显示来源，如 {{ partial \"page-meta.html\" . }} 或 来源：{{ .Source }}",
			Detail: "article page does not show its source"})
	}
}

// showsDate reports whether t holds p's date in one of the ways pages write it.
func showsDate(t string, p *content.Page) bool {
	d := p.Date.In(cst)
	for _, layout := range []string{"2006-01-02", "2006年1月2日", "2006年01月02日", "2006/01/02", "2006.01.02", "2006/1/2", "2006.1.2"} {
		if strings.Contains(t, d.Format(layout)) {
			return true
		}
	}
	return false
}
