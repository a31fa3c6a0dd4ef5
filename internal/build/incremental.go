package build

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"

	"hengdong/internal/content"
	"hengdong/internal/diag"
	"hengdong/internal/keyhash"
	"hengdong/internal/parallel"
	"hengdong/internal/search"
	"hengdong/internal/seeds"
	"hengdong/internal/tmpl"
)

// Incremental renders a site again and again for serve, reusing the work of the
// last successful render wherever the inputs it depended on are unchanged. Its
// output is byte-for-byte what Render gives for the same Inputs and Options.
//
// Three caches, each checked against what the work read:
//
//   - Markdown, per content file: reused when the file's bytes and URL are the same,
//     the link environment is the same (site.toml, every known URL, the ByFile map,
//     image bytes, layouts/shortcodes/) and every indicator the page's shortcodes
//     showed (Page.Deps) is unchanged.
//   - Template output, per output path: a key hashes the page's version (source
//     bytes, rendered Markdown, title, flags) with the versions and URLs of the
//     pages it shows: Prev/Next, Parent and Ancestors, the pages on its pager
//     page, its Sections and Terms; plus its content template's bytes, the
//     shared layouts (baseof, partials), site.toml, the section and tag lists,
//     and seeds when a template calls indicator. What else the templates read
//     of other pages is found in their parse trees (tmpl.Engine.ReadsOf), so
//     any theme is served right: the page's own children when they read
//     .Pages, and when they read the site's pages (.Site.RegularPages, GetPage,
//     a section's pages) either a digest of every page's listing fields (URL,
//     title, dates, summary, description, terms, weight, cover, flags), when
//     those are all they read, or of every page's whole version. A page whose
//     key is unchanged is not rendered.
//   - Minified output, per path: reused when the unminified bytes are equal.
//
// Feeds, sitemap.xml, the search index and static files are generated every time
// (they are cheap next to templates and minify) and go through the minify cache.
//
// An Incremental is not safe for concurrent use: serve renders one at a time.
type Incremental struct {
	opts Options
	prev *incState // the last successful render; nil before the first
	// parsed keeps front matter parses across renders: only changed files are parsed.
	parsed *content.ParseCache
	// Stats of the last Render, for tests and the server's log.
	Stats IncrementalStats
	// search is what the last search index learned (search.Cache), for the
	// next one; serve builds indexes (SearchIndex) while it renders.
	searchMu sync.Mutex
	search   *search.Cache
}

// lastSearch returns what the last search index learned; nil for nil.
func (inc *Incremental) lastSearch() *search.Cache {
	if inc == nil {
		return nil
	}
	inc.searchMu.Lock()
	defer inc.searchMu.Unlock()
	return inc.search
}

// keepSearch keeps what a search index learned, for the next one (nil:
// nothing, the index kept no Cache).
func (inc *Incremental) keepSearch(c *search.Cache) {
	if inc == nil {
		return
	}
	inc.searchMu.Lock()
	inc.search = c
	inc.searchMu.Unlock()
}

func (s *incState) lastSearch() *search.Cache {
	if s == nil {
		return nil
	}
	return s.inc.lastSearch()
}

func (s *incState) keepSearch(c *search.Cache) {
	if s != nil {
		s.inc.keepSearch(c)
	}
}

// IncrementalStats counts what the last Render redid and what it reused.
type IncrementalStats struct {
	MarkdownRendered, MarkdownReused int
	PagesRendered, PagesReused       int
	PagesDeferred                    int // left for FinishDeferred
	Minified, MinifyReused           int
	// TreeReused: only page bodies changed, and the last render's page tree
	// was updated in place instead of built again (bodyedit.go).
	TreeReused bool
}

// NewIncremental returns an Incremental that renders with opts.
func NewIncremental(opts Options) *Incremental {
	return &Incremental{opts: opts, parsed: content.NewParseCache()}
}

// Render renders in, as Render(in, opts) would. A failed render leaves the
// caches as they were, so the next render reuses the last good one's work.
func (inc *Incremental) Render(in *Inputs) (*Result, error) {
	return inc.RenderContext(context.Background(), in)
}

