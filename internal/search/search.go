// Package search builds the static, sharded full-text index that static/js/search.js
// queries in the browser. It is made for Chinese first: Han text is indexed by
// single characters and character bigrams (see tokenize.go), Latin words and
// numbers are lower-cased tokens, and every bigram and word keeps its positions,
// so a query can ask for a word's characters side by side and a result can show
// the sentence that matched.
//
// # Files written by Build (all under /search/, deterministic)
//
//	meta.json   {"format":3,"version":"<16 hex>","docs":N,"shards":S,"per":P,
//	             "avgdl":A,"lens":"<one char per doc>","hot":[term, …]}
//	h/<i>.json  {"term":"<postings>"} for hot term i (a long posting list), alone
//	s/<k>.json  every other term, in shard k = fnv1a32(term) % S: {"term":"<postings>", …}
//	o/<k>.json  {"o":"<varints>"}: for docs k*P … k*P+P-1, each doc's start in
//	            t/<k>.bin (as a delta from the previous doc's) and its header
//	            length, then the end of the last doc; all in UTF-16 code units
//	t/<k>.bin   the docs' text, UTF-16LE, one after another: a header
//	            "␞url␟section title␟date␟ISO date␟", then the doc's text proper,
//	            "title\nbody" with every run of white space made one space.
//	            Positions count from the start of the title. The client fetches
//	            only the ranges it shows (HTTP Range, several in one request), so
//	            ten results cost one request of a few KB per text file; a server
//	            without Range sends the whole file, which the client then keeps.
//	v.json      {"v":[term, …]}: the commonest Han bigrams and Latin words, most
//	            frequent first, for the "您是不是要找" suggestion (fetched only when
//	            a query term is in no page: the client then shows the results of
//	            the closest query made of these words)
//
// Doc ids are 0..N-1, newest DateISO first, then by URL (the tie-break). <postings> is
// a run of varints (appendVarint), per doc holding the term, in id order: the id
// delta from the previous doc (the first is the id itself); its counts, body_tf*2
// when the term is in neither the title nor a heading, else
// (body_tf*16 + min(heading_tf,3)*4 + min(title_tf,3))*2 + 1 (see packCounts:
// most postings are of the body alone, and a body_tf below 16 then takes one
// digit, not two); then its positions as deltas (the first
// absolute): min(title_tf,3) in the title, then the first min(body_tf,12) in the
// body (2 for a hot term). A single Han character keeps only its first
// position. (Positions make
// most of the index; a common word's later ones add bytes to every query with
// it and little to the match: see anchors in query.go for how a word check
// treats a position past the last one kept.) lens[id] is the doc's body length
// (in index tokens) quantised to one of 64 buckets, each character an index into
// lenAlphabet; bucket q stands for lenTable[q]. avgdl is the mean of the bucket lengths.
//
// # Matching and ranking (identical in Search, query.go, and in search.js)
//
// Every query term is required (AND). The terms of one Han run (深度学习 → 深度 学习)
// must stand at their offsets in the query (positions p and p+2), the pieces of one
// word run (iphone15 → iphone 15) side by side with at most one character between
// pieces, and a phrase in double quotes exactly as typed. When that finds nothing,
// the unquoted groups are matched loosely (AND only).
//
//	idf  = ln(1 + (N - df + 0.5) / (df + 0.5))
//	w    = 10*title_tf + 3*heading_tf + body_tf / (1 - b + b*dl/avgdl)
//	bm25 = Σ_terms idf * w*(k1+1) / (w + k1),   k1 = 1.2, b = 0.75
//	score = bm25 * (1 + 8/(8 + span))  with two or more groups, where span is the
//	        narrowest window (in UTF-16 units) holding one match of every group
//
// Ties go to the lower id (the newer page).
//
// The client fetches meta.json, the shards of its terms, the offsets of the
// results it shows and their ranges of text, so what a query costs does not
// grow much with the site: see TestSizeBudget.
package search

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/cespare/xxhash/v2"

	"hengdong/internal/diag"
	"hengdong/internal/keyhash"
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
	// Key, when not 0, identifies the doc's Title, Headings and Body: a hash
	// of everything they are made from (a page's title and HTML), the same
	// for the same fields, build after build. A Build reusing a Cache that
	// holds the key (Cache.Has) does not read those fields, and the caller
	// may then leave Body empty. When 0, Build hashes the three fields.
	Key uint64
	// BodyFrom, when not nil, stands for Body: it appends the body to dst
	// and returns it. Build calls it only for a doc it tokenises, once,
	// from any goroutine, into a buffer it reuses doc after doc, so that
	// the bodies of all docs are never made at once.
	BodyFrom func(dst []byte) []byte
}

// Stats describes what Build wrote.
type Stats struct {
	Docs      int // documents indexed
	Terms     int // distinct terms
	Shards    int // term shard files
	Chunks    int // text files (and as many offset files)
	Bytes     int // total bytes of all files
	TextBytes int // bytes of the text files
	Hot       int // terms with a file of their own
	MaxShard  int // bytes of the largest term file
	Reused    int // docs taken from the Cache (BuildReusing), not tokenised
}

// Tuning. Keep the ranking constants in step with search.js.
const (
	format        = 3
	shardTarget   = 1 << 10 // aim for shards of ~1 KB: a term's neighbours in its shard are bytes a query fetches for nothing (4 KB made them 80 % of a shard's bytes)
	hotBytes      = 4 << 10 // a posting list longer than this gets its own file
	docsPerFile   = 1024    // docs per text file and offsets file
	weightTitle   = 10.0
	weightHeading = 3.0
	bm25K1        = 1.2
	bm25B         = 0.75
	proxK         = 8.0
	tfCapField    = 3  // title and heading tf are capped in the packed posting
	posCap        = 12 // body positions kept per doc and term (the rest are only counted)
	hotPosCap     = 2  // and for a hot term (one with a file of its own)
	vocabHan      = 6000
	vocabWords    = 3000
	lenAlphabet   = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
	// IndexDir is where the index files are published.
	IndexDir     = "/search/"
	metaPath     = IndexDir + "meta.json"
	vocabPath    = IndexDir + "v.json"
	shardPathFmt = IndexDir + "s/%d.json"
	hotPathFmt   = IndexDir + "h/%d.json"
	offsPathFmt  = IndexDir + "o/%d.json"
	textPathFmt  = IndexDir + "t/%d.bin"
	headerSep    = '\x1f' // between a doc's header fields
	recordSep    = '\x1e' // before each doc's header
	partitions   = 16     // term partitions merged in parallel
)

