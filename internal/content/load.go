package content

import (
	"bytes"
	"fmt"
	"hengdong/internal/parallel"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"hengdong/internal/config"
	"hengdong/internal/diag"
	"hengdong/internal/sitefs"
	"hengdong/internal/textenc"
)

// Options choose which pages are built.
type Options struct {
	BuildDrafts  bool
	BuildFuture  bool
	BuildExpired bool
	Now          time.Time // the clock; injectable for tests
	Serve        bool
	// Cache, when set, keeps parsed front matter between loads (serve), so only
	// files whose bytes changed are parsed again.
	Cache *ParseCache
	// KnownParams are front matter keys besides the fields and taxonomies that
	// are not warned about: the build passes the .Params.key the site's
	// layouts read (ParamsUsed).
	KnownParams map[string]bool
}

// Resource is a non-Markdown file under content/ (an image of a bundle, an
// attachment) and the URL it is published at.
type Resource struct {
	File string // "content/chanye/yinzhang/seal.svg"
	Path string // unescaped URL path "/chanye/yinzhang/seal.svg"
}

// Tree is everything loaded from content/.
type Tree struct {
	Site      *Site
	All       []*Page // every page to render, in a stable order
	Resources []Resource
	// ByFile maps a content file ("content/news/x.md") and each Resource file to its
	// published unescaped URL path, for link resolution. Left-out pages (drafts) are
	// listed with an empty path so links to them can say why they fail.
	ByFile  map[string]string
	Aliases map[string]*Page // alias path → page
	// Warnings are problems that do not stop the build, such as a front
	// matter key nothing reads (most often a misspelling). `build` and
	// `check` report them with the check findings (rule frontmatter-key).
	Warnings diag.List
	// LeftOut lists the pages not published (drafts, future and expired
	// pages), in file order, so the commands can tell the editor.
	LeftOut []LeftOutPage
}

// SourceFile is one file read from content/.
type SourceFile struct {
	Path string // relative to the site root, slash-separated: "content/news/x.md"
	Data []byte
}

var mdExt = map[string]bool{".md": true, ".markdown": true}

// IsMarkdown reports whether the content file at name is a page's Markdown
// (.md or .markdown, in any case), not a resource.
func IsMarkdown(name string) bool { return mdExt[strings.ToLower(path.Ext(name))] }

// ReadFiles reads every file under dir ("content", "static", ...) of fsys once,
// sorted by path, skipping editors' swap and backup files and hidden files. A
// missing dir gives no files. It is for file systems without links (the
// embedded theme, tests); a site on disk is read with sitefs.
func ReadFiles(fsys fs.FS, dir string) ([]SourceFile, error) {
	files, err := sitefs.ReadFS(fsys, dir)
	out := make([]SourceFile, len(files))
	for i, f := range files {
		out[i] = SourceFile{Path: f.Path, Data: f.Data}
	}
	return out, err
}

// IsTempFile reports editor swap and backup files, which are never content.
func IsTempFile(name string) bool { return sitefs.IsTempFile(name) }

