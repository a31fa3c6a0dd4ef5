package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf16"
)

// Query limits, the same in search.js.
const (
	// MaxQueryRunes caps a query in UTF-16 code units, from the search box (its
	// maxlength) and from the page address alike.
	MaxQueryRunes   = 100
	snipBefore      = 20  // UTF-16 units shown before the best match
	snipAfter       = 80  // and after it
	snipSpan        = 60  // the window in which matches of different terms are counted
	headRange       = 48  // UTF-16 units fetched after a doc's header: its title (longer ones are cut)
	leadRange       = 148 // the same when no term stands in the body: the title and the start of the body
	rangeOverhead   = 100 // bytes a multipart response adds per range, roughly
	maxSuggestTries = 8   // combinations of candidates a suggestion tries
	rangeGap        = 48  // UTF-16 units between two ranges below which they are fetched as one
)

// Hit is one ranked result of Search.
type Hit struct {
	ID      int
	URL     string
	Title   string
	Section string
	Date    string
	Score   float64
	Snippet string // the text around the best match; "…" where it was cut
}

// Fetch is one request a browser makes for a query.
type Fetch struct {
	Path  string
	Bytes int // what travels: a JSON file gzipped, or the ranges of a text file
}

// Result is what Search found.
type Result struct {
	Hits    []Hit   // every match, best first; the first limit have URL, title and snippet
	Loose   bool    // nothing matched the words exactly: these match their terms anywhere
	Suggest string  // when a term is in no page: the query from the index's own words whose hits these are
	Fetched []Fetch // what a browser downloads to show the first limit hits
}

// Query runs q with Search and returns its hits and the paths it fetched.
func Query(files map[string][]byte, q string, limit int) ([]Hit, []string, error) {
	r, err := Search(files, q, limit)
	if err != nil {
		return nil, nil, err
	}
	var paths []string
	for _, f := range r.Fetched {
		paths = append(paths, f.Path)
	}
	return r.Hits, paths, nil
}

// qtok is one token of a query: its term and its offset in the query.
type qtok struct {
	term int // index in parsedQuery.terms
	off  int // UTF-16 offset in the normalised query
	ulen int // UTF-16 length of the token's text
}

// qgroup is a run of query tokens that must stand together: one Han run, the
// pieces of one word run, or a quoted phrase. slack is how many extra units
// may separate consecutive tokens (1 between the pieces of a word, else 0).
type qgroup struct {
	toks   []qtok
	slack  int
	quoted bool
}

type parsedQuery struct {
	norm   string // the query folded, white space collapsed, cut to MaxQueryRunes
	terms  []string
	groups []qgroup
}

// CapQuery cuts q to MaxQueryRunes UTF-16 code units (what the search box's
// maxlength counts), never inside a character.
func CapQuery(q string) string {
	n := 0
	for i, r := range q {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > MaxQueryRunes {
			return q[:i]
		}
		n += w
	}
	return q
}

// parseQuery splits q into distinct terms (at most maxQueryTerms) and groups.
// Double quotes (ASCII, full-width or “”) mark a phrase.
func parseQuery(q string) parsedQuery {
	var b strings.Builder
	collapse(&b, Normalize(CapQuery(q)))
	pq := parsedQuery{norm: b.String()}
	idx := map[string]int{}
	seg := []rune(pq.norm)
	quoted := false
	start, startOff, off := 0, 0, 0
	flush := func(end int) {
		text := string(seg[start:end])
		var gs []qgroup
		lastRun := int32(-1)
		eachTerm(text, true, func(t token) {
			term := string(t.appendUTF8(nil))
			k, ok := idx[term]
			if !ok {
				if len(pq.terms) >= maxQueryTerms {
					return
				}
				k = len(pq.terms)
				idx[term] = k
				pq.terms = append(pq.terms, term)
			}
			tok := qtok{term: k, off: startOff + int(t.pos), ulen: utf16Len(term)}
			if len(gs) == 0 || (!quoted && t.run != lastRun) {
				slack := 0
				if t.word != nil && !quoted {
					slack = 1
				}
				gs = append(gs, qgroup{slack: slack, quoted: quoted})
			}
			lastRun = t.run
			g := &gs[len(gs)-1]
			g.toks = append(g.toks, tok)
		})
		pq.groups = append(pq.groups, gs...)
	}
	for i, r := range seg {
		if r == '"' || r == '“' || r == '”' {
			flush(i)
			quoted = !quoted
			start, startOff = i+1, off+1
		}
		off++
		if r >= 0x10000 {
			off++
		}
	}
	flush(len(seg))
	return pq
}

