// Package tmpl finds and runs the html/template layouts: the lookup order of
// docs/templates.md, the base template with its blocks, partials, and the
// functions editors' templates use.
package tmpl

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	texttemplate "text/template"
	"text/template/parse"
	"time"

	"hengdong/internal/content"
	"hengdong/internal/diag"
)

// Options configure an Engine.
type Options struct {
	BaseURL  string           // "https://www.example.gov.cn/sub/"
	BasePath string           // "/sub/"
	Version  string           // the generator's version
	Funcs    template.FuncMap // extra functions (markdownify, indicator, ...)
	I18n     Translations     // the site language's strings (LoadTranslations)
}

// Engine holds every layout file, parsed once, and renders pages with them.
type Engine struct {
	opts  Options
	files map[string][]byte // "layouts/_default/single.html" → text

	mu       sync.Mutex
	sets     map[string]*template.Template // "base|content" → parsed pair
	partials map[string]*partialT          // "header.html" → the partial
	// text holds the layouts of files that are not HTML (rss.xml,
	// robots.txt, list.json): text/template, as in Hugo, since html/template
	// would escape them as HTML.
	text map[string]*texttemplate.Template

	stats sync.Map // template file → *counter

	lookups sync.Map // "kind|type|layout|plural" → content template

	cached sync.Map // partialCached: name and variants → output (a site-only partial's is partialT.shared)

	reads sync.Map // content template → Reads (ReadsOf)
	trees sync.Map // layout file → its parse trees for the analyses (parsed)

	htmlFuncs map[string]bool      // the functions whose result is template.HTML (escapeFold)
	escChains map[string]*escChain // escaper chains by their names joined by "|" (escapeFold)
}

// Stat is how long one template took in total, for build --stats.
type Stat struct {
	Name  string
	Count int
	Total time.Duration
}

// New makes an Engine from layout files keyed by their path ("layouts/..."). Every
// file is parsed now so that syntax errors surface before any page is rendered.
func New(files map[string][]byte, opts Options) (*Engine, error) {
	if opts.BasePath == "" {
		opts.BasePath = "/"
	}
	e := &Engine{opts: opts, files: files, sets: map[string]*template.Template{},
		partials: map[string]*partialT{}, text: map[string]*texttemplate.Template{}}
	var errs diag.List
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	e.escChains = escChains()
	funcs := e.funcs()
	e.htmlFuncs = htmlFuncNames(funcs)
	for _, n := range names {
		if IsText(n) {
			t, err := texttemplate.New(n).Funcs(funcs).Parse(string(files[n]))
			if err != nil {
				errs = append(errs, diag.Collect(templateError(err, "", files))...)
			} else {
				e.foldI18n(textTrees(t))
			}
			e.text[n] = t
			continue
		}
		if !strings.HasSuffix(n, ".html") {
			continue
		}
		if !strings.HasPrefix(n, "layouts/partials/") {
			// Parsed now for its errors; set parses it with its base.
			if _, err := template.New(n).Funcs(funcs).Parse(string(files[n])); err != nil {
				errs = append(errs, diag.Collect(templateError(err, "", files))...)
			}
			continue
		}
		t, err := e.parseSet("", n, funcs)
		if err != nil {
			errs = append(errs, diag.Collect(err)...)
			continue
		}
		pt := &partialT{t: t, stat: new(counter)}
		e.stats.Store(n, pt.stat)
		e.partials[strings.TrimPrefix(n, "layouts/partials/")] = pt
	}
	return e, errs.Err()
}

// IsText reports whether the layout file name is a text template: the
// generated files that are not HTML (.xml, .txt, .json).
func IsText(name string) bool {
	if strings.HasPrefix(name, "layouts/_data/") {
		return false
	}
	switch path.Ext(name) {
	case ".xml", ".txt", ".json":
		return true
	}
	return false
}

// Has reports whether a layout file exists.
func (e *Engine) Has(name string) bool { _, ok := e.files[name]; return ok }

