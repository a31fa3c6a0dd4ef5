package check

import (
	"slices"
	"strings"
	"sync"
	"unsafe"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseHTML builds the tree of an output page from x/net/html's tokenizer.
//
// It stands in for html.Parse, whose full HTML5 tree construction was an
// eighth of a build's CPU time. The rules read elements (name, namespace,
// attributes), text, and what contains what, and the pages they read are
// written by this generator's templates and minifier: well nested, with only
// the end tags and document tags that HTML lets a minifier leave out missing.
// parseHTML puts those back as html.Parse does: html, head and body where
// they are implied, and the implied ends of p, li, dt/dd, table parts and
// option. Stray end tags are ignored, elements left open close at the end.
// SVG and MathML subtrees get their namespace, as the rules skip them.
// TestParseHTMLMatchesParser holds it to html.Parse on every page of the
// shipped portal and of the faults fixture. The tree's strings share data's
// memory: data must not change while the tree is in use.
func parseHTML(data []byte) *html.Node {
	return new(arena).parse(data)
}

// arena holds the nodes and attributes of one parsed page at a time, and
// keeps them for the next page (reset): newSite parses thousands of pages,
// each dropped as soon as its rules ran, and allocating their trees was
// most of the parse's cost. The chunks never move: the tree points into them.
type arena struct {
	nodes  [][]html.Node
	attrs  [][]html.Attribute
	ni, nj int // the next node is nodes[ni][nj]
	ai, aj int // the next attribute is attrs[ai][aj]
	stack  []*html.Node
	// Lists of one page's references and ids (doc.scan), kept for the next.
	refs []ref
	ids  []string
}

const (
	nodeChunk = 512
	attrChunk = 1024
)

// arenas are the arenas of the pages being checked, one per worker.
var arenas = sync.Pool{New: func() any { return new(arena) }}

// parse builds the tree of data in a.
func (a *arena) parse(data []byte) *html.Node {
	// The page's bytes as a string, not a copy: names, attribute values and
	// text are slices of them, not a string each. The outputs of a build are
	// never changed once rendered, and the tree is dropped once the page's
	// rules ran: what outlives it (ids, titles, references) is cloned where
	// it is kept (scan, relPath).
	src := unsafe.String(unsafe.SliceData(data), len(data))
	t := treeBuilder{a: a}
	t.doc = a.node(html.DocumentNode, "", 0)
	t.stack = append(a.stack[:0], t.doc)
	lexHTML(src, &t)
	a.stack = t.stack
	return t.doc
}

// node returns a new node.
func (a *arena) node(typ html.NodeType, data string, at atom.Atom) *html.Node {
	for {
		if a.ni == len(a.nodes) {
			a.nodes = append(a.nodes, make([]html.Node, nodeChunk))
		}
		if c := a.nodes[a.ni]; a.nj < len(c) {
			n := &c[a.nj] // zero: new, or cleared by reset
			a.nj++
			n.Type, n.Data, n.DataAtom = typ, data, at
			return n
		}
		a.ni, a.nj = a.ni+1, 0
	}
}

// keepAttrs returns a copy of attrs, full (an append copies it again).
func (a *arena) keepAttrs(attrs []html.Attribute) []html.Attribute {
	if len(attrs) == 0 {
		return nil
	}
	if len(attrs) > attrChunk {
		return slices.Clip(slices.Clone(attrs))
	}
	for {
		if a.ai == len(a.attrs) {
			a.attrs = append(a.attrs, make([]html.Attribute, attrChunk))
		}
		if c := a.attrs[a.ai]; a.aj+len(attrs) <= len(c) {
			kept := c[a.aj : a.aj+len(attrs) : a.aj+len(attrs)]
			copy(kept, attrs)
			a.aj += len(attrs)
			return kept
		}
		a.ai, a.aj = a.ai+1, 0
	}
}

// attrRoom returns room for a start tag's attributes in the arena (len 0):
// the lexer reads them straight into it, and commitAttrs keeps them there
// without a copy.
func (a *arena) attrRoom() []html.Attribute {
	const least = 32 // most tags have fewer attributes
	for {
		if a.ai == len(a.attrs) {
			a.attrs = append(a.attrs, make([]html.Attribute, attrChunk))
		}
		if c := a.attrs[a.ai]; a.aj+least <= len(c) {
			return c[a.aj:a.aj]
		}
		a.ai, a.aj = a.ai+1, 0
	}
}

// commitAttrs keeps attrs, read into the room attrRoom gave, or into memory
// of their own when there were more than it held.
func (a *arena) commitAttrs(attrs []html.Attribute) []html.Attribute {
	if len(attrs) == 0 {
		return nil
	}
	if a.ai < len(a.attrs) {
		c := a.attrs[a.ai]
		if a.aj < len(c) && &attrs[0] == &c[a.aj] {
			a.aj += len(attrs)
			return attrs[:len(attrs):len(attrs)]
		}
		// The room was outgrown: what was read into it is dropped.
		clear(c[a.aj:])
	}
	return a.keepAttrs(attrs)
}

// reset empties a for the next page: its last tree must no longer be used.
// What the tree held is cleared, so that the page it was made of can go.
func (a *arena) reset() {
	for i := 0; i < a.ni; i++ {
		clear(a.nodes[i])
	}
	if a.ni < len(a.nodes) {
		clear(a.nodes[a.ni][:a.nj])
	}
	for i := 0; i < a.ai; i++ {
		clear(a.attrs[i])
	}
	if a.ai < len(a.attrs) {
		clear(a.attrs[a.ai][:a.aj])
	}
	clear(a.stack)
	a.ni, a.nj, a.ai, a.aj = 0, 0, 0, 0
}

// tokenSink takes lexHTML's tokens. text is given raw: decode says whether
// its character references are to be decoded (not in script or style).
type tokenSink interface {
	text(s string, decode bool)
	comment()
	start(tag *startTag, selfClosing bool)
	end(name string)
}

// attrRoomer is a tokenSink that keeps start tags' attributes where it
// says: lexHTML reads each tag's into room of its own.
type attrRoomer interface {
	attrRoom() []html.Attribute
}

// startTag is a start tag as lexHTML read it. Its attrs are reused from tag
// to tag: a sink copies what it keeps.
type startTag struct {
	name  string // lower case
	atom  atom.Atom
	attrs []html.Attribute
}

// isRawText reports whether the content of element a is text up to its end
// tag (the text of title and textarea has its character references decoded).
func isRawText(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Textarea, atom.Title, atom.Xmp, atom.Iframe, atom.Noembed, atom.Noframes, atom.Noscript, atom.Plaintext:
		return true
	}
	return false
}

