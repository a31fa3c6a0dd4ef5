package shortcode

import (
	"bytes"
	"fmt"
	"strings"

	"hengdong/internal/diag"
)

// Parse finds every shortcode call in the Markdown source src, in order.
//
// Both {{< name ... >}} and {{% name ... %}} are accepted and treated the same;
// a call opened with "{{<" must be closed with ">}}" and one opened with "{{%"
// with "%}}". Arguments are separated by white space (new lines included) and
// are either positional (bare words or quoted strings) or named (key=value, the
// value bare or quoted). Double-quoted strings understand the escapes \" and \\;
// single-quoted strings are taken literally.
//
// Calls inside fenced code blocks (``` or ~~~) and inline code spans are left
// alone, so documentation that shows shortcode syntax stays literal. Indented
// (four-space) code blocks are not recognised: use a fence for those.
//
// A call may enclose text, as in Hugo: {{< note >}}…{{< /note >}}. The
// closing tag pairs with the nearest open call of the same name; the calls in
// between become its Children. A call without a closing tag stands alone, and
// {{< name />}} says so explicitly. Parse returns the top-level calls.
//
// A malformed call (unclosed, bad quoting, missing or invalid name, a named
// argument given twice, a closing tag with no open call) stops parsing with a
// *diag.Error positioned at the problem. Its File is empty: the caller, who
// knows the file, sets it.
func Parse(src []byte) ([]Call, error) {
	p := &parser{src: src}
	flat, err := p.run()
	if err != nil {
		return nil, err
	}
	return p.pair(flat)
}

// pair turns the calls and closing tags, in source order, into a tree: a
// closing tag takes the nearest open call of its name, and everything between
// them becomes that call's children. open holds indexes into nodes of the
// calls still waiting for a closing tag.
func (p *parser) pair(flat []Call) ([]Call, error) {
	var nodes []Call
	var open []int
	for _, c := range flat {
		if !c.closing {
			open = append(open, len(nodes))
			nodes = append(nodes, c)
			continue
		}
		k := len(open) - 1
		for k >= 0 && nodes[open[k]].Name != c.Name {
			k--
		}
		if k < 0 {
			return nil, p.errAt(c.Start, "结束标签 {{< /"+c.Name+" >}} 没有对应的开始标签",
				"在前面加上 {{< "+c.Name+" >}}，或删去这个结束标签", "closing tag without an open "+c.Name)
		}
		j := open[k]
		n := &nodes[j]
		n.Paired = true
		n.InnerStart = n.End
		n.Inner = p.src[n.End:c.Start]
		n.Children = append([]Call(nil), nodes[j+1:]...)
		n.End = c.End
		nodes = nodes[:j+1]
		open = open[:k]
	}
	return nodes, nil
}

type parser struct {
	src   []byte
	calls []Call
	// line bookkeeping for LineCol without rescanning from the start each time
	lcOff, lcLine, lcCol int
}

// lineCol is diag.LineCol but incremental: offsets must be non-decreasing
// between calls, which holds because the parser only moves forward.
func (p *parser) lineCol(off int) (int, int) {
	if p.lcLine == 0 || off < p.lcOff {
		p.lcOff, p.lcLine, p.lcCol = 0, 1, 1
	}
	l, c := diag.LineCol(p.src[p.lcOff:], off-p.lcOff)
	if l == 1 {
		c = p.lcCol + c - 1 // same line: continue the column count
	}
	l = p.lcLine + l - 1
	p.lcOff, p.lcLine, p.lcCol = off, l, c
	return l, c
}

func (p *parser) errAt(off int, msg, fix, detail string) *diag.Error {
	l, c := p.lineCol(off)
	return diag.New("", l, c, msg, fix, detail)
}

func (p *parser) run() ([]Call, error) {
	src := p.src
	i := 0
	lineStart := true
	for i < len(src) {
		if lineStart {
			if end, ok := fenceBlock(src, i); ok {
				i = end
				continue
			}
		}
		lineStart = false
		switch c := src[i]; {
		case c == '\n':
			lineStart = true
			i++
		case c == '`':
			i = skipCodeSpan(src, i)
		case c == '{' && i+2 < len(src) && src[i+1] == '{' && (src[i+2] == '<' || src[i+2] == '%'):
			call, end, err := p.parseCall(i)
			if err != nil {
				return nil, err
			}
			p.calls = append(p.calls, call)
			i = end
		default:
			i++
		}
	}
	return p.calls, nil
}