// Candidates lists the content templates tried for p, in order (docs/templates.md).
func Candidates(p *content.Page) []string {
	typ, layout := p.Type(), p.Layout
	var c []string
	add := func(s ...string) {
		for _, x := range s {
			if !strings.Contains(x, "//") && !strings.Contains(x, "/.html") {
				c = append(c, "layouts/"+x)
			}
		}
	}
	switch p.Kind {
	case content.KindPage:
		if typ != "" && layout != "" {
			add(typ + "/" + layout + ".html")
		}
		if typ != "" {
			add(typ + "/single.html")
		}
		if layout != "" {
			add("_default/" + layout + ".html")
		}
		add("_default/single.html")
	case content.KindHome:
		if layout != "" {
			add("_default/" + layout + ".html")
		}
		add("index.html", "_default/home.html", "_default/list.html")
	case content.KindSection:
		if typ != "" && layout != "" {
			add(typ + "/" + layout + ".html")
		}
		if typ != "" {
			add(typ + "/list.html")
		}
		if layout != "" {
			add("_default/" + layout + ".html")
		}
		add("_default/section.html", "_default/list.html")
	case content.KindTaxonomy:
		add(p.Plural+"/taxonomy.html", "_default/taxonomy.html", "_default/list.html")
	case content.KindTerm:
		add(p.Plural+"/term.html", "_default/term.html", "_default/list.html")
	case content.Kind404:
		add("404.html")
	case content.KindSitemap:
		add("_default/sitemap-page.html")
	case content.KindTheme:
		if typ != "" && layout != "" {
			add(typ + "/" + layout + ".html")
		}
		if layout != "" {
			add("_default/" + layout + ".html")
		}
	}
	return c
}

// Lookup returns the content template for p. The answer depends only on the
// page's kind, type, layout and taxonomy, so it is remembered per combination.
func (e *Engine) Lookup(p *content.Page) (string, error) {
	key := p.Kind + "|" + p.Type() + "|" + p.Layout + "|" + p.Plural
	if name, ok := e.lookups.Load(key); ok {
		return name.(string), nil
	}
	cands := Candidates(p)
	for _, c := range cands {
		if e.Has(c) {
			e.lookups.Store(key, c)
			return c, nil
		}
	}
	return "", diag.New(p.File, 0, 0, fmt.Sprintf("找不到页面模板（%s 页面）", p.Kind),
		"请新建以下任一模板文件："+strings.Join(cands, "、"), "no template found; tried "+strings.Join(cands, ", "))
}

var hasDefine = regexp.MustCompile(`\{\{-?\s*define\s`)

func (e *Engine) set(base, name string) (*template.Template, error) {
	key := base + "|" + name
	e.mu.Lock()
	defer e.mu.Unlock()
	if t := e.sets[key]; t != nil {
		return t, nil
	}
	t, err := e.parseSet(base, name, e.funcs())
	if err != nil {
		return nil, err
	}
	e.sets[key] = t
	return t, nil
}

// parseSet parses the template set that executes name (through base when
// base is not ""), with the partials it calls as templates, i18n folded and,
// when it escapes, the escaped trees folded (escapeFold). A set that does
// not escape is returned unfolded: executing it reports the error.
func (e *Engine) parseSet(base, name string, funcs template.FuncMap) (*template.Template, error) {
	parse := func() (*template.Template, error) {
		root := name
		if base != "" {
			root = base
		}
		t, err := template.New(root).Funcs(funcs).Parse(string(e.files[root]))
		if err != nil {
			return nil, templateError(err, "", e.files)
		}
		if base != "" {
			if _, err = t.New(name).Parse(string(e.files[name])); err != nil {
				return nil, templateError(err, "", e.files)
			}
		}
		if err := e.addPartials(t); err != nil {
			return nil, templateError(err, "", e.files)
		}
		e.foldI18n(htmlTrees(t))
		return t, nil
	}
	t, err := parse()
	if err != nil {
		return nil, err
	}
	if e.escapeFold(t, t.Name()) != nil {
		return parse()
	}
	return t, nil
}