// lexHTML splits src into text, comments, start and end tags for t, as
// x/net/html's tokenizer does. The doctype is dropped, and comments are kept
// empty: no rule reads either. Names, values and text are slices of src
// unless they had to be lowered or decoded.
func lexHTML(src string, t tokenSink) {
	var tag startTag
	roomer, _ := t.(attrRoomer)
	n := len(src)
	for i := 0; i < n; {
		lt := strings.IndexByte(src[i:], '<')
		if lt < 0 {
			t.text(src[i:], true)
			return
		}
		j := i + lt
		if j+1 >= n {
			t.text(src[i:], true)
			return
		}
		c := src[j+1]
		if c == '/' && j+2 >= n { // "</" at the very end is text
			t.text(src[i:], true)
			return
		}
		if c != '!' && c != '?' && c != '/' && !isASCIILetter(c) { // "<" that starts no tag is text
			t.text(src[i:j+1], true)
			i = j + 1
			continue
		}
		if lt > 0 {
			t.text(src[i:j], true)
		}
		switch {
		case c == '!':
			if strings.HasPrefix(src[j:], "<!--") {
				t.comment()
				end := strings.Index(src[j+4:], "-->")
				if end < 0 {
					return
				}
				i = j + 4 + end + 3
			} else {
				if !(j+9 <= n && strings.EqualFold(src[j+2:j+9], "doctype")) {
					t.comment() // a bogus comment
				}
				i = skipPast(src, j, '>')
			}
		case c == '?':
			t.comment()
			i = skipPast(src, j, '>')
		case c == '/' && isASCIILetter(src[j+2]):
			k, up := j+2, uint8(0)
			for k < n && byteClass[src[k]]&classTagEnd == 0 {
				up |= byteClass[src[k]]
				k++
			}
			t.end(lowerIf(src[j+2:k], up))
			if k < n && src[k] == '>' { // "</p>": no attributes to skip
				i = k + 1
			} else {
				i = skipPast(src, k, '>')
			}
		case c == '/' && src[j+2] == '>': // "</>": an empty comment, as the tokenizer makes
			t.comment()
			i = j + 3
		case c == '/': // "</ x": a bogus comment
			t.comment()
			i = skipPast(src, j, '>')
		default: // a start tag
			var selfClosing bool
			if roomer != nil {
				tag.attrs = roomer.attrRoom()
			}
			selfClosing, i = lexStartTag(src, j+1, &tag)
			t.start(&tag, selfClosing)
			if !selfClosing && isRawText(tag.atom) {
				end := rawEnd(src, i, tag.name)
				if end > i {
					t.text(src[i:end], tag.atom == atom.Title || tag.atom == atom.Textarea)
				}
				i = end
			}
		}
	}
}

