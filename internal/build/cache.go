package build

import (
	"context"
	"encoding/gob"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/cespare/xxhash/v2"

	"hengdong/internal/content"
	"hengdong/internal/search"
)

// A build learns, as serve's renders do (incremental.go), what each page's
// Markdown became and what each output's template read (its key). Kept for
// the next build into the same folder, it spares that build every page whose
// inputs are unchanged: the Markdown is taken from the Cache, and an output
// whose key is the same is read back from the folder instead of rendered and
// minified. Users run build again and again into the same public/ after
// editing a page or two (issue 13).
//
// The caller (the CLI) keeps the Cache and must hand it back only with the
// very folder it was made for, unchanged since (output.Intact), by the same
// program: the keys say nothing of the generator's own code.

// CacheFormat changes whenever what a Cache means changes.
const CacheFormat = 2

// Cache is what one build leaves for the next build into the same folder.
type Cache struct {
	Format   int
	MdEnv    uint64 // markdownEnv of the build
	Seeds    uint64 // hash of the seeds files
	Markdown []CachedMarkdown
	Keys     map[string]uint64 // output path → template key
	// Search is what the search index learned of each page (keyed by what
	// the page's document is made from, so valid whatever else changed).
	Search *search.Cache
}

// CachedMarkdown is one page's rendered Markdown, for the Cache.
type CachedMarkdown struct {
	File, Path                   string
	SrcHash                      uint64 // xxhash of the file's bytes
	Content, TOC, Summary, Cover string
	Headings                     []content.Heading
	Deps                         []string
	Files                        map[string][]byte // files its shortcodes emitted
	Hash                         uint64
}

// RenderReusing is RenderContext reusing last, what the last build into the
// same folder learned (nil: nothing), with read reading a file of that folder
// by its name ("news/x/index.html"). The output is byte for byte Render's.
// Besides the Result it returns what this build learned, when it succeeded.
func RenderReusing(ctx context.Context, in *Inputs, opts Options, last *Cache, read func(name string) ([]byte, bool)) (*Result, *Cache, error) {
	st := &incState{inc: &Incremental{opts: opts}, build: true, md: map[pageKey]*mdEntry{}, keys: map[string]uint64{}}
	if last != nil && last.Format == CacheFormat && read != nil {
		// Outputs are named by their site path ("/news/x/index.html").
		readPath := func(p string) ([]byte, bool) { return read(strings.TrimPrefix(p, "/")) }
		st.prev = last.state(readPath)
		// The search Cache keeps no texts: they are in the folder's index files.
		if last.Search.LoadText(readPath) {
			st.inc.search = last.Search
		}
	}
	res, err := render(ctx, in, opts, st)
	if err != nil || res == nil {
		return res, nil, err
	}
	c := st.cache()
	if !opts.DeferSearch { // the Cache's texts are in the index files this build wrote
		c.Search = st.inc.lastSearch()
	}
	return res, c, nil
}

// state is the incState a Cache stands for, as the last render's.
func (c *Cache) state(read func(string) ([]byte, bool)) *incState {
	s := &incState{build: true, readFinal: read, keys: c.Keys, mdEnv: c.MdEnv, seedsHash: c.Seeds,
		md: make(map[pageKey]*mdEntry, len(c.Markdown))}
	for _, m := range c.Markdown {
		s.md[pageKey{m.File, m.Path}] = &mdEntry{srcHash: m.SrcHash, content: template.HTML(m.Content), toc: template.HTML(m.TOC),
			summary: template.HTML(m.Summary), headings: m.Headings, cover: m.Cover, deps: m.Deps, files: m.Files, hash: m.Hash}
	}
	return s
}

