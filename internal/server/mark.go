package server

import "strings"

// Mark is a source line cut around an offending character: the overlay shows
// Before, then Label highlighted in place of the character, then After.
type Mark struct {
	Before string `json:"before"`
	Label  string `json:"label"`
	After  string `json:"after"`
}

// markLabels name the characters an editor cannot see, or cannot tell from
// the right one, in the overlay.
var markLabels = map[rune]string{
	'\t':     "⟨Tab⟩",
	'：':      "⟨全角：⟩",
	'\ufeff': "⟨BOM⟩",
	'\u200b': "⟨零宽空格⟩",
	'\u200c': "⟨零宽非连接符⟩",
	'\u200d': "⟨零宽连接符⟩",
	'\u2060': "⟨零宽不换行空格⟩",
	'\u3000': "⟨全角空格⟩",
	'"':      "⟨\"⟩",
	'\'':     "⟨'⟩",
}

// markAt marks the character at col (1-based, in characters) of line when
// it is one of markLabels, or the place after a colon where a space is
// missing (title:衡东); nil otherwise.
func markAt(line string, col int) *Mark {
	rs := []rune(line)
	if col < 1 || col > len(rs) {
		return nil
	}
	i := col - 1
	if label, ok := markLabels[rs[i]]; ok {
		return &Mark{Before: string(rs[:i]), Label: label, After: string(rs[i+1:])}
	}
	if i > 0 && rs[i-1] == ':' && !strings.ContainsRune(" \t", rs[i]) {
		return &Mark{Before: string(rs[:i]), Label: "⟨缺空格⟩", After: string(rs[i:])}
	}
	return nil
}
