package build

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"hengdong/internal/content"
	"hengdong/internal/diag"
	"hengdong/internal/markdown"
	"hengdong/internal/search"
)

// builtin holds the layouts of the generated files (feeds, sitemap.xml,
// robots.txt, redirects), used where neither the site nor its theme has its
// own: as Hugo's internal templates, so that any theme gets them.
//
//go:embed all:layouts
var builtin embed.FS

// withBuiltin returns layouts with the built-in ones it lacks added.
func withBuiltin(layouts map[string][]byte) map[string][]byte {
	out, cloned := layouts, false
	fs.WalkDir(builtin, "layouts", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || layouts[name] != nil {
			return err
		}
		if !cloned {
			out, cloned = maps.Clone(layouts), true // the inputs are the caller's
		}
		out[name], err = builtin.ReadFile(name)
		return err
	})
	return out
}

// planned is one file the build writes, known once the site is loaded: the
// plan is the one list of them, and the links of pages are checked against
// its paths (with the static files and page resources).
type planned struct {
	path string // output path: "/news/", "/news/index.xml", "/robots.txt"
	kind string // page, pager, 404, sitemap, theme, rss, json, sitemap.xml, robots.txt, alias, highlight, asset
	from string // the content file it is made from, else its template
	// page is set for the HTML pages rendered through the layouts
	// (renderTemplates); render for the other files generate writes.
	// Fingerprinted assets and the search index have neither: emitAssets
	// and searchIndex write them.
	page   *outputPage
	render func() ([]byte, error)
}

// formats are the outputs a page kind may have beside its HTML, by name
// in [outputs] and front matter: the file written and its template.
var formats = map[string]struct{ file, layout string }{
	"rss":  {"index.xml", "layouts/_default/rss.xml"},
	"json": {"index.json", "layouts/_default/list.json"},
}