// Dense reports whether path (a key of Build's files) is a file of
// postings or offsets: varints in a 64-character alphabet, in which gzip's
// matches save next to nothing over Huffman coding alone, at five times
// the cost (output.Options.Dense).
func Dense(path string) bool {
	rest, ok := strings.CutPrefix(path, IndexDir)
	return ok && len(rest) > 2 && rest[1] == '/' && strings.IndexByte("hso", rest[0]) >= 0 && strings.HasSuffix(rest, ".json")
}

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

type metaJSON struct {
	Format  int      `json:"format"`
	Version string   `json:"version"`
	Docs    int      `json:"docs"`
	Shards  int      `json:"shards"`
	Per     int      `json:"per"`
	AvgDL   float64  `json:"avgdl"`
	Lens    string   `json:"lens"`
	Hot     []string `json:"hot"`
}

// collapse writes s to b with every run of white space made one space and
// none at either end.
func collapse(b *strings.Builder, s string) {
	space := false
	start := b.Len()
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > start
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// posting is one document's counts of a term, in its title, headings and body,
// and its kept positions (see the package comment), while countDoc counts.
// The title and heading counts saturate (the encoding caps them at
// tfCapField anyway).
type posting struct {
	b    uint32
	t, h uint16
	np   int32                      // positions kept
	pos  [tfCapField + posCap]int32 // in the title, then in the body
}

// A doc's postings are encoded once, by countDoc, without the id: its "tail"
// of every term is the packed counts and the positions (see the package
// comment), and a posting list is the id deltas with the tails of its docs.
// A hot term keeps fewer positions: its tail is a prefix of the full one. So
// what a doc contributes does not depend on its id nor on the other docs, and
// a Cache keeps it for the next Build.

// docTerms is what one doc contributes to the index, whatever its id: its
// terms, their tails, its length bucket and its text. It is also what a Cache
// keeps of the doc (CachedDoc).
type docTerms struct {
	// Key identifies what the doc was made from (Doc.Key, or docKey).
	Key uint64
	// Ids are its terms, partition by partition (see Cache.Vocab): for
	// each partition p, the uvarint count of its terms in p, then the
	// uvarints of their indexes k in Vocab[p], in the order countDoc met
	// them (unsorted: sorting them for smaller differences cost a copy of
	// every tail). Tails are their tails, one after another, in the same
	// order.
	Ids   []byte
	Tails []byte
	// Lens holds the length of each tail. (A tail is at most 13 digits of
	// counts and 15 positions of 7 digits: 118 bytes.) A hot term's tail is
	// its first hotLen bytes.
	Lens []byte
	Q    uint8 // length bucket
	// text is the doc's "title\nbody", UTF-16LE (see the package comment). A
	// Cache does not keep it: it is in the index files Build wrote, file
	// TextFile ("/search/t/<TextFile>.bin") from byte TextOff, TextLen bytes,
	// and Cache.LoadText reads it back from there.
	text                       []byte
	TextFile, TextOff, TextLen int32
}

// CachedDoc is what a Cache keeps of one doc.
type CachedDoc = docTerms

// Cache is what a Build learned of its docs, for the next Build
// (BuildReusing): each doc's terms (as ids of a vocabulary) and encoded
// postings, by a key of what the doc was made from. It says nothing of a
// doc's URL, section or date, which every Build reads again. Gob-encodable;
// the docs' texts are not encoded: see LoadText.
type Cache struct {
	Format int
	// Vocab holds the terms by partition, each partition's by index. A Build reusing a Cache adds the new terms to its Vocab
	// (which then holds some that no doc has any more: see staleVocab).
	Vocab [partitions][]string
	Docs  []*CachedDoc

	once  sync.Once
	index map[uint64]*CachedDoc
}

// cacheFormat changes whenever what a Cache means changes.
const cacheFormat = 5

// staleVocab: a Build does not keep a Cache whose Vocab holds more terms than
// this times those its docs have (the next Build then starts afresh).
const staleVocab = 2

// lookup returns the cached doc of key, or nil. Safe for concurrent use.
func (c *Cache) lookup(key uint64) *CachedDoc {
	if c == nil || c.Format != cacheFormat {
		return nil
	}
	c.once.Do(func() {
		c.index = make(map[uint64]*CachedDoc, len(c.Docs))
		for _, d := range c.Docs {
			c.index[d.Key] = d
		}
	})
	if d := c.index[key]; d != nil && d.text != nil { // read back without LoadText: not usable
		return d
	}
	return nil
}

// LoadText reads the docs' texts back from the index files the Build that
// made c wrote (a Cache read back, by gob, holds none), with read returning
// the file of a path ("/search/t/0.bin"). It reports whether it found them
// all; a doc whose text is not loaded is never reused. The files must be
// those that Build wrote, unchanged: the offsets are not checked against them.
func (c *Cache) LoadText(read func(path string) ([]byte, bool)) bool {
	if c == nil || c.Format != cacheFormat {
		return false
	}
	files := map[int32][]byte{}
	for _, d := range c.Docs {
		if d.text != nil {
			continue
		}
		f, ok := files[d.TextFile]
		if !ok {
			if f, ok = read(fmt.Sprintf(textPathFmt, d.TextFile)); !ok {
				return false
			}
			files[d.TextFile] = f
		}
		if d.TextOff < 0 || d.TextLen < 2 || int64(d.TextOff)+int64(d.TextLen) > int64(len(f)) {
			return false
		}
		d.text = f[d.TextOff : d.TextOff+d.TextLen : d.TextOff+d.TextLen]
	}
	return true
}

// Has reports whether c holds the doc whose Doc.Key is key: a Build reusing
// c then reads nothing of that Doc but its URL, SectionTitle, Date and
// DateISO, and its Body may be left empty.
func (c *Cache) Has(key uint64) bool { return c.lookup(key) != nil }

// docKey is a Doc's key when the caller gives none: a hash of what its
// terms and text are made from.
func docKey(d *Doc) uint64 {
	h := keyhash.New()
	h.Strings("search.Doc", d.Title, d.Body)
	h.Strings(d.Headings...)
	return h.Sum64() | 1 // never 0, which means no key
}

// scratch is one worker's buffers for countDoc, reused doc after doc: only
// what a doc contributes to the index is allocated for it. Its vocabulary
// grows over all the docs the worker counts.
type scratch struct {
	body  []byte  // the doc's body, when it has BodyFrom
	rs    []rune  // the doc's text, folded
	off   []int32 // its UTF-16 offsets (utf16Offsets), when a rune takes two units
	u16   []byte  // the text, UTF-16LE
	hrs   []rune  // a heading, folded
	voc   *localVocab
	slots []docSlot // by local id: the term's posting in the doc, when gen is the doc's
	gen   uint32
	// titleEnd is where the doc's body starts (UTF-16), bodyLen counts
	// its tokens.
	titleEnd int32
	bodyLen  int
	ps       []posting // the doc's postings, in the order their terms were met
	lids     []int32   // their terms' local ids
	order    []int32
	tails    []byte
}

func newScratch() *scratch {
	s := &scratch{voc: &localVocab{word: map[string]int32{}}}
	s.voc.han.reset(0)
	return s
}

// docSlot is where a term's posting is in the doc being counted, if gen is
// the doc's.
type docSlot struct {
	gen uint32
	i   int32
}

// localVocab is the terms one worker met, numbered in the order met (local
// ids). A doc is counted by local ids, and BuildReusing gives each local term
// its index in Cache.Vocab once all docs are counted: a lookup per term of
// the worker's, not per term of every doc.
type localVocab struct {
	han   hanTable         // Han key or shortWord key → local id
	keys  int              // how many han holds
	word  map[string]int32 // the other words → local id
	terms []localTerm      // by local id
	ids   []int32          // by local id: the term's index in its partition's vocabulary, once given
}

// addHan adds the Han key, which v.han has just given id.
func (v *localVocab) addHan(key hanKey, id int32) {
	v.keys++
	v.terms = append(v.terms, localTerm{han: key, part: partOfHan(key)})
}

// shortWord returns a key for a word of at most 8 ASCII characters, which
// the table of Han keys can then hold: bit 62 set (no Han key has it) and
// the characters 7 bits each (none is 0). Most words are: a lookup by key
// costs a fraction of a map's by string.
func shortWord(w []rune) (hanKey, bool) {
	if len(w) > 8 {
		return 0, false
	}
	k := hanKey(1 << 62)
	for i, r := range w {
		if r >= utf8.RuneSelf {
			return 0, false
		}
		k |= hanKey(r) << (7 * i)
	}
	return k, true
}

type localTerm struct {
	han  hanKey // 0 for a word
	word string
	part uint8 // partOfHan or partOfWord
}

// id returns the local id of a token's term (its Han key, or its word's
// runes), adding the term when it is new.
// lookup returns the id of key in the table (Han tokens and short words),
// or, with false, the id it is to have; the table grows first if needed.
func (v *localVocab) lookup(key hanKey) (int32, bool) {
	if 2*(v.keys+1) > v.han.size {
		v.han.double()
	}
	return v.han.get(key, int32(len(v.terms)))
}

func (v *localVocab) id(han hanKey, word []rune) int32 {
	key, short := han, false
	if word != nil {
		key, short = shortWord(word)
	}
	if word == nil || short {
		i, ok := v.lookup(key)
		if !ok {
			if short {
				v.keys++
				term := string(word) // ASCII
				v.terms = append(v.terms, localTerm{word: term, part: partOfWord(term)})
			} else {
				v.addHan(key, i)
			}
		}
		return i
	}
	var buf [4 * maxTokenRunes]byte
	b := buf[:0]
	for _, r := range word {
		b = utf8.AppendRune(b, r)
	}
	i, ok := v.word[string(b)] // no string is made for a word seen before
	if !ok {
		term := string(b)
		i = int32(len(v.terms))
		v.word[term] = i
		v.terms = append(v.terms, localTerm{word: term, part: partOfWord(term)})
	}
	return i
}

// hanTable maps keys (of Han tokens, and of short words: see shortWord) to
// int32s, a worker's local ids (localVocab) or a partition's ids:
// open addressing with linear probing, over the first size slots. A slot
// is empty unless its gen is the table's, so that emptying it only bumps gen.
type hanTable struct {
	slots []hanSlot
	size  int
	shift uint8
	gen   uint32
}

type hanSlot struct {
	key hanKey
	val int32
	gen uint32
}

// reset empties t for a doc of about hint Han tokens.
func (t *hanTable) reset(hint int) {
	t.size = 64
	for t.size < 2*hint {
		t.size *= 2
	}
	t.clear()
}

// clear empties t, making room for size slots.
func (t *hanTable) clear() {
	t.shift = uint8(64 - bits.TrailingZeros(uint(t.size)))
	if len(t.slots) < t.size {
		t.slots = make([]hanSlot, t.size)
		t.gen = 0
	}
	if t.gen++; t.gen == 0 { // wrapped: an old slot could look current
		clear(t.slots)
		t.gen = 1
	}
}

// get returns the value of k, and whether it was there; when it was not,
// it is added with value next. At most size/2 keys are added: see grow.
func (t *hanTable) get(k hanKey, next int32) (int32, bool) {
	mask := uint64(t.size - 1)
	for i := (uint64(k) * 0x9E3779B97F4A7C15) >> t.shift; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.gen != t.gen {
			*s = hanSlot{k, next, t.gen}
			return next, false
		}
		if s.key == k {
			return s.val, true
		}
	}
}

