package output

import (
	"bytes"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	minhtml "github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/buffer"
	parsehtml "github.com/tdewolff/parse/v2/html"
)

// This file is a fast path for tdewolff's HTML minifier, configured as
// NewMinifier configures it. A page's HTML is first lexed in one pass into
// tokens; when the page holds only what the fast path knows (the tags and
// attributes of the tables below, quoted attribute values, comments,
// doctypes, empty scripts and styles, titles without "<"), the tokens are
// written out under tdewolff's rules, calling its own helpers for entities,
// attribute quoting, media types, numbers, data: URLs and style attributes.
// Anything else (an unknown tag, svg, math, inline script or CSS, select,
// template, an unquoted value, an on* handler, http-equiv, a NUL byte, ...)
// sends the whole page to tdewolff, before anything in it was changed.
//
// The output is byte for byte what tdewolff writes: TestFastHTMLMatchesTdewolff
// (snippets), TestFastHTMLOnSites (every page of the portal, the generated
// corpus and the second theme) and FuzzFastHTML hold it to tdewolff itself.
// The rules are those of tdewolff/minify v2.24.25 (html/html.go); those tests
// are what to run after upgrading it.
//
// Why: our layouts already write nearly minified HTML (tdewolff takes 2 % off
// a page of the default theme), so nearly all of tdewolff's time went to its
// lexer and token buffer, not to changing anything. The fast path halves the
// minify time of a page (BenchmarkMinifyPage), a tenth of a first build's CPU.

// tagInfo is what tdewolff's minifier knows of a tag: its traits (tagMap in
// minify/v2/html/table.go) as far as they matter with KeepEndTags and
// KeepDocumentTags set.
type tagInfo struct {
	block  bool // whitespace around it is dropped
	object bool // whitespace after it is kept
	normal bool // its traits are exactly normalTag (phrasing): an empty one keeps the space after it
	raw    bool // script and style: content is text up to the end tag
	pre    bool // pre: text inside is written as it is
	meta, script, input, a,
	form, link, style, button bool // tags with special attribute rules
	mediaType bool // a type attribute here is a media type (minify.Mediatype)
}

// fastTags are the tags the fast path takes. Tags it does not list (custom
// elements, svg, math, select, option, template, textarea, iframe, ...)
// send the page to tdewolff.
var fastTags = newNameTable(func() map[string]tagInfo {
	m := map[string]tagInfo{}
	for _, t := range strings.Fields(`address article aside blockquote br caption col dd details div dl dt
		fieldset figcaption figure footer h1 h2 h3 h4 h5 h6 head header hgroup hr html legend li main
		menu nav ol p section summary table tbody td tfoot th thead title tr ul`) {
		m[t] = tagInfo{block: true}
	}
	for _, t := range strings.Fields(`img meter progress q rt video wbr canvas`) {
		m[t] = tagInfo{object: true}
	}
	for _, t := range strings.Fields(`abbr area b base bdi bdo body cite code data dfn em i kbd mark
		output param picture rp ruby s samp small span strong sub sup time track u var`) {
		m[t] = tagInfo{normal: true}
	}
	for _, t := range strings.Fields(`a audio del ins map label`) {
		m[t] = tagInfo{} // keepPTag (label: normalTag|keepPTag): known, but neither block, object nor normal
	}
	m["pre"] = tagInfo{block: true, pre: true}
	m["form"] = tagInfo{block: true, form: true}
	m["button"] = tagInfo{object: true, button: true}
	m["input"] = tagInfo{object: true, input: true}
	m["meta"] = tagInfo{normal: true, meta: true}
	m["link"] = tagInfo{normal: true, link: true, mediaType: true}
	m["source"] = tagInfo{normal: true, mediaType: true}
	m["embed"] = tagInfo{normal: true, mediaType: true}
	m["object"] = tagInfo{object: true, mediaType: true}
	m["a"] = tagInfo{a: true, mediaType: true}
	m["script"] = tagInfo{raw: true, script: true, mediaType: true}
	m["style"] = tagInfo{raw: true, block: true, style: true}
	return m
}())

