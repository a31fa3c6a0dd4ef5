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
//     between two ASCII digits (391.38 is one token). Tokens are cut to 32 code
//     points. In index mode a token containing '.' also yields the part before
//     the first '.', so 391 finds 391.38.

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
	var buf [4 * maxTokenRunes]byte
	eachTerm(text, query, func(k hanKey) {
		emit(k.appendUTF8(buf[:0]))
	}, func(word []rune) {
		b := buf[:0]
		for _, r := range word {
			b = utf8.AppendRune(b, r)
		}
		emit(b)
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

// eachTerm is the tokeniser (the rules at the top of this file): it calls
// han for every Han token and word for every word token, in order. word's
// runes are only valid during the call.
func eachTerm(text string, query bool, han func(hanKey), word func([]rune)) {
	rs := []rune(text)
	for i, r := range rs {
		rs[i] = fold(r)
	}
	n := len(rs)
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
					han(han1(rs[i]))
				}
				for k := i; k+1 < j; k += 2 {
					han(han2(rs[k], rs[k+1]))
				}
				if (j-i)%2 == 1 && j-i > 1 {
					han(han2(rs[j-2], rs[j-1]))
				}
			} else {
				for k := i; k < j; k++ {
					han(han1(rs[k]))
					if k+1 < j {
						han(han2(rs[k], rs[k+1]))
					}
				}
			}
			i = j
		case isWord(r):
			j := i
			dot := -1
			for j < n {
				if isWord(rs[j]) {
					j++
					continue
				}
				if rs[j] == '.' && j > i && isDigit(rs[j-1]) && j+1 < n && isDigit(rs[j+1]) {
					if dot < 0 {
						dot = j
					}
					j++
					continue
				}
				break
			}
			w := rs[i:j]
			if len(w) > maxTokenRunes {
				w = w[:maxTokenRunes]
			}
			word(w)
			if !query && dot >= 0 && dot-i < len(w) {
				word(rs[i:dot])
			}
			i = j
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