// double doubles t's size, keeping what it holds (rehashed from its
// slots: no list of its keys need be kept beside it).
func (t *hanTable) double() {
	old, gen := t.slots[:t.size], t.gen
	t.size *= 2
	t.slots = nil // a new array, old is read below
	t.clear()
	for _, s := range old {
		if s.gen == gen {
			t.get(s.key, s.val)
		}
	}
}

// grow doubles t's size, holding keys[i] → vals[i] (→ i when vals is nil).
func (t *hanTable) grow(keys []hanKey, vals []int32) {
	t.size *= 2
	t.clear()
	for i, k := range keys {
		v := int32(i)
		if vals != nil {
			v = vals[i]
		}
		t.get(k, v)
	}
}

// counted is a doc as countDoc tokenised it: the local ids (in voc) of its
// terms, grouped by partition (partOfHan, partOfWord), those of partition p
// being lids[pb[p]:pb[p+1]]; tails and lens are as in docTerms, for the
// terms in that order.
type counted struct {
	voc   *localVocab
	lids  []int32
	pb    [partitions + 1]int32
	tails []byte
	lens  []byte
	q     uint8
	text  []byte
}

// load sets s.rs to the folded runes of "title\nbody", with every run of
// white space in the title and in the body made one space and none at
// either end (as collapse does), s.off to their UTF-16 offsets and s.u16 to
// the text (unfolded) as UTF-16LE. It returns the title's length in UTF-16
// units, and whether s.off is needed (else the offsets are the indexes). One
// pass does what collapse, []rune and appendUTF16LE did.
func (s *scratch) load(title, body string) (int32, bool) {
	s.rs, s.u16 = s.rs[:0], s.u16[:0]
	wide := s.collapse(title)
	titleEnd := int32(len(s.u16) / 2)
	s.rs = append(s.rs, '\n')
	s.u16 = append(s.u16, '\n', 0)
	wide = s.collapse(body) || wide
	if wide {
		s.off = utf16Offsets(s.rs, s.off)
	}
	return titleEnd, wide
}

