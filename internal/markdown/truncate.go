package markdown

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// This file works on rendered HTML without a full parser: a small tokenizer
// that knows tags (with quoted attributes), comments, character references and
// the raw-text elements is enough for what goldmark writes, and it keeps
// summaries fast. Anything that is not well-formed is repaired, not trusted:
// stray end tags are dropped, missing ones are added, an unfinished tag at the
// end is dropped.

type tokKind uint8

const (
	tokText     tokKind = iota // one character (or character reference)
	tokStart                   // <name ...>
	tokEnd                     // </name>
	tokOther                   // comment, doctype, processing instruction: copied
	tokBroken                  // an unfinished tag or comment: dropped with the rest
	tokLessThan                // a '<' that starts no tag: written as &lt;
)

// scanTag looks at the '<' at b[i] and returns the token's kind, the index
// just after it, the lower-case tag name and whether it ends in "/>".
func scanTag(b []byte, i int) (kind tokKind, end int, name string, selfClose bool) {
	j := i + 1
	if j >= len(b) {
		return tokLessThan, i + 1, "", false
	}
	switch c := b[j]; {
	case c == '!' && bytes.HasPrefix(b[j:], []byte("!--")):
		k := bytes.Index(b[j+3:], []byte("-->"))
		if k < 0 {
			return tokBroken, len(b), "", false
		}
		return tokOther, j + 3 + k + 3, "", false
	case c == '!' || c == '?':
		k := bytes.IndexByte(b[j:], '>')
		if k < 0 {
			return tokBroken, len(b), "", false
		}
		return tokOther, j + k + 1, "", false
	case c == '/':
		if j+1 >= len(b) || !isASCIILetter(b[j+1]) {
			return tokLessThan, i + 1, "", false
		}
		name, end, _ = scanTagRest(b, j+1)
		if end < 0 {
			return tokBroken, len(b), "", false
		}
		return tokEnd, end, name, false
	case isASCIILetter(c):
		name, end, selfClose = scanTagRest(b, j)
		if end < 0 {
			return tokBroken, len(b), "", false
		}
		return tokStart, end, name, selfClose
	}
	return tokLessThan, i + 1, "", false
}

// tagNames are the names of the elements Markdown makes, so that scanTagRest
// need not allocate them.
var tagNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range strings.Fields("a p b i em strong code pre span div ul ol li h1 h2 h3 h4 h5 h6 " +
		"table thead tbody tr th td blockquote br hr img figure figcaption sup sub del s " +
		"section nav dl dt dd details summary input script style svg path") {
		m[n] = n
	}
	return m
}()

// scanTagRest reads a tag's name, starting at b[i], and its attributes the way
// the HTML tokenizer does: the name runs to whitespace, '/' or '>', and quotes
// matter only around an attribute value. It returns the lower-case name, the
// index after '>' (or -1 when the input ends first) and whether the tag ends
// in "/>".
func scanTagRest(b []byte, i int) (name string, end int, selfClose bool) {
	n := i
	for n < len(b) && !isTagSpace(b[n]) && b[n] != '/' && b[n] != '>' {
		n++
	}
	if name = tagNames[string(b[i:n])]; name == "" { // no string is made for a common name
		name = strings.ToLower(string(b[i:n]))
	}
	for k := n; k < len(b); {
		switch c := b[k]; {
		case c == '>':
			return name, k + 1, k > n && b[k-1] == '/'
		case c == '=':
			k++
			for k < len(b) && isTagSpace(b[k]) {
				k++
			}
			if k < len(b) && (b[k] == '"' || b[k] == '\'') {
				q := bytes.IndexByte(b[k+1:], b[k])
				if q < 0 {
					return "", -1, false
				}
				k += q + 2
				continue
			}
			for k < len(b) && !isTagSpace(b[k]) && b[k] != '>' {
				k++
			}
		default:
			k++
		}
	}
	return "", -1, false
}

func isTagSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// isVoid reports whether an element has no end tag.
func isVoid(name string) bool {
	switch name {
	case "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr":
		return true
	}
	return false
}

// isBlock reports whether an element starts a new line of text: whitespace
// next to it is not text.
func isBlock(name string) bool {
	switch name {
	case "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
		"figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
		"nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul":
		return true
	}
	return false
}

// isRawText reports whether an element's content is not markup (and not page
// text either, for counting).
func isRawText(name string) bool {
	switch name {
	case "script", "style", "textarea", "title":
		return true
	}
	return false
}