// fenceBlock reports whether a fenced code block opens at the line starting at
// off and, if so, returns the offset just past its closing fence line (or the
// end of src when the fence is never closed, as CommonMark does).
func fenceBlock(src []byte, off int) (int, bool) {
	i := off
	for n := 0; n < 3 && i < len(src) && src[i] == ' '; n++ {
		i++
	}
	if i >= len(src) || (src[i] != '`' && src[i] != '~') {
		return 0, false
	}
	ch := src[i]
	n := 0
	for i < len(src) && src[i] == ch {
		n++
		i++
	}
	if n < 3 {
		return 0, false
	}
	eol := lineEnd(src, i)
	if ch == '`' && bytes.IndexByte(src[i:eol], '`') >= 0 {
		return 0, false // a backtick info string is not allowed: it is a code span
	}
	pos := eol
	for pos < len(src) {
		pos++ // past '\n'
		j := pos
		for k := 0; k < 3 && j < len(src) && src[j] == ' '; k++ {
			j++
		}
		m := 0
		for j < len(src) && src[j] == ch {
			m++
			j++
		}
		end := lineEnd(src, pos)
		if m >= n && len(bytes.TrimSpace(src[j:end])) == 0 {
			if end < len(src) {
				end++
			}
			return end, true
		}
		pos = end
	}
	return len(src), true
}

