package search

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Hit is one ranked result of Query.
type Hit struct {
	ID    int
	URL   string
	Title string
	Score float64
}

// Query runs q against built index files exactly as static/js/search.js does,
// and returns every matching doc, best first, with the URL and title filled in
// for the first limit hits. fetched lists the files a browser would download to
// show those: meta.json, the term shards, and the doc chunks of the first limit
// hits. It is the reference for the client and is used by the tests and tools.
func Query(files map[string][]byte, q string, limit int) (hits []Hit, fetched []string, err error) {
	var meta metaJSON
	if err := json.Unmarshal(files[metaPath], &meta); err != nil {
		return nil, nil, fmt.Errorf("search: meta.json: %w", err)
	}
	fetched = append(fetched, metaPath)
	terms := QueryTerms(q)
	if len(terms) == 0 || meta.Docs == 0 {
		return nil, fetched, nil
	}
	hot := map[string]int{}
	for i, t := range meta.Hot {
		hot[t] = i
	}
	shards := map[string]map[string]string{}
	lists := make([][]int, len(terms))
	for i, t := range terms {
		p := fmt.Sprintf(shardPathFmt, fnv1a(t)%uint32(meta.Shards))
		if h, ok := hot[t]; ok {
			p = fmt.Sprintf(hotPathFmt, h)
		}
		sh, ok := shards[p]
		if !ok {
			if err := json.Unmarshal(files[p], &sh); err != nil {
				return nil, nil, fmt.Errorf("search: %s: %w", p, err)
			}
			shards[p] = sh
			fetched = append(fetched, p)
		}
		lists[i] = decodePostings(sh[t])
		if lists[i] == nil {
			return nil, fetched, nil
		}
	}
	scores := map[int]float64{}
	count := map[int]int{}
	n := float64(meta.Docs)
	for _, l := range lists {
		df := float64(len(l) / 2)
		idf := math.Log(1 + (n-df+0.5)/(df+0.5))
		for j := 0; j+1 < len(l); j += 2 {
			id, p := l[j], l[j+1]
			tt, th, tb := p&3, (p>>2)&3, p>>4
			dl := float64(lenTable[strings.IndexByte(lenAlphabet, meta.Lens[id])])
			w := weightTitle*float64(tt) + weightHeading*float64(th) +
				float64(tb)/(1-bm25B+bm25B*dl/meta.AvgDL)
			scores[id] += idf * w * (bm25K1 + 1) / (w + bm25K1)
			count[id]++
		}
	}
	for id, c := range count {
		if c == len(lists) {
			hits = append(hits, Hit{ID: id, Score: scores[id]})
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].ID < hits[j].ID
	})
	seen := map[string][]docJSON{}
	for i := 0; i < len(hits) && i < limit; i++ {
		p := fmt.Sprintf(chunkPathFmt, hits[i].ID/meta.Chunk)
		c, ok := seen[p]
		if !ok {
			if err := json.Unmarshal(files[p], &c); err != nil {
				return nil, nil, fmt.Errorf("search: %s: %w", p, err)
			}
			seen[p] = c
			fetched = append(fetched, p)
		}
		d := c[hits[i].ID%meta.Chunk]
		hits[i].URL, hits[i].Title = d.U, d.T
	}
	return hits, fetched, nil
}

// QueryTerms returns the distinct terms of a query, in order of appearance, at
// most maxQueryTerms of them.
func QueryTerms(q string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range TokenizeQuery(q) {
		if !seen[t] && len(out) < maxQueryTerms {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
