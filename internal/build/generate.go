package build

import (
	"html/template"
	"maps"
	"slices"
	"strings"
	"time"

	"hengdong/internal/content"
	"hengdong/internal/keyhash"
	"hengdong/internal/markdown"
	"hengdong/internal/search"
	"hengdong/internal/tmpl"
)

// generate adds the files that are not templates, static files and content
// resources, and then the planned files that are not pages: feeds,
// sitemap.xml, robots.txt, redirects, the highlight stylesheet (gen, made by
// renderTemplates) and the fingerprinted assets. The search index is added
// after minify (searchIndex).
func (b *builder) generate(gen []generated) {
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
	// Rendered beside the pages (renderTemplates), emitted in plan order,
	// for stable collision messages.
	for _, e := range gen {
		if e.err != nil {
			b.fail(e.err)
			continue
		}
		o := origin{path: e.path}
		if e.kind == "alias" {
			o.file, o.kind = e.from, "别名"
		}
		b.emitFrom(e.path, e.data, o)
	}
	b.emitAssets()
}

// feedSize is how many pages a feed lists (layouts/_default/rss.xml).
const feedSize = 20

// searchResult is the search index built off the critical path (startSearch).
type searchResult struct {
	files map[string][]byte
	stats search.Stats
	cache *search.Cache // what it learned, for the next index
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
		r = b.buildSearch()
		r.time = time.Since(t0)
		ch <- r
	}()
}

// buildSearch builds the search index of the pages, reusing the last index's
// work (Incremental.lastSearch).
func (b *builder) buildSearch() searchResult {
	var r searchResult
	last := b.inc.lastSearch()
	r.files, r.stats, r.cache, r.err = search.BuildReusing(searchDocs(searchPagesOf(b.tree), last), last)
	return r
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

// searchDocs turns pages into the search index's documents. Each is keyed
// by its title, headings and HTML (search.Doc.Key); the plain text of a page
// is made only when the index tokenises it (search.Doc.BodyFrom), not for a
// page whose key last holds.
func searchDocs(pages []searchPage, last *search.Cache) []search.Doc {
	docs := make([]search.Doc, 0, len(pages))
	for _, sp := range pages {
		p := sp.p
		d := search.Doc{URL: p.RelPermalink, Title: sp.title, Section: p.Section, File: p.File,
			Date: tmpl.DateCN(p.Date), Key: searchKey(sp)}
		if !last.Has(d.Key) {
			html := string(sp.content)
			d.BodyFrom = func(dst []byte) []byte { return markdown.AppendPlainText(dst, html) }
		}
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

// searchKey is a hash of what a page's search.Doc Title, Headings and Body
// are made from.
func searchKey(sp searchPage) uint64 {
	h := keyhash.New()
	h.Strings("searchPage", sp.title, string(sp.content))
	for _, hd := range sp.headings {
		h.Strings(hd.Text)
	}
	return h.Sum64() | 1 // never 0: no key
}

// searchIndex writes the search index, waiting for startSearch's when it ran.
func (b *builder) searchIndex() {
	var r searchResult
	if b.searchDone != nil {
		r = <-b.searchDone
		b.searchDone = nil
	} else {
		t0 := time.Now()
		r = b.buildSearch()
		r.time = time.Since(t0)
	}
	if r.err != nil {
		b.fail(r.err)
		return
	}
	b.inc.keepSearch(r.cache)
	b.searchStats, b.searchTime = r.stats, r.time
	// The index is written minified (search.TestFilesMinified): a minifier
	// would only copy it, 11 MB at 4,000 pages.
	for _, name := range slices.Sorted(maps.Keys(r.files)) {
		b.emit(name, r.files[name], "")
	}
}

// SearchIndex builds the search index of a rendered site, as Render would
// have written it: for results rendered with DeferSearch.
func SearchIndex(res *Result) (map[string][]byte, error) {
	pages := res.searchPages
	if pages == nil {
		pages = searchPagesOf(res.Tree)
	}
	var inc *Incremental
	if res.inc != nil {
		inc = res.inc.inc
	}
	last := inc.lastSearch()
	files, _, c, err := search.BuildReusing(searchDocs(pages, last), last)
	if err != nil {
		return nil, err
	}
	inc.keepSearch(c)
	return files, nil // minified as written, as searchIndex publishes them
}