func lineEnd(src []byte, i int) int {
	if k := bytes.IndexByte(src[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(src)
}

// skipCodeSpan returns the offset after the code span that starts with the
// backtick run at i, or i+len(run) when the run has no matching closer (then
// the backticks are literal text). A code span does not cross a blank line.
func skipCodeSpan(src []byte, i int) int {
	n := 0
	for i+n < len(src) && src[i+n] == '`' {
		n++
	}
	j := i + n
	for j < len(src) {
		switch src[j] {
		case '`':
			m := 0
			for j+m < len(src) && src[j+m] == '`' {
				m++
			}
			if m == n {
				return j + m
			}
			j += m
		case '\n':
			k := j + 1
			for k < len(src) && (src[k] == ' ' || src[k] == '\t' || src[k] == '\r') {
				k++
			}
			if k >= len(src) || src[k] == '\n' {
				return i + n
			}
			j++
		default:
			j++
		}
	}
	return i + n
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isNameStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isNameChar(c byte) bool {
	return isNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// parseCall parses the call whose "{{" is at start.
func (p *parser) parseCall(start int) (Call, int, error) {
	src := p.src
	delim := src[start+2] // '<' or '%'
	closer := []byte(">}}")
	if delim == '%' {
		closer = []byte("%}}")
	}
	open := string(src[start : start+3])
	i := start + 3
	skip := func() {
		for i < len(src) && isSpace(src[i]) {
			i++
		}
	}
	atClose := func() bool { return bytes.HasPrefix(src[i:], closer) }
	unclosed := func() error {
		return p.errAt(start, "短代码 "+open+" 没有结束",
			"在调用末尾加上 "+string(closer)+"，例如 "+open+` indicator "gdp-2024" `+string(closer),
			fmt.Sprintf("unclosed shortcode: %q has no matching %q", open, closer))
	}

	skip()
	if i >= len(src) {
		return Call{}, 0, unclosed()
	}
	closing := false
	if src[i] == '/' {
		closing = true
		i++
		skip()
		if i >= len(src) {
			return Call{}, 0, unclosed()
		}
	}
	if atClose() || !isNameStart(src[i]) {
		if atClose() {
			return Call{}, 0, p.errAt(start, "短代码缺少名称", "在 "+open+" 后写上短代码名称，例如 indicator、indicators 或 chart",
				"shortcode has no name")
		}
		return Call{}, 0, p.errAt(i, "短代码名称无效", "名称须以英文字母开头，只含字母、数字、- 和 _，例如 indicator",
			fmt.Sprintf("invalid shortcode name starting with %q", string(firstRune(src[i:]))))
	}
	ns := i
	for i < len(src) && isNameChar(src[i]) {
		i++
	}
	call := Call{Name: string(src[ns:i]), Start: start, Markdown: delim == '%', closing: closing}
	if i < len(src) && !isSpace(src[i]) && !atClose() && !(src[i] == '/' && bytes.HasPrefix(src[i+1:], closer)) {
		return Call{}, 0, p.errAt(i, "短代码名称无效", "名称须以英文字母开头，只含字母、数字、- 和 _，名称后用空格分隔参数",
			fmt.Sprintf("invalid character %q in shortcode name", string(firstRune(src[i:]))))
	}
	for {
		skip()
		if i >= len(src) {
			return Call{}, 0, unclosed()
		}
		if atClose() {
			i += len(closer)
			break
		}
		if src[i] == '/' && bytes.HasPrefix(src[i+1:], closer) && !closing {
			i += 1 + len(closer) // {{< name />}}: explicitly without a closing tag
			break
		}
		if closing {
			return Call{}, 0, p.errAt(i, "结束标签不能带参数", "写成 {{< /"+call.Name+" >}}",
				"arguments in a closing tag")
		}
		if bytes.HasPrefix(src[i:], []byte("{{")) {
			// a new call starts before this one closed
			return Call{}, 0, unclosed()
		}
		tokStart := i
		var key string
		if isNameStart(src[i]) {
			j := i
			for j < len(src) && isNameChar(src[j]) {
				j++
			}
			if j < len(src) && src[j] == '=' {
				key = string(src[i:j])
				i = j + 1
				if i >= len(src) || isSpace(src[i]) || atClose() {
					return Call{}, 0, p.errAt(tokStart, "参数 "+key+" 缺少取值",
						"写成 "+key+`="取值"`, fmt.Sprintf("named argument %q has no value", key))
				}
			}
		} else if src[i] == '=' {
			return Call{}, 0, p.errAt(i, "参数缺少名称", `写成 名称="取值"，例如 ids="gdp-2024"`, "'=' without a parameter name")
		}
		val, next, err := p.scanValue(i, closer)
		if err != nil {
			return Call{}, 0, err
		}
		i = next
		if key == "" {
			call.Args = append(call.Args, val)
			continue
		}
		if call.Params == nil {
			call.Params = map[string]string{}
		}
		if _, dup := call.Params[key]; dup {
			return Call{}, 0, p.errAt(tokStart, "参数 "+key+" 重复出现", "每个参数只写一次",
				fmt.Sprintf("duplicate named argument %q", key))
		}
		call.Params[key] = val
	}
	call.End = i
	call.Line, call.Col = p.lineCol(start)
	return call, i, nil
}

// scanValue reads one argument value (quoted or bare) at i.
func (p *parser) scanValue(i int, closer []byte) (string, int, error) {
	src := p.src
	q := src[i]
	if q == '"' || q == '\'' {
		var b strings.Builder
		j := i + 1
		for j < len(src) {
			c := src[j]
			switch {
			case c == q:
				j++
				if j < len(src) && !isSpace(src[j]) && !bytes.HasPrefix(src[j:], closer) {
					return "", 0, p.errAt(j, "引号后应有空格或短代码结束符",
						"在右引号后加空格再写下一个参数", fmt.Sprintf("unexpected %q after closing quote", string(firstRune(src[j:]))))
				}
				return b.String(), j, nil
			case c == '\\' && q == '"' && j+1 < len(src) && (src[j+1] == '"' || src[j+1] == '\\'):
				b.WriteByte(src[j+1])
				j += 2
			default:
				b.WriteByte(c)
				j++
			}
		}
		return "", 0, p.errAt(i, "引号没有闭合", "在取值末尾补上 "+string(q),
			fmt.Sprintf("unterminated %c-quoted string", q))
	}
	j := i
	for j < len(src) && !isSpace(src[j]) && !bytes.HasPrefix(src[j:], closer) {
		if src[j] == '"' || src[j] == '\'' {
			return "", 0, p.errAt(j, "引号位置不对", `整个取值都要放在引号里，例如 title="衡东县经济"`,
				fmt.Sprintf("quote %q inside an unquoted value", src[j]))
		}
		j++
	}
	return string(src[i:j]), j, nil
}

func firstRune(b []byte) rune {
	for _, r := range string(b) {
		return r
	}
	return 0
}
