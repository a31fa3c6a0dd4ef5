// Package search builds the static, sharded full-text index that static/js/search.js
// queries in the browser. It is made for Chinese first: Han text is indexed by
// single characters and character bigrams (see tokenize.go), Latin words and
// numbers are lower-cased tokens.
//
// # Files written by Build (all under /search/, all JSON, deterministic)
//
//	/search/meta.json   {"format":1,"version":"<16 hex>","docs":N,"shards":S,
//	                     "chunk":C,"avgdl":A,"lens":"<one char per doc>"}
//	/search/meta.json also has "hot":[term, …], sorted: the terms whose posting
//	                     lists are long (common characters and bigrams)
//	/search/h/<i>.json  {"term":"<postings>"} for hot term i, alone
//	/search/s/<k>.json  every other term, in shard k = fnv1a32(term) % S:
//	                     {"term":"<postings>", …}  (sorted keys)
//	/search/d/<j>.json  doc chunk j = id / C: [{"u":url,"t":title,"s":section
//	                     title,"d":date,"i":ISO date,"x":excerpt}, …]
//
// Doc ids are 0..N-1, newest DateISO first, then by URL (the tie-break). <postings> is a run of varints (see
// appendVarint), two per doc holding the term, in id order: the id delta from
// the previous doc (the first is the id itself), then
// packed = body_tf*16 + min(heading_tf,3)*4 + min(title_tf,3).
// lens[id] is the doc's body length (in index tokens) quantised to one of 64
// buckets, each character an index into lenAlphabet; bucket q stands for
// lenTable[q]. avgdl is the mean of the bucket lengths.
//
// # Ranking (BM25F, identical in Query below and in search.js)
//
//	idf  = ln(1 + (N - df + 0.5) / (df + 0.5))
//	w    = 10*title_tf + 3*heading_tf + body_tf / (1 - b + b*dl/avgdl)
//	score = Σ_terms idf * w*(k1+1) / (w + k1),   k1 = 1.2, b = 0.75
//
// Every query term is required (AND). Ties go to the lower id.
//
// The client fetches meta.json, the shards of its terms, and the doc chunks of
// the results it shows (10 per page), so what a query costs does not grow with
// the site: see TestSizeBudget.
package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"hengdong/internal/diag"
	"hengdong/internal/parallel"
)

// Doc is one published page to index. The caller passes only pages that are
// published (no drafts, nothing expired or in the future); Build also skips any
// Doc with Draft set, defensively.
type Doc struct {
	URL          string   // as linked: the page's RelPermalink, base path included
	Title        string   // weighted highest
	Section      string   // top-level section name ("news"); not stored
	SectionTitle string   // shown with the result ("新闻动态")
	Date         string   // display date, "2025年2月7日"; may be empty
	DateISO      string   // "2025-02-07", for <time datetime>; may be empty
	Headings     []string // heading texts, weighted above the body
	Body         string   // plain text of the page (may repeat the headings)
	Draft        bool     // never indexed
	File         string   // source file, only for error messages
}

// Stats describes what Build wrote.
type Stats struct {
	Docs     int // documents indexed
	Terms    int // distinct terms
	Shards   int // term shard files
	Chunks   int // doc chunk files
	Bytes    int // total bytes of all files
	Hot      int // terms with a file of their own
	MaxShard int // bytes of the largest term file
}

// Tuning. Keep the ranking constants in step with search.js.
const (
	format        = 1
	shardTarget   = 12 << 10 // aim for shards of ~12 KB
	hotBytes      = 4 << 10  // a posting list longer than this gets its own file
	chunkTarget   = 6 << 10  // aim for doc chunks of ~6 KB: fewer files to write, a top-10 page still fetches under 60 KB of them
	excerptRunes  = 200
	weightTitle   = 10.0
	weightHeading = 3.0
	bm25K1        = 1.2
	bm25B         = 0.75
	tfCapField    = 3 // title and heading tf are capped in the packed posting
	maxChunkDocs  = 64
	lenAlphabet   = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
	IndexDir      = "/search/"
	metaPath      = IndexDir + "meta.json"
	shardPathFmt  = IndexDir + "s/%d.json"
	chunkPathFmt  = IndexDir + "d/%d.json"
	hotPathFmt    = IndexDir + "h/%d.json"
)