// RenderContext is Render, stopped with ctx.Err() when ctx is cancelled. A
// cancelled render is a failed one: the caches stay the last good render's.
func (inc *Incremental) RenderContext(ctx context.Context, in *Inputs) (*Result, error) {
	if res, ok, err := inc.renderBodyEdit(ctx, in); ok {
		return res, err
	}
	st := &incState{inc: inc, prev: inc.prev, md: map[pageKey]*mdEntry{}, keys: map[string]uint64{},
		minIn: map[string][]byte{}, minOut: map[string][]byte{}}
	res, err := render(ctx, in, inc.opts, st)
	if err != nil {
		return nil, err
	}
	st.res = res
	// The last render's caches were read during this one and are not needed
	// again: dropping the link keeps one generation alive, not a chain of all.
	st.prev = nil
	inc.prev = st
	inc.Stats = st.stats
	return res, nil
}

// incState is what one render learned, kept for the next.
type incState struct {
	inc  *Incremental
	prev *incState
	// build: the state of a build (cache.go), which renders as build does
	// (pages minified as rendered, going on past failing pages) and keeps
	// no template output; its prev, if any, is the last build's Cache.
	build bool
	// readFinal reads a file of the last build's output folder by its site
	// path (a Cache's state): an output whose key is unchanged is read
	// back, not rendered.
	readFinal func(name string) ([]byte, bool)

	// Set by begin.
	in      *Inputs
	known   map[string]bool
	byFile  map[string]string
	resData map[string][]byte
	store   *seeds.Store
	src     map[string][]byte // content file → bytes
	mdSame  bool              // the link environment of Markdown is unchanged
	// templated: some page's body ran a shortcode template, which may show
	// any page, so the body-edit path (which re-renders only the edited
	// pages' Markdown) is not taken.
	templated bool
	// seedsSame: every seeds file is byte-identical to the last render's.
	seedsSame bool
	// related: some layout names .Related, so outputs are keyed by the
	// related pages too (shown).
	related bool
	// mdEnv hashes what every page's Markdown reads besides its own file
	// (markdownEnv); seedsHash every seeds file. The next render compares.
	mdEnv, seedsHash uint64
	global           uint64            // what every page's template output depends on
	layouts          map[string]uint64 // content template → hash of its bytes (and seeds when it calls indicator)

	versions map[*content.Page]uint64 // set by afterMarkdown

	deferred []deferredPage // pages left for FinishDeferred

	listingOnce sync.Once
	listing     uint64 // listingDigest
	siteOnce    sync.Once
	site        uint64 // siteDigest

	mu     sync.Mutex
	md     map[pageKey]*mdEntry // content file and URL path → rendered Markdown
	keys   map[string]uint64    // output path → template key
	unmin  map[string][]byte    // output path → template output before minify
	minIn  map[string][]byte    // output path → bytes before minify
	minOut map[string][]byte    // output path → bytes after minify
	stats  IncrementalStats

	// For the body-edit path (bodyedit.go).
	res   *Result                    // the last result made with this state
	outs  map[string]outputPage      // output path → what was rendered there
	users map[*content.Page][]string // page → output paths whose key hashed its version; built on first use
	// readSite: output paths whose templates read the site's pages (built with users).
	readSite []string
	late     map[string][]byte          // FinishDeferred's bytes, newer than res.Files
	byFileP  map[string][]*content.Page // content file → its pages; built on first use
}

// mdEntry is one page's rendered Markdown and what it depended on.
type mdEntry struct {
	src      []byte
	content  template.HTML
	toc      template.HTML
	summary  template.HTML
	headings []content.Heading
	cover    string
	deps     []string
	inds     map[string]*seeds.Indicator // the indicators of deps when rendered
	files    map[string][]byte           // files the page's shortcodes emitted
	reused   bool
	hash     uint64 // of src and what the Markdown became, for version
	srcHash  uint64 // xxhash of src, for an entry of a Cache, which keeps no src
	// templated: the body ran a shortcode template, which may read any of
	// the site, so it is never reused.
	templated bool
}

