package content

import (
	"mime"
	"path"
	"sort"
	"strings"
	"sync"

	"hengdong/internal/config"
)

// This file is the part of the template API that Hugo's theme authors reach
// for: .Param, .GetPage, .Resources and .Site.Menus, with Hugo's names.

// Param returns the page's front matter value for key, else the site's
// [params] value, else nil (Hugo's .Param). Keys are case-insensitive.
func (p *Page) Param(key string) any {
	k := strings.ToLower(key)
	if v, ok := p.Params[k]; ok && v != nil {
		return v
	}
	if p.Site == nil {
		return nil
	}
	if v, ok := p.Site.Params[key]; ok {
		return v
	}
	for sk, v := range p.Site.Params {
		if strings.EqualFold(sk, key) {
			return v
		}
	}
	return nil
}

// GetPage finds a page by reference, as Hugo's .GetPage: a content path
// ("/news/x.md", "news/x", "/news" for a section, "/" for home) or the page's
// URL path ("/news/2025/x/"). A reference without a leading "/" is tried
// relative to p's folder first. nil when there is no such page.
func (p *Page) GetPage(ref string) *Page {
	if p.Site == nil {
		return nil
	}
	if !strings.HasPrefix(ref, "/") && p.Dir != "" {
		if q := p.Site.GetPage(p.Dir + "/" + ref); q != nil {
			return q
		}
	}
	return p.Site.GetPage(ref)
}

// GetPage finds a page by its content path or URL path (see Page.GetPage).
func (s *Site) GetPage(ref string) *Page {
	s.refsOnce.Do(s.indexRefs)
	if q := s.refs[ref]; q != nil {
		return q
	}
	return s.refs[normRef(ref)]
}

// normRef reduces a content reference to the form indexRefs keys pages by:
// no leading or trailing "/", no ".md", no "/_index" or "/index".
func normRef(ref string) string {
	r := strings.Trim(path.Clean("/"+strings.TrimPrefix(ref, "content/")), "/")
	r = strings.TrimSuffix(strings.TrimSuffix(r, ".md"), ".markdown")
	r = strings.TrimSuffix(strings.TrimSuffix(r, "_index"), "index")
	return strings.Trim(r, "/")
}

// indexRefs keys every page by its content path and its URL path, once per
// site, on the first GetPage.
func (s *Site) indexRefs() {
	s.refs = map[string]*Page{}
	var walk func(p *Page)
	seen := map[*Page]bool{}
	walk = func(p *Page) {
		if p == nil || seen[p] {
			return
		}
		seen[p] = true
		if p.File != "" {
			s.refs[normRef(p.File)] = p
		} else if p.Kind == KindSection {
			s.refs[normRef(p.Dir)] = p
		}
		if p.path != "" {
			if _, taken := s.refs[p.path]; !taken {
				s.refs[p.path] = p
			}
		}
		for _, c := range p.Pages {
			walk(c)
		}
		for _, c := range p.Sections {
			walk(c)
		}
	}
	walk(s.Home)
	if s.Home != nil {
		s.refs[""] = s.Home
	}
	for _, p := range s.RegularPages {
		walk(p)
	}
	for _, list := range s.Taxonomies {
		for _, p := range list {
			walk(p)
		}
	}
}

// PageResource is one file of a page bundle (or of a section's folder) as
// templates see it.
type PageResource struct {
	Name         string // the path inside the bundle: "images/seal.jpg"
	RelPermalink string // with the site's base path, percent-encoded
	Permalink    string
	MediaType    string // "image/jpeg"
	ResourceType string // the media type's main type: "image", "application", "text", "video"
	File         string // the source file, relative to the site root
}

// Resources is a page's bundle files, sorted by name.
type Resources []PageResource

// Resources lists the files published beside the page: a bundle's images and
// attachments, or the non-Markdown files of a section's folder.
func (p *Page) Resources() Resources { return p.resources }

// GetMatch returns the first resource whose name matches the glob pattern
// (path.Match syntax, case-insensitive), or nil.
func (rs Resources) GetMatch(pattern string) *PageResource {
	for i := range rs {
		if globMatch(pattern, rs[i].Name) {
			return &rs[i]
		}
	}
	return nil
}

// Match returns every resource whose name matches the glob pattern.
func (rs Resources) Match(pattern string) Resources {
	var out Resources
	for _, r := range rs {
		if globMatch(pattern, r.Name) {
			out = append(out, r)
		}
	}
	return out
}

// ByType returns the resources of one main media type ("image", "application", …).
func (rs Resources) ByType(typ string) Resources {
	var out Resources
	for _, r := range rs {
		if r.ResourceType == typ {
			out = append(out, r)
		}
	}
	return out
}

