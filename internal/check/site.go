package check

import (
	"bytes"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"hengdong/internal/build"
	"hengdong/internal/config"
	"hengdong/internal/content"
	"hengdong/internal/diag"
	"hengdong/internal/markdown"
	"hengdong/internal/parallel"
)

// Output kinds: what produced an HTML file decides which rules apply to it.
const (
	kindPage     = iota // rendered by a template: every rule
	kindVerbatim        // copied from static/ or a content folder: links and markup only
	kindAlias           // a redirect page: not checked
)

// site is everything the rules look at.
type site struct {
	in       *build.Inputs
	res      *build.Result
	cfg      *config.Config
	base     string                   // base path, "/" or "/sub/"
	docs     map[string]*doc          // output path → parsed HTML
	paths    []string                 // sorted keys of docs
	byFile   map[string]*content.Page // content file → page
	raw      map[string][]byte        // content file → bytes as written
	verbatim map[string]string        // output path → static or content file it was copied from
	parsed   map[*content.Page]*parsed
	md       *markdown.Renderer // the site's renderer: page bodies are parsed as they were rendered
	gov      bool               // the 政府网站 rules apply (see Government)
	policy   Policy             // the site's levels for rules
	// production is check/build --production: placeholders and missing
	// badges are errors.
	production bool
	// pages holds every output path the build planned (pages, feeds,
	// sitemap.xml, …): a file whose render failed has no output, but links
	// to it are not broken (its failure is reported once, by the render).
	pages map[string]bool

	// The wording and privacy rules (wording.go, privacy.go).
	words         *matcher
	found         map[string]bool // forms and numbers found in a source file
	pageAllowed   map[*content.Page]map[string]bool
	allowances    []Allowance
	publicNumbers map[string]bool
	configFound   map[string]bool // footer faults already reported at their site.toml key

	layouts layoutIndex // the layouts' start tags, for findings in a template (a11y.go)

	rel      sync.Map  // reference → relResult, for those that mean the same from every page
	frags    sync.Map  // "#x" → relResult from "/" (relPath)
	langs    sync.Map  // lang value → validLang
	ownOnce  sync.Once // own, ownOK: the host of baseURL (ownHost)
	own      string
	ownOK    bool
	mu       sync.Mutex // guards findings and parsed: pages are checked in parallel
	findings []Finding
}

// doc is one parsed HTML output file.
type doc struct {
	path     string
	kind     int
	page     *content.Page // the content page, when the output came from one
	data     []byte        // the output, until parsed
	root     *html.Node    // the parsed output, only while its own rules run
	refs     []ref         // every link and asset reference, in document order
	title    string
	ids      map[string]bool
	headings []hnode
	// What the page's Markdown produced: link targets, image sources and
	// ids, to tell content problems from template ones (fromContent).
	contentOnce             sync.Once
	contentRefs, contentIDs map[string]bool

	// What the rules that read only this output found (newSite adds them
	// to the site's in path order), kept with the rest for the next check.
	found    []Finding       // before the site's levels apply
	hits     []outHit        // scanOutput's, before outputHits
	atConfig []configFinding // footer faults of a site.toml number
	clock    bool            // what was found depends on today's date: not kept
}

// add records f, a finding of d's own rules.
func (d *doc) add(f Finding) { d.found = append(d.found, f) }

// hnode is one h1–h6 element.
type hnode struct {
	level int
	id    string
	text  string
}

