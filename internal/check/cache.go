package check

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"hengdong/internal/build"
	"hengdong/internal/keyhash"
)

// Most of a check's work is per output: parsing its HTML and running the
// rules that read only that page (wording and privacy over its text, ids,
// headings, img alt, accessibility, footer, meta tags, 发布时间 and 来源
// shown). A build after an edit of a page or two changes a few outputs of
// thousands. A Cache keeps, per output, what those rules found and what the
// site-wide rules later read of the page (its title, ids, headings and
// references), keyed by a hash of everything the per-output work read: the
// output's bytes, its content page (source file, body, rendered Markdown,
// the front matter the rules read), the static or content file a copied
// output came from, and the site's config and layouts (word lists and the
// tags findings are placed at). The site-wide rules (links, anchors,
// duplicate titles, freshness, footer config, typography of the Markdown)
// run every time over the kept and fresh summaries, so the findings are
// those of a full check.
//
// As build.Cache's, the keys say nothing of the checker's own code: the
// caller hands a Cache back only to the program that made it.

// CacheFormat changes whenever what a Cache means changes.
const CacheFormat = 1

// Cache is what one check leaves for the next check of the same site.
type Cache struct {
	Format int
	// Strings holds, once, every string the outputs' summaries hold: the
	// navigation's links and ids repeat on every page.
	Strings []string
	Outputs map[string]*CachedOutput // output path → what its own rules found

	reused, checked int // outputs whose work was reused, and done again
}

// Reused says how many outputs the check that made c took from the last
// check, and how many it checked again; nothing for a nil c.
func (c *Cache) Reused() (reused, checked int) {
	if c == nil {
		return 0, 0
	}
	return c.reused, c.checked
}

// CachedOutput is what the per-output work found of one output. Its strings
// are indexes in the Cache's Strings.
type CachedOutput struct {
	Key   uint64
	Title uint32
	IDs   []uint32
	// Headings holds three numbers per h1–h6: its level, id and text.
	Headings []uint32
	// Refs holds two numbers per link or asset reference: its value, and
	// its text shifted left by one, or 1 for an asset. Flat lists of numbers
	// are what gob encodes fastest.
	Refs     []uint32
	Findings []Finding       // before the site's levels apply
	Hits     []outHit        // wording and privacy hits, before the sources' forms are taken out
	AtConfig []configFinding // footer faults of a site.toml number
}

// configFinding is a footer fault of a number site.toml holds, reported once
// at its key (Key: rule and key) whichever pages show it.
type configFinding struct {
	Key     string
	Finding Finding
}

// RunReusing is Run reusing last, what the last check of the site learned
// (nil: nothing). The findings are Run's; it also returns what this check
// learned, for the next.
func RunReusing(ctx context.Context, in *build.Inputs, res *build.Result, opts Options, last *Cache) ([]Finding, *Cache) {
	if last != nil && last.Format != CacheFormat {
		last = nil
	}
	c := &Cache{Format: CacheFormat}
	return runCached(ctx, in, res, opts, last, c), c
}

// siteDigest hashes what of the site the per-output rules read besides the
// output and its page: --production (the level of the footer badges),
// site.toml as written and as read (with the build's overrides, such as
// --baseURL), and every layout (the word lists, and the tags findings of a
// template are placed at).
func (s *site) siteDigest() uint64 {
	h := keyhash.New()
	h.Strings(fmt.Sprint(CacheFormat), fmt.Sprint(s.production)) // production: the footer badges' level (badges.go)
	h.Bytes(s.in.Config)
	h.Strings(fmt.Sprintf("%#v", *s.cfg))
	for _, name := range slices.Sorted(maps.Keys(s.in.Layouts)) {
		h.Strings(name)
		h.Bytes(s.in.Layouts[name])
	}
	return h.Sum64()
}

