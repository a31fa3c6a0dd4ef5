package content

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// pinyinArgs: plain syllables without tones; characters without a reading
// (not Han) are left to Urlize.
var pinyinArgs = pinyin.NewArgs()

// PinyinSlug turns the Chinese of a file or folder name into pinyin for the
// [urls] pinyin option: 乡村振兴 → xiangcunzhenxing, 2025年工作 →
// 2025-niangongzuo. A run of Chinese characters is one word; a run meets
// letters and digits with a '-'. Other characters go through Urlize. The
// readings are github.com/mozillazg/go-pinyin's (the character's commonest
// reading; a slug is an address, not a transcription).
func PinyinSlug(s string) string {
	var b strings.Builder
	prevHan := false
	for i, r := range s {
		han := unicode.Is(unicode.Han, r)
		if i > 0 && han != prevHan && b.Len() > 0 && isWordRune(lastRune(b.String())) && (han || isWordRune(r)) {
			b.WriteByte('-')
		}
		if han {
			if py := pinyin.SinglePinyin(r, pinyinArgs); len(py) > 0 && py[0] != "" {
				b.WriteString(py[0])
			}
		} else {
			b.WriteRune(r)
		}
		prevHan = han
	}
	return Urlize(b.String())
}

func isWordRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || unicode.Is(unicode.Han, r)
}

func lastRune(s string) rune {
	r := []rune(s)
	return r[len(r)-1]
}
