package build

import (
	"context"
	"maps"
	"slices"
	"time"

	"hengdong/internal/content"
	"hengdong/internal/diag"
	"hengdong/internal/seeds"
	"hengdong/internal/tmpl"
)

// maxBodyEdits bounds the files the body-edit path takes on: more changed
// files at once (a checkout, a search and replace) go the full way.
const maxBodyEdits = 16

// bodyEdit is one page whose Markdown changed, while its render is pending.
type bodyEdit struct {
	page   *content.Page
	was    content.Page // the page before, to put back when the render fails
	now    content.Page // the page with its new body rendered
	src    []byte
	files  map[string][]byte // what its shortcodes emitted
	listed bool              // its summary changed: lists show the edit
}

// renderBodyEdit is Render's fast path for serve's commonest case: an editor
// typing in the body of pages that are already in the site, or changing what
// lists show of a page (its title, description, summary or source: see
// content.LightEdit and mayRetitle). Everything but those files is
// byte-identical to the last render, and the page tree (URLs, order, lists,
// terms) is unchanged by such edits.
// Only those pages' Markdown is rendered again, and only the outputs whose key
// hashed their versions are looked at; the last render's tree, template engine
// and caches are reused in place.
//
// handled is false when the edit is not of that kind, and Render does the
// full work. On error the last good state is kept, as Render's full path does.
func (inc *Incremental) renderBodyEdit(ctx context.Context, in *Inputs) (res *Result, handled bool, err error) {
	s := inc.prev
	if s == nil || s.res == nil || s.res.builder == nil || !inc.opts.DeferSearch || len(s.deferred) > 0 || s.outs == nil || s.templated {
		return nil, false, nil
	}
	changed, ok := contentOnlyChange(s.in, in)
	if !ok || len(changed) > maxBodyEdits {
		return nil, false, nil
	}
	t0 := time.Now()
	b := s.res.builder
	if s.byFileP == nil {
		s.byFileP = map[string][]*content.Page{}
		for _, p := range b.tree.All {
			if p.File != "" {
				s.byFileP[p.File] = append(s.byFileP[p.File], p)
			}
		}
	}

	// Render the new Markdown into copies of the pages: nothing is changed
	// until every edited page has rendered.
	scratch := &builder{loaded: b.loaded, in: in, ctx: ctx}
	var edits []*bodyEdit
	for _, f := range changed {
		pages := s.byFileP[f.Path]
		if len(pages) == 0 {
			return nil, false, nil // a resource, or a file no page is made from
		}
		parsed, shown, ok := content.LightEdit(f.Path, s.src[f.Path], f.Data)
		if !ok {
			return nil, false, nil
		}
		for _, p := range pages {
			if shown && !s.mayRetitle(p, parsed) {
				return nil, false, nil
			}
			e := &bodyEdit{page: p, was: *p, src: f.Data}
			e.now = *p
			e.now.Body, e.now.BodyLine, e.now.Cover.Src = parsed.Body, parsed.BodyLine, parsed.Cover.Src
			e.now.Title, e.now.Description, e.now.Source = parsed.Title, parsed.Description, parsed.Source
			e.now.FrontSummary, e.now.Params = parsed.FrontSummary, parsed.Params
			e.now.Content, e.now.TableOfContents, e.now.Summary, e.now.Headings, e.now.Deps = "", "", "", nil, nil
			scratch.files, scratch.from = map[string][]byte{}, map[string]string{}
			failed := len(scratch.errs)
			scratch.renderPage(&e.now)
			e.files = scratch.files
			old := s.md[mdKey(p)]
			if len(scratch.errs) == failed && (old == nil ||
				!slices.Equal(slices.Sorted(maps.Keys(old.files)), slices.Sorted(maps.Keys(e.files)))) {
				// A shortcode added or removed a file: the full path checks
				// the new output paths against every other.
				return nil, false, nil
			}
			e.listed = shown || e.now.Summary != p.Summary
			edits = append(edits, e)
		}
	}
	if err := scratch.errs.Err(); err != nil {
		return nil, true, err
	}

	// Put the new Markdown into the tree and the caches, keeping what was
	// there for rollback; then work out which outputs show it.
	type saved struct {
		md      *mdEntry
		version uint64
	}
	was := make([]saved, len(edits))
	listed := false
	for i, e := range edits {
		p, k := e.page, mdKey(e.page)
		setBody(p, &e.now)
		me := &mdEntry{src: e.src, content: p.Content, toc: p.TableOfContents, summary: p.Summary,
			headings: p.Headings, cover: p.Cover.Src, deps: slices.Clone(p.Deps), files: e.files, inds: s.indicatorsOf(p)}
		me.hash = s.mdHash(me)
		was[i] = saved{s.md[k], s.versions[p]}
		s.md[k] = me // version reads it
		s.versions[p] = s.version(p)
		listed = listed || e.listed
	}
	oldListing, oldSite := s.listing, s.site
	if listed {
		s.listing = s.computeListing(b)
	}
	s.site = s.computeSite(b)
	rollback := func() {
		for i, e := range edits {
			setBody(e.page, &e.was)
			s.md[mdKey(e.page)], s.versions[e.page] = was[i].md, was[i].version
		}
		s.listing, s.site = oldListing, oldSite
	}

	// A cached partial may show an edited page (a footer listing the latest news).
	b.eng.ForgetCached()
	affected := s.outputsShowing(edits)
	type rendered struct {
		o        outputPage
		key      uint64
		html     []byte
		deferred bool
	}
	var outs []rendered
	var errs diag.List
	stats := IncrementalStats{MarkdownRendered: len(edits), MarkdownReused: len(s.md) - len(edits), TreeReused: true}
	for _, path := range affected {
		if err := ctx.Err(); err != nil {
			rollback()
			return nil, true, err
		}
		o := s.outs[path]
		if o.base != nil && o.page != o.base && isEdited(edits, o.base) {
			cp := *o.base // a pager page: copy the page again, with its pager
			cp.Paginator = o.page.Paginator
			o.page = &cp
		}
		key, ok := s.outputKey(b, o.page)
		if ok && key == s.keys[path] {
			continue
		}
		if ok && b.opts.DeferSiteWide && siteWide(o.page.Kind) {
			outs = append(outs, rendered{o: o, key: key, deferred: true})
			continue
		}
		html, _, err := b.renderOutput(o, false, true)
		if err != nil {
			errs = append(errs, diag.Collect(err)...)
			continue
		}
		outs = append(outs, rendered{o: o, key: key, html: html})
	}
	if err := errs.Err(); err != nil {
		rollback()
		return nil, true, err
	}

	// Minify what changed: the rendered outputs, the feeds that show what
	// changed of an edited page, and the files its shortcodes emitted.
	final := map[string][]byte{}
	unmin := map[string][]byte{}
	minify := func(path string, data []byte) {
		unmin[path] = data
		if !b.opts.NoMinify {
			out, err := b.minifyOutput(path, data, false)
			if err != nil {
				errs = append(errs, diag.Collect(err)...)
				return
			}
			data = out
		}
		final[path] = data
	}
	for _, r := range outs {
		if !r.deferred {
			minify(r.o.path, r.html)
		}
	}
	for _, p := range b.tree.All {
		if feedShows(p, edits) {
			for path, data := range scratch.listFiles(p) {
				minify(path, data)
			}
		}
	}
	for _, e := range edits {
		for path, data := range e.files {
			minify(path, data)
		}
	}
	if err := append(errs, scratch.errs...).Err(); err != nil {
		rollback()
		return nil, true, err
	}

	// Commit: the caches, then a new Result sharing every unchanged byte.
	for _, f := range changed {
		s.src[f.Path] = f.Data
	}
	s.in = in
	for _, r := range outs {
		s.outs[r.o.path] = r.o
		if r.deferred {
			s.deferred = append(s.deferred, deferredPage{path: r.o.path, page: r.o.page, key: r.key})
			stats.PagesDeferred++
			continue
		}
		s.keys[r.o.path] = r.key
		stats.PagesRendered++
	}
	stats.PagesReused = len(s.keys) - stats.PagesRendered - stats.PagesDeferred
	for path, data := range unmin {
		if _, ok := s.keys[path]; ok {
			s.unmin[path] = data
		}
		if !b.opts.NoMinify {
			s.minIn[path], s.minOut[path] = data, final[path]
			stats.Minified++
		}
	}
	files := maps.Clone(s.res.Files)
	maps.Copy(files, s.late)
	maps.Copy(files, final)
	s.late = nil
	res = &Result{}
	*res = *s.res
	res.Files = files
	res.Stages = []Stage{{Name: "body edit", Time: time.Since(t0)}}
	res.searchPages = slices.Clone(s.res.searchPages)
	for i, sp := range res.searchPages {
		if isEdited(edits, sp.p) {
			res.searchPages[i] = searchPage{sp.p, sp.p.Title, sp.p.Content, sp.p.Headings}
		}
	}
	s.res = res
	inc.Stats = stats
	return res, true, nil
}