// Load builds the page tree from the files of content/ (paths start with "content/").
func Load(cfg *config.Config, files []SourceFile, opts Options) (*Tree, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	site := &Site{Config: cfg, Title: cfg.Title, BaseURL: cfg.BaseURL, LanguageCode: cfg.LanguageCode,
		Description: cfg.Description, Keywords: cfg.Keywords, Menu: cfg.Menu, Footer: cfg.Footer,
		Params: cfg.Params, Domain: cfg.Domain(), Serve: opts.Serve, Taxonomies: map[string][]*Page{}}
	if site.Params == nil {
		site.Params = map[string]any{}
	}
	t := &Tree{Site: site, ByFile: map[string]string{}, Aliases: map[string]*Page{}}
	var errs diag.List

	sections := map[string]*Page{} // dir ("" for home) → section page
	bundles := map[string]*Page{}  // leaf bundle dir → page
	var regular []*Page
	var resources []SourceFile

	parsed := parseAll(files, opts.Cache, cfg.Limits)
	for i, f := range files {
		rel := strings.TrimPrefix(f.Path, "content/")
		if parsed[i].page == nil && parsed[i].err == nil {
			resources = append(resources, f)
			continue
		}
		p, err := parsed[i].page, parsed[i].err
		if err != nil {
			errs = append(errs, diag.Collect(err)...)
			continue
		}
		t.Warnings = append(t.Warnings, unknownKeyWarnings(cfg, p, opts.KnownParams)...)
		base := path.Base(rel)
		dir := path.Dir(rel)
		if dir == "." {
			dir = ""
		}
		switch strings.TrimSuffix(base, path.Ext(base)) {
		case "_index":
			p.Dir = dir
			if dir == "" {
				p.Kind = KindHome
			} else {
				p.Kind = KindSection
			}
			sections[dir] = p
			continue
		case "index":
			p.Dir, p.Bundle = dir, true
			bundles[dir] = p
		default:
			p.Dir = dir
		}
		p.Kind = KindPage
		regular = append(regular, p)
	}
	// A leaf bundle holds resources, not pages.
	kept := regular[:0]
	for _, p := range regular {
		outer := bundleOf(bundles, p.Dir)
		if p.Bundle {
			outer = bundleOf(bundles, parentDir(p.Dir))
		}
		if outer != nil {
			errs = append(errs, diag.New(p.File, 1, 1, "页面包（含 index.md 的文件夹）里不能再放页面",
				fmt.Sprintf("请把它移出 %s 所在的文件夹，或把 %s 改名为 _index.md 使那一层成为栏目", outer.File, outer.File),
				"page inside a leaf bundle"))
			continue
		}
		kept = append(kept, p)
	}
	regular = kept

	// Home and every folder holding pages are sections, with or without _index.md.
	home := sections[""]
	if home == nil {
		home = &Page{Kind: KindHome, Title: cfg.Title, Params: map[string]any{}}
		sections[""] = home
	}
	if home.Title == "" {
		home.Title = cfg.Title
	}
	var ensureSection func(dir string)
	ensureSection = func(dir string) {
		if dir == "" || sections[dir] != nil {
			return
		}
		sections[dir] = &Page{Kind: KindSection, Dir: dir, Title: path.Base(dir), Params: map[string]any{}}
		ensureSection(parentDir(dir))
	}
	for _, p := range regular {
		ensureSection(sectionDirOf(p))
	}
	for dir := range sections {
		ensureSection(parentDir(dir))
	}

	// Drop what is not published.
	var published []*Page
	src := make(map[string][]byte, len(files))
	for _, f := range files {
		src[f.Path] = f.Data
	}
	for _, p := range regular {
		reason, date := p.leftOut(opts)
		if reason == "" {
			published = append(published, p)
			continue
		}
		t.ByFile[p.File] = ""
		line, col := frontMatterKeyPos(src[p.File], p.keyOfReason(reason), p.BodyLine)
		t.LeftOut = append(t.LeftOut, LeftOutPage{File: p.File, Line: line, Col: col, Title: p.Title, Reason: reason, Date: date})
	}
	regular = published
	sort.Slice(t.LeftOut, func(i, j int) bool { return t.LeftOut[i].File < t.LeftOut[j].File })

	// URLs.
	for dir, s := range sections {
		s.Site = site
		if dir != "" {
			s.Section = strings.SplitN(dir, "/", 2)[0]
		}
		if s.URL != "" {
			s.setPath(s.URL)
		} else if dir == "" {
			s.setPath("/")
		} else {
			s.setPath("/" + urlizePath(cfg, dir) + "/")
		}
	}
	for _, p := range regular {
		p.Site = site
		sd := sectionDirOf(p)
		p.Section = strings.SplitN(sd, "/", 2)[0]
		p.setPath(pageURL(cfg, p, sd))
	}
	for dir, s := range sections {
		if s.File != "" {
			t.ByFile[s.File] = s.path
		}
		t.ByFile[path.Join("content", dir)] = s.path // a link to the folder itself
	}
	for _, p := range regular {
		t.ByFile[p.File] = p.path
	}

	// Resources follow their page: a bundle's files sit beside the bundle's page,
	// other files beside their folder's section.
	for _, f := range resources {
		rel := strings.TrimPrefix(f.Path, "content/")
		dir := path.Dir(rel)
		if dir == "." {
			dir = ""
		}
		var owner *Page
		sub := path.Base(rel)
		if b := bundleOf(bundles, dir); b != nil {
			owner = b
			sub = strings.TrimPrefix(rel, b.Dir+"/")
		} else {
			owner = sections[dir]
		}
		if owner == nil || (owner.Kind == KindPage && owner.path == "") {
			continue // a left-out bundle's files are left out too
		}
		if owner.Kind == KindPage && !contains(regular, owner) {
			continue
		}
		r := Resource{File: f.Path, Path: owner.path + sub}
		owner.addResource(r, sub)
		t.Resources = append(t.Resources, r)
		t.ByFile[f.Path] = r.Path
	}

	// Tree: parents, children, ancestors.
	for dir, s := range sections {
		if dir == "" {
			continue
		}
		parent := sections[parentDir(dir)]
		s.Parent = parent
		parent.Sections = append(parent.Sections, s)
		parent.Pages = append(parent.Pages, s)
	}
	for _, p := range regular {
		s := sections[sectionDirOf(p)]
		p.Parent = s
		s.Pages = append(s.Pages, p)
	}
	var sectionList []*Page
	for _, s := range sections {
		sectionList = append(sectionList, s)
	}
	sort.Slice(sectionList, func(i, j int) bool { return sectionList[i].path < sectionList[j].path })
	keyed := titlesThatOrder(regular, sectionList)
	parallel.For(len(keyed), func(i int) { keyed[i].titleKey = TextKey(keyed[i].Title) })
	// Each section's lists are sorted on their own, on every core.
	parallel.For(len(sectionList), func(i int) {
		sortSections(sectionList[i].Sections)
		SortPages(sectionList[i].Pages)
	})
	// RegularPages of a section include its sub-sections' pages.
	var collect func(s *Page) []*Page
	collect = func(s *Page) []*Page {
		var out []*Page
		for _, c := range s.Pages {
			if c.Kind == KindPage {
				out = append(out, c)
			} else {
				out = append(out, collect(c)...)
			}
		}
		return out
	}
	site.RegularPages = append([]*Page{}, regular...)
	parallel.For(len(sectionList)+1, func(i int) {
		if i == len(sectionList) {
			SortPages(site.RegularPages)
			return
		}
		s := sectionList[i]
		if s == home {
			return // the site's RegularPages, sorted above
		}
		s.RegularPages = collect(s)
		SortPages(s.RegularPages)
	})
	// Prev/Next within the section, by date: Prev is older, Next newer.
	parallel.For(len(sectionList), func(i int) {
		s := sectionList[i]
		var leaves []*Page
		for _, c := range s.Pages {
			if c.Kind == KindPage {
				leaves = append(leaves, c)
			}
		}
		// By date alone: a pinned page keeps its place in the reading order.
		slices.SortStableFunc(leaves, compareDates)
		for i, c := range leaves {
			if i > 0 {
				c.Next = leaves[i-1]
			}
			if i+1 < len(leaves) {
				c.Prev = leaves[i+1]
			}
		}
	})
	all := append([]*Page{}, sectionList...)
	all = append(all, regular...)
	for _, p := range all {
		for a := p.Parent; a != nil; a = a.Parent {
			p.Ancestors = append([]*Page{a}, p.Ancestors...)
		}
	}
	site.Home = home
	site.Sections = home.Sections
	home.RegularPages = site.RegularPages
	for _, p := range regular {
		if d := p.newest(); d.After(site.LastChange) {
			site.LastChange = d
		}
	}

	// Taxonomies.
	var taxPages []*Page
	for _, key := range slices.Sorted(maps.Keys(cfg.Taxonomies)) {
		plural := cfg.Taxonomies[key]
		terms := map[string]*Page{}
		tax := &Page{Kind: KindTaxonomy, Plural: plural, Site: site, Parent: home, Ancestors: []*Page{home},
			Title: taxonomyTitle(plural), Params: map[string]any{}}
		if s := sections[plural]; s != nil { // content/tags/_index.md gives the taxonomy page its text
			tax.setFrontMatter(s.frontMatter())
			tax.File, tax.Body, tax.BodyLine = s.File, s.Body, s.BodyLine
		}
		tax.setPath("/" + plural + "/")
		for _, p := range regular {
			for _, term := range p.terms(plural) {
				slug := Urlize(term)
				tp := terms[slug]
				if tp == nil {
					tp = &Page{Kind: KindTerm, Plural: plural, Term: term, Site: site, Parent: tax,
						Ancestors: []*Page{home, tax}, Title: term, Params: map[string]any{}}
					tp.setPath("/" + plural + "/" + slug + "/")
					terms[slug] = tp
				}
				tp.Pages = append(tp.Pages, p)
			}
		}
		for _, slug := range slices.Sorted(maps.Keys(terms)) {
			tp := terms[slug]
			SortPages(tp.Pages)
			tp.RegularPages = tp.Pages
			tax.Terms = append(tax.Terms, tp)
		}
		sort.SliceStable(tax.Terms, func(i, j int) bool {
			if len(tax.Terms[i].Pages) != len(tax.Terms[j].Pages) {
				return len(tax.Terms[i].Pages) > len(tax.Terms[j].Pages)
			}
			return CompareText(tax.Terms[i].Term, tax.Terms[j].Term) < 0
		})
		tax.Pages = tax.Terms
		site.Taxonomies[plural] = tax.Terms
		taxPages = append(taxPages, tax)
		taxPages = append(taxPages, tax.Terms...)
	}
	// A content/tags/ section is replaced by the taxonomy page.
	kept2 := all[:0]
	for _, p := range all {
		if p.Kind == KindSection && p.Dir != "" && cfg.Taxonomies != nil && isPlural(cfg, p.Dir) {
			continue
		}
		kept2 = append(kept2, p)
	}
	all = append(kept2, taxPages...)
	for _, p := range all {
		if p.Kind == KindHome || p.Kind == KindSection {
			p.RSSLink = p.RelPermalink + "index.xml"
		}
		if p.Kind == KindHome || p.Kind == KindSection || p.Kind == KindTaxonomy || p.Kind == KindTerm {
			p.Paginator = NewPager(p.RelPermalink, p.Pages, cfg.Paginate, 1)
		}
	}

	// URL clashes and aliases.
	seen := map[string]*Page{}
	for _, p := range all {
		if q := seen[p.path]; q != nil {
			errs = append(errs, diag.New(p.srcFile(), 1, 1, fmt.Sprintf("网址 %s 与 %s 重复", p.path, q.srcFile()),
				"请修改其中一个页面的 slug 或 url", "two pages share a URL"))
			continue
		}
		seen[p.path] = p
	}
	for _, p := range all {
		for _, a := range p.Aliases {
			if !localAlias(a) {
				errs = append(errs, diag.New(p.srcFile(), 1, 1, fmt.Sprintf("别名 %q 不是本站内的路径", a),
					"别名（aliases）只能写站内路径，如 /news/old-name/，不能含 ..、反斜杠或其他网站的地址", "alias leaves the site"))
				continue
			}
			ap := a
			if !strings.HasPrefix(ap, "/") {
				ap = "/" + ap
			}
			if !strings.HasSuffix(ap, "/") && path.Ext(ap) == "" {
				ap += "/"
			}
			if q := seen[ap]; q != nil {
				errs = append(errs, diag.New(p.srcFile(), 1, 1, fmt.Sprintf("别名 %s 与页面 %s 的网址相同", a, q.srcFile()),
					"请删除或修改这个别名（aliases）", "alias clashes with a page"))
				continue
			}
			if q := t.Aliases[ap]; q != nil {
				errs = append(errs, diag.New(p.srcFile(), 1, 1, fmt.Sprintf("别名 %s 已被 %s 使用", a, q.srcFile()),
					"请删除其中一个别名", "duplicate alias"))
				continue
			}
			t.Aliases[ap] = p
		}
	}
	for _, p := range all {
		if len(p.Menu) > 0 {
			site.menuPages = append(site.menuPages, p)
		}
	}
	t.All = all
	return t, errs.Err()
}