// newSite reads the site and runs the rules of each output, reusing what
// last (nil: nothing) found of outputs whose inputs are unchanged; when next
// is not nil it gets what this check found of every output (cache.go).
func newSite(in *build.Inputs, res *build.Result, policy Policy, production bool, last, next *Cache) *site {
	s := &site{in: in, res: res, cfg: res.Config, policy: policy, production: production, docs: map[string]*doc{}, byFile: map[string]*content.Page{},
		raw: map[string][]byte{}, verbatim: map[string]string{},
		parsed: map[*content.Page]*parsed{}, md: res.Markdown, configFound: map[string]bool{}}
	if s.md == nil { // a Result made by hand, in tests
		s.md = markdown.New(markdown.Options{Unsafe: s.cfg.Markdown.Unsafe})
	}
	s.base = s.cfg.BasePath()
	for _, f := range in.Content {
		s.raw[f.Path] = f.Data
	}
	byPath := map[string]*content.Page{}
	s.pages = map[string]bool{}
	for _, p := range res.Tree.All {
		if p.File != "" && s.byFile[p.File] == nil {
			s.byFile[p.File] = p
		}
		byPath[p.Path()] = p
		s.pages[p.Path()] = true
	}
	for p := range res.Planned {
		s.pages[p] = true
	}
	for name := range in.Static {
		s.verbatim[strings.TrimPrefix(name, "static")] = name
	}
	for _, r := range res.Tree.Resources {
		s.verbatim[r.Path] = r.File
	}
	for p, data := range res.Files {
		if !isHTMLPath(p) {
			continue
		}
		d := &doc{path: p, kind: kindPage}
		if _, ok := s.verbatim[p]; ok {
			d.kind = kindVerbatim
		} else if _, ok := res.Tree.Aliases[p]; ok {
			d.kind = kindAlias
		}
		if f := res.PageFiles[p]; f != "" {
			d.page = s.byFile[f]
		}
		if d.page == nil && d.kind == kindPage {
			d.page = byPath[p]
			if d.page == nil && isPager(p) {
				d.page = byPath[p[:strings.LastIndex(strings.TrimSuffix(p, "/"), "/page/")+1]]
			}
		}
		d.data = data
		s.docs[p] = d
		s.paths = append(s.paths, p)
	}
	sort.Strings(s.paths)
	s.gov = Government(s.cfg)
	s.loadPublicNumbers()
	s.scanSources()
	var digest uint64
	keys := make([]uint64, len(s.paths))
	reused := make([]bool, len(s.paths))
	if last != nil || next != nil {
		digest = s.siteDigest()
	}
	// Parsing is the costly part of checking: spread it over every core.
	parallel.For(len(s.paths), func(i int) {
		d := s.docs[s.paths[i]]
		if last != nil || next != nil {
			keys[i] = s.outputKey(digest, d)
			if e := last.output(d.path); e != nil && e.Key == keys[i] {
				if last.restore(d, e) {
					d.data = nil
					reused[i] = true
					return
				}
				*d = doc{path: d.path, kind: d.kind, page: d.page, data: d.data} // a Cache that does not hold together
			}
		}
		a := arenas.Get().(*arena)
		d.root = a.parse(d.data)
		s.scanOutput(d, d.data)
		d.data = nil
		d.scan(a)
		s.checkPage(d)
		// Keep only what the site-wide rules need: a parsed page is
		// ten times the size of its HTML, and its arena parses the next.
		d.root = nil
		a.reset()
		arenas.Put(a)
	})
	index := map[string]uint32{}
	// What each output's rules found, in path order: a footer fault of a
	// site.toml number is reported at its key once, from the first page.
	for i, p := range s.paths {
		d := s.docs[p]
		s.outputHits(d)
		for _, f := range d.found {
			s.add(f)
		}
		for _, c := range d.atConfig {
			if !s.configFound[c.Key] {
				s.configFound[c.Key] = true
				s.add(c.Finding)
			}
		}
		if next != nil {
			if reused[i] {
				next.reused++
			} else {
				next.checked++
			}
			if !d.clock {
				next.keep(d, keys[i], index)
			}
		}
	}
	return s
}

// isHTMLPath reports whether output path p is an HTML page.
func isHTMLPath(p string) bool {
	if strings.HasSuffix(p, "/") {
		return true
	}
	ext := strings.ToLower(path.Ext(p))
	return ext == ".html" || ext == ".htm"
}

// add records f at the level the site's policy gives its rule; a finding
// that already has a level (an external link's, which depends on the
// answer) keeps it unless site.toml sets the rule's level.
func (s *site) add(f Finding) {
	if _, set := s.policy[f.Rule]; set || f.Level == "" {
		f.Level = s.policy.Level(f.Rule)
	}
	if f.Level == Off {
		return
	}
	s.mu.Lock()
	s.findings = append(s.findings, f)
	s.mu.Unlock()
}

