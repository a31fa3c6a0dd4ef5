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