// localAlias reports whether an alias is a path on this site: not another
// site's address, and without "." or ".." segments that would climb out of
// the output folder (or quietly land somewhere else in it).
func localAlias(a string) bool {
	if a == "" || strings.Contains(a, "://") || strings.HasPrefix(a, "//") || strings.ContainsAny(a, "\\\x00?#") {
		return false
	}
	for _, seg := range strings.Split(strings.Trim(a, "/"), "/") {
		if seg == ".." || seg == "." {
			return false
		}
	}
	return true
}

func isPlural(cfg *config.Config, dir string) bool {
	for _, p := range cfg.Taxonomies {
		if p == dir {
			return true
		}
	}
	return false
}

func contains(list []*Page, p *Page) bool {
	for _, q := range list {
		if q == p {
			return true
		}
	}
	return false
}

func taxonomyTitle(plural string) string {
	switch plural {
	case "tags":
		return "标签"
	case "categories":
		return "分类"
	}
	return plural
}

func (p *Page) srcFile() string {
	if p.File != "" {
		return p.File
	}
	return "content/"
}

// Path is the page's unescaped URL path ("/tags/印章/"), which is also where its
// file is written.
func (p *Page) Path() string { return p.path }

func (p *Page) setPath(u string) {
	if !strings.HasSuffix(u, "/") && path.Ext(u) == "" {
		u += "/"
	}
	p.path = u
	p.RelPermalink = EscapePath(u)
	if p.Site != nil {
		p.Permalink = strings.TrimSuffix(p.Site.BaseURL, "/") + p.RelPermalink
		if bp := p.Site.Config.BasePath(); bp != "/" {
			p.RelPermalink = strings.TrimSuffix(bp, "/") + p.RelPermalink
		}
	}
}