// scan collects the title, ids, headings and references of d. They outlive
// the tree, whose strings are slices of the whole page (parseHTML): they are
// copied, all into one allocation (a page keeps some eighty strings).
//
// The references and ids are gathered in a's lists, kept from page to page,
// and copied out at their final length: not grown a page at a time.
func (d *doc) scan(a *arena) {
	refs, ids := a.refs[:0], a.ids[:0]
	walk(d.root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		refs = refsOf(n, refs) // a title's children, skipped below, are text
		if id, ok := attr(n, "id"); ok && id != "" {
			ids = append(ids, id)
		}
		if n.Namespace == "" && n.DataAtom == atom.A {
			if name, ok := attr(n, "name"); ok && name != "" {
				ids = append(ids, name)
			}
		}
		switch n.DataAtom {
		case atom.Title:
			if d.title == "" && n.Namespace == "" {
				d.title = strings.TrimSpace(textOf(n))
			}
			return false
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			if n.Namespace == "" {
				id, _ := attr(n, "id")
				d.headings = append(d.headings, hnode{level: int(n.Data[1] - '0'), id: id, text: strings.TrimSpace(textOf(n))})
			}
		}
		return true
	})
	var k keeper
	k.need(d.title)
	for _, id := range ids {
		k.need(id)
	}
	for _, h := range d.headings {
		k.need(h.id)
		k.need(h.text)
	}
	for _, r := range refs {
		k.need(r.val)
		k.need(r.text)
	}
	k.alloc()
	d.title = k.keep(d.title)
	d.ids = make(map[string]bool, len(ids))
	for _, id := range ids {
		d.ids[k.keep(id)] = true
	}
	for i := range d.headings {
		h := &d.headings[i]
		h.id, h.text = k.keep(h.id), k.keep(h.text)
	}
	if len(refs) > 0 {
		d.refs = make([]ref, len(refs))
		for i, r := range refs {
			d.refs[i] = ref{val: k.keep(r.val), asset: r.asset, text: k.keep(r.text)}
		}
	}
	// The lists are kept for the next page, emptied: they hold the page.
	clear(refs)
	clear(ids)
	a.refs, a.ids = refs[:0], ids[:0]
}

// keeper copies strings into one allocation: need counts each, alloc makes
// room for them all, keep copies one.
type keeper struct {
	n   int
	buf []byte
}

func (k *keeper) need(s string) { k.n += len(s) }

func (k *keeper) alloc() { k.buf = make([]byte, 0, k.n) }

// keep returns a copy of s that shares no memory with it.
func (k *keeper) keep(s string) string {
	if s == "" {
		return ""
	}
	start := len(k.buf)
	k.buf = append(k.buf, s...) // within the capacity: never moves
	return unsafe.String(&k.buf[start], len(s))
}

// fromContent returns the references and ids of the page's own Markdown
// HTML (nil when the output has no page or it no content). They place a
// finding in the Markdown: they are read only when a page has one, the
// first time (most pages have none).
func (d *doc) fromContent() (refs, ids map[string]bool) {
	d.contentOnce.Do(func() {
		if d.page != nil && d.page.Content != "" {
			d.scanContent(string(d.page.Content))
		}
	})
	return d.contentRefs, d.contentIDs
}

// scanContent records the references and ids of the page's own Markdown HTML.
func (d *doc) scanContent(h string) {
	d.contentRefs, d.contentIDs = map[string]bool{}, map[string]bool{}
	// Only attributes are needed: the lexer finds them without building a tree.
	lexHTML(h, attrSink{d})
}

// attrSink takes the start tags of a page's content for scanContent.
type attrSink struct{ d *doc }

func (attrSink) text(string, bool) {}
func (attrSink) comment()          {}
func (attrSink) end(string)        {}
func (a attrSink) start(tag *startTag, _ bool) {
	for _, at := range tag.attrs {
		switch at.Key {
		case "href", "src":
			a.d.contentRefs[at.Val] = true
		case "id":
			a.d.contentIDs[at.Val] = true
		}
	}
}