// QueryTerms returns the distinct terms of a query, in order of appearance, at
// most maxQueryTerms of them.
func QueryTerms(q string) []string { return parseQuery(q).terms }

// docList is one term's postings decoded: per doc, the packed counts and the
// positions.
type docList struct {
	ids    []int
	packed []int
	pos    [][]int
	limit  int // body positions kept per doc
}

// capped reports whether a posting kept fewer body positions than it counted.
func capped(packed, limit int) bool { return packed>>4 > limit }

// posLimit is how many body positions a term's postings keep.
func posLimit(hot bool) int {
	if hot {
		return hotPosCap
	}
	return posCap
}

// decodeList decodes a posting string; single tells that the term is one Han
// character (which keeps one position).
func decodeList(s string, single bool, limit int) docList {
	v := decodeVarints(s)
	l := docList{limit: limit}
	id := 0
	for i := 0; i+1 < len(v); {
		id += v[i]
		p := unpackCounts(v[i+1])
		i += 2
		b, h, t := p>>4, (p>>2)&3, p&3
		np := t + min(b, limit)
		if single {
			np = min(1, t+b)
		}
		_ = h
		ps := make([]int, 0, np)
		x := 0
		for k := 0; k < np && i < len(v); k++ {
			x += v[i]
			ps = append(ps, x)
			i++
		}
		l.ids = append(l.ids, id)
		l.packed = append(l.packed, p)
		l.pos = append(l.pos, ps)
	}
	return l
}

func isSingleHan(term string) bool {
	rs := []rune(term)
	return len(rs) == 1 && isHan(rs[0])
}

// has reports whether sorted ps holds a value in [lo, hi].
func has(ps []int, lo, hi int) bool {
	i := sort.SearchInts(ps, lo)
	return i < len(ps) && ps[i] <= hi
}

// anchors returns where group g matches in a doc whose term positions are
// pos: the positions of its first token at which every other token stands at
// its offset (give or take the group's slack), or with loose, simply the
// first token's positions. A token whose later positions were not kept
// (capped) is taken to stand wherever its kept ones cannot tell: past the
// last kept one.
func anchors(g qgroup, pos [][]int, cut []bool, loose bool) []int {
	first := pos[g.toks[0].term]
	if len(g.toks) == 1 || loose {
		return first
	}
	var out []int
	for _, p := range first {
		ok := true
		for k := 1; k < len(g.toks) && ok; k++ {
			d := g.toks[k].off - g.toks[0].off
			ps := pos[g.toks[k].term]
			ok = has(ps, p+d, p+d+g.slack*k) || cut[g.toks[k].term] && len(ps) > 0 && p+d > ps[len(ps)-1]
		}
		if ok {
			out = append(out, p)
		}
	}
	return out
}

// span is the narrowest window holding one anchor of every group, or -1 when
// a group has none.
func span(as [][]int) int {
	type ev struct{ p, g int }
	var evs []ev
	for g, a := range as {
		if len(a) == 0 {
			return -1
		}
		for _, p := range a {
			evs = append(evs, ev{p, g})
		}
	}
	sort.Slice(evs, func(i, j int) bool { return evs[i].p < evs[j].p || evs[i].p == evs[j].p && evs[i].g < evs[j].g })
	cnt := make([]int, len(as))
	have, best, lo := 0, -1, 0
	for _, e := range evs {
		if cnt[e.g] == 0 {
			have++
		}
		cnt[e.g]++
		for have == len(as) {
			w := e.p - evs[lo].p
			if best < 0 || w < best {
				best = w
			}
			cnt[evs[lo].g]--
			if cnt[evs[lo].g] == 0 {
				have--
			}
			lo++
		}
	}
	return best
}

type meta struct {
	metaJSON
	hot map[string]int
}

func loadJSON(files map[string][]byte, p string, v any, fetched *[]Fetch) error {
	b, ok := files[p]
	if !ok {
		return fmt.Errorf("search: %s is missing", p)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("search: %s: %w", p, err)
	}
	*fetched = append(*fetched, Fetch{p, gzipLen(b)})
	return nil
}

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

func termPath(m *meta, t string) string {
	if h, ok := m.hot[t]; ok {
		return fmt.Sprintf(hotPathFmt, h)
	}
	return fmt.Sprintf(shardPathFmt, fnv1a(t)%uint32(m.Shards))
}

