package content

import (
	"bytes"
	"hengdong/internal/parallel"
	"path"
	"strings"
	"sync"
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
func parseAll(files []SourceFile, cache *ParseCache) []parseResult {
	out := make([]parseResult, len(files))
	parallel.For(len(files), func(i int) {
		f := files[i]
		if !mdExt[strings.ToLower(path.Ext(f.Path))] {
			return // a resource, not a page
		}
		if p, ok := cache.get(f); ok {
			out[i].page = p
			return
		}
		p, err := parsePage(f)
		out[i] = parseResult{p, err}
		if err == nil {
			cache.put(f, p)
		}
	})
	return out
}

// BodyEdit parses a content file that changed from old to data and reports
// whether the change lies wholly below the front matter: the same front matter
// bytes, at the same lines, and the same title. When ok, the page returned is
// what Load would have parsed from data (its Body, BodyLine and unresolved
// Cover are what a re-render needs); everything else about the page in the
// tree (URL, place in lists, terms) is unchanged by such an edit.
func BodyEdit(file string, old, data []byte) (p *Page, ok bool) {
	fo, fmo, lo, _, blo, err := SplitFrontMatter(old)
	if err != nil {
		return nil, false
	}
	fn, fmn, ln, _, bln, err := SplitFrontMatter(data)
	if err != nil || fo != fn || lo != ln || blo != bln || !bytes.Equal(fmo, fmn) {
		return nil, false
	}
	was, err := parsePage(SourceFile{Path: file, Data: old})
	if err != nil {
		return nil, false
	}
	p, err = parsePage(SourceFile{Path: file, Data: data})
	if err != nil || p.Title != was.Title { // a title taken from the first heading
		return nil, false
	}
	return p, true
}