// Attribute traits (attrMap in minify/v2/html/table.go).
const (
	attrBoolean = 1 << iota // written without its value
	attrURL                 // trimmed; http(s) lower-cased, data: URLs minified
	attrTrim                // whitespace collapsed and trimmed
	attrStyle               // CSS, minified inline
	attrPlain               // no traits
)

// fastAttrs are the attribute names the fast path takes, with their traits;
// data-* and aria-* are plain too. Others (on* handlers, names tdewolff knows
// that are not listed here) send the page to tdewolff.
var fastAttrs = newNameTable(func() map[string]uint8 {
	m := map[string]uint8{"style": attrStyle}
	for _, a := range strings.Fields(`allowfullscreen async autofocus autoplay checked controls default
		defer disabled formnovalidate inert ismap itemscope loop multiple muted nomodule novalidate open
		playsinline readonly required reversed selected`) {
		m[a] = attrBoolean
	}
	for _, a := range strings.Fields(`action cite data formaction href itemid poster profile src xmlns`) {
		m[a] = attrURL
	}
	for _, a := range strings.Fields(`accept accept-charset accesskey allow as autocapitalize autocomplete
		blocking capture charset class color cols colspan contenteditable coords crossorigin datetime
		decoding dir draggable enctype enterkeyhint fetchpriority for form formenctype formmethod
		formtarget headers height hidden high hreflang http-equiv imagesizes imagesrcset inputmode is
		itemprop itemref itemtype kind lang list loading low max maxlength media method min minlength
		optimum pattern ping popover popovertarget popovertargetaction preload referrerpolicy rel rows
		rowspan sandbox scope shape size sizes span spellcheck srcset srclang start step tabindex target
		translate type usemap width wrap`) {
		m[a] = attrTrim
	}
	for _, a := range strings.Fields(`id name title alt content role integrity nonce placeholder label
		value property about typeof vocab resource prefix datatype rev inlist summary abbr`) {
		m[a] = attrPlain
	}
	return m
}())

// nameTable finds a tag's or attribute's entry by its name's length, first
// and last byte, then the name: a few times faster than a map, whose lookups
// were a sixth of the fast path's time.
type nameTable[V any] struct {
	slots [16][32][32][]nameEntry[V]
}

type nameEntry[V any] struct {
	name string
	v    V
}

func newNameTable[V any](m map[string]V) *nameTable[V] {
	t := new(nameTable[V])
	for name, v := range m {
		s := &t.slots[len(name)&15][name[0]&31][name[len(name)-1]&31]
		*s = append(*s, nameEntry[V]{name, v})
	}
	return t
}

func (t *nameTable[V]) get(name []byte) (V, bool) {
	if len(name) > 0 {
		for _, e := range t.slots[len(name)&15][name[0]&31][name[len(name)-1]&31] {
			if e.name == string(name) {
				return e.v, true
			}
		}
	}
	var zero V
	return zero, false
}

// Token kinds of the fast path's lexer.
const (
	tokText = iota
	tokStart
	tokEnd
	tokDoctype
	tokComment
)

// htmlToken is one token of a page: a text or a tag's name as src[start:end].
type htmlToken struct {
	kind         uint8
	tag          tagInfo
	start, end   int32
	attrs, nattr int32 // a start tag's attributes: htmlLex.attrs[attrs : attrs+nattr]
}

// htmlAttr is one attribute: its name src[name:nameEnd], its value without
// quotes src[val:valEnd] (val < 0: none), and the quote it was written in.
type htmlAttr struct {
	name, nameEnd, val, valEnd int32
	quote                      byte
	kind                       uint8
	drop                       bool // dropped by a tag's rule (script charset, a name, input value)
}

// htmlLex is the lexer's output, reused from page to page.
type htmlLex struct {
	toks  []htmlToken
	attrs []htmlAttr
	esc   []byte        // EscapeAttrVal's buffer
	css   *bytes.Buffer // a style attribute's minified CSS
}

var htmlLexes = sync.Pool{New: func() any { return &htmlLex{css: new(bytes.Buffer)} }}

func isASCIIAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// lex splits src into tokens as tdewolff's lexer does, and reports whether
// the fast path can take every one of them.
func (l *htmlLex) lex(src []byte) bool {
	l.toks, l.attrs = l.toks[:0], l.attrs[:0]
	if bytes.IndexByte(src, 0) >= 0 || len(src) > 1<<30 {
		return false
	}
	n := len(src)
	text := 0 // start of the text not yet made a token
	flush := func(end int) {
		if end > text {
			l.toks = append(l.toks, htmlToken{kind: tokText, start: int32(text), end: int32(end)})
		}
	}
	for i := 0; i < n; {
		j := bytes.IndexByte(src[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if i+1 >= n {
			break
		}
		c := src[i+1]
		switch {
		case c == '/' && i+2 < n && src[i+2] != '>':
			if !isASCIIAlpha(src[i+2]) {
				return false // a bogus comment
			}
			flush(i)
			k := i + 2
			for k < n && src[k] != '>' && !parse.IsWhitespace(src[k]) {
				k++
			}
			name := src[i+2 : k]
			for k < n && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n' || src[k] == '\r') {
				k++
			}
			if k >= n || src[k] != '>' {
				return false
			}
			t, ok := fastTags.get(name)
			if !ok {
				return false
			}
			l.toks = append(l.toks, htmlToken{kind: tokEnd, tag: t, start: int32(i + 2), end: int32(i + 2 + len(name))})
			i = k + 1
			text = i
		case isASCIIAlpha(c):
			flush(i)
			k, ok := l.startTag(src, i)
			if !ok {
				return false
			}
			i, text = k, k
		case c == '!':
			flush(i)
			switch {
			case bytes.HasPrefix(src[i+2:], []byte("--")):
				k := i + 4
				for {
					e := bytes.Index(src[k:], []byte("--"))
					if e < 0 {
						return false // runs to the end
					}
					k += e
					if bytes.HasPrefix(src[k+2:], []byte(">")) {
						k += 3
						break
					}
					if bytes.HasPrefix(src[k+2:], []byte("!>")) {
						k += 4
						break
					}
					k++
				}
				l.toks = append(l.toks, htmlToken{kind: tokComment})
				i = k
			case len(src)-i >= 9 && parse.EqualFold(src[i+2:i+9], []byte("doctype")):
				e := bytes.IndexByte(src[i:], '>')
				if e < 0 {
					return false
				}
				l.toks = append(l.toks, htmlToken{kind: tokDoctype})
				i += e + 1
			default:
				return false // CDATA or a bogus comment
			}
			text = i
		case c == '?':
			return false
		default:
			i++ // "<" that starts nothing is text
		}
	}
	flush(n)
	return true
}

// startTag lexes the start tag at src[i] ("<" and a letter), and for script,
// style and title what follows up to their end tag. It returns where the
// next token starts.
func (l *htmlLex) startTag(src []byte, i int) (int, bool) {
	n := len(src)
	k := i + 1
	for k < n && src[k] != '>' && !parse.IsWhitespace(src[k]) && !(src[k] == '/' && k+1 < n && src[k+1] == '>') {
		k++
	}
	name := src[i+1 : k]
	t, ok := fastTags.get(name)
	if !ok {
		return 0, false
	}
	tok := htmlToken{kind: tokStart, tag: t, start: int32(i + 1), end: int32(k), attrs: int32(len(l.attrs))}
	for {
		for k < n && parse.IsWhitespace(src[k]) {
			k++
		}
		if k >= n {
			return 0, false
		}
		if src[k] == '>' {
			k++
			break
		}
		if src[k] == '/' && k+1 < n && src[k+1] == '>' {
			k += 2
			break
		}
		a := htmlAttr{name: int32(k), val: -1}
		for k < n && src[k] != '=' && src[k] != '>' && !parse.IsWhitespace(src[k]) && !(src[k] == '/' && k+1 < n && src[k+1] == '>') {
			k++
		}
		a.nameEnd = int32(k)
		aname := src[a.name:a.nameEnd]
		kind, ok := fastAttrs.get(aname)
		if !ok {
			if !(bytes.HasPrefix(aname, []byte("data-")) || bytes.HasPrefix(aname, []byte("aria-"))) || !isLowerName(aname) {
				return 0, false
			}
			kind = attrPlain
		}
		a.kind = kind
		e := k
		for e < n && parse.IsWhitespace(src[e]) {
			e++
		}
		if e < n && src[e] == '=' {
			e++
			for e < n && parse.IsWhitespace(src[e]) {
				e++
			}
			if e >= n || src[e] != '"' && src[e] != '\'' {
				return 0, false // unquoted
			}
			q := bytes.IndexByte(src[e+1:], src[e])
			if q < 0 {
				return 0, false
			}
			a.quote, a.val, a.valEnd = src[e], int32(e+1), int32(e+1+q)
			k = e + 2 + q
		}
		l.attrs = append(l.attrs, a)
	}
	tok.nattr = int32(len(l.attrs)) - tok.attrs
	if t.meta {
		for _, a := range l.attrs[tok.attrs:] {
			if string(src[a.name:a.nameEnd]) == "http-equiv" {
				return 0, false // tdewolff's rules for it are not copied here
			}
		}
	}
	l.toks = append(l.toks, tok)
	if !t.raw && string(name) != "title" {
		return k, true
	}
	// Raw text (script, style) and RCDATA (title) run to the end tag; the
	// fast path takes only empty scripts and styles, and titles without "<".
	end := bytes.Index(src[k:], []byte("</"))
	if end < 0 {
		return 0, false
	}
	if t.raw && end > 0 || bytes.IndexByte(src[k:k+end], '<') >= 0 {
		return 0, false
	}
	e := k + end + 2
	if !bytes.HasPrefix(src[e:], name) || e+len(name) < n && isASCIIAlpha(src[e+len(name)]) {
		return 0, false
	}
	if end > 0 {
		l.toks = append(l.toks, htmlToken{kind: tokText, start: int32(k), end: int32(k + end)})
	}
	return k + end, true
}

// isLowerName reports whether b is made of lower-case letters, digits and
// "-_.:" only (tdewolff lower-cases names; the fast path takes only those
// already written so).
func isLowerName(b []byte) bool {
	for _, c := range b {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':') {
			return false
		}
	}
	return true
}

