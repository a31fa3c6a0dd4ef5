package search

// Tokeniser. THE SAME RULES ARE IMPLEMENTED IN static/js/search.js; both sides are
// checked against testdata/tokenize.json. Change both, and the fixtures, together.
//
//  1. Folding, per code point (never changes the UTF-16 length of the text, so the
//     client can highlight in the original string at the same offsets):
//     U+FF01..U+FF5E (full-width ASCII) → U+0021..U+007E; U+3000 (ideographic
//     space) → U+0020; then A–Z → a–z and À–Þ (except ×) → à–þ. Nothing else is
//     case-folded.
//  2. Classes: "Han" is CJK ideographs, kana and Hangul by fixed code-point ranges
//     (see isHan). "Word" is ASCII a–z 0–9, and outside ASCII any non-Han letter
//     (L), decimal digit (Nd) or mark (M). Everything else separates tokens.
//  3. A Han run yields, in index mode, c0, c0c1, c1, c1c2, c2 … (every single
//     character and every bigram, in that order). In query mode it yields the
//     bigrams that tile it without overlap, c0c1, c2c3, …, plus c(n-2)c(n-1) when
//     the length n is odd (罗荣桓 → 罗荣 荣桓; 衡东土菜文化节 → 衡东 土菜 文化 化节),
//     or the single character when n is 1. Every character is covered, and a long
//     query fetches half the terms that all bigrams would.
//  4. A word run is a maximal run of word characters; a '.' joins it when it sits
//     between two ASCII digits (391.38 is one token). The run is cut into pieces
//     where ASCII digits (with such dots) meet other characters, so iPhone15
//     gives iphone, 15 as "iPhone 15" does; the pieces of one run share a run
//     number, so a query can ask for them side by side. Tokens are cut to 32 code
//     points. In index mode a piece containing '.' also yields the part before
//     the first '.', so 391 finds 391.38.
//  5. Programming names: a run ending in a letter takes a following "++" or "#"
//     when no word character follows (c++, c#), and a '.' that follows neither a
//     word character nor a '.' and precedes a letter starts a run (.net). In index
//     mode such a token also yields its bare word (c, net).
//  6. Every token has a position: the UTF-16 offset of its first character in
//     the text (so the client can compare it with JavaScript string offsets).

import (
	"unicode"
	"unicode/utf8"
)

const (
	maxTokenRunes = 32
	// maxQueryTerms caps the distinct terms of one query (a pasted paragraph
	// would otherwise fetch dozens of shards); the rest are ignored.
	maxQueryTerms = 12
)

// fold maps one code point as in rule 1.
func fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == 0x3000:
		return ' '
	}
	switch {
	case r >= 'A' && r <= 'Z':
		r += 'a' - 'A'
	case r >= 0xC0 && r <= 0xDE && r != 0xD7:
		r += 0x20
	}
	return r
}

// isHan reports whether r belongs to the bigram-indexed scripts (rule 2).
func isHan(r rune) bool {
	switch {
	case r < 0x3040:
		return false
	case r <= 0x30FF: // hiragana, katakana
		return true
	case r >= 0x3400 && r <= 0x4DBF: // ext A
		return true
	case r >= 0x4E00 && r <= 0x9FFF: // unified ideographs
		return true
	case r >= 0xAC00 && r <= 0xD7AF: // hangul syllables
		return true
	case r >= 0xF900 && r <= 0xFAFF: // compatibility ideographs
		return true
	case r >= 0x20000 && r <= 0x323AF: // ext B–H, compatibility supplement
		return true
	}
	return false
}