// lexStartTag reads the tag that starts at src[i] (after its "<") into tag
// and returns whether it ended with "/>", and the offset after its ">".
func lexStartTag(src string, i int, tag *startTag) (bool, int) {
	n := len(src)
	k, up := i, uint8(0)
	for k < n && byteClass[src[k]]&classTagEnd == 0 {
		up |= byteClass[src[k]]
		k++
	}
	tag.name = lowerIf(src[i:k], up)
	tag.atom = atom.Lookup([]byte(tag.name))
	if tag.atom != 0 {
		tag.name = tag.atom.String() // the same, without holding the page
	}
	tag.attrs = tag.attrs[:0]
	for {
		for k < n && isSpace(src[k]) {
			k++
		}
		if k >= n {
			return false, n
		}
		switch {
		case src[k] == '>':
			return false, k + 1
		case src[k] == '/' && k+1 < n && src[k+1] == '>':
			return true, k + 2
		case src[k] == '/':
			k++
			continue
		}
		// An attribute name runs to a space, "=", ">" or "/" (its first
		// character may be anything, "=" included).
		ks, up := k, byteClass[src[k]]
		k++
		for k < n && byteClass[src[k]]&classNameEnd == 0 {
			up |= byteClass[src[k]]
			k++
		}
		key := lowerIf(src[ks:k], up)
		for k < n && isSpace(src[k]) {
			k++
		}
		val := ""
		if k < n && src[k] == '=' {
			k++
			for k < n && isSpace(src[k]) {
				k++
			}
			if k < n && (src[k] == '"' || src[k] == '\'') {
				q := src[k]
				end := strings.IndexByte(src[k+1:], q)
				if end < 0 {
					end = n - k - 1
				}
				val = decodeAttr(src[k+1 : k+1+end])
				k += end + 2
			} else {
				vs := k
				for k < n && !isSpace(src[k]) && src[k] != '>' {
					k++
				}
				val = decodeAttr(src[vs:k])
			}
		}
		tag.attrs = append(tag.attrs, html.Attribute{Key: key, Val: val})
	}
}

// rawEnd returns where the raw text of element name, starting at i, ends: at
// its end tag, or at the end of src.
func rawEnd(src string, i int, name string) int {
	if name == "plaintext" {
		return len(src)
	}
	for k := i; ; {
		at := strings.Index(src[k:], "</")
		if at < 0 {
			return len(src)
		}
		at += k
		e := at + 2 + len(name)
		if e <= len(src) && strings.EqualFold(src[at+2:e], name) && (e == len(src) || isTagEnd(src[e])) {
			return at
		}
		k = at + 2
	}
}

