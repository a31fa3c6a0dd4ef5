package check

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// checkMarkup reports, in one page: <img> without an alt attribute (alt="" is
// a decorative image and fine), ids used twice, and skipped heading levels.
func (s *site) checkMarkup(d *doc) {
	seen := map[string]bool{}
	walk(d.root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if n.Namespace == "" && n.DataAtom == atom.Img {
			if _, ok := attr(n, "alt"); !ok {
				src, _ := attr(n, "src")
				f := Finding{Rule: RuleImgAlt, Msg: "图片缺少替代文字（alt 属性）：" + shorten(src),
					Fix: "请为图片加上 alt 描述图片内容；纯装饰图片写 alt=\"\"", Detail: "img without alt"}
				refs, _ := d.fromContent()
				s.place(d, &f, refs[src], "("+src, `"`+src+`"`, src)
				s.placeImgLayout(d, &f, src)
				d.add(f)
			}
		}
		if id, ok := attr(n, "id"); ok && id != "" {
			if seen[id] {
				f := Finding{Rule: RuleIDDuplicate, Msg: fmt.Sprintf("本页有多个元素使用 id=\"%s\"", id),
					Fix: "请改用不同的 id；标题可写成 ## 标题 {#新id}", Detail: "duplicate id " + id}
				s.placeID(d, &f, id)
				d.add(f)
			}
			seen[id] = true
		}
		return true
	})
	prev := 0
	for _, h := range d.headings {
		if prev > 0 && h.level > prev+1 {
			f := Finding{Rule: RuleHeadingSkip, Msg: fmt.Sprintf("标题层级跳级：h%d 之后直接是 h%d（%s）", prev, h.level, shorten(h.text)),
				Fix:    fmt.Sprintf("请把这个标题改为 %d 级（%s），不要跳级", prev+1, strings.Repeat("#", prev+1)),
				Detail: fmt.Sprintf("heading level skipped: h%d after h%d", h.level, prev)}
			s.placeID(d, &f, h.id)
			d.add(f)
		}
		prev = h.level
	}
}

// place sets f's position: the Markdown line of the first needle when the
// thing came from the page's content, else the static file line or output path.
func (s *site) place(d *doc, f *Finding, fromContent bool, needles ...string) {
	if fromContent {
		if line, col, ok := inBody(d.page, needles...); ok {
			f.File, f.Line, f.Col = d.page.File, line, col
			return
		}
	}
	f.File, f.Line, f.Col = s.source(d.path, needles...)
}

// placeID positions a finding about the element with id: a Markdown heading's
// line when the id is one of the page's headings, else as place does.
func (s *site) placeID(d *doc, f *Finding, id string) {
	if _, ids := d.fromContent(); d.page != nil && id != "" && ids[id] {
		for i, h := range d.page.Headings {
			if h.ID == id {
				if line, ok := s.headingLine(d.page, i, h.Text); ok {
					f.File, f.Line, f.Col = d.page.File, line, 1
					return
				}
			}
		}
		s.place(d, f, true, "{#"+id+"}", `id="`+id+`"`)
		return
	}
	needle := ""
	if id != "" {
		needle = `id="` + id + `"`
	}
	f.File, f.Line, f.Col = s.source(d.path, needle)
}

// checkTitles reports pages whose <title> another page already has. Pages of
// one content file (a list's pager pages) count once.
func (s *site) checkTitles(titles map[string][]*doc) {
	for title, ds := range titles {
		if len(ds) < 2 {
			continue
		}
		key := func(d *doc) string {
			if d.page != nil {
				return d.page.File
			}
			f, _, _ := s.source(d.path)
			return f
		}
		sort.Slice(ds, func(i, j int) bool { return key(ds[i]) < key(ds[j]) })
		first := key(ds[0])
		for _, d := range ds[1:] {
			k := key(d)
			if k == first {
				continue
			}
			f := Finding{Rule: RuleTitleDuplicate, Msg: fmt.Sprintf("页面标题“%s”与 %s 相同", shorten(title), first),
				Fix: "请修改其中一个页面的标题（title），让每个页面的标题都不同", Detail: "duplicate page title"}
			if d.page != nil {
				f.File, f.Line = d.page.File, s.lineOf(d.page.File, d.page.Title)
			} else {
				f.File, f.Line, f.Col = s.source(d.path, "<title>")
			}
			s.add(f)
		}
	}
}

// placeImgLayout points an img-alt finding of a template at the layout's
// <img> without alt: the one whose src is written as the page has it, else
// the only one of the layouts.
func (s *site) placeImgLayout(d *doc, f *Finding, src string) {
	noAlt := func(tag, _ string) bool { return !hasAttr(tag, "alt") }
	s.placeLayout(d, f, "img", func(tag, after string) bool {
		return noAlt(tag, after) && src != "" && strings.Contains(tag, `"`+src+`"`)
	})
	if f.Line > 0 || d.kind != kindPage {
		return
	}
	n := 0
	for _, t := range s.layoutTags() {
		if t.name == "img" && noAlt(t.text, t.after) {
			n++
		}
	}
	if n == 1 {
		s.placeLayout(d, f, "img", noAlt)
	}
}