// outputFormats lists p's outputs beside its HTML (always written): its
// front matter's `outputs`, else site.toml's [outputs] for its kind, else
// rss for the home page and sections.
func outputFormats(p *content.Page) []string {
	list := p.Outputs
	if list == nil && p.Site != nil && p.Site.Config != nil {
		list = p.Site.Config.Outputs[p.Kind]
	}
	if list == nil {
		if p.Kind == content.KindHome || p.Kind == content.KindSection {
			return []string{"rss"}
		}
		return nil
	}
	var out []string
	for _, f := range list {
		if f = strings.ToLower(f); f != "html" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// hasFeed reports whether p has an RSS feed.
func hasFeed(p *content.Page) bool { return slices.Contains(outputFormats(p), "rss") }

// plan lists every file of the site but the static files, page resources,
// the search index's shards and what shortcodes emit (chart CSVs), and sets
// b.known to every URL path the site will have. Theme pages come last: they
// are planned only where the site has nothing of its own.
func (b *builder) plan() error {
	errs := diag.Collect(b.checkOutputs())
	var plan []planned
	add := func(e planned) { plan = append(plan, e) }
	for _, o := range b.outputs() {
		kind := "page"
		if o.page != o.base {
			kind = "pager"
		}
		add(planned{path: o.path, kind: kind, from: o.page.File, page: &o})
	}
	home := b.tree.Site.Home
	notFound := &content.Page{Kind: content.Kind404, Site: b.tree.Site, Parent: home, Ancestors: []*content.Page{home},
		Title: b.eng.Text("notFoundTitle", "页面未找到"), Params: map[string]any{}}
	notFound.RelPermalink = b.cfg.BasePath() + "404.html"
	add(planned{path: "/404.html", kind: "404", from: "layouts/404.html", page: &outputPage{"/404.html", notFound, nil}})
	if b.eng.Has("layouts/_default/sitemap-page.html") {
		sm := &content.Page{Kind: content.KindSitemap, Site: b.tree.Site, Parent: home, Ancestors: []*content.Page{home},
			Sections: b.tree.Site.Sections, RegularPages: b.tree.Site.RegularPages,
			Title: b.eng.Text("sitemap", "网站地图"), Description: b.eng.Text("sitemapDescription", "本站全部栏目和页面"), Params: map[string]any{}}
		sm.RelPermalink = b.cfg.BasePath() + "sitemap/"
		sm.Permalink = b.cfg.BaseURL + "sitemap/"
		add(planned{path: "/sitemap/", kind: "sitemap", from: "layouts/_default/sitemap-page.html", page: &outputPage{"/sitemap/", sm, nil}})
	}
	add(planned{path: search.IndexDir + "meta.json", kind: "search"}) // searchIndex; its shards depend on the text
	add(planned{path: "/css/highlight.css", kind: "highlight", render: func() ([]byte, error) { return markdown.HighlightCSS(), nil }})
	for _, name := range slices.Sorted(maps.Keys(b.assets)) {
		add(planned{path: b.assets[name].hashed, kind: "asset", from: "static" + name}) // emitAssets
	}
	for _, p := range b.tree.All {
		feed := false
		for _, f := range outputFormats(p) {
			e, err := b.listFile(p, f)
			if err != nil {
				errs = append(errs, diag.Collect(err)...)
			}
			if e.path != "" {
				add(e)
				feed = feed || f == "rss"
			}
		}
		if !feed {
			p.RSSLink = ""
		}
	}
	site := siteFile{Site: b.tree.Site, Pages: b.tree.All}
	add(b.fromTemplate("/sitemap.xml", "sitemap.xml", "layouts/sitemap.xml", site))
	add(b.fromTemplate("/robots.txt", "robots.txt", "layouts/robots.txt", site))
	for _, a := range slices.Sorted(maps.Keys(b.tree.Aliases)) {
		e := b.fromTemplate(a, "alias", "layouts/alias.html", b.tree.Aliases[a])
		e.from = b.tree.Aliases[a].File
		add(e)
	}
	b.known = map[string]bool{}
	for _, e := range plan {
		b.known[e.path] = true
	}
	for _, r := range b.tree.Resources {
		b.known[r.Path] = true
	}
	for name := range b.in.Static {
		b.known[strings.TrimPrefix(name, "static")] = true
	}
	for _, o := range b.themeOutputs() {
		b.known[o.path] = true
		name, _ := b.eng.Lookup(o.page)
		add(planned{path: o.path, kind: "theme", from: name, page: &o})
	}
	b.planned = plan
	return errs.Err()
}

// siteFile is the dot of the templates of site-wide files (sitemap.xml,
// robots.txt): the site, and every page in the order of the content tree.
type siteFile struct {
	Site  *content.Site
	Pages []*content.Page
}

// fromTemplate plans a file made by executing layout with data.
func (b *builder) fromTemplate(path, kind, layout string, data any) planned {
	return planned{path: path, kind: kind, from: layout, render: func() ([]byte, error) {
		var buf bytes.Buffer
		err := b.eng.Execute(&buf, layout, data)
		return buf.Bytes(), err
	}}
}

// listFile plans p's output in format f (a feed).
func (b *builder) listFile(p *content.Page, f string) (planned, error) {
	ft, ok := formats[f]
	if !ok {
		if p.Outputs == nil {
			return planned{}, nil // site.toml's, reported once by checkOutputs
		}
		var src []byte
		for _, c := range b.in.Content {
			if c.Path == p.File {
				src = c.Data
			}
		}
		return planned{}, unknownFormat(p.File, src, f)
	}
	return b.fromTemplate(p.Path()+ft.file, f, ft.layout, p), nil
}

// unknownFormat is the error for format f, written in file (src).
func unknownFormat(file string, src []byte, f string) *diag.Error {
	line, col := lineOf(src, f)
	return diag.New(file, line, col, fmt.Sprintf("未知的输出格式 %q", f),
		"outputs 只能是 html、"+strings.Join(slices.Sorted(maps.Keys(formats)), "、"), "unknown output format "+f)
}

// checkOutputs reports the page kinds and formats of site.toml's [outputs]
// that do not exist.
func (b *builder) checkOutputs() error {
	var errs diag.List
	for _, kind := range slices.Sorted(maps.Keys(b.cfg.Outputs)) {
		switch kind {
		case content.KindHome, content.KindSection, content.KindPage, content.KindTaxonomy, content.KindTerm:
		default:
			line, col := lineOf(b.in.Config, kind)
			errs = append(errs, diag.New("site.toml", line, col, fmt.Sprintf("[outputs] 中未知的页面类型 %q", kind),
				"页面类型只能是 home、section、page、taxonomy、term", "unknown page kind "+kind))
		}
		for _, f := range b.cfg.Outputs[kind] {
			if _, ok := formats[strings.ToLower(f)]; !ok && !strings.EqualFold(f, "html") {
				errs = append(errs, unknownFormat("site.toml", b.in.Config, f))
			}
		}
	}
	return errs.Err()
}

// listFiles renders p's list outputs (feeds), for serve's body edits.
func (b *builder) listFiles(p *content.Page) map[string][]byte {
	out := map[string][]byte{}
	for _, f := range outputFormats(p) {
		if e, _ := b.listFile(p, f); e.path != "" {
			data, err := e.render()
			out[e.path] = data
			b.fail(err)
		}
	}
	return out
}

// lineOf is the line and column (in characters) of the first s in data
// that follows "outputs", else 1:1.
func lineOf(data []byte, s string) (int, int) {
	at := bytes.Index(data, []byte("outputs"))
	if at < 0 {
		return 1, 1
	}
	if i := bytes.Index(data[at:], []byte(s)); i >= 0 {
		at += i
	}
	start := bytes.LastIndexByte(data[:at], '\n') + 1
	return bytes.Count(data[:at], []byte("\n")) + 1, utf8.RuneCount(data[start:at]) + 1
}