func skipPast(src string, i int, c byte) int {
	if k := strings.IndexByte(src[i:], c); k >= 0 {
		return i + k + 1
	}
	return len(src)
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isSpace(c byte) bool { return byteClass[c]&classSpace != 0 }

func isTagEnd(c byte) bool { return byteClass[c]&classTagEnd != 0 }

// byteClass holds what the lexer asks of a byte, one load instead of up to
// seven comparisons: it reads every byte of every tag of every page.
var byteClass = func() (t [256]uint8) {
	for _, c := range []byte(" \t\n\r\f") {
		t[c] |= classSpace | classTagEnd | classNameEnd
	}
	t['/'] |= classTagEnd | classNameEnd
	t['>'] |= classTagEnd | classNameEnd
	t['='] |= classNameEnd
	for c := range t {
		if isASCIILetter(byte(c)) || isDigit(byte(c)) || strings.IndexByte("-._~", byte(c)) >= 0 {
			t[c] |= classPathChar
		}
		if 'A' <= c && c <= 'Z' {
			t[c] |= classUpper
		}
	}
	return
}()

const (
	classSpace    = 1 << iota // HTML's ASCII whitespace
	classTagEnd               // ends a tag name: a space, "/" or ">"
	classNameEnd              // ends an attribute name: a tag end or "="
	classPathChar             // may be in a URL path as it is: a letter, digit or "-._~" (plainRootPath)
	classUpper                // A-Z: the lexer gathers the classes of a name's bytes, to lower it only when needed
)

// lowerIf is the name s lowered, up being the classes of its bytes ORed (the
// lexer gathers them as it reads the name): s itself unless one is A–Z.
func lowerIf(s string, up uint8) string {
	if up&classUpper == 0 {
		return s
	}
	return strings.ToLower(s)
}

// decodeText decodes character references and normalizes newlines, as the
// tokenizer does for text.
func decodeText(s string) string {
	return normalizeNewlines(decodeAttr(s))
}

func decodeAttr(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return s
}

func normalizeNewlines(s string) string {
	if strings.IndexByte(s, '\r') < 0 && strings.IndexByte(s, 0) < 0 {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\x00", "\uFFFD")
}

type treeBuilder struct {
	a                *arena
	doc              *html.Node
	stack            []*html.Node // open elements; stack[0] is the document
	htm, head, body  *html.Node
	headDone, inBody bool
}

func (t *treeBuilder) attrRoom() []html.Attribute { return t.a.attrRoom() }

func (t *treeBuilder) top() *html.Node { return t.stack[len(t.stack)-1] }

func (t *treeBuilder) push(n *html.Node) {
	t.top().AppendChild(n)
	t.stack = append(t.stack, n)
}

// popTo pops open elements down to and including n.
func (t *treeBuilder) popTo(n *html.Node) {
	for i := len(t.stack) - 1; i > 0; i-- {
		if t.stack[i] == n {
			t.stack = t.stack[:i]
			return
		}
	}
}

// ensureHTML makes the html element when the page left its start tag out.
func (t *treeBuilder) ensureHTML() {
	if t.htm == nil {
		t.htm = t.a.node(html.ElementNode, "html", atom.Html)
		t.push(t.htm)
	}
}

// ensureHead makes the head element when the page left its start tag out.
func (t *treeBuilder) ensureHead() {
	t.ensureHTML()
	if t.head == nil {
		t.head = t.a.node(html.ElementNode, "head", atom.Head)
		t.push(t.head)
	}
}

// ensureBody closes head and opens body when body content begins.
func (t *treeBuilder) ensureBody() {
	if t.inBody {
		return
	}
	t.ensureHead()
	t.popTo(t.head)
	t.headDone, t.inBody = true, true
	if t.body == nil {
		t.body = t.a.node(html.ElementNode, "body", atom.Body)
		t.push(t.body)
	}
}

// isHeadElement reports whether element a may sit in head; any other start
// tag begins the body.
func isHeadElement(a atom.Atom) bool {
	switch a {
	case atom.Meta, atom.Link, atom.Title, atom.Script, atom.Style, atom.Base, atom.Noscript, atom.Template:
		return true
	}
	return false
}

func isVoidElement(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input, atom.Link, atom.Meta,
		atom.Param, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// closesP reports whether a start tag of a ends an open p.
func closesP(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Details, atom.Div, atom.Dl, atom.Fieldset,
		atom.Figcaption, atom.Figure, atom.Footer, atom.Form, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Header, atom.Hgroup, atom.Hr, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P, atom.Pre, atom.Section,
		atom.Table, atom.Ul:
		return true
	}
	return false
}

func (t *treeBuilder) text(s string, decode bool) {
	if decode {
		s = decodeText(s)
	} else {
		s = normalizeNewlines(s)
	}
	if !t.inBody && strings.TrimSpace(s) == "" {
		return // whitespace before the body belongs to no element the rules read
	}
	if !t.inBody && !(t.head != nil && !t.headDone && t.top() != t.head) {
		t.ensureBody()
	}
	top := t.top()
	if c := top.LastChild; c != nil && c.Type == html.TextNode {
		c.Data += s
		return
	}
	top.AppendChild(t.a.node(html.TextNode, s, 0))
}

// comment adds an empty comment node: it separates the text around it, as
// in html.Parse's tree.
func (t *treeBuilder) comment() {
	t.top().AppendChild(t.a.node(html.CommentNode, "", 0))
}

func (t *treeBuilder) start(tag *startTag, selfClosing bool) {
	n := t.a.node(html.ElementNode, tag.name, tag.atom)
	n.Attr = t.a.commitAttrs(tag.attrs)
	top := t.top()
	if top.Namespace != "" && top.DataAtom != atom.ForeignObject {
		n.Namespace = top.Namespace
	} else if n.DataAtom == atom.Svg || n.DataAtom == atom.Math {
		n.Namespace = n.Data
	}
	if n.Namespace != "" {
		if selfClosing {
			top.AppendChild(n)
		} else {
			t.push(n)
		}
		return
	}
	switch n.DataAtom {
	case atom.Html:
		if t.htm == nil {
			t.htm = n
			t.push(n)
		}
		return
	case atom.Head:
		if t.head == nil && !t.inBody {
			t.ensureHTML()
			t.head = n
			t.push(n)
		}
		return
	case atom.Body:
		if !t.inBody {
			t.ensureHead()
			t.popTo(t.head)
			t.headDone, t.inBody = true, true
			t.body = n
			t.push(n)
		}
		return
	}
	if !t.inBody {
		if isHeadElement(n.DataAtom) && !t.headDone {
			t.ensureHead()
		} else {
			t.ensureBody()
		}
	}
	t.closeImplied(n.DataAtom)
	if isVoidElement(n.DataAtom) {
		t.top().AppendChild(n)
		return
	}
	t.push(n)
}

// closeImplied ends the open elements whose end tag a start tag of a implies.
func (t *treeBuilder) closeImplied(a atom.Atom) {
	is := func(as ...atom.Atom) bool {
		top := t.top()
		if top.Namespace != "" {
			return false
		}
		for _, x := range as {
			if top.DataAtom == x {
				return true
			}
		}
		return false
	}
	switch {
	case closesP(a):
		if is(atom.P) {
			t.popTo(t.top())
		}
	case a == atom.Li:
		if is(atom.P) {
			t.popTo(t.top())
		}
		if is(atom.Li) {
			t.popTo(t.top())
		}
	case a == atom.Dt || a == atom.Dd:
		if is(atom.P) {
			t.popTo(t.top())
		}
		if is(atom.Dt, atom.Dd) {
			t.popTo(t.top())
		}
	case a == atom.Td || a == atom.Th:
		if is(atom.Td, atom.Th) {
			t.popTo(t.top())
		}
	case a == atom.Tr:
		if is(atom.Td, atom.Th) {
			t.popTo(t.top())
		}
		if is(atom.Tr) {
			t.popTo(t.top())
		}
	case a == atom.Thead || a == atom.Tbody || a == atom.Tfoot:
		if is(atom.Td, atom.Th) {
			t.popTo(t.top())
		}
		if is(atom.Tr) {
			t.popTo(t.top())
		}
		if is(atom.Thead, atom.Tbody, atom.Tfoot) {
			t.popTo(t.top())
		}
	case a == atom.Option || a == atom.Optgroup:
		if is(atom.Option) {
			t.popTo(t.top())
		}
	}
}

func (t *treeBuilder) end(name string) {
	switch name {
	case "html", "body":
		return // open until the end of the page
	case "head":
		if t.head != nil && !t.headDone {
			t.popTo(t.head)
			t.headDone = true
		}
		return
	}
	for i := len(t.stack) - 1; i > 0; i-- {
		n := t.stack[i]
		if n.Data == name || strings.EqualFold(n.Data, name) { // mostly the open element's own end tag
			t.stack = t.stack[:i]
			return
		}
		if n == t.body || n == t.head {
			break // a stray end tag: nothing of that name is open
		}
	}
	if name == "p" { // as html.Parse does, a stray </p> is an empty paragraph
		t.ensureBody()
		t.top().AppendChild(t.a.node(html.ElementNode, "p", atom.P))
	}
}