// Search runs q against built index files exactly as static/js/search.js
// does: every match, best first, and for the first limit hits their URL,
// title and snippet. It is the reference for the client, used by the tests
// and tools.
func Search(files map[string][]byte, q string, limit int) (*Result, error) {
	res := &Result{}
	var m meta
	if err := loadJSON(files, metaPath, &m.metaJSON, &res.Fetched); err != nil {
		return nil, err
	}
	m.hot = map[string]int{}
	for i, t := range m.Hot {
		m.hot[t] = i
	}
	pq := parseQuery(q)
	if len(pq.terms) == 0 || m.Docs == 0 {
		return res, nil
	}
	shards := map[string]map[string]string{}
	lists := make([]docList, len(pq.terms))
	var missing []int
	for i, t := range pq.terms {
		p := termPath(&m, t)
		sh, ok := shards[p]
		if !ok {
			if err := loadJSON(files, p, &sh, &res.Fetched); err != nil {
				return nil, err
			}
			shards[p] = sh
		}
		s, ok := sh[t]
		if !ok {
			missing = append(missing, i)
			continue
		}
		_, hot := m.hot[t]
		lists[i] = decodeList(s, isSingleHan(t), posLimit(hot))
	}
	if len(missing) > 0 {
		// Nothing can match: show what the closest query from the index's
		// own words finds, if anything.
		if s, r := suggest(files, &pq, missing, limit, &res.Fetched); r != nil {
			res.Suggest, res.Hits, res.Loose = s, r.Hits, r.Loose
		}
		return res, nil
	}
	res.Hits = rank(&m, &pq, lists, false)
	if len(res.Hits) == 0 {
		for _, g := range pq.groups {
			if !g.quoted && len(g.toks) > 1 {
				res.Hits, res.Loose = rank(&m, &pq, lists, true), true
				break
			}
		}
	}
	if len(res.Hits) > 0 {
		if err := describe(files, &m, &pq, lists, res, limit); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// rank scores the docs that hold every term and match every group.
func rank(m *meta, pq *parsedQuery, lists []docList, loose bool) []Hit {
	type acc struct {
		score float64
		n     int
		pos   [][]int
		cut   []bool
	}
	docs := map[int]*acc{}
	n := float64(m.Docs)
	for ti, l := range lists {
		df := float64(len(l.ids))
		idf := math.Log(1 + (n-df+0.5)/(df+0.5))
		for j, id := range l.ids {
			p := l.packed[j]
			tt, th, tb := p&3, (p>>2)&3, p>>4
			dl := float64(lenTable[strings.IndexByte(lenAlphabet, m.Lens[id])])
			w := weightTitle*float64(tt) + weightHeading*float64(th) +
				float64(tb)/(1-bm25B+bm25B*dl/m.AvgDL)
			a := docs[id]
			if a == nil {
				a = &acc{pos: make([][]int, len(lists)), cut: make([]bool, len(lists))}
				docs[id] = a
			}
			a.score += idf * w * (bm25K1 + 1) / (w + bm25K1)
			a.n++
			a.pos[ti] = l.pos[j]
			a.cut[ti] = capped(p, l.limit)
		}
	}
	var hits []Hit
	for id, a := range docs {
		if a.n != len(lists) {
			continue
		}
		as := make([][]int, len(pq.groups))
		ok := true
		for g, grp := range pq.groups {
			as[g] = anchors(grp, a.pos, a.cut, loose && !grp.quoted)
			if len(grp.toks) > 1 && len(as[g]) == 0 && (!loose || grp.quoted) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		score := a.score
		if len(as) > 1 {
			if s := span(as); s >= 0 {
				score *= 1 + proxK/(proxK+float64(s))
			}
		}
		hits = append(hits, Hit{ID: id, Score: score})
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].ID < hits[j].ID
	})
	return hits
}

// bestWindow returns the body position where a snippet should centre: the
// one with the most distinct terms within snipSpan after it (the first of
// equals), or -1 when no term stands in the body. The first positions of a
// term's list are in the title: min(title_tf, 3) of them (1 for a single
// character).
func bestWindow(pq *parsedQuery, lists []docList, id int) int {
	type ev struct{ p, t int }
	var evs []ev
	for ti, l := range lists {
		j := sort.SearchInts(l.ids, id)
		if j == len(l.ids) || l.ids[j] != id {
			continue
		}
		nt := l.packed[j] & 3
		if isSingleHan(pq.terms[ti]) {
			nt = min(nt, 1)
		}
		for _, p := range l.pos[j][min(nt, len(l.pos[j])):] {
			evs = append(evs, ev{p, ti})
		}
	}
	if len(evs) == 0 {
		return -1
	}
	sort.Slice(evs, func(i, j int) bool { return evs[i].p < evs[j].p || evs[i].p == evs[j].p && evs[i].t < evs[j].t })
	best, bestN := -1, 0
	for i := range evs {
		seen := map[int]bool{}
		for k := i; k < len(evs) && evs[k].p < evs[i].p+snipSpan; k++ {
			seen[evs[k].t] = true
		}
		if len(seen) > bestN {
			best, bestN = evs[i].p, len(seen)
		}
	}
	return best
}

// want is where a hit's text is in its text file (UTF-16 units): its header,
// its title (the origin of positions), its end, and the body position a
// snippet shows (-1: none).
type want struct{ start, origin, end, c int }

// head is how far past the origin the first range of a hit reaches.
func (w want) head() int {
	if w.c < 0 {
		return leadRange
	}
	return headRange
}

// textRange is one range of a text file, in UTF-16 units.
type textRange struct{ a, b int }

// describe fills in the first limit hits from the offset and text files, as
// the client does with HTTP ranges.
func describe(files map[string][]byte, m *meta, pq *parsedQuery, lists []docList, res *Result, limit int) error {
	offs := map[int][]int{}
	ranges := map[int][]textRange{}
	wants := make([]want, min(limit, len(res.Hits)))
	for i := range wants {
		id := res.Hits[i].ID
		k := id / m.Per
		o, ok := offs[k]
		if !ok {
			var oj struct{ O string }
			if err := loadJSON(files, fmt.Sprintf(offsPathFmt, k), &oj, &res.Fetched); err != nil {
				return err
			}
			v := decodeVarints(oj.O)
			at := 0
			for j := 0; j+1 < len(v); j += 2 { // start, header length; the last start is the end
				at += v[j]
				o = append(o, at, v[j+1])
			}
			o = append(o, at+v[len(v)-1])
			offs[k] = o
		}
		j := id % m.Per
		start, hl, end := o[2*j], o[2*j+1], o[2*j+2]
		w := want{start, start + hl, end, bestWindow(pq, lists, id)}
		wants[i] = w
		ranges[k] = append(ranges[k], textRange{start, min(end, w.origin+w.head())})
		if w.c >= 0 {
			ranges[k] = append(ranges[k], textRange{w.origin + max(0, w.c-snipBefore-1), min(end, w.origin+w.c+snipAfter)})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(ranges)) {
		rs := ranges[k]
		b := 0
		for _, r := range mergeRanges(rs) {
			b += 2*(r.b-r.a) + rangeOverhead
		}
		res.Fetched = append(res.Fetched, Fetch{fmt.Sprintf(textPathFmt, k), b})
	}
	for i, w := range wants {
		k := res.Hits[i].ID / m.Per
		raw := files[fmt.Sprintf(textPathFmt, k)]
		text := func(a, b int) string {
			u := make([]uint16, 0, b-a)
			for x := a; x < b; x++ {
				u = append(u, uint16(raw[2*x])|uint16(raw[2*x+1])<<8)
			}
			return string(utf16.Decode(u))
		}
		h := &res.Hits[i]
		head := text(w.start, min(w.end, w.origin+w.head()))
		f := strings.SplitN(head, string(headerSep), 5)
		h.URL, h.Section, h.Date = strings.TrimPrefix(f[0], string(recordSep)), f[1], f[2]
		rest := f[4]
		title, lead, ok := strings.Cut(rest, "\n")
		if !ok && w.origin+w.head() < w.end {
			title += "…"
		}
		h.Title = title
		if w.c < 0 {
			h.Snippet = lead
			if lead != "" && w.origin+w.head() < w.end {
				h.Snippet += "…"
			}
			continue
		}
		a := max(0, w.c-snipBefore-1)
		s := text(w.origin+a, min(w.end, w.origin+w.c+snipAfter))
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			s = s[i+1:]
		} else if a > 0 {
			_, sz := firstRune(s)
			s = "…" + s[sz:]
		}
		if w.origin+w.c+snipAfter < w.end {
			s += "…"
		}
		h.Snippet = s
	}
	return nil
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// mergeRanges sorts ranges and joins those less than rangeGap apart:
// fetching the gap costs less than another part of a multipart answer.
func mergeRanges(rs []textRange) []textRange {
	sort.Slice(rs, func(i, j int) bool { return rs[i].a < rs[j].a })
	var out []textRange
	for _, r := range rs {
		if n := len(out); n > 0 && r.a <= out[n-1].b+rangeGap {
			out[n-1].b = max(out[n-1].b, r.b)
			continue
		}
		out = append(out, r)
	}
	return out
}

// suggest returns q with each missing term replaced by a term of the index's
// vocabulary one edit away, and what that query finds: of the first
// maxSuggestTries combinations of each term's five commonest candidates, the
// first that matches exactly, else the first that matches at all.
func suggest(files map[string][]byte, pq *parsedQuery, missing []int, limit int, fetched *[]Fetch) (string, *Result) {
	var v struct{ V []string }
	if err := loadJSON(files, vocabPath, &v, fetched); err != nil {
		return "", nil
	}
	cands := make([][]string, len(missing))
	for i, ti := range missing {
		if cands[i] = nearest(pq.terms[ti], v.V, 5); len(cands[i]) == 0 {
			return "", nil
		}
	}
	var loose *Result
	var looseQ string
	pick := make([]int, len(missing))
	for try := 0; try < maxSuggestTries; try++ {
		s := replaceTerms(pq, missing, cands, pick)
		r, err := Search(files, s, limit)
		if err != nil {
			return "", nil
		}
		for _, f := range r.Fetched { // each file once, as the client's cache does
			if !slices.ContainsFunc(*fetched, func(g Fetch) bool { return g.Path == f.Path }) {
				*fetched = append(*fetched, f)
			}
		}
		if len(r.Hits) > 0 && r.Suggest == "" {
			if !r.Loose {
				return s, r
			}
			if loose == nil {
				loose, looseQ = r, s
			}
		}
		// The next combination, the first term's candidates varying fastest.
		k := 0
		for k < len(pick) {
			if pick[k]++; pick[k] < len(cands[k]) {
				break
			}
			pick[k] = 0
			k++
		}
		if k == len(pick) {
			break
		}
	}
	return looseQ, loose
}

// replaceTerms is pq's query with missing term i replaced by cands[i][pick[i]].
func replaceTerms(pq *parsedQuery, missing []int, cands [][]string, pick []int) string {
	u := utf16.Encode([]rune(pq.norm))
	type repl struct {
		off, ulen int
		to        string
	}
	var rs []repl
	for i, ti := range missing {
		for _, g := range pq.groups {
			for _, tok := range g.toks {
				if tok.term == ti {
					rs = append(rs, repl{tok.off, tok.ulen, cands[i][pick[i]]})
				}
			}
		}
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].off > rs[j].off })
	for _, r := range rs {
		if r.off+r.ulen > len(u) {
			continue
		}
		to := utf16.Encode([]rune(r.to))
		u = append(u[:r.off:r.off], append(to, u[r.off+r.ulen:]...)...)
	}
	return string(utf16.Decode(u))
}