var (
	cssMediaType  = []byte("text/css")
	inlineCSS     = map[string]string{"inline": "1"}
	dataScheme    = []byte("data:")
	httpScheme    = []byte("http")
	keywordsBytes = []byte("keywords")
	viewportBytes = []byte("viewport")
	radioBytes    = []byte("radio")
	onBytes       = []byte("on")
)

// minifyFast appends src minified to dst as tdewolff's HTML minifier would
// (see the top of this file). ok is false, and nothing is appended, when the
// page has something the fast path does not take. src is changed in place.
func (m *Minifier) minifyFast(dst, src []byte) (out []byte, ok bool, err error) {
	l := htmlLexes.Get().(*htmlLex)
	defer htmlLexes.Put(l)
	if !l.lex(src) {
		return dst, false, nil
	}
	for i := range l.toks {
		if t := &l.toks[i]; t.kind == tokStart && t.nattr > 0 {
			l.tagRules(src, t)
		}
	}
	omitSpace, inPre := true, false
	for i := 0; i < len(l.toks); i++ {
		t := &l.toks[i]
		switch t.kind {
		case tokDoctype:
			dst = append(dst, "<!doctype html>"...)
		case tokComment:
		case tokText:
			data := src[t.start:t.end]
			if inPre {
				dst = append(dst, data...)
				break
			}
			if len(data) > 1 || data[0] == '\t' || data[0] == '\r' || data[0] == '\f' { // one other character stays as it is
				data = parse.ReplaceMultipleWhitespaceAndEntities(data, minhtml.EntitiesMap, minhtml.TextRevEntitiesMap)
			}
			if omitSpace && parse.IsWhitespace(data[0]) {
				data = data[1:]
			}
			omitSpace = false
			if len(data) == 0 {
				omitSpace = true
			} else if parse.IsWhitespace(data[len(data)-1]) {
				omitSpace = true
				for k := 0; ; k++ {
					if 100 < k {
						omitSpace = false
						break
					}
					if i+1+k >= len(l.toks) {
						data = data[:len(data)-1]
						omitSpace = false
						break
					}
					next := &l.toks[i+1+k]
					if next.kind == tokText && !parse.IsAllWhitespace(src[next.start:next.end]) {
						break
					}
					if next.kind == tokStart || next.kind == tokEnd {
						if next.tag.block {
							data = data[:len(data)-1]
							omitSpace = false
							break
						}
						if next.kind == tokStart {
							break
						}
					}
				}
			}
			dst = append(dst, data...)
		case tokStart, tokEnd:
			if t.kind == tokStart && t.tag.raw && t.nattr == 0 && i+1 < len(l.toks) && l.toks[i+1].kind == tokEnd {
				i++ // an empty script or style without attributes is dropped
				break
			}
			if t.tag.pre {
				inPre = t.kind == tokStart
			}
			if t.tag.object {
				omitSpace = false // the space after an img or a button shows
			} else if t.tag.block {
				omitSpace = true
			}
			if t.kind == tokEnd {
				dst = append(dst, "</"...)
				dst = append(dst, src[t.start:t.end]...)
				dst = append(dst, '>')
				break
			}
			dst = append(dst, '<')
			dst = append(dst, src[t.start:t.end]...)
			for _, a := range l.attrs[t.attrs : t.attrs+t.nattr] {
				if dst, err = m.appendAttr(dst, l, src, t, a); err != nil {
					return dst, false, err
				}
			}
			dst = append(dst, '>')
			if t.tag.normal && i+1 < len(l.toks) {
				if next := &l.toks[i+1]; next.kind == tokEnd && bytes.Equal(src[next.start:next.end], src[t.start:t.end]) {
					omitSpace = false
				}
			}
		}
	}
	return dst, true, nil
}