// addPartials parses into t's set the partials that its templates call as
// templates, {{ template "partials/NAME.html" . }}, and those that these
// call, as Hugo allows: html/template then escapes such a partial where it
// is called, and running it costs no more than running a {{ define }}, where
// the partial function runs a template of its own and copies its output (a
// dozen allocations a call, on every page). A partial that defines templates
// of its own is not added (its names could clash with the page's), and the
// call fails as a call of a missing template does.
func (e *Engine) addPartials(t *template.Template) error {
	for {
		var missing []string
		for _, x := range t.Templates() {
			if x.Tree == nil {
				continue
			}
			walkNodes(x.Tree.Root, func(n parse.Node) {
				if tn, ok := n.(*parse.TemplateNode); ok && strings.HasPrefix(tn.Name, "partials/") && t.Lookup(tn.Name) == nil {
					missing = append(missing, tn.Name)
				}
			})
		}
		added := false
		for _, name := range missing {
			data, ok := e.files["layouts/"+name]
			if t.Lookup(name) != nil || !ok || hasDefine.Match(data) {
				continue
			}
			if _, err := t.New(name).Parse(string(data)); err != nil {
				return err
			}
			added = true
		}
		if !added {
			return nil
		}
	}
}

// Render executes the content template chosen for p (through its base template
// when the content template defines blocks) and writes the HTML to w.
func (e *Engine) Render(w io.Writer, p *content.Page) error {
	name, err := e.Lookup(p)
	if err != nil {
		return err
	}
	return e.RenderWith(w, name, p)
}

// RenderWith executes the named content template for p.
func (e *Engine) RenderWith(w io.Writer, name string, p *content.Page) error {
	base := ""
	if hasDefine.Match(e.files[name]) {
		base = "layouts/_default/baseof.html"
		if t := p.Type(); t != "" && e.Has("layouts/"+t+"/baseof.html") {
			base = "layouts/" + t + "/baseof.html"
		}
		if !e.Has(base) {
			return diag.New(name, 0, 0, "缺少基础模板 "+base, "请新建 layouts/_default/baseof.html，或让该模板不使用 define", "missing base template")
		}
	}
	t, err := e.set(base, name)
	if err != nil {
		return err
	}
	start := time.Now()
	exec := name
	if base != "" {
		exec = base
	}
	err = t.ExecuteTemplate(w, exec, p)
	e.record(name, time.Since(start))
	if err != nil {
		return templateError(err, p.File, e.files)
	}
	return nil
}

// Execute runs a standalone template file (feeds, sitemap.xml, robots.txt,
// redirect pages) with any data: a text template for the files IsText
// names, an HTML one otherwise.
func (e *Engine) Execute(w io.Writer, name string, data any) error {
	start := time.Now()
	var err error
	if t := e.text[name]; t != nil {
		err = t.Execute(w, data)
	} else {
		var t *template.Template
		if t, err = e.set("", name); err != nil {
			return err
		}
		err = t.ExecuteTemplate(w, name, data)
	}
	e.record(name, time.Since(start))
	if err != nil {
		return templateError(err, "", e.files)
	}
	return nil
}

// partialT is a partial, with what its calls need found once: a page
// calls a dozen, and looking each of these up by name in a sync.Map per call
// added up.
type partialT struct {
	t    *template.Template
	stat *counter // --stats, also in Engine.stats

	siteOnce sync.Once
	siteOnly bool                      // siteOnly: the output depends only on the site
	shared   atomic.Pointer[sharedOut] // a site-only partial's output, for one site
}

// sharedOut is the output of a site-only partial for a site.
type sharedOut struct {
	site *content.Site
	out  template.HTML
}

func (e *Engine) partial(name string, data ...any) (template.HTML, error) {
	if !strings.HasSuffix(name, ".html") {
		name += ".html"
	}
	pt := e.partials[name]
	if pt == nil {
		return "", fmt.Errorf("找不到局部模板 layouts/partials/%s；请新建该文件或修改 partial 的名字 (partial not found)", name)
	}
	var d any
	if len(data) > 0 {
		d = data[0]
	}
	if p, ok := d.(*content.Page); ok && p != nil {
		pt.siteOnce.Do(func() { pt.siteOnly = e.siteOnly(name) })
		if pt.siteOnly {
			// The same bytes for every page of the site: render once, share.
			// Two pages may race to render it first; both get the same bytes.
			if sh := pt.shared.Load(); sh != nil && sh.site == p.Site {
				return sh.out, nil
			}
			out, err := e.execPartial(pt, d)
			if err != nil {
				return "", err
			}
			pt.shared.Store(&sharedOut{p.Site, out})
			return out, nil
		}
	}
	return e.execPartial(pt, d)
}

func (e *Engine) execPartial(pt *partialT, d any) (template.HTML, error) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	start := time.Now()
	err := pt.t.Execute(buf, d)
	pt.stat.add(time.Since(start))
	out := template.HTML(buf.String())
	bufPool.Put(buf)
	return out, err
}

