package check

import (
	"bytes"
	"net/http"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"hengdong/internal/config"
	"hengdong/internal/diag"
)

// RuleFooterBadge: the 党政机关网站标识 or the 公安备案 icon is not configured,
// not a local image, or not shown linked to its lookup page in every footer.
const RuleFooterBadge = "footer-badge"

// badge is one of the two footer badges a government site shows.
type badge struct {
	key  string // its [footer] key in site.toml
	what string // 中文 name
	img  string // 中文 name of its image file
	from string // where the 开办单位 gets it
	alt  string // the alt text the theme gives it
	// lookup reports whether a footer link leads to the badge's lookup page.
	lookup func(s *site, href string) bool
	// lookupText is the address the link should have, for messages.
	lookupText func(f config.Footer) string
}

var badges = []badge{
	{key: "conacBadge", what: "党政机关网站标识", img: "党政机关网站标识图片", from: "机构编制部门随网站标识一并核发", alt: "党政机关",
		lookup: func(s *site, href string) bool {
			u, err := url.Parse(href)
			return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host == "bszs.conac.cn" &&
				u.Path == "/sitename" && u.Query().Get("method") == "show" && u.Query().Get("id") == s.cfg.Footer.ConacID
		},
		lookupText: func(f config.Footer) string { return f.ConacURL() }},
	{key: "policeBadge", what: "公安备案图标", img: "公安备案图标", from: "在全国公安机关互联网站安全管理服务平台的备案详情中下载", alt: "公安备案",
		lookup: func(s *site, href string) bool {
			return isPoliceURL(href, s.cfg.Footer.PoliceCode())
		},
		lookupText: func(f config.Footer) string { return f.PoliceRecordURL() }},
}

// badgeLevel is the level of a badge finding: an error in a production
// build, else a warning (the site may go on being previewed until the
// 开办单位 hands the images over).
func badgeLevel(production bool) Level {
	if production {
		return Error
	}
	return Warning
}

// checkBadgeConfig checks the badge settings of a government site once, at
// their site.toml keys: set (only in a production build: the shipped portal
// has none until the county is issued its own, as with the placeholder
// numbers), a local file under static/ (the site's or the theme's), an image
// by its content, and for the 标识 the id of its lookup page.
func (s *site) checkBadgeConfig(production bool) {
	if !s.gov {
		return
	}
	f := s.cfg.Footer
	for _, b := range badges {
		p := strings.TrimSpace(fieldOf(f, b.key))
		file := "static/" + strings.TrimPrefix(p, "/")
		fix := "请从开办单位获取" + b.img + "（" + b.from + "），放到 static/images/badges/，并在 site.toml 的 [footer] 设置 " + b.key + " = \"images/badges/文件名\""
		add := func(key, msg, fix, detail string) {
			line, col := s.footerKeyLine(key)
			s.add(Finding{File: config.FileName, Line: line, Col: col, Rule: RuleFooterBadge, Level: badgeLevel(production), Msg: msg, Fix: fix, Detail: detail})
		}
		switch {
		case p == "":
			if production {
				add(b.key, "页脚没有"+b.what+"：site.toml 的 [footer] 没有设置 "+b.key+"，不能正式发布", fix, b.key+" not set in a production build")
			}
			continue
		case strings.Contains(p, "://") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "data:"):
			add(b.key, b.what+"要用本站的图片文件，不能引用外部地址："+shorten(p), fix+"（不要引用外部图片或脚本）", b.key+" is not a local file: "+p)
			continue
		}
		data, ok := s.in.Static[path.Clean(file)]
		if !ok {
			add(b.key, b.what+"图片 "+file+" 不存在", fix, b.key+" file missing: "+file)
			continue
		}
		if kind := imageKind(data); kind == "" {
			add(b.key, b.what+"文件 "+file+" 不是图片（按文件内容判断，不是 PNG、GIF、JPEG 或 SVG）", fix, b.key+" is not a PNG, GIF, JPEG or SVG image: "+file)
			continue
		}
		if b.key == "conacBadge" {
			switch id := f.ConacID; {
			case id == "":
				add("conacID", "site.toml 的 [footer] 没有设置 conacID，党政机关网站标识无法链接到它的查询页",
					"请填写开办单位收到的网站标识编号：conacID = \"…\"（标识链接到 "+config.ConacLookup+"<编号>）", "conacID not set")
			case strings.Trim(id, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != "":
				add("conacID", "site.toml 的 conacID 应只含字母和数字："+shorten(id),
					"请照开办单位收到的网站标识编号填写（标识查询页地址 id= 后面的部分）", "conacID is not letters and digits: "+id)
			}
		}
	}
}

// imageKind names the image format of data by its content ("png", "gif",
// "jpeg", "svg"), or "" when it is none of them.
func imageKind(data []byte) string {
	switch http.DetectContentType(data) {
	case "image/png":
		return "png"
	case "image/gif":
		return "gif"
	case "image/jpeg":
		return "jpeg"
	}
	// SVG is XML: an optional BOM, declaration, comments and doctype, then <svg.
	t := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for {
		t = bytes.TrimLeft(t, " \t\r\n")
		switch {
		case bytes.HasPrefix(t, []byte("<?")):
			i := bytes.Index(t, []byte("?>"))
			if i < 0 {
				return ""
			}
			t = t[i+2:]
		case bytes.HasPrefix(t, []byte("<!--")):
			i := bytes.Index(t, []byte("-->"))
			if i < 0 {
				return ""
			}
			t = t[i+3:]
		case bytes.HasPrefix(t, []byte("<!")):
			i := bytes.IndexByte(t, '>')
			if i < 0 {
				return ""
			}
			t = t[i+1:]
		default:
			if bytes.HasPrefix(t, []byte("<svg")) && len(t) > 4 && (t[4] == ' ' || t[4] == '>' || t[4] == '\n' || t[4] == '\t' || t[4] == '\r') {
				return "svg"
			}
			return ""
		}
	}
}

