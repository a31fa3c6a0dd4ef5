package build

import (
	"fmt"
	"html/template"
	"path"
	"strconv"
	"strings"

	"hengdong/internal/content"
	"hengdong/internal/diag"
	"hengdong/internal/media"
	"hengdong/internal/shortcode"
)

// arg returns the named argument, else the positional one at pos (-1: none),
// and whether it was given at all (alt="" is given).
func arg(c shortcode.Call, name string, pos int) (string, bool) {
	if v, ok := c.Params[name]; ok {
		return v, true
	}
	if pos >= 0 && pos < len(c.Args) {
		return c.Args[pos], true
	}
	return "", false
}

func callError(p *content.Page, c shortcode.Call, msg, fix, detail string) *diag.Error {
	return diag.New(p.File, c.Line, c.Col, msg, fix, detail)
}

// localFile resolves a file argument of a call: it must be a file of the
// site (the pages load nothing from other hosts), and exist.
func (b *builder) localFile(p *content.Page, c shortcode.Call, rs *resolver, what, name, src string) (string, error) {
	if isRemote(src) {
		return "", callError(p, c, fmt.Sprintf("短代码 %s 的 %s 不能是外部网址：%s", c.Name, name, src),
			"请把文件下载后放在页面旁边（页面包），写文件名", c.Name+": "+name+" must be a local file")
	}
	u, ok := rs.ResolveLink(src)
	if !ok || rs.b.fileAt(b.pathOf(u)) == nil {
		e := callError(p, c, fmt.Sprintf("%s不存在：%s", what, src),
			"请把文件放在页面旁边（页面包）或 static/ 中，并检查 "+name+" 的文件名", c.Name+": "+name+" not found: "+src)
		e.Rule = "link-asset"
		return "", e
	}
	return u, nil
}

// safe marks markup written by internal/media, which escapes what it is given.
func safe(s string) template.HTML { return template.HTML(s) }

func isRemote(s string) bool { return strings.Contains(s, "://") || strings.HasPrefix(s, "//") }

// figureShortcode: {{< figure src="图.jpg" alt="…" caption="…" link="…" width="400" >}}.
func (b *builder) figureShortcode(p *content.Page, c shortcode.Call, rs *resolver) (shortcode.Result, error) {
	src, _ := arg(c, "src", 0)
	if src == "" {
		return shortcode.Result{}, callError(p, c, "短代码 figure 缺少 src", `请写成 {{< figure src="图.jpg" alt="图片内容" caption="图注" >}}`, "figure: src is required")
	}
	alt, hasAlt := arg(c, "alt", 1)
	if !hasAlt {
		return shortcode.Result{}, callError(p, c, "短代码 figure 缺少 alt（替代文字）",
			`请用 alt="…" 说明图片内容，供读屏软件朗读；纯装饰的图片写 alt=""`, "figure: alt is required")
	}
	u, err := b.localFile(p, c, rs, "图片文件", "src", src)
	if err != nil {
		return shortcode.Result{}, err
	}
	im := media.Image{Src: u, Alt: alt, Srcset: rs.ImageSources(u)}
	im.Width, im.Height, _ = rs.ImageSize(u)
	if w, ok := arg(c, "width", -1); ok {
		n, err := strconv.Atoi(strings.TrimSuffix(w, "px"))
		if err != nil || n <= 0 {
			return shortcode.Result{}, callError(p, c, "短代码 figure 的 width 应当是像素数："+w, `例如 width="400"`, "figure: bad width")
		}
		im.DisplayWidth = n
	}
	link, _ := arg(c, "link", -1)
	if link != "" && !isRemote(link) && !strings.HasPrefix(link, "#") && !strings.HasPrefix(link, "mailto:") {
		lu, ok := rs.ResolveLink(link)
		if !ok {
			e := callError(p, c, "短代码 figure 的 link 指向的页面或文件不存在："+link, "请检查路径", "figure: link not found: "+link)
			e.Rule = "link-broken"
			return shortcode.Result{}, e
		}
		link = lu
	}
	caption, _ := arg(c, "caption", 2)
	return shortcode.Result{HTML: safe(media.Figure(im, caption, link)), Block: true}, nil
}

// videoShortcode: {{< video src="a.mp4" poster="a.jpg" captions="a.vtt" title="…" >}}.
func (b *builder) videoShortcode(p *content.Page, c shortcode.Call, rs *resolver) (shortcode.Result, error) {
	src, _ := arg(c, "src", 0)
	if src == "" || !strings.EqualFold(path.Ext(src), ".mp4") {
		return shortcode.Result{}, callError(p, c, "短代码 video 需要 MP4 视频文件：src=\""+src+"\"",
			`请写成 {{< video src="视频.mp4" poster="封面.jpg" captions="字幕.vtt" >}}，视频转成 MP4（H.264）格式`, "video: src must be an .mp4 file")
	}
	poster, _ := arg(c, "poster", -1)
	if poster == "" {
		return shortcode.Result{}, callError(p, c, "短代码 video 缺少 poster（封面图）",
			`请截取一帧做封面，写 poster="封面.jpg"：它决定视频的宽高，播放前显示`, "video: poster is required")
	}
	u, err := b.localFile(p, c, rs, "视频文件", "src", src)
	if err != nil {
		return shortcode.Result{}, err
	}
	pu, err := b.localFile(p, c, rs, "视频封面图", "poster", poster)
	if err != nil {
		return shortcode.Result{}, err
	}
	v := media.Video{Src: u, Poster: pu}
	v.Width, v.Height, _ = rs.ImageSize(pu)
	v.Size, _ = rs.FileSize(u)
	v.Title, _ = arg(c, "title", -1)
	if vtt, _ := arg(c, "captions", -1); vtt != "" {
		if !strings.EqualFold(path.Ext(vtt), ".vtt") {
			return shortcode.Result{}, callError(p, c, "短代码 video 的字幕应当是 WebVTT（.vtt）文件："+vtt, "请把字幕另存为 .vtt 格式", "video: captions must be .vtt")
		}
		if v.Captions, err = b.localFile(p, c, rs, "字幕文件", "captions", vtt); err != nil {
			return shortcode.Result{}, err
		}
	}
	return shortcode.Result{HTML: safe(v.HTML()), Block: true}, nil
}

// attachmentsShortcode: {{< attachments >}} lists the page bundle's PDF,
// Word, Excel, … files with their type and size.
func (b *builder) attachmentsShortcode(p *content.Page, c shortcode.Call, rs *resolver) (shortcode.Result, error) {
	var files []media.Attachment
	for _, r := range p.Resources() {
		kind := media.AttachmentKind(r.Name)
		if kind == "" {
			continue
		}
		size, _ := rs.FileSize(r.RelPermalink)
		files = append(files, media.Attachment{Name: path.Base(r.Name), URL: r.RelPermalink, Kind: kind, Size: size})
	}
	if len(files) == 0 {
		e := callError(p, c, "短代码 attachments 没有找到附件",
			"请把 PDF、Word、Excel、ZIP 等文件放在页面包里（与 index.md 同一文件夹），或删除这个短代码", "attachments: the page has no attachment files")
		e.Rule = "link-asset"
		return shortcode.Result{}, e
	}
	title, _ := arg(c, "title", 0)
	return shortcode.Result{HTML: safe(media.List(title, files)), Block: true}, nil
}
