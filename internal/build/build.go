package build

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"html/template"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	"hengdong/internal/config"
	"hengdong/internal/content"
	"hengdong/internal/diag"
	"hengdong/internal/figures"
	"hengdong/internal/images"
	"hengdong/internal/markdown"
	"hengdong/internal/output"
	"hengdong/internal/parallel"
	"hengdong/internal/search"
	"hengdong/internal/seeds"
	"hengdong/internal/shortcode"
	"hengdong/internal/tmpl"
)

// Options choose what is built.
type Options struct {
	BuildDrafts  bool
	BuildFuture  bool
	BuildExpired bool
	BaseURL      string    // overrides site.toml's baseURL when set
	Now          time.Time // the clock (zero: time.Now)
	Serve        bool      // rendering for the preview server
	Version      string
	NoMinify     bool // for tests comparing unminified output
	// DeferSearch leaves the search index out of Render's result; serve builds
	// it afterwards with SearchIndex, off the path from a save to the reload.
	DeferSearch bool
	// DeferSiteWide lets an incremental render show the last version of the
	// pages that list the whole site (home, 404, 网站地图) and render them
	// afterwards with Incremental.FinishDeferred.
	DeferSiteWide bool
	// ImageCache is the folder where processed images are kept between
	// builds (the CLI's is .cache/images under the site root); "" keeps them
	// in memory, for one render.
	ImageCache string
}

// Result is a built site, in memory.
type Result struct {
	Files    map[string][]byte // URL path ("/news/x/") → bytes; "/" paths mean index.html
	Pages    int               // regular pages
	Sections int
	Static   int
	Stages   []Stage
	Tree     *content.Tree
	Config   *config.Config
	Engine   *tmpl.Engine
	Markdown *markdown.Renderer // the renderer pages were made with (check parses bodies with it)
	Seeds    *seeds.Store
	Search   search.Stats
	// SearchTime is how long the search index took (alongside the templates).
	SearchTime time.Duration
	minified   bool // Files went through the minifier (for SearchIndex)
	// searchPages is what SearchIndex reads, taken when the render ended:
	// serve builds the index later, while the next render may already run.
	searchPages []searchPage
	inc         *incState // the incremental state that made it, if any
	builder     *builder  // for FinishDeferred
	// ImagesProcessed is how many images were decoded and resized, that is,
	// not found in the image cache.
	ImagesProcessed int64
	// PageFiles maps each output path to the content file it came from (for
	// check, to point at the source of a problem).
	PageFiles map[string]string
	// Planned holds every output path the site was to have (plan.go): a
	// link to one is not broken even when its render failed.
	Planned map[string]bool
}

// loaded is what the load stage makes of the inputs, which the stages after
// it only read. Serve's body edits render with the last render's.
type loaded struct {
	opts  Options
	cfg   *config.Config
	tree  *content.Tree
	md    *markdown.Renderer
	eng   *tmpl.Engine
	store *seeds.Store
	sc    map[string]shortcode.Handler
	min   *output.Minifier
	known map[string]bool // every URL path the site will have
	// planned is every file the site will have but static files, resources,
	// the search index and shortcodes' files (plan.go).
	planned []planned
	// assets are the fingerprinted stylesheets and scripts by plain output path.
	assets map[string]*fingerprinted
	// resData holds the bytes of content resources by published path
	// (a processed image's capped copy, media.go).
	resData map[string][]byte
	img     *images.Processor
	imgSets map[string]*imageSet // processed image's published path → its copies (media.go)
	// imgFiles are the smaller copies and thumbnails, by published path.
	imgFiles map[string][]byte
}

// Stage is the time one pipeline stage took.
type Stage struct {
	Name string
	Time time.Duration
}

// builder is one render: what the load stage made (loaded), then what the
// stages after it produce.
type builder struct {
	loaded
	in *Inputs
	// searchStats describes the search index written.
	searchStats search.Stats
	searchTime  time.Duration
	errsMu      sync.Mutex
	errs        diag.List
	outMu       sync.Mutex
	files       map[string][]byte
	shared      map[string]bool // outputs whose bytes are also the inputs' (static files, resources)
	minified    map[string]bool // outputs minified as they were rendered
	imageSizes  sync.Map        // published image path → [width, height, ok], read once per render
	// templated holds the content files whose bodies ran a shortcode
	// template: it may read anything of the site, so serve renders them again.
	templated  sync.Map
	from       map[string]string
	origins    map[string]origin // output file name → where it came from (emitFrom)
	stages     []Stage
	last       time.Time
	inc        *incState         // serve's caches (incremental.go); nil for build
	searchDone chan searchResult // startSearch's index, collected by generate
	ctx        context.Context   // cancels the render (serve: Ctrl-C, a newer save)
}