// outputKey hashes everything the per-output work reads of d, with digest,
// what it reads of the site.
func (s *site) outputKey(digest uint64, d *doc) uint64 {
	h := keyhash.New()
	h.Uint(digest)
	h.Strings(d.path)
	h.Uint(uint64(d.kind))
	h.Bytes(d.data)
	if f, ok := s.verbatim[d.path]; ok {
		h.Strings(f)
		h.Bytes(s.in.Static[f])
		h.Bytes(s.raw[f])
	}
	if p := d.page; p != nil {
		h.Strings("page", p.File)
		h.Bytes(s.raw[p.File])
		h.Bytes(p.Body)
		h.Uint(uint64(p.BodyLine))
		h.Strings(p.Kind, p.Title, p.Source, p.Date.Format(time.RFC3339Nano), p.Date.Location().String(), string(p.Content))
		h.Uint(uint64(len(p.Headings)))
		for _, hd := range p.Headings {
			h.Uint(uint64(hd.Level))
			h.Strings(hd.ID, hd.Text)
		}
	}
	return h.Sum64()
}

// restore gives d what c, the last check, found of it (e).
func (c *Cache) restore(d *doc, e *CachedOutput) bool {
	str := func(i uint32) (string, bool) {
		if int(i) >= len(c.Strings) {
			return "", false
		}
		return c.Strings[i], true
	}
	ok := true
	get := func(i uint32) string {
		v, good := str(i)
		ok = ok && good
		return v
	}
	set := func(idx []uint32) map[string]bool {
		m := make(map[string]bool, len(idx))
		for _, i := range idx {
			m[get(i)] = true
		}
		return m
	}
	d.title = get(e.Title)
	d.ids = set(e.IDs)
	if len(e.Headings)%3 != 0 || len(e.Refs)%2 != 0 {
		return false
	}
	if len(e.Headings) > 0 {
		d.headings = make([]hnode, 0, len(e.Headings)/3)
		for h := e.Headings; len(h) > 0; h = h[3:] {
			d.headings = append(d.headings, hnode{level: int(h[0]), id: get(h[1]), text: get(h[2])})
		}
	}
	if len(e.Refs) > 0 {
		d.refs = make([]ref, 0, len(e.Refs)/2)
		for r := e.Refs; len(r) > 0; r = r[2:] {
			d.refs = append(d.refs, ref{val: get(r[0]), asset: r[1]&1 != 0, text: get(r[1] >> 1)})
		}
	}
	d.found, d.hits, d.atConfig = e.Findings, e.Hits, e.AtConfig
	return ok
}

// keep adds to c what the next check may reuse of d, made with key.
func (c *Cache) keep(d *doc, key uint64, index map[string]uint32) {
	str := func(v string) uint32 {
		i, ok := index[v]
		if !ok {
			i = uint32(len(c.Strings))
			c.Strings = append(c.Strings, v)
			index[v] = i
		}
		return i
	}
	set := func(m map[string]bool) []uint32 {
		if len(m) == 0 {
			return nil
		}
		out := make([]uint32, 0, len(m))
		for v := range m {
			out = append(out, str(v))
		}
		return out
	}
	e := &CachedOutput{Key: key, Title: str(d.title), IDs: set(d.ids), Findings: d.found, Hits: d.hits, AtConfig: d.atConfig}
	if len(d.headings) > 0 {
		e.Headings = make([]uint32, 0, 3*len(d.headings))
		for _, hd := range d.headings {
			e.Headings = append(e.Headings, uint32(hd.level), str(hd.id), str(hd.text))
		}
	}
	if len(d.refs) > 0 {
		e.Refs = make([]uint32, 0, 2*len(d.refs))
		for _, r := range d.refs {
			t := str(r.text) << 1
			if r.asset {
				t |= 1
			}
			e.Refs = append(e.Refs, str(r.val), t)
		}
	}
	if c.Outputs == nil {
		c.Outputs = map[string]*CachedOutput{}
	}
	c.Outputs[d.path] = e
}

// output is what c holds of output path p, or nil.
func (c *Cache) output(p string) *CachedOutput {
	if c == nil {
		return nil
	}
	return c.Outputs[p]
}