// setBody copies from src to dst what a light edit (content.LightEdit) may
// change, and nothing else: the search index of the last render may be
// reading dst's other fields.
func setBody(dst, src *content.Page) {
	dst.Body, dst.BodyLine, dst.Cover.Src = src.Body, src.BodyLine, src.Cover.Src
	dst.Content, dst.TableOfContents, dst.Summary = src.Content, src.TableOfContents, src.Summary
	dst.Headings, dst.Deps = src.Headings, src.Deps
	dst.Title, dst.Description, dst.Source = src.Title, src.Description, src.Source
	dst.FrontSummary, dst.Params = src.FrontSummary, src.Params
}

// mayRetitle reports whether a new title, description, summary or source of p
// (from parsed) leaves everything but what pages show as it was: p is a
// regular page (a section's title is in every page's navigation), has no
// aliases (their redirect pages show its title), and no other page has its
// date and weight (lists order such pages by title).
func (s *incState) mayRetitle(p, parsed *content.Page) bool {
	// A title is also the name of the page's menu entries, in every header.
	if p.Kind != content.KindPage || len(p.Aliases) > 0 || len(p.Menu) > 0 {
		return false
	}
	if parsed.Title == p.Title {
		return true
	}
	for _, q := range s.res.Tree.All {
		if q != p && q.Weight == p.Weight && q.Date.Equal(p.Date) {
			return false
		}
	}
	return true
}

