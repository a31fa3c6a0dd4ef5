package markdown

import (
	"bytes"
	_ "embed"
	"errors"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// highlightStyleName is the chroma style behind HighlightCSS. modus-operandi is
// a light theme designed for WCAG AAA contrast (7:1) on its white background;
// TestHighlightContrast checks every colour against 4.5:1.
const highlightStyleName = "modus-operandi"

var (
	// formatter is how chroma would write highlighted code: highlight gives
	// exactly what it would (only the token spans: codeRenderer writes <pre>
	// and <code> itself so that it can add the language and tabindex), and
	// it wrote highlight.css.
	formatter  = chromahtml.New(chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(true), chromahtml.TabWidth(4))
	lexerCache sync.Map // language name -> chroma.Lexer, or nil for an unknown name
)

// lexerFor returns the lexer for a fence's language, or nil if chroma does not
// know it. Lookups are cached: chroma's fallback for an unknown name scans
// every lexer's file patterns. The lexer is not wrapped in chroma.Coalesce:
// tokenWriter merges runs of tokens itself, without concatenating strings.
func lexerFor(lang string) chroma.Lexer {
	if v, ok := lexerCache.Load(lang); ok {
		l, _ := v.(chroma.Lexer)
		return l
	}
	l := lexers.Get(lang)
	if l != nil {
		lexerCache.Store(lang, l)
	} else {
		lexerCache.Store(lang, nil)
	}
	return l
}

// WarmLexers makes ready, on a goroutine of its own, the lexers of the
// languages that fenced code in sources names (```go): compiling a lexer
// takes milliseconds, which a render would otherwise spend at its first
// code block while other pages wait for the same lexer. It returns at once;
// a language it misreads only costs its compile.
func WarmLexers(sources [][]byte) {
	go func() {
		seen := map[string]bool{}
		for _, src := range sources {
			for _, lang := range fenceLanguages(src) {
				if seen[lang] {
					continue
				}
				seen[lang] = true
				if l := lexerFor(lang); l != nil {
					loopLexerFor(l)
				}
			}
		}
	}()
}

// fenceLanguages lists the language words after the ``` and ~~~ that open
// lines of src (up to three spaces in), lower-cased as renderFencedCode
// does; a rough reading, for WarmLexers.
func fenceLanguages(src []byte) []string {
	var out []string
	for line := range bytes.Lines(src) {
		k := 0
		for k < len(line) && k < 3 && line[k] == ' ' {
			k++
		}
		if len(line)-k < 4 || line[k] != '`' && line[k] != '~' || line[k+1] != line[k] || line[k+2] != line[k] {
			continue
		}
		fence := line[k]
		for k < len(line) && line[k] == fence {
			k++
		}
		for k < len(line) && line[k] == ' ' {
			k++
		}
		e := k
		for e < len(line) && e-k < 32 && isLangByte(line[e]) {
			e++
		}
		if e > k {
			out = append(out, string(bytes.ToLower(line[k:e])))
		}
	}
	return out
}

// isLangByte reports whether c may be part of a fence's language word
// ("c++", "objective-c", "f#", "go_template").
func isLangByte(c byte) bool {
	return isASCIILetter(c) || c >= '0' && c <= '9' || c == '_' || c == '+' || c == '-' || c == '#'
}

// noCROptions are chroma's default tokenise options without EnsureLF, which
// turns CR and CR LF into LF: for code without CR the same tokens.
var noCROptions = &chroma.TokeniseOptions{State: "root"}

// highlight appends code, lexed by lexer (through loopLexer when it can
// drive it), to out as the HTML spans that
// chroma's HTML formatter (the formatter variable) writes for it after
// chroma.Coalesce, byte for byte. On an error nothing is appended.
//
// Chroma gives each of its regular expressions 250 ms of wall time per
// match and takes a timed-out match for no match, so on a loaded machine the
// same code could come out highlighted differently from one build to the
// next (an Error token, or another rule's: a keyword as a name). A real
// lexing error recurs; a timeout does not. loopLexer reports a timeout:
// that code is lexed again, up to twice, and left unhighlighted
// (errTimedOut) when it times out every time, the same in every build; its
// Error tokens are real. Through chroma's iterator a timeout shows only as
// Error tokens, so code with them is lexed again instead.
func highlight(out *outBuf, lexer chroma.Lexer, code string) error {
	var opts *chroma.TokeniseOptions // chroma's default: EnsureLF
	if !strings.ContainsRune(code, '\r') {
		opts = noCROptions // EnsureLF would only copy the code twice
	}
	start := out.Len()
	loop := loopLexerFor(lexer)
	var w tokenWriter
	for try := 0; try < 3; try++ {
		out.Truncate(start)
		w = tokenWriter{out: out}
		if loop != nil {
			loop.tokenise(opts, code, &w)
		} else {
			it, err := lexer.Tokenise(opts, code)
			if err != nil {
				return err
			}
			for t := it(); t != chroma.EOF; t = it() {
				w.token(t)
			}
		}
		w.end()
		if !w.sawTimeout && (loop != nil || !w.sawError) {
			return nil
		}
	}
	if w.sawTimeout {
		out.Truncate(start)
		return errTimedOut
	}
	return nil
}

// errTimedOut: a regular expression of the lexer timed out on every try.
var errTimedOut = errors.New("markdown: highlighting timed out")

// tokenWriter writes a lexer's tokens as chroma's HTML formatter with
// classes and PreventSurroundingPre does after chroma.Coalesce, streaming:
//   - Coalesce skips empty tokens and merges a token into the previous one
//     when both have the same type and the merged value so far is shorter
//     than 8192 bytes;
//   - the formatter splits each merged token after every newline and writes
//     each piece HTML-escaped, in <span class="c"> when the type has a class c.
//
// So a span is opened lazily before a piece's first byte and closed after a
// newline or when the merged token ends.
type tokenWriter struct {
	out        *outBuf
	typ        chroma.TokenType // type of the merged token being written
	size       int              // bytes in it so far; 0 before the first token
	class      string           // CSS class of typ; "" for none
	inSpan     bool             // a <span> is open
	sawError   bool             // an Error token was written
	sawTimeout bool             // a rule's regular expression timed out (timeoutSink)
}

func (w *tokenWriter) timedOut()    { w.sawTimeout = true }
func (w *tokenWriter) halted() bool { return w.sawTimeout }

func (w *tokenWriter) token(t chroma.Token) {
	if t.Value == "" {
		return
	}
	if t.Type == chroma.Error {
		w.sawError = true
	}
	if w.size == 0 || t.Type != w.typ || w.size >= 8192 {
		w.end()
		w.typ, w.class = t.Type, tokenClass(t.Type)
	}
	w.size += len(t.Value)
	v := t.Value
	for v != "" {
		line := v
		if i := strings.IndexByte(v, '\n'); i >= 0 {
			line = v[:i+1]
		}
		v = v[len(line):]
		if !w.inSpan && w.class != "" {
			w.out.WriteString(`<span class="`)
			w.out.WriteString(w.class)
			w.out.WriteString(`">`)
			w.inSpan = true
		}
		htmlEscaper.WriteString(w.out, line)
		if line[len(line)-1] == '\n' {
			w.closeSpan()
		}
	}
}

// end finishes the merged token being written.
func (w *tokenWriter) end() {
	w.closeSpan()
	w.size = 0
}

func (w *tokenWriter) closeSpan() {
	if w.inSpan {
		w.out.WriteString("</span>")
		w.inSpan = false
	}
}

// tokenClass is the CSS class chroma's formatter gives a token type: that of
// the type or its nearest parent in chroma.StandardTypes.
func tokenClass(t chroma.TokenType) string {
	for t != 0 {
		if cls, ok := chroma.StandardTypes[t]; ok {
			return cls
		}
		t = t.Parent()
	}
	return chroma.StandardTypes[t]
}

// htmlEscaper escapes as html.EscapeString does (the formatter's escaping),
// writing into the page's buffer without making a string of its own.
var htmlEscaper = strings.NewReplacer("&", "&amp;", "'", "&#39;", "<", "&lt;", ">", "&gt;", `"`, "&#34;")

// HighlightCSS returns the stylesheet for the CSS classes that highlighted code
// uses, with a print variant; each call returns a copy.
func HighlightCSS() []byte { return bytes.Clone(highlightCSS) }

// highlightCSS is generated from chroma's highlightStyleName by
// TestHighlightCSSGenerated (go test ./internal/markdown -run
// HighlightCSSGenerated -update), not at run time: chroma's styles package
// parses all of its 70 styles when a program starts, ~10 ms before every
// build could begin.
//
//go:embed highlight.css
var highlightCSS []byte

// codeRenderer renders fenced code blocks, highlighted when chroma knows the
// language, else as plain escaped <pre><code>.
type codeRenderer struct{}

func newCodeRenderer() codeRenderer { return codeRenderer{} }

// RegisterFuncs implements renderer.NodeRenderer.
func (codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, renderFencedCode)
}

func renderFencedCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	lang := string(n.Language(src))
	if i := strings.IndexByte(lang, '{'); i >= 0 { // ```go {linenos=true}
		lang = lang[:i]
	}
	lang = strings.ToLower(strings.TrimSpace(lang))

	code := getBuf()
	defer putBuf(code)
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}

	if lang != "" {
		if lexer := lexerFor(lang); lexer != nil {
			// Render gives goldmark an outBuf: write into it directly.
			out, direct := w.(*outBuf)
			if !direct {
				out = getBuf()
				defer putBuf(out)
			}
			start := out.Len()
			escLang := util.EscapeHTML([]byte(lang))
			out.WriteString(`<pre class="chroma" tabindex="0"><code class="language-`)
			out.Write(escLang)
			out.WriteString(`" data-lang="`)
			out.Write(escLang)
			out.WriteString(`">`)
			if highlight(out, lexer, code.String()) == nil {
				out.WriteString("</code></pre>\n")
				if !direct {
					_, _ = w.Write(out.Bytes())
				}
				return ast.WalkSkipChildren, nil
			}
			out.Truncate(start)
		}
	}
	_, _ = w.WriteString("<pre><code")
	if lang != "" {
		_, _ = w.WriteString(` class="language-`)
		_, _ = w.Write(util.EscapeHTML([]byte(lang)))
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	_, _ = w.Write(util.EscapeHTML(code.Bytes()))
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}
