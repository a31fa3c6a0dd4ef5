package check

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/language"

	"hengdong/internal/diag"
)

// Accessibility rules that hold for any theme, on the rendered HTML of every
// page a template made (static pages are copied as written: only img-alt and
// form-label apply to them).
const (
	RuleHTMLLang  = "html-lang"  // <html> without a valid BCP 47 lang
	RulePageTitle = "page-title" // no <title>, or an empty one
	RuleSkipLink  = "skip-link"  // no in-page link to the main content first, or its target missing
	RuleViewport  = "viewport"   // no <meta name="viewport">, or one that disables zoom
	RuleFormLabel = "form-label" // input, select or textarea without a label
)

// skipWithin is how many focusable elements may come before the skip link.
const skipWithin = 3

// checkA11y runs the accessibility rules on d (its tree is parsed).
func (s *site) checkA11y(d *doc) {
	s.checkFormLabels(d)
	if d.kind != kindPage {
		return
	}
	var htmlEl, title, viewport *html.Node
	var focusA [skipWithin]*html.Node
	focus := focusA[:0]
	walk(d.root, func(n *html.Node) bool {
		if n.Type != html.ElementNode || n.Namespace != "" {
			return n.Type == html.DocumentNode
		}
		switch n.DataAtom {
		case atom.Html:
			if htmlEl == nil {
				htmlEl = n
			}
		case atom.Title:
			if title == nil {
				title = n
			}
			return false
		case atom.Meta:
			if name, _ := attr(n, "name"); strings.EqualFold(strings.TrimSpace(name), "viewport") && viewport == nil {
				viewport = n
			}
		}
		if len(focus) < skipWithin && focusable(n) {
			focus = append(focus, n)
		}
		return true
	})
	s.checkLang(d, htmlEl)
	if title == nil || strings.TrimSpace(textOf(title)) == "" {
		f := Finding{Rule: RulePageTitle, Msg: "页面没有标题（<title> 缺失或为空）",
			Fix: "请在模板的 <head> 中输出 <title>页面标题 - 网站名称</title>", Detail: "missing or empty <title>"}
		s.placeLayout(d, &f, "title", func(tag, after string) bool { return strings.HasPrefix(strings.TrimLeft(after, " \t\r\n"), "</title>") })
		d.add(f)
	}
	s.checkViewport(d, viewport)
	s.checkSkipLink(d, focus)
}

// checkLang reports an <html> without lang, or with one that is not a BCP 47
// language tag (zh-CN, zh-Hans, en).
func (s *site) checkLang(d *doc, n *html.Node) {
	v, ok := "", false
	if n != nil {
		v, ok = attr(n, "lang")
	}
	v = strings.TrimSpace(v)
	if ok && v != "" && s.validLang(v) {
		return
	}
	f := Finding{Rule: RuleHTMLLang, Msg: "页面没有声明语言（<html> 缺少 lang 属性）",
		Fix: "请写成 <html lang=\"zh-CN\">（英文页面写 en）", Detail: "<html> without lang"}
	match := func(tag, _ string) bool { return !hasAttr(tag, "lang") }
	if ok && v != "" {
		f.Msg = fmt.Sprintf("页面语言 lang=\"%s\" 不是有效的语言代码（BCP 47）", shorten(v))
		f.Fix = "请写成 zh-CN、zh-Hans 或 en 这样的语言代码（用连字符 -，不用下划线 _）"
		f.Detail = "lang is not a BCP 47 language tag: " + v
		match = func(tag, _ string) bool { return strings.Contains(tag, `"`+v+`"`) || strings.Contains(tag, "="+v) }
	} else if ok {
		f.Msg = "页面语言 lang 属性是空的"
		f.Detail = "empty lang on <html>"
		match = func(tag, _ string) bool { return strings.Contains(tag, `lang=""`) }
	}
	s.placeLayout(d, &f, "html", match)
	d.add(f)
}

var langRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(-[0-9A-WY-Za-wy-z](-[A-Za-z0-9]{2,8})+)*(-[Xx](-[A-Za-z0-9]{1,8})+)?$`)

// validLang is validLang for the site's pages, which mostly share one lang:
// each value is matched once.
func (s *site) validLang(v string) bool {
	if ok, seen := s.langs.Load(v); seen {
		return ok.(bool)
	}
	ok := validLang(v)
	s.langs.Store(strings.Clone(v), ok) // kept: v is a slice of the page
	return ok
}

// validLang reports whether v is a well-formed BCP 47 tag whose language is
// a registered one (x/text knows it).
func validLang(v string) bool {
	if !langRE.MatchString(v) {
		return false
	}
	base := strings.SplitN(v, "-", 2)[0]
	_, err := language.ParseBase(base)
	return err == nil
}

// checkViewport reports a page without a viewport meta tag, or one that stops
// users from zooming (user-scalable=no, maximum-scale below 2).
func (s *site) checkViewport(d *doc, n *html.Node) {
	if n == nil {
		f := Finding{Rule: RuleViewport, Msg: "页面缺少 <meta name=\"viewport\">，手机上会按桌面宽度缩小显示",
			Fix:    "请在模板的 <head> 中加上 <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
			Detail: "missing viewport meta tag"}
		s.placeLayout(d, &f, "", nil)
		d.add(f)
		return
	}
	content, _ := attr(n, "content")
	why := zoomBlocked(content)
	if why == "" {
		return
	}
	f := Finding{Rule: RuleViewport, Msg: "viewport 禁止了缩放（" + why + "），视力不好的用户无法放大页面",
		Fix:    "请删去 user-scalable=no 和 maximum-scale，写成 content=\"width=device-width, initial-scale=1\"",
		Detail: "viewport disables zoom: " + content}
	s.placeLayout(d, &f, "meta", func(tag, _ string) bool {
		return strings.Contains(strings.ToLower(tag), "viewport") && zoomBlocked(attrText(tag, "content")) != ""
	})
	d.add(f)
}

// zoomBlocked returns what in a viewport content stops zooming, or "".
func zoomBlocked(content string) string {
	for _, part := range strings.FieldsFunc(content, func(r rune) bool { return r == ',' || r == ';' }) {
		k, v, _ := strings.Cut(part, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.ToLower(strings.TrimSpace(v))
		switch k {
		case "user-scalable":
			if v == "no" || v == "0" {
				return "user-scalable=" + v
			}
		case "maximum-scale":
			if x, err := strconv.ParseFloat(v, 64); err == nil && x < 2 {
				return "maximum-scale=" + v
			}
		}
	}
	return ""
}

// checkSkipLink reports a page whose first focusable elements hold no in-page
// link (the 跳到主要内容 link), or whose skip link leads to no element.
func (s *site) checkSkipLink(d *doc, focus []*html.Node) {
	for _, n := range focus {
		if n.DataAtom != atom.A {
			continue
		}
		href, _ := attr(n, "href")
		href = strings.TrimSpace(href)
		if !strings.HasPrefix(href, "#") || len(href) < 2 || strings.EqualFold(href, "#top") {
			continue
		}
		if d.ids[href[1:]] {
			return
		}
		f := Finding{Rule: RuleSkipLink, Msg: fmt.Sprintf("“跳到主要内容”链接的目标 %s 在本页不存在", href),
			Fix:    fmt.Sprintf("请给主要内容加上 id，如 <main id=\"%s\">，或把链接改成主要内容的 id", href[1:]),
			Detail: "skip link target " + href + " does not exist"}
		s.placeLayout(d, &f, "a", func(tag, _ string) bool { return strings.Contains(tag, `"`+href+`"`) })
		d.add(f)
		return
	}
	f := Finding{Rule: RuleSkipLink, Msg: fmt.Sprintf("页面开头没有“跳到主要内容”的链接（前 %d 个可获得焦点的元素中没有页内链接）", skipWithin),
		Fix:    "请在 <body> 之后第一个写 <a class=\"skip-link\" href=\"#main\">跳到主要内容</a>，并给主要内容加上 <main id=\"main\">",
		Detail: "no skip link among the first focusable elements"}
	s.placeLayout(d, &f, "", nil)
	d.add(f)
}

// focusable reports whether keyboard users reach n with Tab.
func focusable(n *html.Node) bool {
	if t, ok := attr(n, "tabindex"); ok {
		if i, err := strconv.Atoi(strings.TrimSpace(t)); err == nil && i < 0 {
			return false
		}
		return true
	}
	if _, ok := attr(n, "disabled"); ok {
		return false
	}
	switch n.DataAtom {
	case atom.A, atom.Area:
		_, ok := attr(n, "href")
		return ok
	case atom.Button, atom.Select, atom.Textarea, atom.Summary, atom.Iframe:
		return true
	case atom.Input:
		t, _ := attr(n, "type")
		return !strings.EqualFold(strings.TrimSpace(t), "hidden")
	}
	return false
}

// checkFormLabels reports inputs, selects and textareas without a label:
// none of label[for], a wrapping label, aria-label, or aria-labelledby naming
// ids of the page.
func (s *site) checkFormLabels(d *doc) {
	labelFor := map[string]bool{}
	type control struct {
		n       *html.Node
		wrapped bool
	}
	var controls []control
	var rec func(n *html.Node, inLabel bool)
	rec = func(n *html.Node, inLabel bool) {
		if n.Type == html.ElementNode && n.Namespace == "" {
			switch n.DataAtom {
			case atom.Label:
				if v, ok := attr(n, "for"); ok {
					labelFor[strings.TrimSpace(v)] = true
				}
				inLabel = true
			case atom.Input, atom.Select, atom.Textarea:
				if needsLabel(n) {
					controls = append(controls, control{n, inLabel})
				}
			case atom.Template:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c, inLabel)
		}
	}
	rec(d.root, false)
	for _, c := range controls {
		if c.wrapped {
			continue
		}
		if v, _ := attr(c.n, "aria-label"); strings.TrimSpace(v) != "" {
			continue
		}
		id, _ := attr(c.n, "id")
		if id != "" && labelFor[id] {
			continue
		}
		if v, _ := attr(c.n, "aria-labelledby"); strings.TrimSpace(v) != "" {
			ok := true
			for _, ref := range strings.Fields(v) {
				ok = ok && d.ids[ref]
			}
			if ok {
				continue
			}
		}
		name, _ := attr(c.n, "name")
		what := "<" + c.n.Data
		for _, k := range []string{"type", "id", "name"} {
			if v, ok := attr(c.n, k); ok {
				what += fmt.Sprintf(" %s=\"%s\"", k, v)
			}
		}
		what += ">"
		f := Finding{Rule: RuleFormLabel, Msg: "表单控件没有标签（label），读屏软件读不出它是做什么的：" + shorten(what),
			Fix:    "请加上 <label for=\"控件的id\">说明文字</label>，或用 <label> 把控件包起来，或写 aria-label=\"说明文字\"",
			Detail: "form control without a label: " + what}
		var needles []string
		if id != "" {
			needles = append(needles, `id="`+id+`"`)
		}
		if name != "" {
			needles = append(needles, `name="`+name+`"`)
		}
		_, ids := d.fromContent()
		s.place(d, &f, id != "" && ids[id], needles...)
		s.placeLayout(d, &f, c.n.Data, func(tag, _ string) bool {
			for _, n := range needles {
				if strings.Contains(tag, n) {
					return true
				}
			}
			return len(needles) == 0 && !hasAttr(tag, "aria-label") && !hasAttr(tag, "aria-labelledby")
		})
		d.add(f)
	}
}

// needsLabel reports whether a form control is one a user fills in.
func needsLabel(n *html.Node) bool {
	if n.DataAtom != atom.Input {
		return true
	}
	t, _ := attr(n, "type")
	switch strings.ToLower(strings.TrimSpace(t)) {
	case "hidden", "submit", "button", "reset", "image":
		return false
	}
	return true
}

// ---------------------------------------------------------------- layouts

// layoutIndex holds every start tag of the site's layouts.
type layoutIndex struct {
	once sync.Once
	tags []ltag
}

// ltag is one start tag written in a layout file.
type ltag struct {
	file  string
	name  string // element name, lower case
	off   int    // byte offset in the file
	text  string // the tag as written, template actions included
	after string // the text that follows it, up to 64 bytes
}

var tagRE = regexp.MustCompile(`<([A-Za-z][A-Za-z0-9-]*)(?:[^>"'{]|"[^"]*"|'[^']*'|\{\{.*?\}\}|\{)*>`)

// layoutTags returns every start tag of the site's layouts, read once.
func (s *site) layoutTags() []ltag {
	li := &s.layouts
	li.once.Do(func() {
		names := make([]string, 0, len(s.in.Layouts))
		for name := range s.in.Layouts {
			if strings.HasSuffix(name, ".html") {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		for _, name := range names {
			data := string(s.in.Layouts[name])
			for _, m := range tagRE.FindAllStringSubmatchIndex(data, -1) {
				end := min(m[1]+64, len(data))
				li.tags = append(li.tags, ltag{file: name, name: strings.ToLower(data[m[2]:m[3]]), off: m[0], text: data[m[0]:m[1]], after: data[m[1]:end]})
			}
		}
	})
	return li.tags
}

// placeLayout points a finding about a page a template made at the layout
// tag that holds the fault as written: the first tag of element name for
// which match is true. It leaves f alone when f already has a line (the
// fault is in the page's Markdown or a static file), when the page was not
// made by a template, when name is "" (a fault of something missing, which is
// written nowhere) or when no layout holds it literally. Findings at one
// layout place are reported once with the number of pages (finish).
func (s *site) placeLayout(d *doc, f *Finding, name string, match func(tag, after string) bool) {
	if f.File == "" {
		f.File, f.Line, f.Col = s.source(d.path)
	}
	if f.Line > 0 || d.kind != kindPage || name == "" || match == nil {
		return
	}
	for _, t := range s.layoutTags() {
		if t.name == name && match(t.text, t.after) {
			data := s.in.Layouts[t.file]
			f.File = t.file
			f.Line, f.Col = diag.LineCol(data, t.off)
			return
		}
	}
}

// hasAttr reports whether a tag as written in a layout has attribute key.
func hasAttr(tag, key string) bool {
	re := attrREs(key)
	return re.MatchString(tag)
}

var attrRECache sync.Map

func attrREs(key string) *regexp.Regexp {
	if v, ok := attrRECache.Load(key); ok {
		return v.(*regexp.Regexp)
	}
	re := regexp.MustCompile(`(?i)[\s"'}]` + regexp.QuoteMeta(key) + `(\s*=|[\s/>{])`)
	attrRECache.Store(key, re)
	return re
}

// attrText is the literal value of attribute key in a tag as written ("" when
// absent or unquoted).
func attrText(tag, key string) string {
	re := regexp.MustCompile(`(?i)[\s"']` + regexp.QuoteMeta(key) + `\s*=\s*("[^"]*"|'[^']*')`)
	m := re.FindStringSubmatch(tag)
	if m == nil {
		return ""
	}
	return m[1][1 : len(m[1])-1]
}