// Render builds the site described by in. When pages fail to render (a link
// to nothing, an unknown shortcode, a template error on one page) it goes on
// with the rest, so that one pass finds every problem: it then returns the
// Result together with the error, a diag.List of all of them. Such a Result
// is for reporting only and must not be published. When the site cannot be
// loaded at all (site.toml, front matter, seeds, templates), the Result is nil.
func Render(in *Inputs, opts Options) (*Result, error) {
	return render(context.Background(), in, opts, nil)
}

// RenderContext is Render, stopped with a nil Result and ctx.Err() when ctx
// is cancelled: the pages in progress finish, no other starts.
func RenderContext(ctx context.Context, in *Inputs, opts Options) (*Result, error) {
	return render(ctx, in, opts, nil)
}

// stopEarly returns the errors so far when the render should stop at them:
// serve's incremental renders stop at the first failing stage, so that their
// caches never keep a half-rendered site; build and check go on. A cancelled
// render always stops.
func (b *builder) stopEarly() error {
	if err := b.ctx.Err(); err != nil {
		return err
	}
	if b.inc == nil || b.inc.build {
		return nil
	}
	return b.errs.Err()
}

func render(ctx context.Context, in *Inputs, opts Options, inc *incState) (*Result, error) {
	b := &builder{loaded: loaded{opts: opts}, in: in, files: map[string][]byte{}, from: map[string]string{}, minified: map[string]bool{}, last: time.Now(), inc: inc, ctx: ctx}
	if inc == nil || inc.build && inc.prev == nil {
		// Compiled while the site loads, when every page is to be rendered
		// (not when the last build's Markdown is reused; serve's renders
		// reuse the lexers of its first).
		markdown.WarmLexers(markdownSources(in.Content))
	}
	if err := b.load(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b.inc.begin(b)
	b.stage("load")
	b.renderMarkdown()
	if err := ctx.Err(); err != nil {
		return nil, err // checked between stages too: a stage may end with every page skipped
	}
	b.inc.afterMarkdown(b)
	b.stage("markdown")
	if err := b.stopEarly(); err != nil {
		return nil, err
	}
	if !b.opts.DeferSearch {
		b.startSearch() // collected by generate
	}
	gen := b.renderTemplates()
	b.stage("templates")
	if err := ctx.Err(); err != nil {
		return nil, err // before generate's feeds and sitemap
	}
	b.generate(gen)
	b.stage("feeds, sitemap")
	if err := b.stopEarly(); err != nil {
		return nil, err
	}
	b.inc.beforeMinify(b)
	if !opts.NoMinify {
		b.minify(b.files)
		b.stage("minify")
		if err := b.stopEarly(); err != nil {
			return nil, err
		}
	}
	// The search index was built alongside the templates, generate and
	// minify: its files are collected last, so that its slowest stretch
	// overlaps them instead of holding them up.
	if !b.opts.DeferSearch {
		b.searchIndex()
		b.stage("search (the rest)")
		if err := b.stopEarly(); err != nil {
			return nil, err
		}
	}
	b.ctx = context.Background() // FinishDeferred and the body-edit path use b after the render
	r := &Result{Files: b.files, Tree: b.tree, Config: b.cfg, Engine: b.eng, Markdown: b.md, Seeds: b.store, Stages: b.stages, PageFiles: b.from, Planned: b.known, Search: b.searchStats, SearchTime: b.searchTime, minified: !opts.NoMinify,
		inc: b.inc, builder: b}
	if b.img != nil {
		r.ImagesProcessed = b.img.Processed()
	}
	for _, p := range b.tree.All {
		switch p.Kind {
		case content.KindPage:
			r.Pages++
		case content.KindSection:
			r.Sections++
		}
	}
	r.Static = len(in.Static)
	if opts.DeferSearch {
		r.searchPages = searchPagesOf(b.tree)
	}
	return r, b.errs.Err()
}

func (b *builder) stage(name string) {
	now := time.Now()
	b.stages = append(b.stages, Stage{name, now.Sub(b.last)})
	b.last = now
}

func (b *builder) fail(err error) {
	if err == nil {
		return
	}
	b.errsMu.Lock()
	b.errs = append(b.errs, diag.Collect(err)...)
	b.errsMu.Unlock()
}

// origin is where an output file comes from, for naming both sides of a
// collision.
type origin struct {
	path string // the output path it was emitted under
	file string // the source file; "" for a file the generator makes
	kind string // 页面, 别名, 静态文件, 页面资源; "" for a generated file
}

// emit adds the output path made from the page or shortcode in file from
// ("" for a file the generator makes).
func (b *builder) emit(path string, data []byte, from string) {
	kind := "页面"
	if from == "" {
		kind = ""
	}
	b.emitFrom(path, data, origin{path: path, file: from, kind: kind})
}

// emitFrom adds an output. Two outputs landing on one file ("/news/" and
// static/news/index.html included) are an error naming both sources, except
// that a site's static file replaces a generated one (robots.txt,
// sitemap.xml, a feed, the 404 page), whichever comes first.
func (b *builder) emitFrom(path string, data []byte, o origin) {
	b.outMu.Lock()
	defer b.outMu.Unlock()
	if b.origins == nil {
		b.origins = map[string]origin{}
	}
	name := outputName(path)
	prev, dup := b.origins[name]
	switch {
	case !dup:
	case prev.kind == "" && o.kind == "静态文件":
		delete(b.files, prev.path)
		delete(b.from, prev.path)
		delete(b.minified, prev.path) // the static file is minified like the others
	case prev.kind == "静态文件" && o.kind == "":
		return // the site's own file stays
	case prev.kind == "" && o.kind == "":
		// Two generated files: the generator's own affair, the last wins.
	default:
		at, other := o, prev
		if other.file < at.file && other.file != "" {
			at, other = other, at // report at the first file, for a stable message
		}
		b.errs = append(b.errs, diag.New(at.file, 0, 0,
			fmt.Sprintf("输出文件 %s 同时来自%s %s 和%s %s", name, kindName(at), at.file, kindName(other), other.file),
			"请修改其中一个的网址（url、slug、aliases）或文件名，让每个输出文件只有一个来源", "two sources for one output file"))
		return
	}
	b.origins[name] = o
	b.files[path] = data
	if o.kind == "页面" {
		b.from[path] = o.file
	}
}

func kindName(o origin) string {
	if o.kind == "" {
		return "生成的文件"
	}
	return o.kind
}

func (b *builder) load() error {
	var errs diag.List
	cfg := config.Default()
	if b.in.Config != nil {
		c, err := config.Parse(config.FileName, b.in.Config)
		if err != nil {
			return err
		}
		cfg = c
	}
	if b.opts.BaseURL != "" {
		c := *cfg
		c.BaseURL = b.opts.BaseURL
		if !strings.HasSuffix(c.BaseURL, "/") {
			c.BaseURL += "/"
		}
		cfg = &c
	}
	b.cfg = cfg

	var inds []*seeds.Indicator
	for _, name := range slices.Sorted(maps.Keys(b.in.Seeds)) {
		if !isDataFile(name) {
			continue
		}
		got, problems := seeds.ParseFileLimits(name, b.in.Seeds[name], cfg.Limits)
		errs = append(errs, problems...)
		inds = append(inds, got...)
	}
	store, err := seeds.New(inds)
	if err != nil {
		errs = append(errs, diag.Collect(err)...)
	}
	b.store = store

	tree, err := content.Load(cfg, b.in.Content, content.Options{BuildDrafts: b.opts.BuildDrafts,
		BuildFuture: b.opts.BuildFuture, BuildExpired: b.opts.BuildExpired, Now: b.opts.Now, Serve: b.opts.Serve, Cache: b.parseCache(),
		KnownParams: content.ParamsUsed(b.in.Layouts)})
	if err != nil {
		errs = append(errs, diag.Collect(err)...)
	}
	if len(errs) > 0 {
		return errs.Err()
	}
	b.tree = tree
	now := b.opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	b.md = markdown.New(markdown.Options{Unsafe: cfg.Markdown.Unsafe, MaxNesting: cfg.Limits.MaxNesting})
	if store != nil {
		b.sc = figures.Handlers(store)
	}
	b.min = output.NewMinifier()
	b.assets = b.fingerprintAssets()

	funcs := template.FuncMap{
		"markdownify": func(s any) template.HTML {
			return template.HTML(b.md.RenderInline([]byte(tmpl.ToString(s))))
		},
		"plainify": func(s any) string { return markdown.PlainText([]byte(tmpl.ToString(s))) },
		"truncate": func(n int, s any) template.HTML {
			return template.HTML(markdown.TruncateHTML([]byte(tmpl.ToString(s)), n))
		},
		"indicator": func(id string) *seeds.Indicator {
			if b.store == nil {
				return nil
			}
			ind, _ := b.store.Get(id)
			return ind
		},
		"indicators": func(group string) []*seeds.Indicator {
			if b.store == nil {
				return nil
			}
			return b.store.Group(group)
		},
		// Hugo's site and now: the site of the page being rendered, and the
		// build's clock (Options.Now, so that tests and previews agree).
		"site": func() *content.Site { return tree.Site },
		"now":  func() time.Time { return now },
	}
	funcs["fingerprint"] = b.fingerprint
	if err := checkLayoutEncoding(b.in.Layouts); err != nil {
		return err
	}
	tr, err := tmpl.LoadTranslations(b.in.I18n, cfg.LanguageCode)
	if err != nil {
		return err
	}
	eng, err := tmpl.New(withBuiltin(b.in.Layouts), tmpl.Options{BaseURL: cfg.BaseURL, BasePath: cfg.BasePath(), Version: b.opts.Version, Funcs: funcs, I18n: tr})
	if err != nil {
		return err
	}
	b.eng = eng

	b.resData = map[string][]byte{}
	byFile := make(map[string][]byte, len(b.in.Content))
	for _, f := range b.in.Content {
		byFile[f.Path] = f.Data
	}
	for _, r := range tree.Resources {
		b.resData[r.Path] = byFile[r.File]
	}
	if err := b.plan(); err != nil {
		return err
	}
	b.processImages()
	return nil
}

// markdownSources are the Markdown files of content.
func markdownSources(files []content.SourceFile) [][]byte {
	var out [][]byte
	for _, f := range files {
		if content.IsMarkdown(f.Path) {
			out = append(out, f.Data)
		}
	}
	return out
}

// pagesWithBody are the pages whose Markdown is rendered.
func (b *builder) pagesWithBody() []*content.Page {
	var out []*content.Page
	for _, p := range b.tree.All {
		if p.File != "" {
			out = append(out, p)
		}
	}
	return out
}

func (b *builder) renderMarkdown() {
	pages := b.pagesWithBody()
	parallel.For(len(pages), func(i int) {
		if b.ctx.Err() != nil {
			return
		}
		if !b.inc.reuseMarkdown(b, pages[i]) {
			b.renderPage(pages[i])
		}
	})
}

const placeholderPrefix = "HDSCPLACEHOLDER"

func placeholder(i int) string { return fmt.Sprintf("%s%dX", placeholderPrefix, i) }

func (b *builder) renderPage(p *content.Page) {
	body := p.Body
	calls, err := shortcode.Parse(body)
	if err != nil {
		for _, e := range diag.Collect(err) {
			e.File = p.File
			e.Line += p.BodyLine
			b.fail(e)
		}
		return
	}
	var results []shortcode.Result
	rs := &resolver{b: b, page: p}
	if len(calls) > 0 {
		var buf bytes.Buffer
		last := 0
		for i, c := range calls {
			c.Line += p.BodyLine
			res, err := b.expandCall(p, body, c, nil, i, rs)
			if err != nil {
				b.fail(err)
				return
			}
			results = append(results, res)
			buf.Write(body[last:c.Start])
			buf.WriteString(placeholder(i))
			last = c.End
			for path, data := range res.Files {
				b.emit(path, data, p.File)
			}
			p.Deps = append(p.Deps, res.Deps...)
		}
		buf.Write(body[last:])
		body = buf.Bytes()
	}
	if src := p.Cover.Src; src != "" && !strings.Contains(src, "://") {
		u, ok := rs.ResolveLink(src)
		if !ok {
			e := diag.New(p.File, 1, 1, "封面图片不存在："+src, "请把图片放在页面旁边（页面包）或 static/ 中，并检查 cover 的 src", "cover image not found")
			e.Rule = "link-asset"
			b.fail(e)
		}
		p.Cover.Src = u
	}
	res := b.md.Render(body, p.File, p.BodyLine, rs)
	if len(res.Problems) > 0 {
		b.fail(res.Problems)
	}
	html := res.HTML
	summary := res.SummaryHTML
	if len(results) > 0 {
		html = substitute(html, results)
		if summary != nil {
			summary = substitute(summary, results)
		}
	}
	// The page's HTML as a string without a copy: html is the renderer's
	// own fresh slice (or substitute's), read below by Summary and never
	// changed. Saves a copy of every page body (17 MB of a 4,000-page build).
	p.Content = template.HTML(unsafe.String(unsafe.SliceData(html), len(html)))
	p.TableOfContents = template.HTML(res.TOC)
	for _, h := range res.Headings {
		p.Headings = append(p.Headings, content.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
	}
	switch {
	case p.FrontSummary != "":
		p.Summary = template.HTML(markdown.DropFragmentLinks(b.md.RenderInline([]byte(p.FrontSummary))))
	case summary != nil:
		p.Summary = template.HTML(summary)
	default:
		p.Summary = template.HTML(markdown.Summary(html, b.cfg.SummaryLen))
	}
}

// substitute puts the shortcodes' HTML where their placeholders are. A block
// shortcode alone in a paragraph replaces the whole paragraph. The output is
// written in one pass: Markdown may move a placeholder (a footnote goes to the
// end), so they are found first and taken in the order they appear.
func substitute(html []byte, results []shortcode.Result) []byte {
	type span struct{ start, end, result int }
	var spans []span
	size := len(html)
	for i, r := range results {
		ph := []byte(placeholder(i))
		at := bytes.Index(html, ph)
		if at < 0 {
			continue // not in this HTML (a summary holds only the first few)
		}
		start, end := at, at+len(ph)
		if r.Block && bytes.HasSuffix(html[:at], []byte("<p>")) && bytes.HasPrefix(html[end:], []byte("</p>")) {
			start, end = at-len("<p>"), end+len("</p>")
		}
		spans = append(spans, span{start, end, i})
		size += len(r.HTML)
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	out := make([]byte, 0, size)
	last := 0
	for _, sp := range spans {
		out = append(out, html[last:sp.start]...)
		out = append(out, results[sp.result].HTML...)
		last = sp.end
	}
	return append(out, html[last:]...)
}

// outputPage is one HTML file to write: a page, or one pager page of a list.
type outputPage struct {
	path string
	page *content.Page
	base *content.Page // the tree's page that page is or copies (pager pages); nil for 404 and 网站地图
}

func (b *builder) outputs() []outputPage {
	var out []outputPage
	for _, p := range b.tree.All {
		out = append(out, outputPage{p.Path(), p, p})
		if p.Paginator != nil && p.Paginator.TotalPages > 1 {
			for n := 2; n <= p.Paginator.TotalPages; n++ {
				cp := *p
				cp.Paginator = content.NewPager(p.RelPermalink, p.Pages, b.cfg.Paginate, n)
				out = append(out, outputPage{content.PagerURL(p.Path(), n), &cp, p})
			}
		}
	}
	return out
}

// renderTemplates renders every page's output and emits it, and renders
// the files made by the plan's render functions (feeds, sitemap.xml,
// aliases), which generate emits: both on the same cores, so that the
// sitemap's ~20 ms runs beside the pages instead of after them, on one core.
func (b *builder) renderTemplates() []generated {
	var gen []generated
	for _, e := range b.planned {
		if e.render != nil {
			gen = append(gen, generated{planned: e})
		}
	}
	var outs []outputPage
	for _, e := range b.planned {
		o := e.page
		if o == nil {
			continue
		}
		if o.base != nil && o.page != o.base {
			// A pager page copies its list as the Markdown stage left it.
			cp := *o.base
			cp.Paginator = o.page.Paginator
			outs = append(outs, outputPage{o.path, &cp, o.base})
			continue
		}
		outs = append(outs, *o)
	}
	// The outputs that list many pages go first: the sitemap page lists
	// every page (~20 ms at 4,000), and planned after the pages it ran
	// last, on one core while the other had nothing left to do.
	slices.SortStableFunc(outs, func(x, y outputPage) int {
		return cmp.Compare(len(y.page.RegularPages), len(x.page.RegularPages))
	})
	parallel.For(len(gen)+len(outs), func(i int) {
		if b.ctx.Err() != nil {
			return
		}
		if i < len(gen) {
			gen[i].data, gen[i].err = gen[i].render()
			return
		}
		o := outs[i-len(gen)]
		if data, final, ok := b.inc.reuseOutput(b, o); ok {
			b.emit(o.path, data, o.page.File)
			if final {
				b.outMu.Lock()
				b.minified[o.path] = true
				b.outMu.Unlock()
			}
			return
		}
		// build minifies each page as it renders (only the minified page is
		// kept); serve keeps the template output for its caches and minifies
		// later, reusing what it minified before.
		build := (b.inc == nil || b.inc.build) && !b.opts.NoMinify
		html, out, err := b.renderOutput(o, build, !build)
		if err != nil {
			b.fail(err)
			return
		}
		if !build {
			out = html
		}
		b.emit(o.path, out, o.page.File)
		if build {
			b.outMu.Lock()
			b.minified[o.path] = true
			b.outMu.Unlock()
		}
	})
	return gen
}

// generated is a planned file made by its render function, and what that made.
type generated struct {
	planned
	data []byte
	err  error
}

// renderOutput renders output o with its template: the one render of every
// page, whether build, serve's full render, its body edits or its deferred
// pages ask. With minify the page is minified at once (out); keepHTML keeps
// the template's output too (html), for serve's caches.
func (b *builder) renderOutput(o outputPage, minify, keepHTML bool) (html, out []byte, err error) {
	buf := pageBufs.Get().(*bytes.Buffer)
	defer pageBufs.Put(buf)
	buf.Reset()
	if err := b.eng.Render(buf, o.page); err != nil {
		return nil, nil, err
	}
	if keepHTML || !minify {
		html = bytes.Clone(buf.Bytes())
	}
	if minify {
		// The buffer is this call's alone: the minifier may read it in place.
		if out, err = b.minifyOutput(o.path, buf.Bytes(), true); err != nil {
			return nil, nil, err
		}
	}
	return html, out, nil
}

// minifyOutput minifies the bytes of the output at path, reporting a failure
// at the file the output came from. owned says nothing else reads data, so
// the minifier may read it in place.
func (b *builder) minifyOutput(path string, data []byte, owned bool) ([]byte, error) {
	minify := b.min.Minify
	if owned {
		minify = b.min.MinifyOwned
	}
	out, err := minify(outputName(path), data)
	if err != nil {
		return nil, diag.New(b.sourceOf(path), 0, 0, "压缩输出文件 "+path+" 时出错", "请检查该文件的 HTML/CSS/JS 是否完整", err.Error())
	}
	return out, nil
}

// pageBufs holds the buffers build renders pages into before minifying them.
var pageBufs = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 32<<10)) }}

// outputName is the file name an output path is written to.
func outputName(p string) string {
	if strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// minify minifies files (output path → bytes) into b.files.
func (b *builder) minify(files map[string][]byte) {
	var names []string
	for n := range files {
		if !b.minified[n] {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	// Read the map only before and after the parallel part: writing it while
	// other workers read it is a data race.
	data := make([][]byte, len(names))
	for i, n := range names {
		data[i] = files[n]
	}
	parallel.For(len(names), func(i int) {
		if b.ctx.Err() != nil {
			return
		}
		out, err := b.minifyFile(names[i], data[i])
		if err != nil {
			b.fail(err)
			return
		}
		data[i] = out
	})
	for i, n := range names {
		b.files[n] = data[i]
	}
}

func (b *builder) sourceOf(path string) string {
	if f := b.from[path]; f != "" {
		return f
	}
	return path
}

func isDataFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".yaml", ".yml", ".json", ".toml", ".csv":
		return true
	}
	return false
}