// walk calls f for n and its descendants in document order; f returns false
// to skip a node's children.
func walk(n *html.Node, f func(*html.Node) bool) {
	if n == nil || !f(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

// attr returns the value of attribute key of n.
func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// textOf is the text of n, with a space between block-ish elements.
func textOf(n *html.Node) string {
	// Most links and headings hold one plain text: no need to build anything.
	if c := n.FirstChild; c != nil && c == n.LastChild && c.Type == html.TextNode && !needsFolding(c.Data) {
		return strings.TrimSpace(c.Data)
	}
	// The text is folded as it is written: as strings.Fields and Join with
	// single spaces would, without the whole unfolded text and its words.
	var b strings.Builder
	space := false // a space is owed before the next word
	word := func(w string) {
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteString(w)
	}
	fold := func(t string) {
		for i := 0; i < len(t); {
			if !mayStartSpace[t[i]] {
				// A run of bytes no space starts at (no space is
				// part of another character): written at once.
				j := i + 1
				for j < len(t) && !mayStartSpace[t[j]] {
					j++
				}
				word(t[i:j])
				i = j
				continue
			}
			r, size := utf8.DecodeRuneInString(t[i:])
			if unicode.IsSpace(r) {
				space = true
			} else {
				word(t[i : i+size])
			}
			i += size
		}
	}
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			fold(n.Data)
		case html.ElementNode:
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style {
				return
			}
			space = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
		if n.Type == html.ElementNode {
			space = true
		}
	}
	rec(n)
	return b.String()
}

// mayStartSpace are the bytes a character unicode.IsSpace (and so
// strings.Fields) splits at starts with: the ASCII spaces, 0xC2 (U+0085,
// U+00A0) and 0xE1–0xE3 (U+1680, U+2000–U+205F, U+3000).
var mayStartSpace = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true,
	0xC2: true, 0xE1: true, 0xE2: true, 0xE3: true}

// needsFolding reports whether s has whitespace that textOf would fold: any
// but single spaces inside it.
func needsFolding(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\t', '\n', '\r', '\f', '\v':
			return true
		case ' ':
			if i+1 < len(s) && s[i+1] == ' ' {
				return true
			}
		case 0xc2: // U+0085 and U+00A0, which strings.Fields also splits at
			if i+1 < len(s) && (s[i+1] == 0x85 || s[i+1] == 0xa0) {
				return true
			}
		case 0xe1, 0xe2, 0xe3: // U+1680, U+2000–U+200A, U+2028/9, U+202F, U+205F, U+3000
			if i+2 < len(s) {
				b1, b2 := s[i+1], s[i+2]
				switch {
				case s[i] == 0xe1 && b1 == 0x9a && b2 == 0x80,
					s[i] == 0xe2 && b1 == 0x80 && (b2 <= 0x8a || b2 == 0xa8 || b2 == 0xa9 || b2 == 0xaf),
					s[i] == 0xe2 && b1 == 0x81 && b2 == 0x9f,
					s[i] == 0xe3 && b1 == 0x80 && b2 == 0x80:
					return true
				}
			}
		}
	}
	return false
}

// source returns where a finding about output path p should point: the static
// or content file it was copied from (with the line of needle in it), else
// the output path itself.
func (s *site) source(p string, needles ...string) (file string, line, col int) {
	if f, ok := s.verbatim[p]; ok {
		var data []byte
		if strings.HasPrefix(f, "static/") {
			data = s.in.Static[f]
		} else {
			data = s.raw[f]
		}
		for _, n := range needles {
			if n == "" {
				continue
			}
			if i := bytes.Index(data, []byte(n)); i >= 0 {
				line, col = diag.LineCol(data, i)
				return f, line, col
			}
		}
		return f, 0, 0
	}
	return p, 0, 0
}

// inBody finds the first needle in the Markdown body of page p and returns its
// file line and column; ok is false when none is found.
func inBody(p *content.Page, needles ...string) (line, col int, ok bool) {
	if p == nil || p.File == "" {
		return 0, 0, false
	}
	for _, n := range needles {
		if n == "" {
			continue
		}
		if i := bytes.Index(p.Body, []byte(n)); i >= 0 {
			line, col = diag.LineCol(p.Body, i)
			return line + p.BodyLine, col, true
		}
	}
	return 0, 0, false
}