// nearest returns the first n terms of vocab (the commonest first) one edit
// from t (two for words of more than five letters).
func nearest(t string, vocab []string, n int) []string {
	var out []string
	a := []rune(t)
	limit := 1
	if len(a) > 5 {
		limit = 2
	}
	han := isHan(a[0])
	for _, c := range vocab {
		b := []rune(c)
		if isHan(b[0]) != han || unicode.IsDigit(a[0]) {
			continue
		}
		if editDistance(a, b, limit) <= limit && c != t {
			if out = append(out, c); len(out) == n {
				break
			}
		}
	}
	return out
}

// editDistance is the optimal string alignment distance of a and b (an
// adjacent swap counts one), or limit+1 when it is more than limit.
func editDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			low = min(low, cur[j])
		}
		if low > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// Texts returns the text the index stores for every page (the title, a
// newline, the body), by URL: for tools that judge results by page text.
func Texts(files map[string][]byte) (map[string]string, error) {
	var m metaJSON
	if err := json.Unmarshal(files[metaPath], &m); err != nil {
		return nil, fmt.Errorf("search: meta.json: %w", err)
	}
	out := map[string]string{}
	for k := 0; k*max(1, m.Per) < m.Docs; k++ {
		var oj struct{ O string }
		if err := json.Unmarshal(files[fmt.Sprintf(offsPathFmt, k)], &oj); err != nil {
			return nil, fmt.Errorf("search: offsets %d: %w", k, err)
		}
		raw := files[fmt.Sprintf(textPathFmt, k)]
		v := decodeVarints(oj.O)
		at := 0
		for j := 0; j+2 < len(v); j += 2 {
			start := at + v[j]
			end := start + v[j+2]
			at = start
			u := make([]uint16, 0, end-start)
			for x := start; x < end && 2*x+1 < len(raw); x++ {
				u = append(u, uint16(raw[2*x])|uint16(raw[2*x+1])<<8)
			}
			f := strings.SplitN(string(utf16.Decode(u)), string(headerSep), 5)
			if len(f) == 5 {
				out[strings.TrimPrefix(f[0], string(recordSep))] = f[4]
			}
		}
	}
	return out, nil
}