// collapse appends str to s.rs and s.u16 (see load). It reports whether a
// rune of it takes two UTF-16 units.
func (s *scratch) collapse(str string) bool {
	// Written by index, into room for the most str can take: a rune and
	// two UTF-16 bytes for each of its bytes (a space stands for one byte
	// of white space or more). Appending checked the room twice a rune.
	rs, u16 := slices.Grow(s.rs, len(str)), slices.Grow(s.u16, 2*len(str))
	j, k := len(rs), len(u16)
	rs, u16 = rs[:cap(rs)], u16[:cap(u16)]
	start, wide, space := j, false, false
	for i := 0; i < len(str); {
		c, r, n := str[i], rune(str[i]), 1
		switch {
		case c > ' ' && c < utf8.RuneSelf: // ASCII, not white space: most of a Latin text
			if space {
				rs[j], u16[k], u16[k+1] = ' ', ' ', 0
				j, k, space = j+1, k+2, false
			}
			u16[k], u16[k+1] = c, 0
			if c >= 'A' && c <= 'Z' { // fold
				c += 'a' - 'A'
			}
			rs[j] = rune(c)
			i, j, k = i+1, j+1, k+2
			continue
		case c < utf8.RuneSelf:
		case c >= 0xE1 && c <= 0xEF && c != 0xED && i+2 < len(str) && str[i+1]&0xC0 == 0x80 && str[i+2]&0xC0 == 0x80:
			// Three bytes (most Chinese), from leads that need no check
			// beyond continuation bytes (not E0, overlong; ED, surrogates).
			r, n = rune(c&0x0F)<<12|rune(str[i+1]&0x3F)<<6|rune(str[i+2]&0x3F), 3
		default:
			r, n = utf8.DecodeRuneInString(str[i:]) // an invalid byte is U+FFFD, as in a range loop
		}
		i += n
		if (r <= ' ' || r >= 0x85 && r <= 0x3000) && unicode.IsSpace(r) { // no white space beyond U+3000
			space = j > start
			continue
		}
		if space {
			rs[j], u16[k], u16[k+1] = ' ', ' ', 0
			j, k, space = j+1, k+2, false
		}
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			u16[k], u16[k+1], u16[k+2], u16[k+3] = byte(r1), byte(r1>>8), byte(r2), byte(r2>>8)
			k += 4
			wide = true
		} else {
			u16[k], u16[k+1] = byte(r), byte(r>>8)
			k += 2
		}
		rs[j] = fold(r)
		j++
	}
	s.rs, s.u16 = rs[:j], u16[:k]
	return wide
}

// countDoc tokenises one doc: the title and body (with positions) and the
// headings (counts only).
func countDoc(d *Doc, s *scratch) *counted {
	body := d.Body
	if d.BodyFrom != nil {
		s.body = d.BodyFrom(s.body[:0])
		body = unsafe.String(unsafe.SliceData(s.body), len(s.body)) // s.body is not written until the next doc
	}
	titleEnd, wide := s.load(d.Title, body)
	var off []int32
	if wide {
		off = s.off
	}
	if s.gen++; s.gen == 0 { // wrapped: an old slot could look current
		clear(s.slots)
		s.gen = 1
	}
	s.ps, s.lids = s.ps[:0], s.lids[:0]
	s.titleEnd, s.bodyLen = titleEnd, 0
	// The Han runs are counted here, a token at a time without a call of
	// emit (most of a Chinese text's tokens).
	rs := s.rs
	hanRun := func(i, j int) {
		for k := i; k < j; k++ {
			pos := int32(k)
			if off != nil {
				pos = off[k]
			}
			s.countHan(han1(rs[k]), pos)
			if k+1 < j {
				s.countHan(han2(rs[k], rs[k+1]), pos)
			}
		}
	}
	eachTermRuns(rs, off, false, func(t token) { s.count(t.han, t.word, t.pos) }, hanRun)
	bodyLen := s.bodyLen
	for _, h := range d.Headings {
		s.hrs = s.hrs[:0]
		for _, r := range h {
			s.hrs = append(s.hrs, fold(r))
		}
		eachTermFolded(s.hrs, nil, false, func(t token) { // positions are not used
			if p := s.posting(t.han, t.word); p.h < math.MaxUint16 {
				p.h++
			}
		})
	}
	ps := s.ps
	// Group the terms by partition (a counting sort), so that each
	// partition's merge reads only its own, and encode them.
	terms := s.voc.terms
	c := &counted{voc: s.voc, q: uint8(lenBucket(bodyLen)), text: bytes.Clone(s.u16)}
	for _, id := range s.lids {
		c.pb[terms[id].part+1]++
	}
	var next [partitions]int32 // where the next term of partition p goes in the order
	for p := range partitions {
		c.pb[p+1] += c.pb[p]
		next[p] = c.pb[p]
	}
	s.order = slices.Grow(s.order[:0], len(ps))[:len(ps)]
	for i, id := range s.lids {
		p := terms[id].part
		s.order[next[p]] = int32(i)
		next[p]++
	}
	c.lids = make([]int32, len(ps))
	c.lens = make([]byte, len(ps))
	tails := s.tails[:0]
	for j, i := range s.order {
		c.lids[j] = s.lids[i]
		p := &ps[i]
		start := len(tails)
		tails = appendVarint(tails, packCounts(int(p.b), min(int(p.h), tfCapField), min(int(p.t), tfCapField)))
		last := int32(0)
		for _, x := range p.pos[:p.np] {
			tails = appendVarint(tails, int(x-last))
			last = x
		}
		c.lens[j] = byte(len(tails) - start)
	}
	s.tails = tails
	c.tails = bytes.Clone(tails)
	return c
}