// tagRules applies the rules tdewolff has for some tags' attributes, changing
// values in src and dropping attributes (lex left meta http-equiv to
// tdewolff).
func (l *htmlLex) tagRules(src []byte, t *htmlToken) {
	attrs := l.attrs[t.attrs : t.attrs+t.nattr]
	find := func(name string) *htmlAttr {
		var found *htmlAttr
		for i := range attrs {
			if string(src[attrs[i].name:attrs[i].nameEnd]) == name {
				found = &attrs[i] // the last one, as tdewolff's TokenBuffer.Attributes
			}
		}
		return found
	}
	val := func(a *htmlAttr) []byte {
		if a.val < 0 {
			return nil
		}
		return src[a.val:a.valEnd]
	}
	switch {
	case t.tag.meta:
		content, name := find("content"), find("name")
		if content == nil || name == nil {
			return
		}
		nv := parse.TrimWhitespace(val(name))
		if name.val >= 0 {
			name.val += int32(bytes.Index(val(name), nv))
			name.valEnd = name.val + int32(len(nv))
		}
		cv := val(content)
		switch {
		case parse.EqualFold(nv, keywordsBytes):
			cv = bytes.ReplaceAll(cv, []byte(", "), []byte(","))
		case parse.EqualFold(nv, viewportBytes):
			cv = bytes.ReplaceAll(cv, []byte(" "), nil)
			for i := 0; i < len(cv); i++ {
				if cv[i] == '=' && i+2 < len(cv) {
					i++
					if n := parse.Number(cv[i:]); 0 < n {
						minNum := minify.Number(cv[i:i+n], -1)
						if len(minNum) < n {
							copy(cv[i:i+len(minNum)], minNum)
							copy(cv[i+len(minNum):], cv[i+n:])
							cv = cv[:len(cv)+len(minNum)-n]
						}
						i += len(minNum)
					}
					i--
				}
			}
		default:
			return
		}
		if content.val >= 0 { // the value only ever shrinks: write it back in place
			copy(src[content.val:], cv)
			content.valEnd = content.val + int32(len(cv))
		}
	case t.tag.script:
		if src, cs := find("src"), find("charset"); src != nil && cs != nil {
			cs.drop = true
		}
	case t.tag.input:
		if typ, v := find("type"), find("value"); typ != nil && v != nil {
			isRadio := parse.EqualFold(val(typ), radioBytes)
			if !isRadio && len(val(v)) == 0 || isRadio && parse.EqualFold(val(v), onBytes) {
				v.drop = true
			}
		}
	case t.tag.a:
		if id, name := find("id"), find("name"); id != nil && name != nil && bytes.Equal(val(id), val(name)) {
			name.drop = true
		}
	}
}

