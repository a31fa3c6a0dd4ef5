package content

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// collators hands out Chinese collators: a collate.Collator keeps buffers and
// is not safe for concurrent use, and pages are sorted on every core.
var collators = sync.Pool{New: func() any { return collate.New(language.Chinese) }}

// CompareText orders titles and terms as a Chinese reader expects: Chinese by
// pinyin (安徽 before 北京), as dictionaries and government lists do, rather
// than by code point. Strings the collation finds equal fall back to code
// point order, so the order is total and builds are reproducible.
func CompareText(a, b string) int {
	if a == b {
		return 0
	}
	c := collators.Get().(*collate.Collator)
	r := c.CompareString(a, b)
	collators.Put(c)
	if r != 0 {
		return r
	}
	return strings.Compare(a, b)
}

// SortPages orders a list: pinned pages (置顶) first, newest first among
// themselves; then every other page newest first; equal dates by weight, then
// by title in Chinese collation, then by URL.
func SortPages(ps []*Page) {
	slices.SortStableFunc(ps, comparePages)
}

func comparePages(a, b *Page) int {
	if a.Pin != b.Pin {
		if a.Pin {
			return -1
		}
		return 1
	}
	return compareDates(a, b)
}

// compareDates is comparePages without pinning: newest first, then weight,
// title and URL.
func compareDates(a, b *Page) int {
	if c := b.Date.Compare(a.Date); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Weight, b.Weight); c != 0 {
		return c
	}
	if c := CompareText(a.Title, b.Title); c != 0 {
		return c
	}
	return strings.Compare(a.path, b.path)
}

// sortSections orders sub-sections by weight, then title (Chinese collation).
func sortSections(ps []*Page) {
	slices.SortStableFunc(ps, func(a, b *Page) int {
		if c := cmp.Compare(a.Weight, b.Weight); c != 0 {
			return c
		}
		if c := CompareText(a.Title, b.Title); c != 0 {
			return c
		}
		return strings.Compare(a.path, b.path)
	})
}

// relatedMax is how many related articles .Related gives.
const relatedMax = 5

// Related returns up to five other regular pages that share the most tags and
// categories with p (a shared category counts as much as a shared tag), ties
// newest first; nil for pages without terms. Computed on each call: a page
// shows it once.
func (p *Page) Related() []*Page {
	if p.Kind != KindPage || p.Site == nil || len(p.Tags)+len(p.Categories) == 0 {
		return nil
	}
	mine := map[string]bool{}
	for _, t := range p.Tags {
		mine["t\x00"+strings.ToLower(t)] = true
	}
	for _, c := range p.Categories {
		mine["c\x00"+strings.ToLower(c)] = true
	}
	type scored struct {
		p     *Page
		score int
	}
	var hits []scored
	for _, q := range p.Site.RegularPages {
		if q == p {
			continue
		}
		n := 0
		for _, t := range q.Tags {
			if mine["t\x00"+strings.ToLower(t)] {
				n++
			}
		}
		for _, c := range q.Categories {
			if mine["c\x00"+strings.ToLower(c)] {
				n++
			}
		}
		if n > 0 {
			hits = append(hits, scored{q, n})
		}
	}
	slices.SortStableFunc(hits, func(a, b scored) int {
		if a.score != b.score {
			return b.score - a.score
		}
		return compareDates(a.p, b.p)
	})
	out := make([]*Page, 0, min(len(hits), relatedMax))
	for _, h := range hits[:min(len(hits), relatedMax)] {
		out = append(out, h.p)
	}
	return out
}