// lineOf finds the first line of a content file that contains needle (front
// matter included); it returns 1 when there is none.
func (s *site) lineOf(file, needle string) int {
	data := s.raw[file]
	if needle != "" {
		if i := bytes.Index(data, []byte(needle)); i >= 0 {
			l, _ := diag.LineCol(data, i)
			return l
		}
	}
	return 1
}

// relPath turns an href or src of the page at output path from into the output
// path it names. internal is false for links that leave the site (other hosts,
// other schemes); p is "" for a link to this host outside the base path, which
// no output file can serve. frag is the decoded fragment, hasFrag whether
// there was one.
func (s *site) relPath(from, ref string) (p, frag string, hasFrag, internal bool) {
	ref = strings.TrimSpace(ref)
	// data:, mailto:, tel:… lead off the site whatever follows: the QR
	// code's data URI of every page is not parsed.
	sch := scheme(ref)
	if sch != "" && !strings.EqualFold(sch, "http") && !strings.EqualFold(sch, "https") {
		return "", "", false, false
	}
	// An http(s) address of a plain host: another site's (the 找错 link
	// of every page, one address a page), or this site's plain path (every
	// page's canonical link).
	if rest, ok := strings.CutPrefix(ref[len(sch):], "://"); ok && sch != "" {
		end := strings.IndexAny(rest, "/?#")
		if end < 0 {
			end = len(rest)
		}
		// Without "@", "%" or "[", the host is what url.Parse would make
		// of it, or it makes an error: either way another site's.
		if host := rest[:end]; host != "" && strings.IndexAny(host, "@%[") < 0 {
			own, ok := s.ownHost()
			if !ok || !strings.EqualFold(host, own) {
				return "", "", false, false
			}
			if p := rest[end:]; plainRootPath(p) {
				if !strings.HasPrefix(p, s.base) {
					return "", "", false, false
				}
				return s.underBase(p), "", false, true
			}
		}
	}
	// A root-relative path of plain characters (a page's or asset's as the
	// templates write them) is its own output path: the links to the
	// previous and next pages, each written by few pages, are not parsed
	// and kept one by one.
	if plainRootPath(ref) {
		if !strings.HasPrefix(ref, s.base) {
			return "", "", false, true
		}
		return s.underBase(ref), "", false, true
	}
	// A root-relative or absolute reference means the same from every page:
	// the navigation and footer links of thousands of pages are parsed once.
	if strings.HasPrefix(ref, "/") && !strings.HasPrefix(ref, "//") || strings.Contains(ref, "://") {
		if v, ok := s.rel.Load(ref); ok {
			r := v.(relResult)
			return r.p, r.frag, r.hasFrag, r.internal
		}
		ref = strings.Clone(ref) // kept: it may be a slice of a whole page (parseHTML)
		p, frag, hasFrag, internal = s.resolve(from, ref)
		s.rel.Store(ref, relResult{p, frag, hasFrag, internal})
		return p, frag, hasFrag, internal
	}
	// "#x" is page from itself, whichever page from is (unless from has dot
	// segments, which resolving would remove): the tables of contents and
	// skip links of thousands of pages have their fragments decoded once.
	if strings.HasPrefix(ref, "#") && !strings.Contains(from, "/.") {
		if v, ok := s.frags.Load(ref); ok {
			r := v.(relResult)
			if r.internal {
				r.p = from
			}
			return r.p, r.frag, r.hasFrag, r.internal
		}
		ref = strings.Clone(ref) // kept, as above
		p, frag, hasFrag, internal = s.resolve("/", ref)
		s.frags.Store(ref, relResult{p, frag, hasFrag, internal})
		if internal {
			p = from
		}
		return p, frag, hasFrag, internal
	}
	return s.resolve(from, ref)
}

// underBase is the output path of p, a path from the root under the base path.
func (s *site) underBase(p string) string {
	if s.base == "/" {
		return p
	}
	return "/" + p[len(s.base):]
}