// count counts a token of the doc's title or body (its Han key, or its
// word's runes) at pos.
func (s *scratch) count(han hanKey, word []rune, pos int32) {
	s.tally(s.posting(han, word), pos, word == nil && han&bigramBit == 0)
}

// tally counts a token at pos in its posting p, keeping its position while
// there is room; a single Han character (single) keeps one position only.
func (s *scratch) tally(p *posting, pos int32, single bool) {
	keep := false
	if pos < s.titleEnd {
		if p.t < math.MaxUint16 {
			p.t++
		}
		keep = p.t <= tfCapField
	} else {
		p.b++
		s.bodyLen++
		keep = p.b <= posCap
	}
	if keep && !(single && p.np > 0) {
		p.pos[p.np] = pos
		p.np++
	}
}

// countHan is count of a Han token, with posting's and id's lookups
// written out: most tokens of a Chinese text are Han, and three calls a
// token took a quarter of the counting.
func (s *scratch) countHan(key hanKey, pos int32) {
	id, ok := s.voc.lookup(key)
	if !ok {
		s.voc.addHan(key, id)
	}
	s.tally(s.local(id), pos, key&bigramBit == 0)
}

// posting returns the posting in the doc countDoc counts of a token (its
// Han key, or its word's runes). The pointer is only valid until the next
// call.
func (s *scratch) posting(han hanKey, word []rune) *posting {
	return s.local(s.voc.id(han, word))
}

// local returns the doc's posting of vocabulary id, made on its first use
// in the doc. The pointer is only valid until the next call.
func (s *scratch) local(id int32) *posting {
	if int(id) == len(s.slots) { // a new term: local ids are given in order
		s.slots = append(s.slots, docSlot{})
	}
	sl := &s.slots[id]
	if sl.gen != s.gen {
		*sl = docSlot{s.gen, int32(len(s.ps))}
		s.ps = append(s.ps, posting{})
		s.lids = append(s.lids, id)
	}
	return &s.ps[sl.i]
}

// hanKeyOf returns the key of term when it is a Han token (one or two Han
// characters; a word never holds one).
func hanKeyOf(term string) (hanKey, bool) {
	r1, n := utf8.DecodeRuneInString(term)
	if !isHan(r1) {
		return 0, false
	}
	if n == len(term) {
		return han1(r1), true
	}
	r2, m := utf8.DecodeRuneInString(term[n:])
	if !isHan(r2) || n+m != len(term) {
		return 0, false
	}
	return han2(r1, r2), true
}

// pack is c as a docTerms, its terms' indexes in their partitions'
// vocabularies (c.voc.ids) encoded; the tails and their lengths are c's.
// It sets seg to where each partition's terms start in it.
func (c *counted) pack(key uint64, seg *[partitions + 1]segment) *docTerms {
	dt := &docTerms{Key: key, Q: c.q, text: c.text, Tails: c.tails, Lens: c.lens,
		Ids: make([]byte, 0, 2*len(c.lids)+partitions)}
	ids := c.voc.ids
	tail := int32(0)
	for p := range partitions {
		lo, hi := c.pb[p], c.pb[p+1]
		seg[p] = segment{int32(len(dt.Ids)), lo, tail}
		dt.Ids = binary.AppendUvarint(dt.Ids, uint64(hi-lo))
		for _, id := range c.lids[lo:hi] {
			dt.Ids = binary.AppendUvarint(dt.Ids, uint64(ids[id]))
		}
		for _, l := range c.lens[lo:hi] {
			tail += int32(l)
		}
	}
	seg[partitions] = segment{int32(len(dt.Ids)), c.pb[partitions], tail}
	return dt
}

// segments sets seg[p] to where partition p's terms start in dt (as pack
// does for a doc it packs).
func (dt *docTerms) segments(seg *[partitions + 1]segment) {
	var at segment
	for p := range partitions {
		seg[p] = at
		cnt, w := binary.Uvarint(dt.Ids[at.ids:])
		at.ids += int32(w)
		for range cnt {
			_, w := binary.Uvarint(dt.Ids[at.ids:])
			at.ids += int32(w)
			at.tail += int32(dt.Lens[at.term])
			at.term++
		}
	}
	seg[partitions] = at
}

// partOf spreads terms over the partitions that are merged in parallel.
func partOfHan(k hanKey) uint8  { return uint8((uint64(k) * 0x9E3779B97F4A7C15) >> 60) }
func partOfWord(w string) uint8 { return uint8(fnv1a(w) % partitions) }

// encTerm is one term's encoded posting list.
type encTerm struct {
	term string
	enc  []byte // for a term not hot
	df   int
	hot  bool   // its list was too long for a shard: it gets a file of its own,
	file []byte // which is this, its list written straight into it
}

// segment is where a partition's terms start in a docTerms: in Ids, in
// Lens (the index of the first) and in Tails.
type segment struct{ ids, term, tail int32 }

// digits[c] is the value of c as a digit of appendVarint, +1 (0: not one).
var digits = func() (d [256]uint8) {
	for i := range len(lenAlphabet) {
		d[lenAlphabet[i]] = uint8(i + 1)
	}
	return d
}()