// partialCached renders a partial once per render for each set of variants
// and reuses its output, as Hugo's partialCached does: for partials whose
// output does not depend on the page they are given (a footer), or depends
// only on the page given as a variant (an item of a list of related pages:
// {{ partialCached "item.html" . . }}). A page variant is compared by
// identity, other variants as printed with fmt.
func (e *Engine) partialCached(name string, data any, variants ...any) (template.HTML, error) {
	if !strings.HasSuffix(name, ".html") {
		name += ".html"
	}
	key := cachedKey{name: name}
	for _, v := range variants {
		if p, ok := v.(*content.Page); ok {
			if key.page == nil {
				key.page = p
				key.rest += "\x00page"
			} else {
				// Pages live as long as the render whose outputs are cached.
				key.rest += fmt.Sprintf("\x00%p", p)
			}
			continue
		}
		switch v := v.(type) {
		case string: // as fmt prints them, without its reflection
			key.rest += "\x00" + v
		case bool:
			key.rest += "\x00" + strconv.FormatBool(v)
		default:
			key.rest += "\x00" + fmt.Sprint(v)
		}
	}
	if out, ok := e.cached.Load(key); ok {
		return out.(template.HTML), nil
	}
	out, err := e.partial(name, data)
	if err != nil {
		return "", err
	}
	got, _ := e.cached.LoadOrStore(key, out) // two pages may race to render it: keep one
	return got.(template.HTML), nil
}

// cachedKey keys partialCached's outputs: the partial, the first variant
// that is a page (by identity: printed, a page would be its whole struct),
// and the other variants as printed.
type cachedKey struct {
	name string
	page *content.Page
	rest string
}

// ForgetCached drops partialCached's outputs: the site they were made from
// has changed (serve reuses an Engine across renders of body edits).
func (e *Engine) ForgetCached() {
	e.cached.Clear()
	for _, pt := range e.partials {
		pt.shared.Store(nil)
	}
}

// bufPool holds the buffers partials render into: a page calls several.
var bufPool = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 8<<10)) }}

// counter adds up one template's executions; safe for concurrent use.
type counter struct {
	count, nanos atomic.Int64
}

func (e *Engine) record(name string, d time.Duration) {
	c, ok := e.stats.Load(name)
	if !ok {
		c, _ = e.stats.LoadOrStore(name, new(counter))
	}
	c.(*counter).add(d)
}

func (c *counter) add(d time.Duration) {
	c.count.Add(1)
	c.nanos.Add(int64(d))
}

// Stats returns the time spent per template, slowest first.
func (e *Engine) Stats() []Stat {
	var out []Stat
	e.stats.Range(func(k, v any) bool {
		c := v.(*counter)
		if c.count.Load() == 0 {
			return true // a partial not called
		}
		out = append(out, Stat{Name: k.(string), Count: int(c.count.Load()), Total: time.Duration(c.nanos.Load())})
		return true
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].Total != out[j].Total {
			return out[i].Total > out[j].Total
		}
		return out[i].Name < out[j].Name
	})
	return out
}

var tmplErrPos = regexp.MustCompile(`template: ([^:\s]+):(\d+)(?::(\d+))?: (.*)`)

// templateError names the template file and line, and the page being rendered.
func templateError(err error, page string, files map[string][]byte) error {
	msg := err.Error()
	file, line, col := "", 0, 0
	// The innermost position is the most useful: html/template nests them.
	if all := tmplErrPos.FindAllStringSubmatch(msg, -1); len(all) > 0 {
		m := all[len(all)-1]
		file = m[1]
		line, _ = strconv.Atoi(m[2])
		col, _ = strconv.Atoi(m[3])
		if _, ok := files[file]; !ok && files["layouts/partials/"+file] != nil {
			file = "layouts/partials/" + file
		} else if !ok && files["layouts/"+file] != nil { // {{ template "partials/x.html" . }}
			file = "layouts/" + file
		}
	}
	what := "模板出错"
	if page != "" {
		what = "渲染 " + page + " 时模板出错"
	}
	return diag.New(file, line, col, what, "请检查模板这一行所用的字段和函数（见 docs/templates.md）", msg)
}