// badgeLink is one footer link and the images inside it, with whether each
// image comes before the link's text.
type badgeLink struct {
	href string
	imgs []badgeImg
}

type badgeImg struct {
	src       string
	beforeTxt bool // no text of the link comes before it
}

// footerBadgeLinks returns the links of a <footer> with the images they
// hold, and each image outside a link as a link without href.
func footerBadgeLinks(footer *html.Node) []badgeLink {
	var out []badgeLink
	walk(footer, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Img && n.Namespace == "" {
			src, _ := attr(n, "src")
			out = append(out, badgeLink{imgs: []badgeImg{{strings.TrimSpace(src), true}}})
			return false
		}
		if n.Type != html.ElementNode || n.DataAtom != atom.A || n.Namespace != "" {
			return true
		}
		h, _ := attr(n, "href")
		l := badgeLink{href: strings.TrimSpace(h)}
		text := false
		walk(n, func(c *html.Node) bool {
			switch {
			case c.Type == html.TextNode && strings.TrimSpace(c.Data) != "":
				text = true
			case c.Type == html.ElementNode && c.DataAtom == atom.Img:
				src, _ := attr(c, "src")
				l.imgs = append(l.imgs, badgeImg{strings.TrimSpace(src), !text})
			}
			return true
		})
		out = append(out, l)
		return false
	})
	return out
}

// checkBadges reports a footer that does not show a configured badge as a
// local image inside a link to its lookup page (the 公安 icon before the
// number's text). The finding points at the footer template: the link as
// written there, else its <footer> tag.
func (s *site) checkBadges(d *doc, links []badgeLink, production bool) {
	f := s.cfg.Footer
	for _, b := range badges {
		p := strings.TrimSpace(fieldOf(f, b.key))
		if p == "" || strings.Contains(p, "://") || strings.HasPrefix(p, "//") {
			continue // reported at the key, or not asked for
		}
		if b.key == "policeBadge" && f.PoliceRecord == "" {
			continue // footer-police reports the missing number
		}
		want := "/" + strings.TrimPrefix(path.Clean("/"+p), "/")
		found, linkedOK, first, lookup := false, false, false, false
		for _, l := range links {
			lookup = lookup || b.lookup(s, l.href)
			for _, img := range l.imgs {
				if q, _, _, internal := s.relPath(d.path, img.src); internal && q == want {
					found = true
					if b.lookup(s, l.href) {
						linkedOK = true
						first = first || img.beforeTxt
					}
				}
			}
		}
		if linkedOK && (first || b.key != "policeBadge") {
			continue
		}
		if b.key == "policeBadge" && !lookup {
			continue // footer-police reports the number not linked to its lookup
		}
		var msg, detail string
		switch {
		case !found:
			msg, detail = "页脚没有显示"+b.what+"（"+p+"）", "footer does not show "+b.key+" "+p
		case !linkedOK:
			msg, detail = "页脚的"+b.what+"没有链接到它的查询页 "+b.lookupText(f), b.key+" not linked to "+b.lookupText(f)
		default:
			msg, detail = "公安备案图标应紧挨在公安机关备案号之前，和备案号在同一个链接里", "police badge not before the record number in its link"
		}
		fix := "请在页脚模板中把图片写成链接：<a href=\"" + b.lookupText(f) + "\"><img src=\"{{ relURL .Site.Footer." + strings.ToUpper(b.key[:1]) + b.key[1:] + " }}\" alt=\"" + b.alt + "\" …>"
		if b.key == "policeBadge" {
			fix += "{{ .Site.Footer.PoliceRecord }}</a>（图标在备案号文字之前）"
		} else {
			fix += "</a>，放在页面底部中间（主题自带的 layouts/partials/footer.html 已经这样写）"
		}
		fn := Finding{Rule: RuleFooterBadge, Level: badgeLevel(production), Msg: msg, Fix: fix, Detail: detail}
		s.placeFooter(d, &fn, b.key)
		d.add(fn)
	}
}

// placeFooter points a footer finding at the footer template: the link of
// the badge as written (its lookup host, or its setting's name), else the
// <footer> tag of a layout named footer, else of any layout.
func (s *site) placeFooter(d *doc, f *Finding, key string) {
	f.File, f.Line, f.Col = s.source(d.path)
	if d.kind != kindPage {
		return
	}
	hosts := map[string][]string{"conacBadge": {"conac.cn"}, "policeBadge": {"beian.mps.gov.cn", "www.beian.gov.cn"}}[key]
	field := strings.ToUpper(key[:1]) + key[1:]
	links := func(tag string) bool {
		for _, h := range hosts {
			if strings.Contains(tag, h) {
				return true
			}
		}
		return false
	}
	var best *ltag
	rank := 0
	for i, t := range s.layoutTags() {
		r := 0
		switch {
		case t.name == "a" && links(t.text), t.name == "img" && strings.Contains(t.text, field):
			r = 3
		case t.name == "footer" && strings.Contains(path.Base(t.file), "footer"):
			r = 2
		case t.name == "footer":
			r = 1
		}
		if r > rank {
			rank, best = r, &s.layoutTags()[i]
		}
	}
	if best != nil {
		f.File = best.file
		f.Line, f.Col = diag.LineCol(s.in.Layouts[best.file], best.off)
	}
}