// lenTable[q] is the length bucket q stands for: 0,1,2,…,5, then +20% a step,
// computed with integers so that Go and JS agree exactly.
var lenTable = func() [64]int {
	var t [64]int
	for i := 1; i < 64; i++ {
		t[i] = t[i-1] + max(1, t[i-1]/5)
	}
	return t
}()

// lenBucket returns the bucket whose length is closest to n.
func lenBucket(n int) int {
	q := sort.Search(64, func(i int) bool { return lenTable[i] >= n })
	if q == 64 {
		return 63
	}
	if q > 0 && n-lenTable[q-1] < lenTable[q]-n {
		return q - 1
	}
	return q
}

// posting is one document's counts of a term: in its title, headings and
// body. Small, as the index holds one per document and term; the title and
// heading counts saturate (the encoding caps them at tfCapField anyway).
type posting struct {
	id   int32
	b    uint32
	t, h uint16
}

type docJSON struct {
	U string `json:"u"`
	T string `json:"t"`
	S string `json:"s"`
	D string `json:"d"`
	I string `json:"i"`
	X string `json:"x"`
}

type metaJSON struct {
	Format  int      `json:"format"`
	Version string   `json:"version"`
	Docs    int      `json:"docs"`
	Shards  int      `json:"shards"`
	Chunk   int      `json:"chunk"`
	AvgDL   float64  `json:"avgdl"`
	Lens    string   `json:"lens"`
	Hot     []string `json:"hot"`
}