func globMatch(pattern, name string) bool {
	pattern, name = strings.ToLower(pattern), strings.ToLower(name)
	if ok, _ := path.Match(pattern, name); ok {
		return true
	}
	// "**" and a bare "*.jpg" also match inside folders, as in Hugo.
	if strings.Contains(pattern, "**") {
		ok, _ := path.Match(strings.ReplaceAll(pattern, "**", "*"), path.Base(name))
		return ok
	}
	if !strings.Contains(pattern, "/") {
		ok, _ := path.Match(pattern, path.Base(name))
		return ok
	}
	return false
}

// addResource adds the bundle file r, whose name inside the bundle is sub.
func (p *Page) addResource(r Resource, sub string) {
	mt := mime.TypeByExtension(strings.ToLower(path.Ext(sub)))
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = mt[:i]
	}
	if mt == "" {
		mt = "application/octet-stream"
	}
	rel := EscapePath(r.Path)
	pr := PageResource{Name: sub, MediaType: mt, ResourceType: strings.SplitN(mt, "/", 2)[0], File: r.File, RelPermalink: rel}
	if p.Site != nil {
		pr.Permalink = strings.TrimSuffix(p.Site.BaseURL, "/") + rel
		if bp := p.Site.Config.BasePath(); bp != "/" {
			pr.RelPermalink = strings.TrimSuffix(bp, "/") + rel
		}
	}
	// Files arrive sorted by path, so a page's resources are sorted by name.
	p.resources = append(p.resources, pr)
}

// MenuEntry is one entry of a menu, with its children (Hugo's .Site.Menus).
type MenuEntry struct {
	Name       string
	URL        string // as written: a path ("/news/") or an external URL
	Weight     int
	Identifier string
	Parent     string
	Page       *Page // the page the entry points at, when it is one of the site's
	Children   []*MenuEntry
}

// HasChildren reports whether the entry has a submenu.
func (m *MenuEntry) HasChildren() bool { return len(m.Children) > 0 }

// Menus returns the site's menus by name. The [[menu]] entries of site.toml
// form the "main" menu; an entry with `parent` set to another's identifier
// (or name) goes into that entry's Children. Pages' front matter `menu:`
// entries join the menu they name. Entries are ordered by weight, then name.
func (s *Site) Menus() map[string][]*MenuEntry {
	s.menusOnce.Do(func() { s.menus = s.buildMenus() })
	return s.menus
}

// buildMenu makes a menu's tree; pages[i], when given and not nil, is the
// page items[i] comes from (a front matter `menu:` entry).
func buildMenu(s *Site, items []config.MenuItem, pages []*Page) []*MenuEntry {
	byID := map[string]*MenuEntry{}
	entries := make([]*MenuEntry, len(items))
	for i, it := range items {
		e := &MenuEntry{Name: it.Name, URL: it.URL, Weight: it.Weight, Identifier: it.Identifier, Parent: it.Parent}
		if e.Identifier == "" {
			e.Identifier = e.Name
		}
		if i < len(pages) && pages[i] != nil {
			e.Page = pages[i]
		} else if strings.HasPrefix(it.URL, "/") {
			e.Page = s.GetPage(it.URL)
		}
		entries[i] = e
		byID[e.Identifier] = e
	}
	var top []*MenuEntry
	for _, e := range entries {
		if parent := byID[e.Parent]; e.Parent != "" && parent != nil && parent != e {
			parent.Children = append(parent.Children, e)
			continue
		}
		top = append(top, e)
	}
	var order func(list []*MenuEntry)
	order = func(list []*MenuEntry) {
		sort.SliceStable(list, func(i, j int) bool {
			if list[i].Weight != list[j].Weight {
				return list[i].Weight < list[j].Weight
			}
			return CompareText(list[i].Name, list[j].Name) < 0
		})
		for _, e := range list {
			order(e.Children)
		}
	}
	order(top)
	return top
}

// IsMenuCurrent reports whether entry points at p (Hugo's .IsMenuCurrent).
func (p *Page) IsMenuCurrent(menu string, entry *MenuEntry) bool {
	return entry != nil && entry.Page == p
}

// HasMenuCurrent reports whether one of entry's children points at p, or p
// lies inside the section entry points at (Hugo's .HasMenuCurrent).
func (p *Page) HasMenuCurrent(menu string, entry *MenuEntry) bool {
	if entry == nil {
		return false
	}
	for _, c := range entry.Children {
		if c.Page == p || p.HasMenuCurrent(menu, c) {
			return true
		}
	}
	if entry.Page != nil && entry.Page != p {
		for _, a := range p.Ancestors {
			if a == entry.Page {
				return true
			}
		}
	}
	return false
}

// siteIndexes are the Site's lookups made on first use.
type siteIndexes struct {
	refsOnce  sync.Once
	refs      map[string]*Page
	menusOnce sync.Once
	menus     map[string][]*MenuEntry
	// menuPages are the pages with front matter `menu:` entries, set by Load.
	menuPages []*Page
	relatedIndex
}