// EscapePath percent-encodes each segment of an URL path.
func EscapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

func (p *Page) terms(plural string) []string {
	switch plural {
	case "tags":
		return p.Tags
	case "categories":
		return p.Categories
	case "keywords":
		return p.Keywords
	}
	switch v := p.Params[plural].(type) {
	case []any:
		var out []string
		for _, x := range v {
			out = append(out, fmt.Sprint(x))
		}
		return out
	case string:
		return SplitTerms(v)
	}
	return nil
}

func (p *Page) newest() time.Time {
	if p.Lastmod.After(p.Date) {
		return p.Lastmod
	}
	return p.Date
}

// parsePage parses one Markdown file, refusing it when it is larger than
// lim.MaxFileSize or not UTF-8, before any parser reads it.
func parsePage(f SourceFile, lim config.Limits) (*Page, error) {
	if err := lim.CheckSize(f.Path, f.Data); err != nil {
		return nil, err
	}
	data, encErr := textenc.Check(f.Path, f.Data)
	if encErr != nil {
		return nil, encErr
	}
	format, fmText, fmLine, body, bodyLine, err := SplitFrontMatter(data)
	if err != nil {
		e := diag.Collect(err)
		for _, x := range e {
			x.File = f.Path
		}
		return nil, e
	}
	fm, err := ParseFrontMatter(f.Path, format, fmText, fmLine)
	if err != nil {
		return nil, err
	}
	p := &Page{File: f.Path, Body: body, BodyLine: bodyLine}
	p.setFrontMatter(fm)
	if p.Title == "" {
		p.Title, p.Body = titleFromHeading(p.Body)
	}
	if p.Lastmod.IsZero() {
		p.Lastmod = p.Date
	}
	if p.Date.IsZero() && !p.PublishDate.IsZero() {
		p.Date = p.PublishDate
	}
	return p, nil
}

