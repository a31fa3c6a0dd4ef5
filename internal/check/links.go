package check

import (
	"fmt"
	"hengdong/internal/parallel"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ref is one URL an HTML element points to.
type ref struct {
	val   string // as written
	asset bool   // needed to show the page (image, script, stylesheet) or an attachment
	text  string // link text, to find the link in Markdown
}

// refsOf appends the URLs element n points to to out.
func refsOf(n *html.Node, out []ref) []ref {
	if n.Type != html.ElementNode || n.Namespace != "" {
		return out
	}
	one := func(key string, asset bool) {
		if v, ok := attr(n, key); ok {
			out = append(out, ref{val: v, asset: asset})
		}
	}
	set := func(key string) {
		if v, ok := attr(n, key); ok {
			for _, part := range strings.Split(v, ",") {
				if f := strings.Fields(part); len(f) > 0 {
					out = append(out, ref{val: f[0], asset: true})
				}
			}
		}
	}
	switch n.DataAtom {
	case atom.A, atom.Area:
		if v, ok := attr(n, "href"); ok {
			out = append(out, ref{val: v, asset: isAttachment(v), text: strings.TrimSpace(textOf(n))})
		}
	case atom.Link:
		rel, _ := attr(n, "rel")
		asset := false
		for r := range strings.FieldsSeq(strings.ToLower(rel)) {
			switch r {
			case "stylesheet", "icon", "apple-touch-icon", "preload", "manifest", "modulepreload", "mask-icon":
				asset = true
			}
		}
		one("href", asset)
	case atom.Img:
		one("src", true)
		set("srcset")
	case atom.Source:
		one("src", true)
		set("srcset")
	case atom.Script, atom.Iframe, atom.Embed, atom.Audio, atom.Track:
		one("src", true)
	case atom.Video:
		one("src", true)
		one("poster", true)
	case atom.Object:
		one("data", true)
	case atom.Input:
		if t, _ := attr(n, "type"); strings.EqualFold(t, "image") {
			one("src", true)
		}
	case atom.Form:
		one("action", false)
	}
	return out
}

// isAttachment reports whether a link's target is a file to download rather than a page.
func isAttachment(v string) bool {
	if i := strings.IndexAny(v, "?#"); i >= 0 {
		v = v[:i]
	}
	switch ext := strings.ToLower(path.Ext(v)); ext {
	case "", ".html", ".htm", ".xml", ".php", ".jsp", ".aspx", ".shtml", ".gov", ".cn", ".com":
		return false
	}
	return true
}

// checkDocs runs the rules that read each HTML page: links, anchors, assets,
// images' alt text, ids, headings, titles, the footer and the meta tags.
func (s *site) checkDocs() {
	// Links only read what every page's parse recorded: check them on every core.
	parallel.For(len(s.paths), func(i int) {
		if d := s.docs[s.paths[i]]; d.kind != kindAlias {
			s.checkLinks(d)
		}
	})
	titles := map[string][]*doc{}
	for _, p := range s.paths {
		d := s.docs[p]
		if d.kind != kindAlias && d.title != "" && !isPager(p) {
			titles[d.title] = append(titles[d.title], d)
		}
	}
	s.checkTitles(titles)
}

// isPager reports whether p is the second or later page of a paginated list.
func isPager(p string) bool {
	i := strings.LastIndex(strings.TrimSuffix(p, "/"), "/page/")
	if i < 0 {
		return false
	}
	num := strings.TrimSuffix(p[i+len("/page/"):], "/")
	if num == "" {
		return false
	}
	for _, c := range num {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// checkLinks reports internal links, anchors and assets of d that lead nowhere.
func (s *site) checkLinks(d *doc) {
	for _, r := range d.refs {
		s.checkRef(d, r)
	}
}

// checkPage runs the rules that need only d's own parsed HTML (scan kept its
// references for the site-wide link rules). It runs on many pages at once.
func (s *site) checkPage(d *doc) {
	if d.kind == kindAlias {
		return
	}
	s.checkMarkup(d)
	s.checkA11y(d)
	if d.kind == kindPage && s.gov {
		s.checkFooter(d)
		s.checkMeta(d)
		s.checkShown(d)
	}
}

func (s *site) checkRef(d *doc, r ref) {
	v := strings.TrimSpace(r.val)
	if v == "" {
		return
	}
	p, frag, hasFrag, internal := s.relPath(d.path, v)
	if !internal {
		return
	}
	t := s.target(p)
	if t == "" {
		rule, msg, fix, detail := RuleLinkBroken, "链接指向的页面不存在："+shorten(v), "请改正链接地址，或删除该链接", "internal link to a missing page: "+v
		if r.asset {
			rule, msg, fix, detail = RuleLinkAsset, "图片或附件不存在："+shorten(v), "请把文件放到 static/ 或页面所在的文件夹，或改正路径", "missing image or attachment: "+v
		}
		s.addRef(d, r, rule, msg, fix, detail)
		return
	}
	if !hasFrag || frag == "" || strings.EqualFold(frag, "top") {
		return
	}
	td := s.docs[t]
	if td == nil || td.kind == kindAlias {
		return // not an HTML page (a PDF's #page=2) or a redirect
	}
	if !td.ids[frag] {
		where := "本页"
		if t != d.path {
			where = "页面 " + t
		}
		s.addRef(d, r, RuleLinkAnchor, fmt.Sprintf("锚点 #%s 在%s中不存在", frag, where),
			"请改成目标位置的标题 id，或在目标处加上 {#"+frag+"}", "no element with id "+frag+" on "+t)
	}
}

// addRef reports a problem with reference r of d, at its Markdown line when the
// page's content wrote it.
func (s *site) addRef(d *doc, r ref, rule, msg, fix, detail string) {
	s.addRefFinding(d, r, Finding{Rule: rule, Msg: msg, Fix: fix, Detail: detail})
}

// addRefFinding is addRef for a finding made by the caller.
func (s *site) addRefFinding(d *doc, r ref, f Finding) {
	if refs, _ := d.fromContent(); d.page != nil && refs[r.val] {
		vals := []string{r.val}
		if u, err := url.PathUnescape(r.val); err == nil && u != r.val {
			vals = append(vals, u) // goldmark percent-encodes what the editor wrote
		}
		var needles []string
		for _, v := range vals {
			needles = append(needles, "("+v, v)
			if i := strings.Index(v, "#"); i >= 0 {
				needles = append(needles, "("+v[i:], v[i:])
			}
		}
		needles = append(needles, r.text)
		if line, col, ok := inBody(d.page, needles...); ok {
			f.File, f.Line, f.Col = d.page.File, line, col
			s.add(f)
			return
		}
	}
	f.File, f.Line, f.Col = s.source(d.path, `"`+r.val+`"`, r.val)
	s.add(f)
}
