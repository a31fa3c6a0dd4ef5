package build

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strings"
	"time"

	"hengdong/internal/content"
	"hengdong/internal/markdown"
	"hengdong/internal/output"
	"hengdong/internal/search"
	"hengdong/internal/tmpl"
)

// generate adds the files that are not templates: static files, content
// resources, the highlight stylesheet, feeds, sitemap.xml, robots.txt and
// alias redirects. The search index is added after minify (searchIndex).
func (b *builder) generate() {
	b.shared = map[string]bool{}
	for _, name := range slices.Sorted(maps.Keys(b.in.Static)) {
		b.emitFrom(strings.TrimPrefix(name, "static"), b.in.Static[name], origin{strings.TrimPrefix(name, "static"), name, "静态文件"})
		b.shared[strings.TrimPrefix(name, "static")] = true
	}
	for _, r := range b.tree.Resources {
		b.emitFrom(r.Path, b.resData[r.Path], origin{r.Path, r.File, "页面资源"})
		b.shared[r.Path] = true
	}
	for _, p := range slices.Sorted(maps.Keys(b.imgFiles)) {
		b.emit(p, b.imgFiles[p], "")
		b.shared[p] = true
	}
	b.emit("/css/highlight.css", markdown.HighlightCSS(), "")
	b.emitAssets()
	b.feeds()
	b.sitemap()
	b.emit("/robots.txt", []byte("User-agent: *\nAllow: /\nSitemap: "+b.cfg.BaseURL+"sitemap.xml\n"), "")
	for _, a := range slices.Sorted(maps.Keys(b.tree.Aliases)) {
		b.emitFrom(a, aliasPage(b.tree.Aliases[a]), origin{a, b.tree.Aliases[a].File, "别名"})
	}
}

const feedSize = 20

type rssItem struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	GUID        string `xml:"guid"`
	PubDate     string `xml:"pubDate,omitempty"`
	Description string `xml:"description"`
	Source      string `xml:"author,omitempty"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	AtomLink      atomLink  `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

// feeds writes an RSS 2.0 feed for the home page and for every section.
func (b *builder) feeds() {
	for _, p := range b.tree.All {
		if hasFeed(p) {
			b.emit(p.Path()+"index.xml", b.feed(p), "")
		}
	}
}

// hasFeed reports whether p has an RSS feed: the home page and sections do.
func hasFeed(p *content.Page) bool {
	return p.Kind == content.KindHome || p.Kind == content.KindSection
}

func rfc822(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC1123Z)
}