// rawTextEnd returns the index just after the end tag that closes the raw-text
// element name whose content starts at b[i], or -1.
func rawTextEnd(b []byte, i int, name string) int {
	for {
		k := bytes.Index(b[i:], []byte("</"))
		if k < 0 {
			return -1
		}
		i += k
		if e := i + 2 + len(name); e <= len(b) && strings.EqualFold(string(b[i+2:e]), name) &&
			(e == len(b) || b[e] == '>' || b[e] == '/' || b[e] == ' ' || b[e] == '\t' || b[e] == '\n' || b[e] == '\r' || b[e] == '\f') {
			k := bytes.IndexByte(b[e:], '>')
			if k < 0 {
				return -1
			}
			return e + k + 1
		}
		i += 2
	}
}

// entityLen returns the length of the character reference at b[i] ('&'), or 0
// when there is none: &name; &#123; &#x1F;.
func entityLen(b []byte, i int) int {
	j := i + 1
	if j < len(b) && b[j] == '#' {
		j++
		hex := j < len(b) && b[j]|0x20 == 'x'
		if hex {
			j++
		}
		start := j
		for j < len(b) && j-start < 8 && (b[j] >= '0' && b[j] <= '9' || hex && (b[j]|0x20 >= 'a' && b[j]|0x20 <= 'f')) {
			j++
		}
		if j == start || j >= len(b) || b[j] != ';' {
			return 0
		}
		return j + 1 - i
	}
	start := j
	for j < len(b) && j-start < 32 && (isASCIILetter(b[j]) || j > start && b[j] >= '0' && b[j] <= '9') {
		j++
	}
	if j == start || j >= len(b) || b[j] != ';' {
		return 0
	}
	return j + 1 - i
}

// TruncateHTML returns html cut after at most n characters of text. It never
// cuts a character, a tag or a character reference in half, closes every
// element left open, and appends "…" when text was cut off. A run of
// whitespace counts as one character between two characters of the same
// block, and as none next to a block-level tag (such as "</p>\n<p>"). Invalid
// UTF-8 is replaced by U+FFFD; malformed markup is repaired (see file comment).
func TruncateHTML(h []byte, n int) []byte {
	if !utf8.Valid(h) {
		h = bytes.ToValidUTF8(h, []byte("\uFFFD"))
	}
	size := len(h) + 32 // room for "…" and closing tags
	if n < len(h)/4 {
		size = 4*max(n, 0) + 256 // at most 4 bytes a character, plus tags
	}
	out := make([]byte, 0, size)
	var stack []string
	count := 0
	pending := false   // whitespace since the last counted character, not yet counted
	afterBlock := true // nothing counted since the last block-level tag
	cutLen := -1       // length of out after the n-th character
	var cutStack []string
	if n <= 0 {
		cutLen = 0
	}

	// text handles one character (or reference) of text whose bytes are tok.
	// It returns false when the output is complete.
	text := func(tok []byte, runes int, ws bool) bool {
		if ws {
			// A whitespace run counts as one character, and only between two
			// characters of the same block: it is paid for by the next one.
			pending = pending || !afterBlock
			out = append(out, tok...)
			return true
		}
		cost := runes
		if pending {
			cost++
		}
		if count+cost > n {
			if cutLen < 0 { // a reference worth two characters at the edge
				cutLen = len(out)
				cutStack = append(cutStack[:0], stack...)
			}
			out = out[:cutLen]
			for len(out) > 0 && (out[len(out)-1] == ' ' || out[len(out)-1] == '\n' || out[len(out)-1] == '\t' || out[len(out)-1] == '\r') {
				out = out[:len(out)-1]
			}
			out = append(out, "…"...)
			for k := len(cutStack) - 1; k >= 0; k-- {
				out = append(out, "</"...)
				out = append(out, cutStack[k]...)
				out = append(out, '>')
			}
			return false
		}
		out = append(out, tok...)
		count += cost
		pending, afterBlock = false, false
		if count >= n && cutLen < 0 {
			cutLen = len(out)
			cutStack = append(cutStack[:0], stack...)
		}
		return true
	}

	for i := 0; i < len(h); {
		c := h[i]
		switch c {
		case '<':
			kind, end, name, self := scanTag(h, i)
			if (kind == tokStart || kind == tokEnd) && isBlock(name) {
				pending, afterBlock = false, true
			}
			switch kind {
			case tokLessThan:
				if !text([]byte("&lt;"), 1, false) {
					return out
				}
			case tokBroken:
				end = len(h)
			case tokOther:
				out = append(out, h[i:end]...)
			case tokStart:
				switch {
				case isRawText(name):
					e := rawTextEnd(h, end, name)
					if e < 0 {
						end = len(h)
						break
					}
					out = append(out, h[i:e]...)
					end = e
				case self || isVoid(name):
					out = append(out, h[i:end]...)
				default:
					out = append(out, h[i:end]...)
					stack = append(stack, name)
				}
			case tokEnd:
				k := len(stack) - 1
				for k >= 0 && stack[k] != name {
					k--
				}
				if k < 0 {
					break // a stray end tag
				}
				for j := len(stack) - 1; j > k; j-- {
					out = append(out, "</"...)
					out = append(out, stack[j]...)
					out = append(out, '>')
				}
				out = append(out, h[i:end]...)
				stack = stack[:k]
			}
			i = end
		case '&':
			l := entityLen(h, i)
			if l == 0 {
				l = 1
			}
			dec := html.UnescapeString(string(h[i : i+l]))
			if !text(h[i:i+l], utf8.RuneCountInString(dec), false) {
				return out
			}
			i += l
		default:
			r, size := utf8.DecodeRune(h[i:])
			if !text(h[i:i+size], 1, unicode.IsSpace(r)) {
				return out
			}
			i += size
		}
	}
	for k := len(stack) - 1; k >= 0; k-- {
		out = append(out, "</"...)
		out = append(out, stack[k]...)
		out = append(out, '>')
	}
	return out
}