// isWord reports whether a folded code point is part of a word run (rule 2).
func isWord(r rune) bool {
	if r < 0x80 {
		return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9')
	}
	if isHan(r) {
		return false
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Nd, r) || unicode.IsMark(r)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// Normalize folds s as the tokeniser does (rule 1).
func Normalize(s string) string {
	rs := []rune(s)
	for i, r := range rs {
		rs[i] = fold(r)
	}
	return string(rs)
}

// Tokenize splits text into index terms: every Han character and Han bigram,
// and every word/number (see the rules at the top of this file).
func Tokenize(text string) []string { return collect(text, false) }

// TokenizeQuery splits a query into the terms to look up: Han bigrams (or a lone
// Han character) and words/numbers. Duplicates are kept; callers dedupe.
func TokenizeQuery(text string) []string { return collect(text, true) }

func collect(text string, query bool) []string {
	var out []string
	eachToken(text, query, func(tok []byte) { out = append(out, string(tok)) })
	return out
}

// eachToken calls emit with the UTF-8 bytes of every token of text, in order.
// The bytes are only valid during the call.
func eachToken(text string, query bool, emit func(tok []byte)) {
	var buf [4*maxTokenRunes + 8]byte
	eachTerm(text, query, func(t token) {
		emit(t.appendUTF8(buf[:0]))
	})
}

// hanKey is a Han token as a number: one character, or a bigram (high bit
// set, the two characters in the bits below). The index counts Han tokens by
// key, which is much cheaper than by string.
type hanKey uint64

const bigramBit = 1 << 63

func han1(r rune) hanKey        { return hanKey(r) }
func han2(a, b rune) hanKey     { return bigramBit | hanKey(a)<<21 | hanKey(b) }
func (k hanKey) String() string { return string(k.appendUTF8(nil)) }

func (k hanKey) appendUTF8(b []byte) []byte {
	if k&bigramBit == 0 {
		return utf8.AppendRune(b, rune(k))
	}
	b = utf8.AppendRune(b, rune(k>>21&(1<<21-1)))
	return utf8.AppendRune(b, rune(k&(1<<21-1)))
}

// token is one token of a text, as eachTerm reports it.
type token struct {
	han  hanKey // the Han token, or 0 for a word
	word []rune // the word's runes (only valid during the call)
	pos  int32  // UTF-16 offset of its first character in the text
	run  int32  // the tokens of one Han run, or the pieces of one word run, share it
	alt  bool   // an extra index form (391 of 391.38, c of c++, net of .net): not a phrase piece
}

func (t token) appendUTF8(b []byte) []byte {
	if t.word == nil {
		return t.han.appendUTF8(b)
	}
	for _, r := range t.word {
		b = utf8.AppendRune(b, r)
	}
	return b
}

// isClassDigit: word runs split where ASCII digits (with the dots of a
// decimal) meet anything else (rule 4).
func isClassDigit(r rune) bool { return isDigit(r) || r == '.' }

// leadingDot reports whether the '.' at rs[i] starts a word (".net", rule 5).
func leadingDot(rs []rune, i int) bool {
	return rs[i] == '.' && i+1 < len(rs) && rs[i+1] >= 'a' && rs[i+1] <= 'z' &&
		(i == 0 || !isWord(rs[i-1]) && rs[i-1] != '.')
}

// eachTerm is the tokeniser (the rules at the top of this file): it calls emit
// for every token, in order.
func eachTerm(text string, query bool, emit func(token)) {
	rs := []rune(text)
	for i, r := range rs {
		rs[i] = fold(r)
	}
	eachTermFolded(rs, utf16Offsets(rs, nil), query, emit)
}

// utf16Offsets returns the UTF-16 offset of each of rs and of their end,
// appended to off[:0], or nil when every rune takes one unit (the offsets
// are then the indexes).
func utf16Offsets(rs []rune, off []int32) []int32 {
	i := 0
	for i < len(rs) && rs[i] < 0x10000 {
		i++
	}
	if i == len(rs) {
		return nil
	}
	off = off[:0]
	for k := range i + 1 {
		off = append(off, int32(k))
	}
	for ; i < len(rs); i++ {
		n := off[i] + 1
		if rs[i] >= 0x10000 {
			n++
		}
		off = append(off, n)
	}
	return off
}

// eachTermFolded is eachTerm over the folded runes of a text, with their
// UTF-16 offsets (utf16Offsets).
func eachTermFolded(rs []rune, off []int32, query bool, emit func(token)) {
	eachTermRuns(rs, off, query, emit, nil)
}

// eachTermRuns is eachTermFolded, except that in index mode, when hanRun
// is not nil, each Han run rs[i:j] goes to hanRun whole: it is to count the
// run's tokens as emit would have had them (every character and every
// bigram, at the offset of its first character), without a call for each.
// TestCountDoc holds countDoc's to the tokens of eachTerm.
func eachTermRuns(rs []rune, off []int32, query bool, emit func(token), hanRun func(i, j int)) {
	pos := func(i int) int32 {
		if off == nil {
			return int32(i)
		}
		return off[i]
	}
	n := len(rs)
	var run int32
	for i := 0; i < n; {
		r := rs[i]
		switch {
		case isHan(r):
			j := i
			for j < n && isHan(rs[j]) {
				j++
			}
			if query {
				if j-i == 1 {
					emit(token{han: han1(rs[i]), pos: pos(i), run: run})
				}
				for k := i; k+1 < j; k += 2 {
					emit(token{han: han2(rs[k], rs[k+1]), pos: pos(k), run: run})
				}
				if (j-i)%2 == 1 && j-i > 1 {
					emit(token{han: han2(rs[j-2], rs[j-1]), pos: pos(j - 2), run: run})
				}
			} else if hanRun != nil {
				hanRun(i, j)
			} else {
				for k := i; k < j; k++ {
					emit(token{han: han1(rs[k]), pos: pos(k), run: run})
					if k+1 < j {
						emit(token{han: han2(rs[k], rs[k+1]), pos: pos(k), run: run})
					}
				}
			}
			run++
			i = j
		case isWord(r) || leadingDot(rs, i):
			lead := r == '.'
			j := i
			if lead {
				j++
			}
			for j < n {
				if isWord(rs[j]) {
					j++
					continue
				}
				if rs[j] == '.' && j > i && isDigit(rs[j-1]) && j+1 < n && isDigit(rs[j+1]) {
					j++
					continue
				}
				break
			}
			end := j // the run without a suffix
			suffix := 0
			if !isClassDigit(rs[end-1]) && unicode.IsLetter(rs[end-1]) {
				switch {
				case end+1 < n && rs[end] == '+' && rs[end+1] == '+' && (end+2 == n || !isWord(rs[end+2])):
					suffix = 2
				case end < n && rs[end] == '#' && (end+1 == n || !isWord(rs[end+1])):
					suffix = 1
				}
			}
			// Pieces: split where digits meet letters (iphone15 → iphone 15).
			a := i
			if lead {
				a++
			}
			for a < end {
				b := a + 1
				for b < end && isClassDigit(rs[b]) == isClassDigit(rs[a]) {
					b++
				}
				s, e := a, b
				if lead && a == i+1 {
					s = i
				}
				if b == end {
					e = b + suffix
				}
				w := rs[s:e]
				if len(w) > maxTokenRunes {
					w = w[:maxTokenRunes]
				}
				emit(token{word: w, pos: pos(s), run: run})
				if !query {
					bare := rs[a:b] // without the leading dot or the suffix
					if len(bare) > maxTokenRunes {
						bare = bare[:maxTokenRunes]
					}
					if len(bare) != len(w) {
						emit(token{word: bare, pos: pos(a), run: run, alt: true})
					}
					for k, c := range bare {
						if c == '.' {
							emit(token{word: bare[:k], pos: pos(a), run: run, alt: true})
							break
						}
					}
				}
				a = b
			}
			run++
			i = end + suffix
		default:
			i++
		}
	}
}

// fnv1a is 32-bit FNV-1a over the UTF-8 bytes of s; the client computes the same.
func fnv1a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}