// appendAttr appends attribute a of tag t as tdewolff's minifier writes it.
func (m *Minifier) appendAttr(dst []byte, l *htmlLex, src []byte, t *htmlToken, a htmlAttr) ([]byte, error) {
	if a.drop {
		return dst, nil
	}
	name := src[a.name:a.nameEnd]
	var val []byte
	if a.val >= 0 {
		val = src[a.val:a.valEnd:a.valEnd] // what grows it (minify.DataURI appends) must not write over the next attribute
	}
	if a.kind == attrTrim {
		val = parse.TrimWhitespace(parse.ReplaceMultipleWhitespaceAndEntities(val, minhtml.EntitiesMap, nil))
	} else if bytes.IndexByte(val, '&') >= 0 { // ReplaceEntities changes nothing else
		val = parse.ReplaceEntities(val, minhtml.EntitiesMap, nil)
	}
	sname := string(name)
	if len(val) == 0 && (sname == "class" || sname == "dir" || sname == "id" || sname == "name" || sname == "action" && t.tag.form) {
		return dst, nil
	}
	if sname == "enctype" || sname == "formenctype" || sname == "accept" || sname == "type" && t.tag.mediaType {
		val = minify.Mediatype(val)
	}
	if defaultAttrVal(t.tag, sname, val) {
		return dst, nil
	}
	switch a.kind {
	case attrStyle:
		val = parse.TrimWhitespace(val)
		l.css.Reset()
		if err := m.m.MinifyMimetype(cssMediaType, l.css, buffer.NewReader(val), inlineCSS); err == nil {
			val = l.css.Bytes()
		} else if err != minify.ErrNotExist {
			return dst, err
		}
		if len(val) == 0 {
			return dst, nil
		}
	case attrURL:
		val = parse.TrimWhitespace(val)
		if 5 < len(val) {
			if parse.EqualFold(val[:4], httpScheme) {
				if val[4] == ':' {
					parse.ToLower(val[:4])
				} else if (val[4] == 's' || val[4] == 'S') && val[5] == ':' {
					parse.ToLower(val[:5])
				}
			} else if parse.EqualFold(val[:5], dataScheme) {
				val = minify.DataURI(m.m, val)
			}
		}
	}
	dst = append(dst, ' ')
	dst = append(dst, name...)
	if len(val) > 0 && a.kind != attrBoolean {
		dst = append(dst, '=')
		if a.quote == '"' && bytes.IndexByte(val, '"') < 0 || a.quote == '\'' && bytes.IndexByte(val, '\'') < 0 {
			dst = append(dst, a.quote)
			dst = append(dst, val...)
			dst = append(dst, a.quote)
		} else {
			dst = append(dst, parsehtml.EscapeAttrVal(&l.esc, val, a.quote, true)...)
		}
	}
	return dst, nil
}

// defaultAttrVal reports whether tdewolff drops attribute name=val of a tag
// as the value the attribute has anyway.
func defaultAttrVal(t tagInfo, name string, val []byte) bool {
	switch name {
	case "type":
		switch {
		case t.script:
			lower := strings.ToLower(string(val))
			return lower == "text/javascript" || lower == "application/javascript"
		case t.style || t.link:
			return parse.EqualFold(val, cssMediaType)
		case t.input:
			return parse.EqualFold(val, []byte("text"))
		case t.button:
			return parse.EqualFold(val, []byte("submit"))
		}
	case "method":
		return parse.EqualFold(val, []byte("get"))
	case "enctype":
		return parse.EqualFold(val, []byte("application/x-www-form-urlencoded"))
	case "colspan", "rowspan", "span":
		return string(val) == "one" // sic: tdewolff compares with "one", so "1" stays
	case "shape":
		return parse.EqualFold(val, []byte("rect"))
	case "media":
		return t.style && parse.EqualFold(val, []byte("all"))
	}
	return false
}