// sameSource reports whether src is the source e was rendered from.
func (e *mdEntry) sameSource(src []byte) bool {
	if e.src == nil && e.srcHash != 0 { // a Cache's entry keeps only the hash
		return e.srcHash == xxhash.Sum64(src)
	}
	return sameBytes(e.src, src)
}

// pageKey names a page's Markdown: its file and the URL it renders at (links
// are written relative to that URL).
type pageKey struct{ file, path string }

func mdKey(p *content.Page) pageKey { return pageKey{p.File, p.Path()} }

// begin runs after load: it compares the environment with the last render's.
func (s *incState) begin(b *builder) {
	if s == nil {
		return
	}
	s.in, s.known, s.byFile, s.resData, s.store = b.in, b.known, b.tree.ByFile, b.resData, b.store
	s.src = make(map[string][]byte, len(b.in.Content))
	for _, f := range b.in.Content {
		s.src[f.Path] = f.Data
	}
	s.mdEnv, s.seedsHash = markdownEnv(b), hashMap(b.in.Seeds)
	// A template can show .Related only by naming it.
	for _, data := range b.in.Layouts {
		s.related = s.related || bytes.Contains(data, []byte("Related"))
	}
	if p := s.prev; p != nil {
		s.mdSame = p.mdEnv == s.mdEnv
		s.seedsSame = p.seedsHash == s.seedsHash
	}

	// The global key of template output.
	h := keyhash.New()
	h.Strings(optionsKey(b.opts, b.eng.UsesFunc("now")))
	h.Write(b.in.Config)
	h.WriteByte(0)
	h.Uint(hashMap(b.in.I18n)) // translations any template may show
	usesSeeds := false
	for _, name := range slices.Sorted(maps.Keys(b.in.Layouts)) {
		if isContentTemplate(name) {
			continue
		}
		h.WriteString(name)
		h.WriteByte(0)
		h.Write(b.in.Layouts[name])
		h.WriteByte(0)
		usesSeeds = usesSeeds || callsIndicator(b.in.Layouts[name])
	}
	if usesSeeds {
		h.Uint(s.seedsHash)
	}
	site := b.tree.Site
	for _, sec := range site.Sections {
		h.Strings(sec.Path(), sec.Title)
	}
	for _, plural := range slices.Sorted(maps.Keys(site.Taxonomies)) {
		h.WriteString(plural)
		for _, t := range site.Taxonomies[plural] {
			h.Strings(t.Path(), t.Term)
		}
	}
	h.WriteString(site.LastChange.String())
	// Menus: pages' front matter `menu:` entries are in every page's header.
	writeMenus(h, site.Menus())
	s.global = h.Sum64()

	s.layouts = map[string]uint64{}
	for name, data := range b.in.Layouts {
		if !isContentTemplate(name) {
			continue
		}
		h.Reset()
		h.Write(data)
		if callsIndicator(data) {
			h.Uint(s.seedsHash)
		}
		s.layouts[name] = h.Sum64()
	}
}

// isContentTemplate reports a layout chosen per page (not baseof, not a partial,
// not a shortcode): its edits affect only the pages it renders.
func isContentTemplate(name string) bool {
	return strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, "/baseof.html") &&
		!strings.HasPrefix(name, "layouts/partials/") && !strings.HasPrefix(name, "layouts/shortcodes/")
}

func callsIndicator(data []byte) bool { return bytes.Contains(data, []byte("indicator")) }

