package check

import (
	"bytes"
	"strings"

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
// shipped portal and of the faults fixture.
func parseHTML(data []byte) *html.Node {
	t := treeBuilder{doc: &html.Node{Type: html.DocumentNode}}
	t.stack = []*html.Node{t.doc}
	lexHTML(data, &t)
	return t.doc
}

// tokenSink takes lexHTML's tokens. text is given raw: decode says whether
// its character references are to be decoded (not in script or style).
type tokenSink interface {
	text(b []byte, decode bool)
	comment()
	start(n *html.Node, selfClosing bool)
	end(name string)
}

// rawText are the elements whose content is text up to their end tag; the
// text of title and textarea has its character references decoded.
var rawText = map[string]bool{"script": true, "style": true, "textarea": true, "title": true, "xmp": true,
	"iframe": true, "noembed": true, "noframes": true, "noscript": true, "plaintext": true}

// lexHTML splits data into text, comments, start and end tags for t, as
// x/net/html's tokenizer does, over the byte slice itself. The doctype is
// dropped, and comments are kept empty: no rule reads either.
func lexHTML(data []byte, t tokenSink) {
	n := len(data)
	for i := 0; i < n; {
		lt := bytes.IndexByte(data[i:], '<')
		if lt < 0 {
			t.text(data[i:], true)
			return
		}
		j := i + lt
		if j+1 >= n {
			t.text(data[i:], true)
			return
		}
		c := data[j+1]
		if c == '/' && j+2 >= n { // "</" at the very end is text
			t.text(data[i:], true)
			return
		}
		if c != '!' && c != '?' && c != '/' && !isASCIILetter(c) { // "<" that starts no tag is text
			t.text(data[i:j+1], true)
			i = j + 1
			continue
		}
		if lt > 0 {
			t.text(data[i:j], true)
		}
		switch {
		case c == '!':
			if bytes.HasPrefix(data[j:], []byte("<!--")) {
				t.comment()
				end := bytes.Index(data[j+4:], []byte("-->"))
				if end < 0 {
					return
				}
				i = j + 4 + end + 3
			} else {
				if !(j+9 <= n && strings.EqualFold(string(data[j+2:j+9]), "doctype")) {
					t.comment() // a bogus comment
				}
				i = skipPast(data, j, '>')
			}
		case c == '?':
			t.comment()
			i = skipPast(data, j, '>')
		case c == '/' && isASCIILetter(data[j+2]):
			k := j + 2
			for k < n && !isTagEnd(data[k]) {
				k++
			}
			t.end(lowerASCII(data[j+2 : k]))
			i = skipPast(data, k, '>')
		case c == '/' && data[j+2] == '>': // "</>": an empty comment, as the tokenizer makes
			t.comment()
			i = j + 3
		case c == '/': // "</ x": a bogus comment
			t.comment()
			i = skipPast(data, j, '>')
		default: // a start tag
			var el *html.Node
			var selfClosing bool
			el, selfClosing, i = lexStartTag(data, j+1)
			t.start(el, selfClosing)
			if rawText[el.Data] && !selfClosing {
				end := rawEnd(data, i, el.Data)
				if end > i {
					t.text(data[i:end], el.Data == "title" || el.Data == "textarea")
				}
				i = end
			}
		}
	}
}

// lexStartTag reads the tag that starts at data[i] (after its "<") and returns
// its element, whether it ended with "/>", and the offset after its ">".
func lexStartTag(data []byte, i int) (*html.Node, bool, int) {
	n := len(data)
	k := i
	for k < n && !isTagEnd(data[k]) {
		k++
	}
	name := lowerASCII(data[i:k])
	el := &html.Node{Type: html.ElementNode, Data: name, DataAtom: atom.Lookup([]byte(name))}
	for {
		for k < n && isSpace(data[k]) {
			k++
		}
		if k >= n {
			return el, false, n
		}
		switch {
		case data[k] == '>':
			return el, false, k + 1
		case data[k] == '/' && k+1 < n && data[k+1] == '>':
			return el, true, k + 2
		case data[k] == '/':
			k++
			continue
		}
		// An attribute name runs to a space, "=", ">" or "/" (its first
		// character may be anything, "=" included).
		ks := k
		k++
		for k < n && !isSpace(data[k]) && data[k] != '=' && data[k] != '>' && data[k] != '/' {
			k++
		}
		key := lowerASCII(data[ks:k])
		for k < n && isSpace(data[k]) {
			k++
		}
		val := ""
		if k < n && data[k] == '=' {
			k++
			for k < n && isSpace(data[k]) {
				k++
			}
			if k < n && (data[k] == '"' || data[k] == '\'') {
				q := data[k]
				end := bytes.IndexByte(data[k+1:], q)
				if end < 0 {
					end = n - k - 1
				}
				val = decodeAttr(data[k+1 : k+1+end])
				k += end + 2
			} else {
				vs := k
				for k < n && !isSpace(data[k]) && data[k] != '>' {
					k++
				}
				val = decodeAttr(data[vs:k])
			}
		}
		el.Attr = append(el.Attr, html.Attribute{Key: key, Val: val})
	}
}

// rawEnd returns where the raw text of element name, starting at i, ends: at
// its end tag, or at the end of data.
func rawEnd(data []byte, i int, name string) int {
	if name == "plaintext" {
		return len(data)
	}
	for k := i; ; {
		at := bytes.Index(data[k:], []byte("</"))
		if at < 0 {
			return len(data)
		}
		at += k
		e := at + 2 + len(name)
		if e <= len(data) && strings.EqualFold(string(data[at+2:e]), name) && (e == len(data) || isTagEnd(data[e])) {
			return at
		}
		k = at + 2
	}
}

func skipPast(data []byte, i int, c byte) int {
	if k := bytes.IndexByte(data[i:], c); k >= 0 {
		return i + k + 1
	}
	return len(data)
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func isTagEnd(c byte) bool { return isSpace(c) || c == '/' || c == '>' }

// lowerASCII is b as a string, A–Z lowered.
func lowerASCII(b []byte) string {
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			return strings.ToLower(string(b))
		}
	}
	return string(b)
}