// Build indexes docs and returns the index files keyed by their site path
// ("/search/meta.json", "/search/s/0.json", …). It fails on an empty or
// duplicate URL. The output depends only on the set of docs, not their order.
func Build(docs []Doc) (map[string][]byte, Stats, error) {
	var list []Doc
	var errs diag.List
	seen := map[string]string{}
	for _, d := range docs {
		if d.Draft {
			continue
		}
		if d.URL == "" {
			errs = append(errs, &diag.Error{File: d.File, Msg: "搜索索引：页面“" + d.Title + "”没有网址",
				Fix: "检查该页面的 url 或 slug 设置", Detail: "search: document has no URL"})
			continue
		}
		if prev, ok := seen[d.URL]; ok {
			errs = append(errs, &diag.Error{File: d.File, Msg: "搜索索引：网址 " + d.URL + " 与 " + prev + " 重复",
				Fix: "修改其中一个页面的 url 或 slug，使网址不重复", Detail: "search: duplicate URL"})
			continue
		}
		seen[d.URL] = d.File
		list = append(list, d)
	}
	if err := errs.Err(); err != nil {
		return nil, Stats{}, err
	}
	// Ids: newest first, then by URL, so equal scores list the newer page first.
	sort.Slice(list, func(i, j int) bool {
		if list[i].DateISO != list[j].DateISO {
			return list[i].DateISO > list[j].DateISO
		}
		return list[i].URL < list[j].URL
	})

	// Invert. Documents are counted in parallel, a batch at a time, and merged
	// in id order after each batch, so only one batch's counts are held at once.
	// Han tokens (most of a Chinese site's) are counted by number (hanKey);
	// only words are counted by string.
	type docTerms struct {
		han   []hanKey
		words []string
		ps    []posting // the han terms' postings, then the words'
		q     int       // length bucket
	}
	type counts struct {
		han  map[hanKey]int32
		word map[string]int32
	}
	const batch = 64
	pool := sync.Pool{New: func() any { return &counts{han: map[hanKey]int32{}, word: map[string]int32{}} }}
	counted := make([]docTerms, batch)
	hanIdx := map[hanKey]int32{}  // han term → index in lists
	wordIdx := map[string]int32{} // word term → index in lists
	var lists [][]posting
	lens := make([]byte, len(list))
	var sumdl float64
	for lo := 0; lo < len(list); lo += batch {
		hi := min(lo+batch, len(list))
		parallel.For(hi-lo, func(k int) {
			id := lo + k
			d := list[id]
			c := pool.Get().(*counts)
			defer pool.Put(c)
			clear(c.han)
			clear(c.word)
			// About one distinct term for every four bytes of Chinese text.
			est := min(len(d.Body)/4+32, 1<<14)
			var hanPs, wordPs []posting
			hanPs = make([]posting, 0, est)
			dt := docTerms{han: make([]hanKey, 0, est)}
			getHan := func(t hanKey) *posting {
				i, ok := c.han[t]
				if !ok {
					i = int32(len(hanPs))
					c.han[t] = i
					dt.han = append(dt.han, t)
					hanPs = append(hanPs, posting{id: int32(id)})
				}
				return &hanPs[i]
			}
			getWord := func(w []rune) *posting {
				var buf [4 * maxTokenRunes]byte
				b := buf[:0]
				for _, r := range w {
					b = utf8.AppendRune(b, r)
				}
				i, ok := c.word[string(b)] // no string is made for a word seen before
				if !ok {
					term := string(b)
					i = int32(len(wordPs))
					c.word[term] = i
					dt.words = append(dt.words, term)
					wordPs = append(wordPs, posting{id: int32(id)})
				}
				return &wordPs[i]
			}
			title := func(p *posting) {
				if p.t < math.MaxUint16 {
					p.t++
				}
			}
			heading := func(p *posting) {
				if p.h < math.MaxUint16 {
					p.h++
				}
			}
			eachTerm(d.Title, false, func(t hanKey) { title(getHan(t)) }, func(w []rune) { title(getWord(w)) })
			for _, h := range d.Headings {
				eachTerm(h, false, func(t hanKey) { heading(getHan(t)) }, func(w []rune) { heading(getWord(w)) })
			}
			bodyLen := 0
			eachTerm(d.Body, false, func(t hanKey) { getHan(t).b++; bodyLen++ }, func(w []rune) { getWord(w).b++; bodyLen++ })
			dt.ps = append(hanPs, wordPs...)
			dt.q = lenBucket(bodyLen)
			counted[k] = dt
		})
		for id := lo; id < hi; id++ {
			dt := counted[id-lo]
			lens[id] = lenAlphabet[dt.q]
			sumdl += float64(lenTable[dt.q])
			for i, t := range dt.han {
				k := listOf(hanIdx, t, &lists)
				lists[k] = append(lists[k], dt.ps[i])
			}
			for i, t := range dt.words {
				k := listOf(wordIdx, t, &lists)
				lists[k] = append(lists[k], dt.ps[len(dt.han)+i])
			}
			counted[id-lo] = docTerms{}
		}
	}
	// Every term as its string, with its list.
	termIdx := make(map[string]int32, len(hanIdx)+len(wordIdx))
	for t, k := range hanIdx {
		termIdx[t.String()] = k
	}
	for t, k := range wordIdx {
		termIdx[t] = k
	}
	avgdl := 1.0
	if len(list) > 0 && sumdl > 0 {
		avgdl = math.Round(sumdl/float64(len(list))*100) / 100
	}

	// Encode postings; big lists get files of their own ("hot" terms, listed in
	// meta.json); the rest go to shards sized from their total.
	terms := make([]string, 0, len(termIdx))
	for t := range termIdx {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	enc := make(map[string][]byte, len(terms))
	var hot, cold []string
	total := 0
	for _, t := range terms {
		ps := lists[termIdx[t]] // in id order: batches are merged in id order
		var b []byte
		prev := 0
		for _, p := range ps {
			b = appendVarint(b, int(p.id)-prev)
			b = appendVarint(b, int(p.b)*16+min(int(p.h), tfCapField)*4+min(int(p.t), tfCapField))
			prev = int(p.id)
		}
		enc[t] = b
		if len(b) > hotBytes {
			hot = append(hot, t)
		} else {
			cold = append(cold, t)
			total += len(b) + len(t) + 6
		}
	}
	nShards := max(1, (total+shardTarget-1)/shardTarget)
	shardTerms := make([][]string, nShards)
	for _, t := range cold { // sorted, so each shard's keys are sorted too
		k := fnv1a(t) % uint32(nShards)
		shardTerms[k] = append(shardTerms[k], t)
	}

	files := map[string][]byte{}
	st := Stats{Docs: len(list), Terms: len(terms), Shards: nShards, Hot: len(hot)}
	termFile := func(ts []string) []byte {
		var b bytes.Buffer
		b.WriteByte('{')
		for i, t := range ts {
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(jsonString(t))
			b.WriteString(`:"`)
			b.Write(enc[t]) // the alphabet needs no escaping
			b.WriteByte('"')
		}
		b.WriteByte('}')
		st.MaxShard = max(st.MaxShard, b.Len())
		return b.Bytes()
	}
	for k, ts := range shardTerms {
		files[fmt.Sprintf(shardPathFmt, k)] = termFile(ts)
	}
	for i, t := range hot {
		files[fmt.Sprintf(hotPathFmt, i)] = termFile([]string{t})
	}

	// Doc chunks, sized from the average encoded doc.
	recs := make([][]byte, len(list))
	sum := 0
	for id, d := range list {
		recs[id] = marshal(docJSON{U: d.URL, T: d.Title, S: d.SectionTitle, D: d.Date, I: d.DateISO, X: excerpt(d.Body)})
		sum += len(recs[id]) + 1
	}
	chunk := 1
	if len(list) > 0 {
		chunk = min(maxChunkDocs, max(1, chunkTarget*len(list)/max(1, sum)))
	}
	for j := 0; j*chunk < len(list); j++ {
		var b bytes.Buffer
		b.WriteByte('[')
		for id := j * chunk; id < min(len(list), (j+1)*chunk); id++ {
			if id > j*chunk {
				b.WriteByte(',')
			}
			b.Write(recs[id])
		}
		b.WriteByte(']')
		files[fmt.Sprintf(chunkPathFmt, j)] = b.Bytes()
		st.Chunks++
	}

	// Version: FNV-1a 64 over every other file, in path order.
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	h := uint64(14695981039346656037)
	mix := func(b []byte) {
		for _, c := range b {
			h ^= uint64(c)
			h *= 1099511628211
		}
	}
	for _, p := range paths {
		mix([]byte(p))
		mix([]byte{0})
		mix(files[p])
		mix([]byte{0})
	}
	files[metaPath] = marshal(metaJSON{Format: format, Version: fmt.Sprintf("%016x", h), Docs: len(list),
		Shards: nShards, Chunk: chunk, AvgDL: avgdl, Lens: string(lens), Hot: hot})
	for _, b := range files {
		st.Bytes += len(b)
	}
	return files, st, nil
}

// listOf returns where in lists the postings of term t are, giving a term
// seen for the first time an empty list.
func listOf[K comparable](idx map[K]int32, t K, lists *[][]posting) int32 {
	k, ok := idx[t]
	if !ok {
		k = int32(len(*lists))
		idx[t] = k
		*lists = append(*lists, nil)
	}
	return k
}

// excerpt is the start of body, whitespace collapsed, cut to excerptRunes
// characters (preferring a sentence end in the last third), "…" when cut.
func excerpt(body string) string {
	// Fold whitespace as strings.Fields does, but only as far as needed: one
	// rune past the excerpt tells whether it was cut.
	rs := make([]rune, 0, excerptRunes+1)
	space := false
	for _, r := range body {
		if unicode.IsSpace(r) {
			space = len(rs) > 0
			continue
		}
		if space {
			rs = append(rs, ' ')
			space = false
		}
		if len(rs) > excerptRunes {
			break
		}
		rs = append(rs, r)
	}
	if len(rs) <= excerptRunes {
		return string(rs)
	}
	rs = rs[:excerptRunes]
	for i := len(rs) - 1; i >= excerptRunes*2/3; i-- {
		if strings.ContainsRune("。！？；!?", rs[i]) {
			return string(rs[:i+1]) + "…"
		}
	}
	return string(rs) + "…"
}

func marshal(v any) []byte {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		panic(err) // only plain structs and strings are encoded
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func jsonString(s string) []byte { return marshal(s) }

// appendVarint writes v ≥ 0 in base 32, least significant digit first, as
// characters of lenAlphabet: a digit d is lenAlphabet[d+32] when more digits
// follow, lenAlphabet[d] for the last one.
func appendVarint(b []byte, v int) []byte {
	for v >= 32 {
		b = append(b, lenAlphabet[32|v&31])
		v >>= 5
	}
	return append(b, lenAlphabet[v])
}

// decodePostings is the inverse of the posting encoding: id, packed, id, … with
// absolute ids.
func decodePostings(s string) []int {
	var out []int
	v, mult, id, n := 0, 1, 0, 0
	for i := 0; i < len(s); i++ {
		c := strings.IndexByte(lenAlphabet, s[i])
		v += (c & 31) * mult
		if c >= 32 {
			mult *= 32
			continue
		}
		if n%2 == 0 {
			id += v
			out = append(out, id)
		} else {
			out = append(out, v)
		}
		n++
		v, mult = 0, 1
	}
	return out
}