// ownHost is the host of the site's baseURL (with its port), and whether it
// has one (resolve takes no address for the site's without).
func (s *site) ownHost() (string, bool) {
	s.ownOnce.Do(func() {
		if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Host != "" {
			s.own, s.ownOK = u.Host, true
		}
	})
	return s.own, s.ownOK
}

// plainRootPath reports whether ref is a path from the root of letters,
// digits and "-._~/" with no empty, "." or ".." segment: one that resolving
// (url.Parse and ResolveReference) leaves as it is, from any page.
func plainRootPath(ref string) bool {
	if len(ref) == 0 || ref[0] != '/' {
		return false
	}
	start := 1 // of the segment being read
	for i := 1; i <= len(ref); i++ {
		if i < len(ref) && ref[i] != '/' {
			if byteClass[ref[i]]&classPathChar == 0 {
				return false
			}
			continue
		}
		// A segment ends at i: the last one may be empty ("/news/").
		switch seg := ref[start:i]; seg {
		case "", ".", "..":
			if i < len(ref) || seg != "" {
				return false
			}
		}
		start = i + 1
	}
	return true
}

// scheme is the scheme ref starts with, as url.Parse reads it, or "".
func scheme(ref string) string {
	for i := 0; i < len(ref); i++ {
		switch c := ref[i]; {
		case isASCIILetter(c):
		case isDigit(c) || c == '+' || c == '-' || c == '.':
			if i == 0 {
				return ""
			}
		case c == ':':
			return ref[:i]
		default:
			return ""
		}
	}
	return ""
}

// relResult is one resolved reference, for site.rel.
type relResult struct {
	p, frag           string
	hasFrag, internal bool
}

// resolve is relPath without its cache.
func (s *site) resolve(from, ref string) (p, frag string, hasFrag, internal bool) {
	u, err := url.Parse(ref)
	if err != nil {
		return "", "", false, false
	}
	if u.Scheme != "" || u.Host != "" {
		if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
			return "", "", false, false
		}
		own, err := url.Parse(s.cfg.BaseURL)
		if err != nil || own.Host == "" || !strings.EqualFold(u.Host, own.Host) || !strings.HasPrefix(u.Path, s.base) {
			return "", "", false, false
		}
		u.Scheme, u.Host = "", ""
	}
	baseURL := &url.URL{Path: strings.TrimSuffix(s.base, "/") + from}
	r := baseURL.ResolveReference(u)
	p = r.Path
	if !strings.HasPrefix(p, s.base) {
		return "", r.Fragment, strings.Contains(ref, "#"), true
	}
	p = "/" + strings.TrimPrefix(p, s.base)
	if u.Path == "" && u.RawQuery == "" {
		p = from // "#x" or "": this page
	}
	return p, r.Fragment, strings.Contains(ref, "#"), true
}

// target returns the output path that p is served from, or "" when none.
func (s *site) target(p string) string {
	if p == "" {
		return ""
	}
	files := s.res.Files
	if _, ok := files[p]; ok {
		return p
	}
	if strings.HasSuffix(p, "/index.html") {
		if _, ok := files[strings.TrimSuffix(p, "index.html")]; ok {
			return strings.TrimSuffix(p, "index.html")
		}
	}
	if !strings.HasSuffix(p, "/") {
		if _, ok := files[p+"/"]; ok {
			return p + "/"
		}
	}
	for _, q := range []string{p, strings.TrimSuffix(p, "index.html"), p + "/"} {
		if s.pages[q] {
			return q // a page that failed to render
		}
	}
	return ""
}

// shorten keeps error messages readable when a value is long.
func shorten(s string) string {
	if utf8.RuneCountInString(s) <= 80 {
		return s
	}
	return string([]rune(s)[:80]) + "…"
}

// eachPage calls f for every page of the site on GOMAXPROCS workers; f may
// add findings and parse Markdown (both are safe for concurrent use).
func (s *site) eachPage(f func(p *content.Page)) {
	pages := s.res.Tree.All
	parallel.For(len(pages), func(i int) { f(pages[i]) })
}