// contentOnlyChange returns the content files of in whose bytes differ from
// was's, when nothing else differs: the same site.toml, layouts, static files,
// seeds and content file list. ok is false otherwise.
func contentOnlyChange(was, in *Inputs) (changed []content.SourceFile, ok bool) {
	if was == nil || !sameBytes(was.Config, in.Config) || !sameFiles(was.Layouts, in.Layouts) ||
		!sameFiles(was.Static, in.Static) || !sameFiles(was.Seeds, in.Seeds) || !sameFiles(was.I18n, in.I18n) || len(was.Content) != len(in.Content) {
		return nil, false
	}
	for i, f := range in.Content {
		if was.Content[i].Path != f.Path {
			return nil, false
		}
		if !sameBytes(was.Content[i].Data, f.Data) {
			changed = append(changed, f)
		}
	}
	return changed, true
}

// sameFiles reports whether two file maps hold the same names and bytes.
func sameFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for name, data := range a {
		other, ok := b[name]
		if !ok || !sameBytes(data, other) {
			return false
		}
	}
	return true
}

// outputsShowing lists, sorted, the output paths whose key hashed the version
// of an edited page: the page's own outputs and those showing it (lists, its
// neighbours, its children's breadcrumbs), plus the pages that list the whole
// site when a summary changed.
func (s *incState) outputsShowing(edits []*bodyEdit) []string {
	if s.users == nil {
		s.users = map[*content.Page][]string{}
		for path, o := range s.outs {
			if o.base != nil {
				s.users[o.base] = append(s.users[o.base], path)
			}
			seen := map[*content.Page]bool{}
			reads := s.readsOf(o.page)
			if reads.SitePages {
				s.readSite = append(s.readSite, path)
			}
			shown(o.page, reads.Children, s.related, func(q *content.Page) {
				if q != nil && q != o.base && !seen[q] {
					seen[q] = true
					s.users[q] = append(s.users[q], path)
				}
			}, func() {})
		}
	}
	set := map[string]bool{}
	// Outputs that read the site's pages: their key says whether the edit
	// changed what they show.
	for _, path := range s.readSite {
		set[path] = true
	}
	for _, e := range edits {
		for _, path := range s.users[e.page] {
			set[path] = true
		}
		if e.listed {
			for path, o := range s.outs {
				if siteWide(o.page.Kind) {
					set[path] = true
				}
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// readsOf is what the templates of p's output read of other pages.
func (s *incState) readsOf(p *content.Page) tmpl.Reads {
	name, err := s.res.builder.eng.Lookup(p)
	if err != nil {
		return tmpl.Reads{SitePages: true, Fields: []string{"*"}}
	}
	return s.res.builder.eng.ReadsOf(name)
}

// indicatorsOf records the indicators p's shortcodes showed, as afterMarkdown does.
func (s *incState) indicatorsOf(p *content.Page) map[string]*seeds.Indicator {
	out := map[string]*seeds.Indicator{}
	for _, id := range p.Deps {
		var ind *seeds.Indicator
		if s.store != nil {
			ind, _ = s.store.Get(id)
		}
		out[id] = ind
	}
	return out
}

// feedShows reports whether the feed of p lists an edited page whose listed
// fields (summary, title, description, source) changed.
func feedShows(p *content.Page, edits []*bodyEdit) bool {
	for i, q := range p.RegularPages {
		if i == feedSize {
			break
		}
		for _, e := range edits {
			if e.page == q && e.listed {
				return true
			}
		}
	}
	return false
}

// isEdited reports whether p is one of the edited pages.
func isEdited(edits []*bodyEdit, p *content.Page) bool {
	for _, e := range edits {
		if e.page == p {
			return true
		}
	}
	return false
}
