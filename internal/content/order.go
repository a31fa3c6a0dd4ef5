package content

import (
	"bytes"
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

// TextKey is s's collation key: bytes.Compare of two keys orders their
// strings as the collation in CompareText does (before its code point
// fallback).
func TextKey(s string) []byte {
	c := collators.Get().(*collate.Collator)
	var buf collate.Buffer
	k := bytes.Clone(c.KeyFromString(&buf, s))
	collators.Put(c)
	return k
}

// titlesThatOrder are the pages and sections whose titles decide an order,
// for Load to give their collation keys (~13 µs a Chinese title): every
// section (sortSections orders them by weight, then title) and the pages
// that share their date and weight with another page or section (lists are
// sorted by date, weight, then title). Other pages' titles are never
// compared when lists are sorted, and on most sites that is nearly all.
func titlesThatOrder(pages, sections []*Page) []*Page {
	type tie struct {
		sec    int64
		nsec   int
		weight int
	}
	tieOf := func(p *Page) tie { return tie{p.Date.Unix(), p.Date.Nanosecond(), p.Weight} }
	n := make(map[tie]int, len(pages)+len(sections))
	for _, p := range pages {
		n[tieOf(p)]++
	}
	for _, s := range sections {
		n[tieOf(s)]++
	}
	out := slices.Clone(sections)
	for _, p := range pages {
		if n[tieOf(p)] > 1 {
			out = append(out, p)
		}
	}
	return out
}

// compareTitles is CompareText(a.Title, b.Title), through the titles'
// collation keys when Load has set them.
func compareTitles(a, b *Page) int {
	if a.titleKey == nil || b.titleKey == nil {
		return CompareText(a.Title, b.Title)
	}
	if a.Title == b.Title {
		return 0
	}
	if c := bytes.Compare(a.titleKey, b.titleKey); c != 0 {
		return c
	}
	return strings.Compare(a.Title, b.Title)
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
	if c := compareTitles(a, b); c != 0 {
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
		if c := compareTitles(a, b); c != 0 {
			return c
		}
		return strings.Compare(a.path, b.path)
	})
}

// relatedMax is how many related articles .Related gives.
const relatedMax = 5

// relatedIndex keeps every page's related articles, computed for the whole
// site on the first call of Related: serve keys each article's output by its
// related pages, so every page asks.
type relatedIndex struct {
	relatedOnce sync.Once
	related     map[*Page][]*Page
}

// Related returns up to five other regular pages that share the most tags and
// categories with p (a shared category counts as much as a shared tag), ties
// newest first (as lists order them, pinning aside); nil for pages without
// terms.
func (p *Page) Related() []*Page {
	if p.Kind != KindPage || p.Site == nil {
		return nil
	}
	s := p.Site
	s.relatedOnce.Do(func() { s.related = computeRelated(s.RegularPages) })
	return s.related[p]
}

// computeRelated scores pairs through an inverted index, term → pages, so
// pages that share nothing cost nothing.
func computeRelated(pages []*Page) map[*Page][]*Page {
	index := map[string][]int{}
	keys := func(p *Page) []string {
		var out []string
		for _, t := range p.Tags {
			out = append(out, "t\x00"+strings.ToLower(t))
		}
		for _, c := range p.Categories {
			out = append(out, "c\x00"+strings.ToLower(c))
		}
		return slices.Compact(slices.Sorted(slices.Values(out)))
	}
	pageKeys := make([][]string, len(pages))
	for i, p := range pages {
		pageKeys[i] = keys(p)
		for _, k := range pageKeys[i] {
			index[k] = append(index[k], i)
		}
	}
	// Pages in the order of compareDates, once: ranking a page's candidates
	// then compares two numbers, and only the best relatedMax are kept
	// (a page may share a common tag with thousands).
	byDate := make([]int, len(pages))
	for i := range byDate {
		byDate[i] = i
	}
	slices.SortFunc(byDate, func(a, b int) int { return compareDates(pages[a], pages[b]) })
	rank := make([]int, len(pages))
	for r, i := range byDate {
		rank[i] = r
	}
	out := map[*Page][]*Page{}
	score := make([]int, len(pages))
	better := func(a, b int) bool {
		if score[a] != score[b] {
			return score[a] > score[b]
		}
		return rank[a] < rank[b]
	}
	var touched, top []int
	for i, p := range pages {
		touched = touched[:0]
		for _, k := range pageKeys[i] {
			for _, j := range index[k] {
				if j == i {
					continue
				}
				if score[j] == 0 {
					touched = append(touched, j)
				}
				score[j]++
			}
		}
		if len(touched) == 0 {
			continue
		}
		top = top[:0]
		for _, j := range touched {
			if len(top) == relatedMax && !better(j, top[relatedMax-1]) {
				continue
			}
			if len(top) < relatedMax {
				top = append(top, j)
			} else {
				top[relatedMax-1] = j
			}
			for x := len(top) - 1; x > 0 && better(top[x], top[x-1]); x-- {
				top[x], top[x-1] = top[x-1], top[x]
			}
		}
		list := make([]*Page, len(top))
		for x, j := range top {
			list[x] = pages[j]
		}
		out[p] = list
		for _, j := range touched {
			score[j] = 0
		}
	}
	return out
}
