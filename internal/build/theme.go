package build

import (
	"hengdong/internal/content"
)

// themePage is a page the theme links to from every page (the header's search
// form, the toolbar's and footer's 无障碍说明) and so provides itself: a site
// of nothing but content/ must not get a broken link on every page. A site's
// own page at the same URL replaces it.
type themePage struct {
	path, typ, layout, title, description string
}

var themePages = []themePage{
	{"/search/", "search", "search", "站内搜索", "搜索本站内容。"},
	{"/about/accessibility/", "", "accessibility", "无障碍说明", "本站的无障碍与适老化服务：文字大小、高对比度、大鼠标、键盘操作和读屏软件。"},
}

// themeOutputs returns the theme pages to render: those whose template exists
// and whose URL no page, static file, resource or alias of the site has.
// load calls it once b.known holds the site's own URLs, and adds theirs.
func (b *builder) themeOutputs() []outputPage {
	home := b.tree.Site.Home
	var out []outputPage
	for _, tp := range themePages {
		if b.known[tp.path] || b.known[tp.path+"index.html"] {
			continue
		}
		p := &content.Page{Kind: content.KindTheme, Site: b.tree.Site, Parent: home, Ancestors: []*content.Page{home},
			Title: tp.title, Description: tp.description, FrontType: tp.typ, Layout: tp.layout, Params: map[string]any{}}
		name, err := b.eng.Lookup(p)
		if err != nil || name == "" {
			continue // a site without the theme's templates links to neither
		}
		p.RelPermalink = b.cfg.BasePath() + tp.path[1:]
		p.Permalink = b.cfg.BaseURL + tp.path[1:]
		out = append(out, outputPage{tp.path, p, nil})
	}
	return out
}
