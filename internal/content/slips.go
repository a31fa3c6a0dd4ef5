package content

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"hengdong/internal/diag"
)

// invisible are the characters that slip in at the start of a line when text
// is pasted from a web page or a word processor: YAML reads them as part of
// the key, which then silently means nothing.
var invisible = map[rune]string{
	'\ufeff': "BOM（字节顺序标记，U+FEFF）",
	'\u200b': "零宽空格（U+200B）",
	'\u200c': "零宽非连接符（U+200C）",
	'\u200d': "零宽连接符（U+200D）",
	'\u2060': "零宽不换行空格（U+2060）",
	'\u3000': "全角空格（U+3000）",
}

// slipKeys are the keys whose `key:value` (no space) is taken for a slip even
// when the YAML reads: the front matter keys, and those of cover.
var slipKeys = map[string]bool{"src": true, "alt": true}

// yamlSlips finds the typing slips of YAML front matter data (which starts on
// file line fmLine) and reports each at its own line and column, naming the
// character. YAML either rejects them with a message that names neither
// the character nor, often, the line (a full-width colon is reported on the
// next line), or reads them as something else without a word (`title:衡东` is
// a key with no value). parsed says whether yaml.v3 read data: then only the
// slips that change the meaning silently are reported, since a Tab or a quote
// it accepted is written on purpose.
func yamlSlips(file string, data []byte, fmLine int, parsed bool) diag.List {
	var out diag.List
	report := func(line, col int, msg, fix, detail string) {
		out = append(out, diag.New(file, line, col, fmt.Sprintf("第 %d 行第 %d 列%s", line, col, msg), fix, detail))
	}
	block := -1 // the indentation of the key opening a | or > block; -1 outside
	for i, raw := range strings.Split(string(data), "\n") {
		l := strings.TrimRight(raw, "\r")
		line := fmLine + i
		indent := len(l) - len(strings.TrimLeft(l, " \t"))
		if block >= 0 {
			if strings.TrimSpace(l) == "" || indent > block {
				// The text of a block scalar is the editor's own, but YAML
				// still rejects a Tab in its indentation.
				if t := strings.IndexByte(l[:indent], '\t'); t >= 0 && !parsed {
					report(line, t+1, "是 Tab（制表符），YAML 不允许用 Tab 缩进",
						"请把 Tab 换成空格：同一层的项左端对齐，下一层比上一层多缩进两个空格", "tab character in indentation")
				}
				continue
			}
			block = -1
		}
		// Invisible characters at the start of the line (after any indentation).
		rest := l[indent:]
		if r, _ := utf8.DecodeRuneInString(rest); invisible[r] != "" {
			report(line, utf8.RuneCountInString(l[:indent])+1, "开头有看不见的字符："+invisible[r]+"，YAML 会把它当成键名的一部分，这一项不起作用",
				"请删除这个字符：把光标放到这一行开头，按 Delete 删除，或把这一行重新输入一遍",
				fmt.Sprintf("U+%04X at the start of the line", r))
			continue
		}
		if t := strings.IndexByte(l[:indent], '\t'); t >= 0 && !parsed {
			report(line, t+1, "是 Tab（制表符），YAML 不允许用 Tab 缩进",
				"请把 Tab 换成空格：同一层的项左端对齐，下一层比上一层多缩进两个空格", "tab character in indentation")
			continue
		}
		keyStart := indent
		if strings.HasPrefix(rest, "- ") {
			keyStart += 2 + len(rest[2:]) - len(strings.TrimLeft(rest[2:], " "))
		}
		key := asciiKey(l[keyStart:])
		if key == "" {
			continue
		}
		after := l[keyStart+len(key):]
		gap := len(after) - len(strings.TrimLeft(after, " "))
		after = after[gap:]
		at := keyStart + len(key) + gap // byte offset of what follows the key
		col := utf8.RuneCountInString(l[:at]) + 1
		known := knownKeys[strings.ToLower(key)] || slipKeys[strings.ToLower(key)]
		switch {
		case strings.HasPrefix(after, "："):
			if parsed && !known {
				continue
			}
			report(line, col, "是全角冒号“：”，应为半角冒号“:”后加空格",
				fmt.Sprintf("把“：”改成英文的“: ”（冒号后加一个空格），如 %s: 衡东", key), "full-width colon U+FF1A after key "+key)
		case strings.HasPrefix(after, ":") && len(after) > 1 && after[1] != ' ' && after[1] != '\t' && after[1] != ':' && (known || !parsed):
			report(line, col+1, fmt.Sprintf("紧跟在冒号“:”后面，缺少空格：YAML 会把“%s”整个当成一个键名，%s 就没有值", strings.TrimSpace(l[keyStart:]), key),
				fmt.Sprintf("在冒号后加一个空格，写成 %s: %s", key, after[1:]), "no space after the colon of "+key)
		case strings.HasPrefix(after, ":") && !parsed:
			v := strings.TrimLeft(after[1:], " \t")
			if v == "" {
				continue
			}
			q := v[0]
			if (q == '"' || q == '\'') && !closedQuote(v) {
				qcol := utf8.RuneCountInString(l[:len(l)-len(v)]) + 1
				report(line, qcol, fmt.Sprintf("的引号 %c 没有闭合", q),
					fmt.Sprintf("请在这一项文字的末尾补上 %c，或去掉开头的 %c", q, q), "unclosed quoted scalar")
			}
		}
		if strings.HasPrefix(after, ":") {
			v := strings.TrimSpace(after[1:])
			if j := strings.Index(v, " #"); j >= 0 {
				v = strings.TrimSpace(v[:j])
			}
			if v != "" && (v[0] == '|' || v[0] == '>') && strings.Trim(v[1:], "+-0123456789") == "" {
				block = indent
			}
		}
	}
	return out
}

// asciiKey returns the YAML key s starts with, when it is a plain ASCII name
// (title, cover, publishDate…), or "".
func asciiKey(s string) string {
	n := 0
	for n < len(s) {
		c := s[n]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || n > 0 && (c >= '0' && c <= '9' || c == '-') {
			n++
			continue
		}
		break
	}
	return s[:n]
}

// closedQuote reports whether the quoted YAML scalar v (starting with its
// quote) closes on this line: " ends at an unescaped ", ' at a ' not doubled.
func closedQuote(v string) bool {
	q := v[0]
	for i := 1; i < len(v); i++ {
		switch {
		case q == '"' && v[i] == '\\':
			i++
		case v[i] == q && q == '\'' && i+1 < len(v) && v[i+1] == '\'':
			i++
		case v[i] == q:
			return true
		}
	}
	return false
}