// packCounts is how a posting stores its counts (see the package comment),
// the title's and headings' capped at tfCapField.
func packCounts(body, heading, title int) int {
	if heading == 0 && title == 0 {
		return 2 * body
	}
	return 2*(body*16+heading*4+title) + 1
}

// unpackCounts turns packCounts's value into body*16 + heading*4 + title,
// the form the ranking reads.
func unpackCounts(v int) int {
	if v&1 == 0 {
		return v / 2 * 16
	}
	return v >> 1
}

// hotLen returns how long tail is in a hot term's list: the counts, then the
// title's kept positions (min(title_tf,3)) and at most hotPosCap of the body's.
// The counts' first digit holds min(title_tf,3) in bits 1–2 when its bit 0
// is set (else the title has none); each value ends with a digit below 32.
func hotLen(tail []byte) int32 {
	keep := hotPosCap + 1
	if d := digits[tail[0]] - 1; d&1 != 0 {
		keep += int(d>>1) & 3
	}
	for i, c := range tail {
		if digits[c] <= 32 {
			if keep--; keep == 0 {
				return int32(i + 1)
			}
		}
	}
	return int32(len(tail))
}

// Build indexes docs and returns the index files keyed by their site path
// ("/search/meta.json", "/search/s/0.json", …). It fails on an empty or
// duplicate URL. The output depends only on the set of docs, not their order.
func Build(docs []Doc) (map[string][]byte, Stats, error) {
	files, st, _, err := BuildReusing(docs, nil)
	return files, st, err
}