// cache is what s learned, for the next build. Markdown that ran a shortcode
// template is left out: it may show anything of the site, so it is never reused.
func (s *incState) cache() *Cache {
	c := &Cache{Format: CacheFormat, MdEnv: s.mdEnv, Seeds: s.seedsHash, Keys: s.keys,
		Markdown: make([]CachedMarkdown, 0, len(s.md))}
	for k, e := range s.md {
		if e.templated {
			continue
		}
		src := e.srcHash
		if e.src != nil {
			src = xxhash.Sum64(e.src)
		}
		c.Markdown = append(c.Markdown, CachedMarkdown{File: k.file, Path: k.path, SrcHash: src, Content: string(e.content),
			TOC: string(e.toc), Summary: string(e.summary), Cover: e.cover, Headings: e.headings, Deps: e.deps,
			Files: e.files, Hash: e.hash})
	}
	return c
}

// optionsKey is what the outputs read of the options: all of them, with the
// clock to the day unless a template shows the time (now), and none of the
// serve-only switches' pointers.
func optionsKey(o Options, usesNow bool) string {
	now := ""
	if !o.Now.IsZero() {
		if usesNow {
			now = o.Now.Format(time.RFC3339Nano)
		} else {
			now = o.Now.Format(time.DateOnly + " MST")
		}
	}
	o.Now = time.Time{}
	return fmt.Sprintf("%#v|%s", o, now)
}

// Reused says what the render reused of the last one (serve's or the last
// build's) and what it did again; zero for a plain Render.
func (r *Result) Reused() IncrementalStats {
	if r.inc == nil {
		return IncrementalStats{}
	}
	return r.inc.stats
}

// cacheHead is what Encode writes before the entries of a Cache.
type cacheHead struct {
	Format       int
	MdEnv, Seeds uint64
	Keys         map[string]uint64
	Markdown     int           // entries that follow
	Search       *search.Cache // without its Docs, which follow the Markdown
	SearchDocs   int
}

// Encode writes c to enc an entry at a time: gob holds the whole encoding of
// each value it writes or reads in memory, and the Cache of a site of
// thousands of pages is tens of megabytes. DecodeCache reads it back.
func (c *Cache) Encode(enc *gob.Encoder) error {
	h := cacheHead{Format: c.Format, MdEnv: c.MdEnv, Seeds: c.Seeds, Keys: c.Keys, Markdown: len(c.Markdown)}
	var docs []*search.CachedDoc
	if c.Search != nil {
		h.Search, docs = &search.Cache{Format: c.Search.Format, Vocab: c.Search.Vocab}, c.Search.Docs
		h.SearchDocs = len(docs)
	}
	if err := enc.Encode(&h); err != nil {
		return err
	}
	for i := range c.Markdown {
		if err := enc.Encode(&c.Markdown[i]); err != nil {
			return err
		}
	}
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			return err
		}
	}
	return nil
}

// DecodeCache reads a Cache that Encode wrote.
func DecodeCache(dec *gob.Decoder) (*Cache, error) {
	var h cacheHead
	if err := dec.Decode(&h); err != nil {
		return nil, err
	}
	const most = 1 << 24 // entries: a damaged count must not allocate without end
	if h.Markdown < 0 || h.Markdown > most || h.SearchDocs < 0 || h.SearchDocs > most {
		return nil, fmt.Errorf("build cache: %d pages, %d search docs", h.Markdown, h.SearchDocs)
	}
	c := &Cache{Format: h.Format, MdEnv: h.MdEnv, Seeds: h.Seeds, Keys: h.Keys, Markdown: make([]CachedMarkdown, h.Markdown)}
	for i := range c.Markdown {
		if err := dec.Decode(&c.Markdown[i]); err != nil {
			return nil, err
		}
	}
	if h.Search != nil {
		h.Search.Docs = make([]*search.CachedDoc, h.SearchDocs)
		for i := range h.Search.Docs {
			d := new(search.CachedDoc)
			if err := dec.Decode(d); err != nil {
				return nil, err
			}
			h.Search.Docs[i] = d
		}
		c.Search = h.Search
	}
	return c, nil
}