func (b *builder) feed(p *content.Page) []byte {
	title := b.cfg.Title
	if !p.IsHome() {
		title = p.Title + " - " + b.cfg.Title
	}
	desc := p.Description
	if desc == "" {
		desc = b.cfg.Description
	}
	ch := rssChannel{Title: title, Link: p.Permalink, Description: desc, Language: strings.ToLower(b.cfg.LanguageCode),
		LastBuildDate: rfc822(b.tree.Site.LastChange),
		AtomLink:      atomLink{Href: p.Permalink + "index.xml", Rel: "self", Type: "application/rss+xml"}}
	for i, q := range p.RegularPages {
		if i == feedSize {
			break
		}
		ch.Items = append(ch.Items, rssItem{Title: q.Title, Link: q.Permalink, GUID: q.Permalink,
			PubDate: rfc822(q.Date), Description: string(q.Summary)})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(rssDoc{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: ch}); err != nil {
		b.fail(err)
	}
	return buf.Bytes()
}

// sitemap writes sitemap.xml with every page (pager pages and aliases left out).
// It is written by hand: encoding/xml's reflection was a visible share of
// serve's rebuild time on large sites.
func (b *builder) sitemap() {
	var buf bytes.Buffer
	buf.Grow(len(b.tree.All) * 96)
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, p := range b.tree.All {
		if p.Draft || p.Future {
			continue
		}
		buf.WriteString("<url><loc>")
		xml.EscapeText(&buf, []byte(p.Permalink))
		buf.WriteString("</loc>")
		if t := p.Lastmod; !t.IsZero() {
			buf.WriteString("<lastmod>")
			buf.WriteString(t.Format("2006-01-02"))
			buf.WriteString("</lastmod>")
		}
		buf.WriteString("</url>\n")
	}
	buf.WriteString("</urlset>\n")
	b.emit("/sitemap.xml", buf.Bytes(), "")
}

var aliasTmpl = template.Must(template.New("alias").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<link rel="canonical" href="{{ .Permalink }}"><meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{ .RelPermalink }}"></head>
<body><main><p>本页已移至 <a href="{{ .RelPermalink }}">{{ .Title }}</a>。</p></main></body></html>
`))

// aliasPage is a redirect from an old address to the page.
func aliasPage(p *content.Page) []byte {
	var buf bytes.Buffer
	if err := aliasTmpl.Execute(&buf, p); err != nil {
		panic(fmt.Sprint("alias template: ", err)) // a fixed template over plain fields cannot fail
	}
	return buf.Bytes()
}

// searchResult is the search index built off the critical path (startSearch).
type searchResult struct {
	files map[string][]byte
	stats search.Stats
	err   error
	time  time.Duration // spent building it
}

// startSearch builds the search index in the background: it reads only what
// the Markdown stage wrote into the pages, so it runs while the templates are
// rendered and searchIndex collects it. Without it, the index was the longest
// serial stretch of a build.
func (b *builder) startSearch() {
	ch := make(chan searchResult, 1)
	b.searchDone = ch
	go func() {
		var r searchResult
		t0 := time.Now()
		r.files, r.stats, r.err = search.Build(searchDocs(searchPagesOf(b.tree)))
		r.time = time.Since(t0)
		ch <- r
	}()
}

// indexable reports whether p belongs in the search index: not the search page
// itself, and not a page whose front matter says `noindex: true`.
func indexable(p *content.Page) bool {
	if p.Layout == "search" || p.Type() == "search" {
		return false
	}
	no, _ := p.Params["noindex"].(bool)
	return !no
}

// searchPage is what the search index reads of a page: the page, and its
// title and Markdown-made fields as they were when the render ended (serve's
// body-edit path updates those fields of the tree's pages in place).
type searchPage struct {
	p        *content.Page
	title    string
	content  template.HTML
	headings []content.Heading
}

// searchPagesOf lists every published regular page and section with text for
// the /search/ page. Drafts are shown by serve but never indexed.
func searchPagesOf(tree *content.Tree) []searchPage {
	var out []searchPage
	for _, p := range tree.All {
		if p.File == "" || p.Kind == content.KindHome || p.Draft || p.Future || !indexable(p) {
			continue
		}
		out = append(out, searchPage{p, p.Title, p.Content, p.Headings})
	}
	return out
}

// searchDocs turns pages into the search index's documents.
func searchDocs(pages []searchPage) []search.Doc {
	docs := make([]search.Doc, 0, len(pages))
	for _, sp := range pages {
		p := sp.p
		d := search.Doc{URL: p.RelPermalink, Title: sp.title, Section: p.Section, File: p.File,
			Date: tmpl.DateCN(p.Date), Body: markdown.PlainText([]byte(sp.content))}
		if !p.Date.IsZero() {
			d.DateISO = p.Date.Format("2006-01-02")
		}
		for _, a := range p.Ancestors {
			if a.Kind == content.KindSection {
				d.SectionTitle = a.Title
				break
			}
		}
		for _, h := range sp.headings {
			d.Headings = append(d.Headings, h.Text)
		}
		docs = append(docs, d)
	}
	return docs
}

// searchIndex writes the search index, waiting for startSearch's when it ran.
func (b *builder) searchIndex() {
	var r searchResult
	if b.searchDone != nil {
		r = <-b.searchDone
		b.searchDone = nil
	} else {
		t0 := time.Now()
		r.files, r.stats, r.err = search.Build(searchDocs(searchPagesOf(b.tree)))
		r.time = time.Since(t0)
	}
	if r.err != nil {
		b.fail(r.err)
		return
	}
	b.searchStats, b.searchTime = r.stats, r.time
	for _, name := range slices.Sorted(maps.Keys(r.files)) {
		b.emit(name, r.files[name], "")
	}
	if !b.opts.NoMinify {
		b.minify(r.files)
	}
}

// SearchIndex builds the search index of a rendered site, minified as Render
// would have written it: for results rendered with DeferSearch.
func SearchIndex(res *Result) (map[string][]byte, error) {
	pages := res.searchPages
	if pages == nil {
		pages = searchPagesOf(res.Tree)
	}
	files, _, err := search.Build(searchDocs(pages))
	if err != nil {
		return nil, err
	}
	if res.minified {
		m := output.NewMinifier()
		for name, data := range files {
			if files[name], err = m.Minify(name, data); err != nil {
				return nil, err
			}
		}
	}
	return files, nil
}