var atxH1 = regexp.MustCompile(`^#[ \t]+(.+?)[ \t#]*$`)

// titleFromHeading takes the title from the first "# " heading when it is the
// first non-blank line, and blanks that line (keeping line numbers) so the page
// does not show the title twice.
func titleFromHeading(body []byte) (string, []byte) {
	lines := bytes.SplitAfter(body, []byte("\n"))
	for i, l := range lines {
		t := strings.TrimSpace(string(l))
		if t == "" {
			continue
		}
		if m := atxH1.FindStringSubmatch(t); m != nil {
			out := append([]byte{}, bytes.Join(lines[:i], nil)...)
			out = append(out, '\n')
			out = append(out, bytes.Join(lines[i+1:], nil)...)
			return m[1], out
		}
		break
	}
	return "", body
}

func bundleOf(bundles map[string]*Page, dir string) *Page {
	for d := dir; d != "" && d != "."; d = parentDir(d) {
		if b := bundles[d]; b != nil {
			return b
		}
	}
	return nil
}

func parentDir(dir string) string {
	d := path.Dir(dir)
	if d == "." || d == "/" {
		return ""
	}
	return d
}

// sectionDirOf is the folder of the section that lists p.
func sectionDirOf(p *Page) string {
	if p.Bundle {
		return parentDir(p.Dir)
	}
	return p.Dir
}

