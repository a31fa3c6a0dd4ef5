package tmpl

import (
	"html/template"
	"io"
	"strconv"
	"strings"
	"text/template/parse"
)

// escChain stands for a chain of html/template's escapers, such as the
// _html_template_urlfilter | _html_template_urlnormalizer |
// _html_template_attrescaper that html/template puts after every value
// printed into href="…": one call instead of three, each through
// reflection with its arguments made into a slice. A string, an int or a
// template.HTML whose escaping is simple, as that of most titles and
// addresses is, is escaped here; any other value is printed by the escapers
// themselves, run by an html/template (oracle) whose one action html/template
// gave the same chain: the output stays what html/template prints (TestEscChain
// and FuzzEscChain compare the two).
type escChain struct {
	fn     string                        // the function's name in the templates
	text   func(s string) (string, bool) // a string (or an int, printed) escaped, or false: ask the oracle
	html   func(s string) (string, bool) // the same for a template.HTML
	oracle *template.Template            // prefix, the chain's action, suffix
	prefix string                        // what oracle prints before the value
	suffix string                        // and after it
}

// escContexts are the places html/template prints values in the layouts,
// with the function that stands for the escapers it puts there and how
// these escape simple strings. What the escapers of a context are is read
// from the escaped oracle, not assumed.
var escContexts = []struct {
	fn, src    string
	text, html func(string) (string, bool)
}{
	// htmlEscaper: a string through htmlReplacementTable, HTML as it is.
	{"hengdongEscHTML", `{{ . }}`, ifPlain(htmlPlain), func(s string) (string, bool) { return s, true }},
	// attrEscaper: HTML has its tags stripped (none without a <) and goes
	// through htmlNormReplacementTable; rcdataEscaper the same without
	// stripping.
	{"hengdongEscAttr", `<a title="{{ . }}">`, ifPlain(htmlPlain), ifPlain(htmlNormPlain)},
	{"hengdongEscRCDATA", `<title>{{ . }}</title>`, ifPlain(htmlPlain), ifPlain(htmlNormPlain)},
	// urlFilter, urlNormalizer (urlEscaper in a query) and attrEscaper:
	// HTML is escaped as a string.
	{"hengdongEscURLAttr", `<a href="{{ . }}">`, urlAttr, urlAttr},
	{"hengdongEscURLPartAttr", `<a href="/{{ . }}">`, urlPartAttr, urlPartAttr},
	{"hengdongEscQueryAttr", `<a href="/?q={{ . }}">`, queryAttr, queryAttr},
}

// escChains makes the chains of escContexts, keyed by the escapers' names
// joined by "|". A context whose oracle does not come out as a text, one
// action and a text is left out: its escapers stay as they are.
func escChains() map[string]*escChain {
	out := map[string]*escChain{}
	for _, c := range escContexts {
		o, err := template.New(c.fn).Parse(c.src)
		if err != nil {
			continue
		}
		if err := o.Execute(io.Discard, ""); err != nil { // escapes it
			continue
		}
		ch := &escChain{fn: c.fn, text: c.text, html: c.html, oracle: o}
		var names []string
		seen := false
		ok := true
		for _, n := range o.Tree.Root.Nodes {
			switch n := n.(type) {
			case *parse.TextNode:
				if seen {
					ch.suffix += string(n.Text)
				} else {
					ch.prefix += string(n.Text)
				}
			case *parse.ActionNode:
				cmds := n.Pipe.Cmds
				if seen || len(n.Pipe.Decl) > 0 || len(cmds) < 2 || len(cmds[0].Args) != 1 || cmds[0].Args[0].Type() != parse.NodeDot {
					ok = false
				}
				for _, cmd := range cmds[1:] {
					name, isEsc := escaperName(cmd)
					ok = ok && isEsc
					names = append(names, name)
				}
				seen = true
			default:
				ok = false
			}
		}
		if ok && seen {
			out[strings.Join(names, "|")] = ch
		}
	}
	return out
}

// escaperName is the name of an escaper command: a bare name that
// html/template adds.
func escaperName(c *parse.CommandNode) (string, bool) {
	if len(c.Args) != 1 {
		return "", false
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	if !ok || !strings.HasPrefix(id.Ident, escapePrefix) {
		return "", false
	}
	return id.Ident, true
}

// print prints v as the chain's escapers would. It returns no error, which
// would cost every call an allocation through reflection: the oracle
// writes to a strings.Builder, and fails only as an escaper would, by
// panicking, which text/template reports as the escaper's.
func (c *escChain) print(v any) string {
	switch v := v.(type) {
	case string:
		if out, ok := c.text(v); ok {
			return out
		}
	case int: // as html/template prints it: fmt.Sprint, then as a string
		if out, ok := c.text(strconv.Itoa(v)); ok {
			return out
		}
	case template.HTML:
		if out, ok := c.html(string(v)); ok {
			return out
		}
	}
	var b strings.Builder
	if err := c.oracle.Execute(&b, v); err != nil {
		panic(err)
	}
	out := b.String()
	return out[len(c.prefix) : len(out)-len(c.suffix)]
}

// ifPlain escapes the strings plain accepts, which escape to themselves.
func ifPlain(plain func(string) bool) func(string) (string, bool) {
	return func(s string) (string, bool) { return s, plain(s) }
}

// urlAttr escapes a URL for a quoted attribute as urlFilter, urlNormalizer
// and attrEscaper do, if its scheme is surely safe and what the
// normalizer leaves has nothing for attrEscaper to escape.
func urlAttr(s string) (string, bool) {
	if !safeScheme(s) {
		return "", false
	}
	return urlPartAttr(s)
}

// urlPartAttr escapes the rest of a URL as urlNormalizer and attrEscaper do.
func urlPartAttr(s string) (string, bool) {
	n := urlProcess(s, true)
	return n, htmlPlain(n)
}

// queryAttr escapes a URL's query part as urlEscaper and attrEscaper do:
// urlEscaper leaves nothing for attrEscaper to escape.
func queryAttr(s string) (string, bool) { return urlProcess(s, false), true }

// urlProcess is html/template's processURLOnto: percent-encodes the bytes
// of s that are not letters, digits or - . _ ~, except, when norm, the
// reserved characters of RFC 3986 and % starting an escape.
func urlProcess(s string, norm bool) string {
	var b []byte
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]) {
				continue
			}
		default:
			if alnum(c) {
				continue
			}
		}
		if b == nil {
			b = make([]byte, 0, len(s)+16)
		}
		b = append(b, s[written:i]...)
		b = append(b, '%', lowerHex[c>>4], lowerHex[c&15])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	return string(append(b, s[written:]...))
}

const lowerHex = "0123456789abcdef"

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// htmlPlain reports a string that html/template's htmlEscaper, attrEscaper
// and rcdataEscaper print unchanged: none of the bytes of their table
// (htmlReplacementTable: NUL " & ' + < >).
func htmlPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0, '"', '&', '\'', '+', '<', '>':
			return false
		}
	}
	return true
}

// safeScheme reports a URL that html/template's urlFilter passes: no
// scheme, or http or https (in lower case; other spellings go to the
// oracle).
func safeScheme(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	return !ok || strings.Contains(scheme, "/") || scheme == "http" || scheme == "https"
}

// htmlNormPlain reports a string that htmlNormReplacementTable leaves
// unchanged: htmlPlain's bytes but &.
func htmlNormPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0, '"', '\'', '+', '<', '>':
			return false
		}
	}
	return true
}

func alnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
