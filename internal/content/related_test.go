package content

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestRelatedIsTheBestOfAFullSort: computeRelated keeps only the best
// relatedMax candidates of each page; they must be the first relatedMax of
// all candidates sorted by shared terms, then compareDates.
func TestRelatedIsTheBestOfAFullSort(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	var pages []*Page
	for i := range 400 {
		p := &Page{path: fmt.Sprintf("/p%03d/", i)}
		p.Title = fmt.Sprintf("第%d篇", r.Intn(50)) // titles repeat: the path breaks ties
		p.Date = time.Date(2024, 1, 1+r.Intn(20), 0, 0, 0, 0, time.UTC)
		p.Weight = r.Intn(3)
		for range r.Intn(4) {
			p.Tags = append(p.Tags, fmt.Sprintf("标签%d", r.Intn(8)))
		}
		if r.Intn(3) == 0 {
			p.Categories = []string{fmt.Sprintf("类%d", r.Intn(3))}
		}
		pages = append(pages, p)
	}
	got := computeRelated(pages)
	terms := func(p *Page) map[string]bool {
		m := map[string]bool{}
		for _, v := range p.Tags {
			m["t"+strings.ToLower(v)] = true
		}
		for _, v := range p.Categories {
			m["c"+strings.ToLower(v)] = true
		}
		return m
	}
	for _, p := range pages {
		mine := terms(p)
		type cand struct {
			q     *Page
			score int
		}
		var all []cand
		for _, q := range pages {
			n := 0
			for k := range terms(q) {
				if mine[k] {
					n++
				}
			}
			if q != p && n > 0 {
				all = append(all, cand{q, n})
			}
		}
		slices.SortFunc(all, func(a, b cand) int {
			if a.score != b.score {
				return b.score - a.score
			}
			return compareDates(a.q, b.q)
		})
		var want []*Page
		for _, c := range all[:min(len(all), relatedMax)] {
			want = append(want, c.q)
		}
		if !slices.Equal(got[p], want) {
			t.Fatalf("%s: related %v, want %v", p.path, paths(got[p]), paths(want))
		}
	}
}

func paths(ps []*Page) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.path)
	}
	return out
}
