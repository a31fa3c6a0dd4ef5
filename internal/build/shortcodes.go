package build

import (
	"bytes"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strings"

	"hengdong/internal/content"
	"hengdong/internal/diag"
	"hengdong/internal/shortcode"
	"hengdong/internal/suggest"
	"hengdong/internal/tmpl"
)

// expandCall runs one shortcode call of page p: a template in
// layouts/shortcodes/ (the site's, else the theme's) when there is one, so that
// a site can override a built-in shortcode, else the built-in handler. Calls
// nested in a paired call are expanded first, into its .Inner. body is the
// page body the call's offsets refer to; the call's Line is already a line of
// the file.
func (b *builder) expandCall(p *content.Page, body []byte, c shortcode.Call, parent *tmpl.Shortcode, ordinal int, rs *resolver) (shortcode.Result, error) {
	if b.eng != nil && b.eng.HasShortcode(c.Name) {
		return b.templateShortcode(p, body, c, parent, ordinal, rs)
	}
	if h := mediaShortcodes[c.Name]; h != nil {
		return h(b, p, c, rs)
	}
	if h := b.sc[c.Name]; h != nil {
		return h(shortcode.Page{File: p.File, URL: p.Path(), RelPermalink: p.RelPermalink}, c)
	}
	return shortcode.Result{}, b.unknownShortcode(p, c)
}

func (b *builder) unknownShortcode(p *content.Page, c shortcode.Call) error {
	names := slices.Sorted(maps.Keys(b.sc))
	names = append(names, slices.Collect(maps.Keys(mediaShortcodes))...)
	slices.Sort(names)
	if b.eng != nil {
		names = append(names, b.eng.ShortcodeNames()...)
		slices.Sort(names)
		names = slices.Compact(names)
	}
	fix := "可用的短代码：" + strings.Join(names, "、") + "；自定义短代码放在 layouts/shortcodes/名称.html"
	if s := suggest.Closest(c.Name, names, 3); len(s) > 0 {
		fix = "是不是 " + strings.Join(s, "、") + "？" + fix
	}
	return diag.New(p.File, c.Line, c.Col, fmt.Sprintf("不认识的短代码 %q", c.Name), fix, "unknown shortcode "+c.Name)
}

// templateShortcode renders layouts/shortcodes/NAME.html for call c.
func (b *builder) templateShortcode(p *content.Page, body []byte, c shortcode.Call, parent *tmpl.Shortcode, ordinal int, rs *resolver) (shortcode.Result, error) {
	b.templated.Store(p.File, true)
	sc := tmpl.NewShortcode(c.Name, p, c.Args, c.Params)
	sc.Parent, sc.Ordinal = parent, ordinal
	sc.Position = fmt.Sprintf("%s:%d:%d", p.File, c.Line, c.Col)
	var out shortcode.Result
	if c.Paired {
		inner, err := b.innerOf(p, body, c, sc, rs, &out)
		if err != nil {
			return out, err
		}
		sc.Inner = template.HTML(inner)
	}
	var buf bytes.Buffer
	if err := b.eng.RenderShortcode(&buf, sc); err != nil {
		detail := err.Error()
		if de, ok := err.(*diag.Error); ok {
			detail = de.Pos() + ": " + de.Detail
		}
		return out, diag.New(p.File, c.Line, c.Col, "短代码 "+c.Name+" 的模板出错",
			"请检查 "+tmpl.ShortcodeDir+c.Name+".html 所用的参数和字段（.Get、.Inner、.Page，见 docs/templates.md）", detail)
	}
	out.HTML = template.HTML(buf.String())
	out.Block = isBlockHTML(buf.Bytes())
	return out, nil
}

// innerOf is the .Inner of a paired call: its text with the nested calls'
// output in place. For the {{% %}} form the text is Markdown, rendered here
// (nested output goes in through placeholders, as on the page itself, so raw
// HTML escaping never touches it); for {{< >}} it is passed as written, as in
// Hugo (a template can pipe it to markdownify). The nested calls' files and
// dependencies are added to out.
func (b *builder) innerOf(p *content.Page, body []byte, c shortcode.Call, sc *tmpl.Shortcode, rs *resolver, out *shortcode.Result) ([]byte, error) {
	var results []shortcode.Result
	var buf bytes.Buffer
	last := c.InnerStart
	for i, child := range c.Children {
		line, col := diag.LineCol(body, child.Start)
		child.Line, child.Col = line+p.BodyLine, col
		res, err := b.expandCall(p, body, child, sc, i, rs)
		if err != nil {
			return nil, err
		}
		buf.Write(body[last:child.Start])
		if c.Markdown {
			buf.WriteString(placeholder(i))
		} else {
			buf.WriteString(string(res.HTML))
		}
		last = child.End
		results = append(results, res)
		if out.Files == nil && len(res.Files) > 0 {
			out.Files = map[string][]byte{}
		}
		maps.Copy(out.Files, res.Files)
		out.Deps = append(out.Deps, res.Deps...)
	}
	buf.Write(body[last : c.InnerStart+len(c.Inner)])
	if !c.Markdown {
		return buf.Bytes(), nil
	}
	line, _ := diag.LineCol(body, c.InnerStart)
	md := b.md.Render(buf.Bytes(), p.File, p.BodyLine+line-1, rs)
	if len(md.Problems) > 0 {
		return nil, md.Problems.Err()
	}
	return substitute(md.HTML, results), nil
}

// isBlockHTML reports whether a shortcode's output starts with a block-level
// element: alone in a paragraph, it then replaces the paragraph.
func isBlockHTML(h []byte) bool {
	h = bytes.TrimSpace(h)
	if len(h) < 2 || h[0] != '<' {
		return false
	}
	name := h[1:]
	if i := bytes.IndexAny(name, " >/\n\t"); i >= 0 {
		name = name[:i]
	}
	switch strings.ToLower(string(name)) {
	case "div", "figure", "table", "p", "section", "aside", "ul", "ol", "dl", "blockquote", "details",
		"h1", "h2", "h3", "h4", "h5", "h6", "pre", "nav", "video", "audio", "iframe", "hr", "form", "article", "header", "footer":
		return true
	}
	return false
}
