package content

import (
	"bytes"
	"reflect"
	"sync"

	"hengdong/internal/config"
	"hengdong/internal/parallel"
)

// ParseCache keeps each Markdown file's parsed front matter and body, keyed by
// path and checked against the file's bytes. It is safe for concurrent use.
type ParseCache struct {
	mu sync.Mutex
	m  map[string]parsedFile
}

type parsedFile struct {
	data []byte
	page Page // a template: Load copies it, never hands it out
}

// NewParseCache returns an empty cache.
func NewParseCache() *ParseCache { return &ParseCache{m: map[string]parsedFile{}} }

func (c *ParseCache) get(f SourceFile) (*Page, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	e, ok := c.m[f.Path]
	c.mu.Unlock()
	if !ok || len(e.data) != len(f.Data) || len(f.Data) > 0 && &e.data[0] != &f.Data[0] && !bytes.Equal(e.data, f.Data) {
		return nil, false
	}
	p := e.page
	return &p, true
}

func (c *ParseCache) put(f SourceFile, p *Page) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.m[f.Path] = parsedFile{data: f.Data, page: *p}
	c.mu.Unlock()
}

// parseResult is one file's parse: page and err are both nil for a file that is
// not Markdown (a resource).
type parseResult struct {
	page *Page
	err  error
}

// parseAll parses every Markdown file of files, in parallel, reusing cache hits.
func parseAll(files []SourceFile, cache *ParseCache, lim config.Limits) []parseResult {
	out := make([]parseResult, len(files))
	parallel.For(len(files), func(i int) {
		f := files[i]
		if !IsMarkdown(f.Path) {
			return // a resource, not a page
		}
		if err := lim.CheckSize(f.Path, f.Data); err != nil {
			out[i].err = err // before the cache: serve keeps pages across a change of limits
			return
		}
		if p, ok := cache.get(f); ok {
			out[i].page = p
			return
		}
		p, err := parsePage(f, lim)
		out[i] = parseResult{p, err}
		if err == nil {
			cache.put(f, p)
		}
	})
	return out
}

// LightEdit parses a content file that changed from old to data and reports
// whether the change leaves the page tree as it was: the body may change, and
// of the front matter only the title, description, summary and source (the
// fields lists and pages show, never where a page is or what it lists). When
// ok, the page returned is what Load would have parsed from data, and shown
// says whether one of those four front matter fields changed.
func LightEdit(file string, old, data []byte) (p *Page, shown, ok bool) {
	fo, _, _, _, _, err := SplitFrontMatter(old)
	if err != nil {
		return nil, false, false
	}
	fn, _, _, _, _, err := SplitFrontMatter(data)
	if err != nil || fo != fn {
		return nil, false, false
	}
	// The site's limits are not known here; a file they refuse fails the full
	// load that follows.
	lim := config.Default().Limits
	was, err := parsePage(SourceFile{Path: file, Data: old}, lim)
	if err != nil {
		return nil, false, false
	}
	p, err = parsePage(SourceFile{Path: file, Data: data}, lim)
	if err != nil {
		return nil, false, false
	}
	a, b := withoutShown(was.frontMatter()), withoutShown(p.frontMatter())
	if !reflect.DeepEqual(a, b) {
		return nil, false, false
	}
	shown = was.Title != p.Title || was.Description != p.Description ||
		was.FrontSummary != p.FrontSummary || was.Source != p.Source
	return p, shown, true
}

// shownFields are the front matter keys LightEdit lets change.
var shownFields = []string{"title", "description", "summary", "source"}

// withoutShown is fm with the fields LightEdit lets change cleared (in Params too).
func withoutShown(fm FrontMatter) FrontMatter {
	fm.Title, fm.Description, fm.Summary, fm.Source = "", "", "", ""
	params := make(map[string]any, len(fm.Params))
	for k, v := range fm.Params {
		params[k] = v
	}
	for _, k := range shownFields {
		delete(params, k)
	}
	fm.Params = params
	return fm
}