// PlainText returns the text of html: tags, comments and the content of
// script and style elements removed, character references decoded, every run
// of whitespace turned into one space and the ends trimmed.
func PlainText(h []byte) string {
	b := appendPlainText(make([]byte, 0, len(h)), h)
	return unsafe.String(unsafe.SliceData(b), len(b)) // b is not written again
}

// AppendPlainText appends PlainText(h) to dst and returns it, reading h (a
// page's Content) without a copy: for a caller that reuses dst, doc after doc.
func AppendPlainText(dst []byte, h string) []byte {
	return appendPlainText(dst, unsafe.Slice(unsafe.StringData(h), len(h))) // only read
}

func appendPlainText(b, h []byte) []byte {
	if !utf8.Valid(h) {
		h = bytes.ToValidUTF8(h, []byte("\uFFFD"))
	}
	from := len(b)   // no space before the text
	pending := false // a space is owed before the next text
	start := 0       // start of the current text run
	flush := func(end int) {
		if end > start {
			seg := h[start:end]
			if bytes.IndexByte(seg, '&') >= 0 {
				seg = []byte(html.UnescapeString(string(seg)))
			}
			b, pending = appendCollapsed(b, from, seg, pending)
		}
	}
	for i := 0; i < len(h); {
		j := bytes.IndexByte(h[i:], '<')
		if j < 0 {
			break
		}
		i += j
		kind, end, name, _ := scanTag(h, i)
		if kind == tokLessThan {
			i++
			continue
		}
		flush(i)
		if kind == tokStart && isRawText(name) {
			if e := rawTextEnd(h, end, name); e >= 0 {
				end = e
			} else {
				end = len(h)
			}
		}
		i, start = end, end
	}
	flush(len(h))
	return b
}

// appendCollapsed appends the valid UTF-8 s to b with every run of white
// space (unicode.IsSpace) made one space, and none right after b[:from].
// pending says whether a space is owed from before s; the result, whether
// one is owed after it. Runs of other characters are copied whole: only a
// few lead bytes can start a space, and most text is decoded no further.
func appendCollapsed(b []byte, from int, s []byte, pending bool) ([]byte, bool) {
	for i := 0; i < len(s); {
		j := i
		for j < len(s) {
			if c := s[j]; c > ' ' && c < utf8.RuneSelf {
				j++
				continue
			} else if c >= 0xE4 && c <= 0xEF { // U+4000–U+FFFF: no white space there
				j += 3
				continue
			}
			n := spaceLen(s[j:])
			if n > 0 {
				break
			}
			j -= n
		}
		if j > i {
			if pending && len(b) > from {
				b = append(b, ' ')
			}
			pending = false
			b = append(b, s[i:j]...)
		}
		for i = j; i < len(s); {
			n := spaceLen(s[i:])
			if n < 0 {
				break
			}
			i += n
			pending = true
		}
	}
	return b, pending
}