// BuildReusing is Build reusing what last learned (nil: nothing): a doc whose
// key (Doc.Key) last holds is not tokenised again. The files are byte for
// byte Build's. It also returns what this Build learned, for the next.
func BuildReusing(docs []Doc, last *Cache) (map[string][]byte, Stats, *Cache, error) {
	list := make([]Doc, 0, len(docs))
	var errs diag.List
	seen := make(map[string]string, len(docs))
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
		return nil, Stats{}, nil, err
	}
	// Ids: newest first, then by URL, so equal scores list the newer page first.
	sort.Slice(list, func(i, j int) bool {
		if list[i].DateISO != list[j].DateISO {
			return list[i].DateISO > list[j].DateISO
		}
		return list[i].URL < list[j].URL
	})
	n := len(list)

	// Tokenise the docs not in last, in parallel.
	if last != nil && last.Format != cacheFormat {
		last = nil
	}
	dts := make([]*docTerms, n)
	segs := make([][partitions + 1]segment, n) // segs[id][p]: where partition p's terms start in dts[id]
	cs := make([]*counted, n)
	keys := make([]uint64, n)
	// Scratches are taken from a list, not a sync.Pool, which may drop one
	// (and its vocabulary) on any GC: a vocabulary must be given its ids
	// once, with those of every other.
	var scratches, free []*scratch
	var mu sync.Mutex
	var reused atomic.Int64
	parallel.For(n, func(id int) {
		d := &list[id]
		key := d.Key
		if key == 0 {
			if d.BodyFrom != nil { // the key is of the body
				d.Body, d.BodyFrom = string(d.BodyFrom(nil)), nil
			}
			key = docKey(d)
		}
		keys[id] = key
		if dt := last.lookup(key); dt != nil {
			dts[id] = dt
			dt.segments(&segs[id])
			reused.Add(1)
			return
		}
		mu.Lock()
		var s *scratch
		if k := len(free); k > 0 {
			s, free = free[k-1], free[:k-1]
		} else {
			s = newScratch()
			scratches = append(scratches, s)
		}
		mu.Unlock()
		cs[id] = countDoc(d, s)
		mu.Lock()
		free = append(free, s)
		mu.Unlock()
	})
	// Give the terms of the workers' vocabularies their ids, a partition
	// at a time, in parallel: a term of last's Vocab keeps its id, the new
	// ones are added in order (Han keys, then words), so that the ids do
	// not depend on which worker counted which doc.
	var vocab [partitions][]string
	if last != nil {
		vocab = last.Vocab
	}
	if len(scratches) > 0 {
		for _, s := range scratches {
			s.voc.ids = make([]int32, len(s.voc.terms))
		}
		parallel.For(partitions, func(p int) {
			voc := slices.Clip(vocab[p]) // last's is not changed
			// The Han terms' indexes in a hanTable (hk[i] → hv[i]), the words' in a map.
			var hanIdx hanTable
			hanIdx.reset(len(voc))
			var hk []hanKey
			var hv []int32
			wordIdx := map[string]int32{}
			for k, t := range voc {
				if h, ok := hanKeyOf(t); ok {
					hanIdx.get(h, int32(k))
					hk, hv = append(hk, h), append(hv, int32(k))
				} else {
					wordIdx[t] = int32(k)
				}
			}
			// A new term first gets len(voc) + the index of its entry in added.
			old := int32(len(voc))
			type addedTerm struct {
				localTerm
				i int32
			}
			var added []addedTerm
			for _, s := range scratches {
				v := s.voc
				for id, t := range v.terms {
					if t.part != uint8(p) {
						continue
					}
					next := old + int32(len(added))
					k, ok := next, false
					if t.han != 0 {
						if 2*(len(hk)+1) > hanIdx.size {
							hanIdx.grow(hk, hv)
						}
						if k, ok = hanIdx.get(t.han, next); !ok {
							hk, hv = append(hk, t.han), append(hv, k)
						}
					} else if k, ok = wordIdx[t.word]; !ok {
						k = next
						wordIdx[t.word] = k
					}
					if !ok {
						added = append(added, addedTerm{t, int32(len(added))})
					}
					v.ids[id] = k
				}
			}
			slices.SortFunc(added, func(a, b addedTerm) int {
				if (a.han == 0) != (b.han == 0) {
					return cmp.Compare(b.han, a.han) // Han terms first
				}
				if a.han != 0 {
					return cmp.Compare(a.han, b.han)
				}
				return strings.Compare(a.word, b.word)
			})
			final := make([]int32, len(added)) // by first index: the id in voc
			for j, a := range added {
				final[a.i] = old + int32(j)
				if a.han != 0 {
					voc = append(voc, a.han.String())
				} else {
					voc = append(voc, a.word)
				}
			}
			for _, s := range scratches {
				v := s.voc
				for id, t := range v.terms {
					if t.part == uint8(p) && v.ids[id] >= old {
						v.ids[id] = final[v.ids[id]-old]
					}
				}
			}
			vocab[p] = voc
		})
		parallel.For(n, func(id int) {
			if cs[id] != nil {
				dts[id] = cs[id].pack(keys[id], &segs[id])
				cs[id] = nil
			}
		})
	}
	lens := make([]byte, n)
	var sumdl float64
	for id, dt := range dts {
		lens[id] = lenAlphabet[dt.Q]
		sumdl += float64(lenTable[dt.Q])
	}
	avgdl := 1.0
	if n > 0 && sumdl > 0 {
		avgdl = math.Round(sumdl/float64(n)*100) / 100
	}

	// Invert, a partition at a time, in parallel: each reads its segment of
	// every doc in id order twice, to size each term's list (and see which
	// are hot), then to write the lists.
	encs := make([][]encTerm, partitions)
	parallel.For(partitions, func(p int) {
		nk := len(vocab[p])
		// A term's list: its size, the last doc added, its df, and
		// where it is written, buf[:end].
		type list struct {
			size, last, df, end int32
			buf                 []byte
		}
		ls := make([]list, nk)
		for id, dt := range dts {
			at := segs[id][p]
			cnt, i := uvarint(dt.Ids, int(at.ids))
			term := at.term
			for range cnt {
				var k int
				k, i = uvarint(dt.Ids, i)
				l := &ls[k]
				l.size += int32(varintLen(id-int(l.last))) + int32(dt.Lens[term])
				l.last = int32(id)
				l.df++
				term++
			}
		}
		// The lists not hot, one after another in one array; a hot one is
		// written into its file, which its full size leaves room enough
		// for (it takes less) and which a copy of it no longer has to be.
		at := 0
		for k := range ls {
			if l := &ls[k]; l.df > 0 && l.size <= hotBytes {
				at += int(l.size)
			}
		}
		arena := make([]byte, at)
		at = 0
		for k := range ls {
			l := &ls[k]
			switch {
			case l.df == 0:
			case l.size <= hotBytes:
				l.buf = arena[at : at+int(l.size)]
				at += int(l.size)
			default:
				head := jsonString(vocab[p][k])
				l.buf = make([]byte, 0, 1+len(head)+2+int(l.size)+2)
				l.buf = append(append(append(l.buf, '{'), head...), ':', '"')
				l.end = int32(len(l.buf))
				l.buf = l.buf[:cap(l.buf)]
			}
			l.last = 0
		}
		for id, dt := range dts {
			at := segs[id][p]
			cnt, i := uvarint(dt.Ids, int(at.ids))
			term, tail := at.term, at.tail
			for range cnt {
				var k int
				k, i = uvarint(dt.Ids, i)
				l := &ls[k]
				n := int32(dt.Lens[term])
				t := dt.Tails[tail : tail+n]
				tail += n
				term++
				if l.size > hotBytes {
					t = t[:hotLen(t)]
				}
				b, e := l.buf, l.end
				for v := id - int(l.last); ; v >>= 5 { // appendVarint
					if v < 32 {
						b[e] = lenAlphabet[v]
						break
					}
					b[e] = lenAlphabet[32|v&31]
					e++
				}
				l.end = e + 1 + int32(copy(b[e+1:], t))
				l.last = int32(id)
			}
		}
		var out []encTerm
		for k, l := range ls {
			switch {
			case l.df == 0:
			case l.size <= hotBytes:
				out = append(out, encTerm{term: vocab[p][k], enc: l.buf[:l.end:l.end], df: int(l.df)})
			default:
				out = append(out, encTerm{term: vocab[p][k], df: int(l.df), hot: true, file: append(l.buf[:l.end], '"', '}')})
			}
		}
		encs[p] = out
	})

	// Big lists get files of their own ("hot" terms, listed in meta.json); the
	// rest go to shards sized from their total.
	var hot []*encTerm
	nTerms, total := 0, 0
	for p := range encs {
		for i := range encs[p] {
			e := &encs[p][i]
			nTerms++
			if e.hot {
				hot = append(hot, e)
			} else {
				total += len(e.enc) + len(e.term) + 6
			}
		}
	}
	sort.Slice(hot, func(i, j int) bool { return hot[i].term < hot[j].term })
	nShards := max(1, (total+shardTarget-1)/shardTarget)
	shardTerms := make([][]*encTerm, nShards)
	for p := range encs {
		for i := range encs[p] {
			if e := &encs[p][i]; !e.hot {
				k := fnv1a(e.term) % uint32(nShards)
				shardTerms[k] = append(shardTerms[k], e)
			}
		}
	}
	st := Stats{Docs: n, Terms: nTerms, Shards: nShards, Hot: len(hot), Reused: int(reused.Load())}
	shardFiles := make([][]byte, nShards)
	parallel.For(nShards, func(k int) {
		ts := shardTerms[k]
		slices.SortFunc(ts, func(a, b *encTerm) int { return strings.Compare(a.term, b.term) })
		shardFiles[k] = termFile(ts)
	})
	files := map[string][]byte{}
	for k, b := range shardFiles {
		files[fmt.Sprintf(shardPathFmt, k)] = b
		st.MaxShard = max(st.MaxShard, len(b))
	}
	hotTerms := make([]string, len(hot))
	for i, e := range hot {
		b := e.file
		files[fmt.Sprintf(hotPathFmt, i)] = b
		st.MaxShard = max(st.MaxShard, len(b))
		hotTerms[i] = e.term
	}
	files[vocabPath] = vocabFile(encs)

	// Text and offset files, docsPerFile docs each.
	nChunks := (n + docsPerFile - 1) / docsPerFile
	textFiles := make([][]byte, nChunks)
	offFiles := make([][]byte, nChunks)
	textAt := make([][2]int32, n) // each doc's text in its text file: from, to
	parallel.For(nChunks, func(k int) {
		var o []byte
		size := 0
		for id := k * docsPerFile; id < min(n, (k+1)*docsPerFile); id++ {
			d := &list[id]
			size += 2*(len(d.URL)+len(d.SectionTitle)+len(d.Date)+len(d.DateISO)+5) + len(dts[id].text)
		}
		b := make([]byte, 0, size) // enough: no header has more UTF-16 units than bytes
		prev, at := 0, 0
		for id := k * docsPerFile; id < min(n, (k+1)*docsPerFile); id++ {
			o = appendVarint(o, at-prev)
			prev = at
			d := &list[id]
			var u int
			b, u = appendUTF16LE(b, string(recordSep)+d.URL+string(headerSep)+d.SectionTitle+string(headerSep)+d.Date+string(headerSep)+d.DateISO+string(headerSep))
			o = appendVarint(o, u)
			textAt[id][0] = int32(len(b))
			b = append(b, dts[id].text...)
			textAt[id][1] = int32(len(b))
			at += u + len(dts[id].text)/2
		}
		o = appendVarint(o, at-prev)
		textFiles[k] = b
		offFiles[k] = []byte(`{"o":"` + string(o) + `"}`)
	})
	for k := range nChunks {
		files[fmt.Sprintf(textPathFmt, k)] = textFiles[k]
		files[fmt.Sprintf(offsPathFmt, k)] = offFiles[k]
		st.TextBytes += len(textFiles[k])
	}
	st.Chunks = nChunks

	// Version: xxhash over every other file, in path order (FNV-1a, a byte
	// at a time, took 3 % of the index's time).
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	vh := xxhash.New()
	for _, p := range paths {
		vh.WriteString(p)
		vh.Write([]byte{0})
		vh.Write(files[p])
		vh.Write([]byte{0})
	}
	h := vh.Sum64()
	if hotTerms == nil {
		hotTerms = []string{}
	}
	files[metaPath] = marshal(metaJSON{Format: format, Version: fmt.Sprintf("%016x", h), Docs: n,
		Shards: nShards, Per: docsPerFile, AvgDL: avgdl, Lens: string(lens), Hot: hotTerms})
	for _, b := range files {
		st.Bytes += len(b)
	}
	nVocab := 0
	for _, v := range vocab {
		nVocab += len(v)
	}
	if nVocab > staleVocab*st.Terms+1<<12 {
		return files, st, nil, nil // mostly terms no doc has: start afresh
	}
	// The new Cache's docs are copies (last's are left as they are), with
	// where their text now is.
	c := &Cache{Format: cacheFormat, Vocab: vocab, Docs: make([]*CachedDoc, 0, n)}
	kept := make(map[uint64]bool, n)
	for id, dt := range dts {
		if kept[dt.Key] {
			continue
		}
		kept[dt.Key] = true
		nd := *dt
		k, at := id/docsPerFile, textAt[id]
		nd.text = textFiles[k][at[0]:at[1]:at[1]]
		nd.TextFile, nd.TextOff, nd.TextLen = int32(k), at[0], at[1]-at[0]
		c.Docs = append(c.Docs, &nd)
	}
	return files, st, c, nil
}