func pageURL(cfg *config.Config, p *Page, sectionDir string) string {
	if p.URL != "" {
		return p.URL
	}
	name := strings.TrimSuffix(path.Base(p.File), path.Ext(p.File))
	if p.Bundle {
		name = path.Base(p.Dir)
	}
	slug := Urlize(p.Slug)
	if p.Slug == "" {
		slug = nameSlug(cfg, name)
	}
	top := strings.SplitN(sectionDir, "/", 2)[0]
	if pat, ok := cfg.Permalinks[top]; ok && top != "" {
		d := p.Date
		r := strings.NewReplacer(":year", fmt.Sprintf("%04d", d.Year()), ":month", fmt.Sprintf("%02d", int(d.Month())),
			":day", fmt.Sprintf("%02d", d.Day()), ":slug", slug, ":section", top, ":filename", nameSlug(cfg, name))
		return r.Replace(pat)
	}
	prefix := "/"
	if sectionDir != "" {
		prefix = "/" + urlizePath(cfg, sectionDir) + "/"
	}
	return prefix + slug + "/"
}

// nameSlug is the URL segment of a file or folder name: pinyin when the
// site asks for it ([urls] pinyin), else the name urlized.
func nameSlug(cfg *config.Config, name string) string {
	if cfg.URLs.Pinyin {
		return PinyinSlug(name)
	}
	return Urlize(name)
}

func urlizePath(cfg *config.Config, dir string) string {
	segs := strings.Split(dir, "/")
	for i, s := range segs {
		segs[i] = nameSlug(cfg, s)
	}
	return strings.Join(segs, "/")
}

// Urlize makes a URL path segment from a title or term: ASCII letters are
// lower-cased, spaces and URL-unsafe punctuation become '-', Chinese stays as is.
func Urlize(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 32)
			dash = false
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r > 0x7f && !isCJKPunct(r):
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func isCJKPunct(r rune) bool {
	return r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xff0f || r >= 0xff1a && r <= 0xff20 || r == 0x3000 ||
		r == '“' || r == '”' || r == '‘' || r == '’' || r == '…' || r == '—' || r == '·'
}
