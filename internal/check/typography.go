package check

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"

	"hengdong/internal/content"
	"hengdong/internal/diag"
)

// fullWidth is the Chinese mark for each ASCII mark the typography rule looks for.
var fullWidth = map[rune]rune{',': '，', '.': '。', '!': '！', '?': '？', ':': '：', ';': '；', '(': '（', ')': '）'}

// doubled are the marks that must not be written twice in a row (GB/T 15834);
// …… and —— are single marks made of two characters, so they are not here.
var doubled = map[rune]bool{'！': true, '？': true, '。': true, '，': true, '、': true, '；': true, '：': true}

func isHan(r rune) bool { return r >= 0x2E80 && unicode.Is(unicode.Han, r) }

// rr is one rune of a prose run and its byte offset in the body.
type rr struct {
	r   rune
	off int
}

// checkTypography reports Chinese typography slips in the prose of every
// Markdown page: ASCII punctuation between Han characters, doubled marks and
// spaces between Han characters. Code, raw HTML, URLs, shortcodes and front
// matter are left alone.
func (s *site) checkTypography() {
	s.eachPage(func(p *content.Page) {
		if p.File == "" || len(p.Body) == 0 || !mayHaveSlip(p.Body) {
			return // nothing to find: the body is not even parsed
		}
		var rs []rr // reused run to run
		for _, r := range s.proseRuns(p) {
			seg := p.Body[r.start:r.stop]
			var mask [][]int
			if mayHideNonProse(seg) { // most Chinese prose has none: skip the regexp
				mask = notProse.FindAllIndex(seg, -1)
			}
			masked := func(off int) bool {
				for _, m := range mask {
					if off >= m[0] && off < m[1] {
						return true
					}
				}
				return false
			}
			if !mayHaveSlip(seg) {
				continue
			}
			rs = rs[:0]
			for i := 0; i < len(seg); {
				c, size := utf8.DecodeRune(seg[i:])
				if mask != nil && masked(i) {
					c = 0
				}
				rs = append(rs, rr{c, r.start + i})
				i += size
			}
			at := func(k int, rule, msg, fix, detail string) {
				line, col := diag.LineCol(p.Body, rs[k].off)
				s.add(Finding{File: p.File, Line: line + p.BodyLine, Col: col, Rule: rule, Msg: msg, Fix: fix, Detail: detail})
			}
			for k := 0; k < len(rs); k++ {
				c := rs[k].r
				if k > 0 && isHan(rs[k-1].r) {
					// Han, ASCII marks, optional spaces, Han.
					if _, ok := fullWidth[c]; ok {
						j := k
						for j < len(rs) && fullWidth[rs[j].r] != 0 {
							j++
						}
						e := j
						for e < len(rs) && rs[e].r == ' ' {
							e++
						}
						if e < len(rs) && isHan(rs[e].r) {
							got, want := "", ""
							for _, m := range rs[k:j] {
								got += string(m.r)
								want += string(fullWidth[m.r])
							}
							fix := fmt.Sprintf("请改用中文标点“%s”", want)
							if e > j {
								fix += "，并去掉后面的空格"
							}
							at(k, RuleTypoASCII, fmt.Sprintf("汉字之间用了英文标点“%s”", got), fix, "ASCII punctuation between Han characters")
							k = e - 1
							continue
						}
					}
					// Han, spaces, Han.
					if c == ' ' || c == '\t' {
						e := k
						for e < len(rs) && (rs[e].r == ' ' || rs[e].r == '\t') {
							e++
						}
						if e < len(rs) && isHan(rs[e].r) {
							at(k, RuleTypoSpace, "两个汉字之间有空格", "请删除空格（中文之间不加空格）", "space between Han characters")
							k = e - 1
							continue
						}
					}
				}
				if doubled[c] && k+1 < len(rs) && rs[k+1].r == c {
					e := k
					for e < len(rs) && rs[e].r == c {
						e++
					}
					at(k, RuleTypoDouble, fmt.Sprintf("标点“%c”连用了 %d 次", c, e-k), fmt.Sprintf("请只保留一个“%c”", c), "doubled punctuation mark")
					k = e - 1
				}
			}
		}
	})
}

// mayHaveSlip reports whether seg may hold a typography slip: an ASCII mark
// of fullWidth, a space or a tab between two CJK characters, or a doubled
// mark. Most runs of Chinese prose have none, and are not decoded rune by rune.
func mayHaveSlip(seg []byte) bool {
	var last rune
	for i := 0; i < len(seg); {
		c := seg[i]
		if c < utf8.RuneSelf {
			if last >= 0x2E80 && slipMark(c) {
				// CJK, marks or spaces, then CJK again?
				j := i
				for j < len(seg) && slipMark(seg[j]) {
					j++
				}
				if next, _ := utf8.DecodeRune(seg[j:]); next >= 0x2E80 {
					return true
				}
			}
			last = rune(c)
			i++
			continue
		}
		// decodeRune3, written out: a call a character was a third of the time.
		var r rune
		size := 3
		if c&0xF0 == 0xE0 && i+2 < len(seg) && seg[i+1]&0xC0 == 0x80 && seg[i+2]&0xC0 == 0x80 {
			r = rune(c&0x0F)<<12 | rune(seg[i+1]&0x3F)<<6 | rune(seg[i+2]&0x3F)
		}
		if r < 0x800 || r >= 0xD800 && r <= 0xDFFF { // not three bytes DecodeRune takes
			r, size = utf8.DecodeRune(seg[i:])
		}
		if r == last && doubled[r] {
			return true
		}
		last = r
		i += size
	}
	return false
}

// decodeRune3 is utf8.DecodeRune(b[i:]) for b[i] not ASCII, with the
// three-byte characters of Chinese prose decoded inline (the function call
// and its general checks were most of mayHaveSlip's time).
func decodeRune3(b []byte, i int) (rune, int) {
	if c := b[i]; c&0xF0 == 0xE0 && i+2 < len(b) {
		b1, b2 := b[i+1], b[i+2]
		if b1&0xC0 == 0x80 && b2&0xC0 == 0x80 {
			// Not overlong, and no surrogate: DecodeRune's RuneError cases.
			if r := rune(c&0x0F)<<12 | rune(b1&0x3F)<<6 | rune(b2&0x3F); r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
				return r, 3
			}
		}
	}
	return utf8.DecodeRune(b[i:])
}

// slipMark reports the ASCII bytes the typography rule looks at after a Han
// character: the marks of fullWidth, space and tab.
func slipMark(c byte) bool {
	switch c {
	case ' ', '\t', ',', '.', '!', '?', ':', ';', '(', ')':
		return true
	}
	return false
}

// mayHideNonProse reports whether seg may hold something notProse matches: a
// shortcode, an address or an e-mail address.
func mayHideNonProse(seg []byte) bool {
	return bytes.IndexByte(seg, '{') >= 0 || bytes.IndexByte(seg, '@') >= 0 ||
		bytes.Contains(seg, []byte("://")) || bytes.Contains(seg, []byte("www.")) || bytes.Contains(seg, []byte("WWW."))
}