// uvarint decodes the uvarint at b[i], returning it and the index after
// it; most are one byte.
func uvarint(b []byte, i int) (int, int) {
	if c := b[i]; c < 0x80 {
		return int(c), i + 1
	}
	v, n := binary.Uvarint(b[i:])
	return int(v), i + n
}

func varintLen(v int) int {
	n := 1
	for ; v >= 32; v >>= 5 {
		n++
	}
	return n
}

// termFile is a JSON object of terms and their encoded postings, in the given
// order (sorted).
func termFile(ts []*encTerm) []byte {
	n := 2
	for _, e := range ts {
		n += len(e.term) + len(e.enc) + 8
	}
	b := bytes.NewBuffer(make([]byte, 0, n))
	b.WriteByte('{')
	for i, e := range ts {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(jsonString(e.term))
		b.WriteString(`:"`)
		b.Write(e.enc) // the alphabet needs no escaping
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.Bytes()
}

// vocabFile lists the terms a suggestion may offer: Han bigrams and Latin
// words of three letters or more found in two docs or more, most frequent
// first.
func vocabFile(encs [][]encTerm) []byte {
	var hanT, words []*encTerm
	for p := range encs {
		for i := range encs[p] {
			e := &encs[p][i]
			if e.df < 2 {
				continue
			}
			rs := []rune(e.term)
			switch {
			case len(rs) == 2 && isHan(rs[0]) && isHan(rs[1]):
				hanT = append(hanT, e)
			case len(rs) >= 3 && !strings.ContainsFunc(e.term, func(r rune) bool { return !unicode.IsLetter(r) }):
				words = append(words, e)
			}
		}
	}
	var out []string
	for _, l := range []struct {
		ts  []*encTerm
		max int
	}{{hanT, vocabHan}, {words, vocabWords}} {
		sort.Slice(l.ts, func(i, j int) bool {
			if l.ts[i].df != l.ts[j].df {
				return l.ts[i].df > l.ts[j].df
			}
			return l.ts[i].term < l.ts[j].term
		})
		for i := 0; i < len(l.ts) && i < l.max; i++ {
			out = append(out, l.ts[i].term)
		}
	}
	if out == nil {
		out = []string{}
	}
	return marshal(map[string][]string{"v": out})
}

// appendUTF16LE appends s as UTF-16LE and returns how many code units it took.
func appendUTF16LE(b []byte, s string) ([]byte, int) {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			b = append(b, byte(r1), byte(r1>>8), byte(r2), byte(r2>>8))
			n += 2
			continue
		}
		b = append(b, byte(r), byte(r>>8))
		n++
	}
	return b, n
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

// jsonString is s as a JSON string, as marshal writes it. A term needs an
// escape only in the rarest cases: those go through marshal.
func jsonString(s string) []byte {
	if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool {
		return r < 0x20 || r == '"' || r == '\\' || r == '\u2028' || r == '\u2029'
	}) {
		return marshal(s)
	}
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

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

// decodeVarints is the inverse of appendVarint over a whole string.
func decodeVarints(s string) []int {
	var out []int
	v, mult := 0, 1
	for i := 0; i < len(s); i++ {
		c := strings.IndexByte(lenAlphabet, s[i])
		v += (c & 31) * mult
		if c >= 32 {
			mult *= 32
			continue
		}
		out = append(out, v)
		v, mult = 0, 1
	}
	return out
}