// reuseMarkdown fills p from the last render when nothing p's Markdown read has
// changed, and reports whether it did.
func (s *incState) reuseMarkdown(b *builder, p *content.Page) bool {
	if s == nil || s.prev == nil || !s.mdSame {
		return false
	}
	e := s.prev.md[mdKey(p)]
	if e == nil || e.templated || !e.sameSource(s.src[p.File]) {
		return false
	}
	if e.inds == nil && len(e.deps) > 0 && !s.seedsSame {
		return false // a Cache's entry keeps no indicators to compare
	}
	for id, old := range e.inds {
		if s.seedsSame {
			break // the same seeds files give the same indicators
		}
		var now *seeds.Indicator
		if s.store != nil {
			now, _ = s.store.Get(id)
		}
		if !reflect.DeepEqual(old, now) {
			return false
		}
	}
	p.Content, p.TableOfContents, p.Summary, p.Cover.Src = e.content, e.toc, e.summary, e.cover
	p.Headings = append([]content.Heading(nil), e.headings...)
	p.Deps = append([]string(nil), e.deps...)
	for _, path := range slices.Sorted(maps.Keys(e.files)) {
		b.emit(path, e.files[path], p.File)
	}
	ne := *e
	ne.reused = true
	s.mu.Lock()
	s.md[mdKey(p)] = &ne
	s.stats.MarkdownReused++
	s.mu.Unlock()
	return true
}

// afterMarkdown records the Markdown rendered this time.
func (s *incState) afterMarkdown(b *builder) {
	if s == nil {
		return
	}
	files := map[string]map[string][]byte{}
	for path, from := range b.from {
		if files[from] == nil {
			files[from] = map[string][]byte{}
		}
		files[from][path] = b.files[path]
	}
	var fresh []*mdEntry
	for _, p := range b.pagesWithBody() {
		k := mdKey(p)
		if s.md[k] != nil {
			continue
		}
		e := &mdEntry{src: s.src[p.File], content: p.Content, toc: p.TableOfContents, summary: p.Summary,
			headings: p.Headings, cover: p.Cover.Src, deps: append([]string(nil), p.Deps...),
			files: files[p.File], inds: map[string]*seeds.Indicator{}}
		_, e.templated = b.templated.Load(p.File)
		s.templated = s.templated || e.templated
		fresh = append(fresh, e)
		for _, id := range p.Deps {
			var ind *seeds.Indicator
			if s.store != nil {
				ind, _ = s.store.Get(id)
			}
			e.inds[id] = ind
		}
		s.md[k] = e
		s.stats.MarkdownRendered++
	}
	parallel.For(len(fresh), func(i int) { fresh[i].hash = s.mdHash(fresh[i]) })
	s.versions = make(map[*content.Page]uint64, len(b.tree.All))
	vs := make([]uint64, len(b.tree.All))
	parallel.For(len(b.tree.All), func(i int) { vs[i] = s.version(b.tree.All[i]) })
	for i, p := range b.tree.All {
		s.versions[p] = vs[i]
	}
}