// decodeText decodes character references and normalizes newlines, as the
// tokenizer does for text.
func decodeText(b []byte) string {
	s := string(b)
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return normalizeNewlines(s)
}

func decodeAttr(b []byte) string {
	s := string(b)
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
	doc              *html.Node
	stack            []*html.Node // open elements; stack[0] is the document
	htm, head, body  *html.Node
	headDone, inBody bool
}

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
		t.htm = &html.Node{Type: html.ElementNode, Data: "html", DataAtom: atom.Html}
		t.push(t.htm)
	}
}

// ensureHead makes the head element when the page left its start tag out.
func (t *treeBuilder) ensureHead() {
	t.ensureHTML()
	if t.head == nil {
		t.head = &html.Node{Type: html.ElementNode, Data: "head", DataAtom: atom.Head}
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
		t.body = &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
		t.push(t.body)
	}
}

// headElements may sit in head; any other start tag begins the body.
var headElements = map[atom.Atom]bool{atom.Meta: true, atom.Link: true, atom.Title: true, atom.Script: true,
	atom.Style: true, atom.Base: true, atom.Noscript: true, atom.Template: true}

var voidElements = map[atom.Atom]bool{atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true,
	atom.Embed: true, atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true,
	atom.Param: true, atom.Source: true, atom.Track: true, atom.Wbr: true}

// closesP are the start tags that end an open p.
var closesP = map[atom.Atom]bool{atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Details: true, atom.Div: true, atom.Dl: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true,
	atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Header: true, atom.Hgroup: true, atom.Hr: true, atom.Main: true, atom.Menu: true,
	atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true, atom.Table: true, atom.Ul: true}

func (t *treeBuilder) text(b []byte, decode bool) {
	var s string
	if decode {
		s = decodeText(b)
	} else {
		s = normalizeNewlines(string(b))
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
	top.AppendChild(&html.Node{Type: html.TextNode, Data: s})
}

// comment adds an empty comment node: it separates the text around it, as
// in html.Parse's tree.
func (t *treeBuilder) comment() {
	t.top().AppendChild(&html.Node{Type: html.CommentNode})
}

func (t *treeBuilder) start(n *html.Node, selfClosing bool) {
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
		if headElements[n.DataAtom] && !t.headDone {
			t.ensureHead()
		} else {
			t.ensureBody()
		}
	}
	t.closeImplied(n.DataAtom)
	if voidElements[n.DataAtom] {
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
	case closesP[a]:
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
		if strings.EqualFold(n.Data, name) {
			t.stack = t.stack[:i]
			return
		}
		if n == t.body || n == t.head {
			break // a stray end tag: nothing of that name is open
		}
	}
	if name == "p" { // as html.Parse does, a stray </p> is an empty paragraph
		t.ensureBody()
		t.top().AppendChild(&html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P})
	}
}