// spaceLen returns the length of the character s starts with (valid UTF-8,
// not empty): positive when it is white space, negative when not.
func spaceLen(s []byte) int {
	c := s[0]
	switch {
	case c < utf8.RuneSelf:
		if c == ' ' || c-'\t' <= '\r'-'\t' {
			return 1
		}
		return -1
	case c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3: // U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000
		r, n := utf8.DecodeRune(s)
		if unicode.IsSpace(r) {
			return n
		}
		return -n
	case c < 0xE0:
		return -2
	case c < 0xF0:
		return -3
	}
	return -4
}

// Summary returns a page summary from rendered HTML: the part before the
// <!--more--> marker when there is one (with every tag closed), else the
// page's leading top-level paragraphs cut by TruncateHTML to n characters.
// Headings, lists, tables and code before or between them are skipped; a page
// without any top-level paragraph is truncated as a whole. Links to the page's
// own anchors are unwrapped (see DropFragmentLinks).
func Summary(h []byte, n int) []byte {
	if i := bytes.Index(h, []byte(MoreMarker)); i >= 0 {
		return DropFragmentLinks(TruncateHTML(bytes.TrimRight(h[:i], " \n"), int(^uint(0)>>1)))
	}
	var paras []byte
	depth, start, total := 0, -1, 0
	for i := 0; i < len(h) && total < n; {
		if h[i] != '<' {
			i++
			continue
		}
		kind, end, name, self := scanTag(h, i)
		switch kind {
		case tokStart:
			if isRawText(name) {
				if e := rawTextEnd(h, end, name); e >= 0 {
					end = e
				}
				break
			}
			if self || isVoid(name) {
				break
			}
			if depth == 0 && name == "p" {
				start = i
			}
			depth++
		case tokEnd:
			if isVoid(name) {
				break
			}
			depth--
			if depth <= 0 {
				if start >= 0 && name == "p" {
					if len(paras) > 0 {
						paras = append(paras, '\n')
					}
					paras = append(paras, h[start:end]...)
					total += utf8.RuneCountInString(PlainText(h[start:end]))
				}
				depth, start = 0, -1
			}
		}
		i = end
	}
	if paras == nil {
		paras = h
	}
	return DropFragmentLinks(TruncateHTML(paras, n))
}

// fragmentHref matches an href attribute that points into the same page ("#…").
var fragmentHref = regexp.MustCompile(`(?i)\shref\s*=\s*(?:"#[^"]*"|'#[^']*'|#[^\s>]*)`)

// DropFragmentLinks returns summary HTML h with each link to an anchor of its
// own page (href="#…") replaced by the link's text, and each footnote
// reference (<sup id="fnref:…">) left out. A summary is shown on list pages,
// tag pages and in the feed, where those anchors do not exist: kept, they
// would be broken links there, reported against the list page rather than
// the article's Markdown. They are unwrapped rather than pointed at the
// article, because the summary's list entry already links to the article and
// the check then reports a broken anchor once, at the .md file's line.
func DropFragmentLinks(h []byte) []byte {
	if !bytes.Contains(h, []byte("#")) {
		return h
	}
	out := make([]byte, 0, len(h))
	var links []bool // for each open <a>: whether its tags are dropped
	for i := 0; i < len(h); {
		if h[i] != '<' {
			j := bytes.IndexByte(h[i:], '<')
			if j < 0 {
				j = len(h) - i
			}
			out = append(out, h[i:i+j]...)
			i += j
			continue
		}
		kind, end, name, self := scanTag(h, i)
		tag := h[i:end]
		switch {
		case kind == tokStart && isRawText(name):
			if e := rawTextEnd(h, end, name); e >= 0 {
				end = e
			} else {
				end = len(h)
			}
			out = append(out, h[i:end]...)
		case kind == tokStart && name == "sup" && bytes.Contains(tag, []byte(`id="fnref`)):
			// A footnote reference: its number means nothing without the note.
			if e := bytes.Index(h[end:], []byte("</sup>")); e >= 0 {
				end += e + len("</sup>")
			} else {
				end = len(h)
			}
		case kind == tokStart && name == "a" && !self:
			drop := fragmentHref.Match(tag)
			links = append(links, drop)
			if !drop {
				out = append(out, tag...)
			}
		case kind == tokEnd && name == "a" && len(links) > 0:
			drop := links[len(links)-1]
			links = links[:len(links)-1]
			if !drop {
				out = append(out, tag...)
			}
		default:
			out = append(out, tag...)
		}
		i = end
	}
	return out
}