// reuseOutput returns the last render's output for the page at path when its
// key is unchanged: its template output, or (final) its published bytes, read
// back from the last build's folder. It records the key either way.
func (s *incState) reuseOutput(b *builder, o outputPage) (data []byte, final, ok bool) {
	if s == nil {
		return nil, false, false
	}
	path, p := o.path, o.page
	key, ok := s.outputKey(b, p)
	if ok && s.prev != nil && s.prev.readFinal != nil && s.prev.keys[path] == key {
		if data, found := s.prev.readFinal(outputName(path)); found {
			s.mu.Lock()
			s.keys[path] = key
			s.stats.PagesReused++
			s.mu.Unlock()
			return data, true, true
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.outs == nil {
		s.outs = map[string]outputPage{}
	}
	s.outs[path] = o
	if !ok {
		s.stats.PagesRendered++
		return nil, false, false
	}
	s.keys[path] = key
	if s.prev != nil {
		old, found := s.prev.keys[path]
		data, have := s.prev.unmin[path]
		if found && have && old == key {
			s.stats.PagesReused++
			return data, false, true
		}
		// Pages that list the whole site can wait: serve shows their last
		// version now and renders them after the reload (FinishDeferred).
		if found && have && b.opts.DeferSiteWide && siteWide(p.Kind) {
			s.keys[path] = old // the output kept is the old key's
			s.deferred = append(s.deferred, deferredPage{path: path, page: p, key: key})
			s.stats.PagesDeferred++
			return data, false, true
		}
	}
	s.stats.PagesRendered++
	return nil, false, false
}

// siteWide reports the kinds of page that list the whole site.
func siteWide(kind string) bool {
	return kind == content.KindHome || kind == content.Kind404 || kind == content.KindSitemap
}

// deferredPage is a page Render left for FinishDeferred.
type deferredPage struct {
	path string
	page *content.Page
	key  uint64
}

// FinishDeferred renders the pages the last Render deferred (Options.DeferSiteWide)
// and returns their final, minified bytes by output path. It must run before
// the next Render; res must be that last Render's result.
func (inc *Incremental) FinishDeferred(res *Result) (map[string][]byte, error) {
	s := inc.prev
	if s == nil || res.inc != s || len(s.deferred) == 0 {
		return nil, nil
	}
	b := res.builder
	out := map[string][]byte{}
	var errs diag.List
	for _, d := range s.deferred {
		html, data, err := b.renderOutput(outputPage{path: d.path, page: d.page}, res.minified, true)
		if err != nil {
			errs = append(errs, diag.Collect(err)...)
			continue
		}
		if !res.minified {
			data = html
		}
		s.mu.Lock()
		s.keys[d.path], s.unmin[d.path] = d.key, html
		if res.minified {
			s.minIn[d.path], s.minOut[d.path] = html, data
		}
		if s.late == nil {
			s.late = map[string][]byte{}
		}
		s.late[d.path] = data
		s.mu.Unlock()
		out[d.path] = data
	}
	s.deferred = nil
	return out, errs.Err()
}

// outputKey hashes everything the template output of p reads; ok is false when
// p has no template (the render then reports the error).
func (s *incState) outputKey(b *builder, p *content.Page) (uint64, bool) {
	name, err := b.eng.Lookup(p)
	if err != nil {
		return 0, false
	}
	h := keyhash.New()
	h.Uint(s.global)
	h.WriteString(name)
	h.Uint(s.layouts[name])
	s.writePage(h, p)
	// What the templates read of other pages, from their parse trees: the
	// neighbours always, the page's children and the site's pages when the
	// templates read them.
	reads := b.eng.ReadsOf(name)
	shown(p, reads.Children, s.related, func(q *content.Page) { s.writePage(h, q) }, func() { h.WriteByte(1) })
	if pg := p.Paginator; pg != nil {
		h.Uint(uint64(pg.PageNumber))
		h.Uint(uint64(pg.TotalPages))
	}
	if reads.SitePages {
		if listingCovers(reads) {
			h.Uint(s.listingDigest(b))
		} else {
			h.Uint(s.siteDigest(b))
		}
	}
	return h.Sum64(), true
}

// listedFields are the page fields the listing digest hashes (computeListing).
var listedFields = map[string]bool{"RelPermalink": true, "Permalink": true, "Kind": true, "Title": true,
	"Description": true, "Summary": true, "Cover": true, "Date": true, "PublishDate": true, "Lastmod": true, "Weight": true,
	"Tags": true, "Categories": true, "Keywords": true, "Draft": true, "Future": true, "IsNode": true,
	"IsPage": true, "IsSection": true, "IsHome": true, "Section": true, "Type": true, "Count": true,
	"Pin": true, "Featured": true}

// listingCovers reports whether the listing digest covers every field the
// templates read of the site's pages; if not, the key takes every page's
// whole version (siteDigest).
func listingCovers(r tmpl.Reads) bool {
	if r.AllFields() {
		return false
	}
	for _, f := range r.Fields {
		if !listedFields[f] {
			return false
		}
	}
	return true
}

// siteDigest hashes the version of every page: the key of outputs whose
// templates read fields of the site's pages that the listing digest leaves out.
func (s *incState) siteDigest(b *builder) uint64 {
	s.siteOnce.Do(func() { s.site = s.computeSite(b) })
	return s.site
}

func (s *incState) computeSite(b *builder) uint64 {
	h := keyhash.New()
	for _, p := range b.tree.All {
		s.writePage(h, p)
	}
	return h.Sum64()
}

// shown calls page for every other page whose version the output of p is
// keyed by (its neighbours, related articles included) (nil ones included: they are hashed too), in a fixed order, and
// sep between the lists. outputKey hashes them; the body-edit path inverts
// them to find the outputs an edited page shows up in.
func shown(p *content.Page, children, related bool, page func(*content.Page), sep func()) {
	for _, q := range []*content.Page{p.Prev, p.Next, p.Parent} {
		page(q)
	}
	lists := [][]*content.Page{p.Ancestors, p.Sections, p.Terms, nil}
	if related {
		lists[3] = p.Related() // computed for the whole site on first use: only when a template may show it
	}
	if children {
		lists = append(lists, p.Pages, p.RegularPages)
	}
	for _, list := range lists {
		sep()
		for _, q := range list {
			page(q)
		}
	}
	if pg := p.Paginator; pg != nil {
		sep()
		for _, q := range pg.Pages {
			page(q)
		}
	}
}

// writePage writes p's version, or a mark for no page.
func (s *incState) writePage(h keyhash.Hash, p *content.Page) {
	if p == nil {
		h.WriteString("\x00nil\x00")
		return
	}
	v, ok := s.versions[p]
	if !ok {
		v = s.version(p)
	}
	h.Uint(v)
}

// version hashes what other pages may show of p: its URL, what it was made
// from and what its Markdown became.
func (s *incState) version(p *content.Page) uint64 {
	h := keyhash.New()
	h.Strings(p.Path(), p.Kind, p.Title, p.Term)
	if p.File != "" {
		h.WriteString(p.File)
	}
	if e := s.md[mdKey(p)]; e != nil && p.File != "" {
		h.Uint(e.hash) // hashed once, when the Markdown was rendered
	} else {
		if p.File != "" {
			h.Write(s.src[p.File])
		}
		h.WriteString(string(p.Content))
		h.WriteString(string(p.Summary))
		h.WriteString(string(p.TableOfContents))
		h.WriteString(p.Cover.Src)
	}
	writeFlags(h, p)
	return h.Sum64()
}

// writeFlags writes what both a page's version and the listing digest hash of
// its state: draft and future flags and how many pages it lists.
func writeFlags(h keyhash.Hash, p *content.Page) {
	var flags byte
	if p.Draft {
		flags |= 1
	}
	if p.Future {
		flags |= 2
	}
	h.WriteByte(flags)
	h.Uint(uint64(len(p.Pages)))
	h.Uint(uint64(len(p.RegularPages)))
}

// beforeMinify keeps the template output for the next render.
func (s *incState) beforeMinify(b *builder) {
	if s == nil || s.build {
		return
	}
	s.unmin = make(map[string][]byte, len(s.keys))
	for path := range s.keys {
		s.unmin[path] = b.files[path]
	}
}

// minifyFile minifies data for path, reusing the last render's result when the
// unminified bytes are the same.
func (b *builder) minifyFile(path string, data []byte) ([]byte, error) {
	s := b.inc
	if s == nil || s.build {
		// Bytes rendered for this build alone may be minified in place;
		// static files and resources are the inputs' too.
		return b.minifyOutput(path, data, !b.shared[path])
	}
	if p := s.prev; p != nil {
		if old, ok := p.minIn[path]; ok && sameBytes(old, data) {
			out := p.minOut[path]
			s.mu.Lock()
			s.minIn[path], s.minOut[path] = old, out
			s.stats.MinifyReused++
			s.mu.Unlock()
			return out, nil
		}
	}
	out, err := b.minifyOutput(path, data, false)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.minIn[path], s.minOut[path] = data, out
	s.stats.Minified++
	s.mu.Unlock()
	return out, nil
}

func hashMap(m map[string][]byte) uint64 {
	h := keyhash.New()
	for _, k := range slices.Sorted(maps.Keys(m)) {
		h.WriteString(k)
		h.WriteByte(0)
		h.Write(m[k])
		h.WriteByte(0)
	}
	return h.Sum64()
}

// parseCache is the front matter cache of the Incremental b renders for, or nil.
func (b *builder) parseCache() *content.ParseCache {
	if b.inc == nil || b.inc.build {
		return nil
	}
	return b.inc.inc.parsed
}

// listingDigest hashes what lists show of every page, computed once per render.
// Pages that list the whole site (home, 404, 网站地图) are keyed by it.
func (s *incState) listingDigest(b *builder) uint64 {
	s.listingOnce.Do(func() { s.listing = s.computeListing(b) })
	return s.listing
}

// computeListing is listingDigest's hash, computed now.
func (s *incState) computeListing(b *builder) uint64 {
	h := keyhash.New()
	for _, p := range b.tree.All {
		h.Strings(p.Path(), p.Kind, p.Title, p.Description, string(p.Summary), p.Cover.Src, p.Cover.Alt)
		h.Uint(uint64(p.Date.UnixNano()))
		h.Uint(uint64(p.Lastmod.UnixNano()))
		h.Uint(uint64(p.PublishDate.UnixNano())) // serve's 定于…发布 marks
		h.Uint(uint64(int64(p.Weight)))
		h.WriteString(fmt.Sprint(p.Pin, p.Featured))
		for _, list := range [][]string{p.Tags, p.Categories, p.Keywords} {
			h.Strings(list...)
			h.WriteByte(1)
		}
		writeFlags(h, p)
	}
	return h.Sum64()
}

// sameBytes is bytes.Equal with a fast path for the common case of serve: the
// very same slice, shared by the inputs or outputs of two renders.
func sameBytes(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true
	}
	return bytes.Equal(a, b)
}

// mdHash hashes a page's source and what its Markdown became.
func (s *incState) mdHash(e *mdEntry) uint64 {
	h := keyhash.New()
	h.Write(e.src)
	h.Strings(string(e.content), string(e.summary), string(e.toc), e.cover)
	return h.Sum64()
}

// writeMenus hashes every menu's entries, children included, by name and URL.
func writeMenus(h keyhash.Hash, menus map[string][]*content.MenuEntry) {
	var walk func(list []*content.MenuEntry)
	walk = func(list []*content.MenuEntry) {
		for _, e := range list {
			h.Strings(e.Name, e.URL, e.Identifier, e.Parent)
			h.Uint(uint64(int64(e.Weight)))
			walk(e.Children)
			h.WriteByte(1)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(menus)) {
		h.WriteString(name)
		walk(menus[name])
	}
}

// markdownEnv hashes what a page's Markdown reads besides its own file:
// site.toml, every URL the site will have and which file makes which (links),
// the images it may read the size of (every static file but stylesheets and
// scripts, and the content resources), and the shortcode templates.
func markdownEnv(b *builder) uint64 {
	h := keyhash.New()
	h.Strings(optionsKey(b.opts, false))
	h.Write(b.in.Config)
	h.WriteByte(0)
	for _, k := range slices.Sorted(maps.Keys(b.known)) {
		if b.known[k] {
			h.Strings(k)
		}
	}
	h.WriteByte(1)
	for _, k := range slices.Sorted(maps.Keys(b.tree.ByFile)) {
		h.Strings(k, b.tree.ByFile[k])
	}
	h.WriteByte(1)
	for _, m := range []map[string][]byte{b.in.Static, b.resData} {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if !strings.HasSuffix(k, ".css") && !strings.HasSuffix(k, ".js") {
				h.Strings(k)
				h.Write(m[k])
				h.WriteByte(0)
			}
		}
		h.WriteByte(1)
	}
	for _, k := range slices.Sorted(maps.Keys(b.in.Layouts)) {
		if strings.HasPrefix(k, "layouts/shortcodes/") {
			h.Strings(k)
			h.Write(b.in.Layouts[k])
			h.WriteByte(0)
		}
	}
	return h.Sum64()
}
