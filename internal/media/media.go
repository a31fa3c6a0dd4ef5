// Package media writes the markup of an article's media: responsive images
// (srcset and sizes), figures with captions, local videos with a poster,
// captions and a download link, and attachment lists with each file's type
// and size. It only formats: the build finds the files, their sizes and
// their published copies, and reports missing ones at their line.
package media

import (
	"fmt"
	"html"
	"path"
	"strconv"
	"strings"
)

// Sizes is the sizes attribute of an image in an article: the full width of
// a phone's screen, else the article's measure (46rem in the theme's CSS).
const Sizes = "(max-width: 48rem) 100vw, 46rem"

// Source is one published copy of an image.
type Source struct {
	URL   string
	Width int
}

// Srcset joins the copies, narrowest first, into a srcset attribute value.
func Srcset(srcs []Source) string {
	var b strings.Builder
	for i, s := range srcs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s.URL)
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(s.Width))
		b.WriteByte('w')
	}
	return b.String()
}

// Image is an <img> of an article.
type Image struct {
	Src, Alt      string
	Width, Height int      // of the published image; 0 when unknown
	Srcset        []Source // empty for an image with no smaller copies
	// DisplayWidth, when set, is the width the editor asked for (figure's
	// width argument): width and height are scaled to it, and sizes says so.
	DisplayWidth int
}

// IMG returns the <img> element.
func (im Image) IMG() string {
	var b strings.Builder
	fmt.Fprintf(&b, `<img src="%s" alt="%s"`, attr(im.Src), attr(im.Alt))
	w, h := im.Width, im.Height
	sizes := Sizes
	if im.DisplayWidth > 0 && w > 0 && h > 0 {
		if im.DisplayWidth < w {
			h = (h*im.DisplayWidth + w/2) / w
			w = im.DisplayWidth
		}
		sizes = fmt.Sprintf("(max-width: %dpx) 100vw, %dpx", w, w)
	}
	if len(im.Srcset) > 1 {
		fmt.Fprintf(&b, ` srcset="%s" sizes="%s"`, attr(Srcset(im.Srcset)), sizes)
	}
	if w > 0 && h > 0 {
		fmt.Fprintf(&b, ` width="%d" height="%d"`, w, h)
	}
	b.WriteString(` loading="lazy" decoding="async">`)
	return b.String()
}

// Figure returns <figure> with the image, linked to link when given, and the
// caption (plain text) when given.
func Figure(im Image, caption, link string) string {
	var b strings.Builder
	b.WriteString(`<figure class="figure">`)
	if link != "" {
		fmt.Fprintf(&b, `<a href="%s">%s</a>`, attr(link), im.IMG())
	} else {
		b.WriteString(im.IMG())
	}
	if caption != "" {
		fmt.Fprintf(&b, `<figcaption>%s</figcaption>`, html.EscapeString(caption))
	}
	b.WriteString(`</figure>`)
	return b.String()
}

// Video is a local MP4 with its poster and, optionally, WebVTT captions.
type Video struct {
	Src, Poster, Captions string
	Width, Height         int   // the poster's size, so that the page does not jump
	Size                  int64 // the video file's bytes, for the download link
	Title                 string
}

// HTML returns the <figure class="video">: the browser's own controls, no
// autoplay, only the metadata loaded until the reader presses play, and a
// download link for browsers (and readers) that cannot play it in the page.
func (v Video) HTML() string {
	var b strings.Builder
	b.WriteString(`<figure class="video">`)
	fmt.Fprintf(&b, `<video controls preload="metadata" playsinline poster="%s"`, attr(v.Poster))
	if v.Width > 0 && v.Height > 0 {
		fmt.Fprintf(&b, ` width="%d" height="%d"`, v.Width, v.Height)
	}
	if v.Title != "" {
		fmt.Fprintf(&b, ` aria-label="%s"`, attr(v.Title))
	}
	b.WriteString(`>`)
	fmt.Fprintf(&b, `<source src="%s" type="video/mp4">`, attr(v.Src))
	if v.Captions != "" {
		fmt.Fprintf(&b, `<track kind="captions" src="%s" srclang="zh" label="中文字幕" default>`, attr(v.Captions))
	}
	// No fallback text inside <video>: every browser in use plays it, and
	// the download link below serves those that cannot play MP4.
	b.WriteString(`</video>`)
	if v.Title != "" {
		fmt.Fprintf(&b, `<figcaption>%s</figcaption>`, html.EscapeString(v.Title))
	}
	fmt.Fprintf(&b, `<p class="video-download"><a href="%s" download>下载视频</a><span class="attachment-meta">（MP4，%s）</span></p>`, attr(v.Src), HumanSize(v.Size))
	b.WriteString(`</figure>`)
	return b.String()
}

// kinds maps an attachment's extension to the name readers know it by.
var kinds = map[string]string{
	".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".xls": "Excel", ".xlsx": "Excel",
	".ppt": "PowerPoint", ".pptx": "PowerPoint", ".wps": "WPS", ".ofd": "OFD",
	".zip": "ZIP", ".rar": "RAR", ".7z": "7Z",
}

// AttachmentKind returns the type shown for a file to download ("PDF",
// "Word", …), or "" when the name is not an attachment.
func AttachmentKind(name string) string {
	return kinds[strings.ToLower(path.Ext(name))]
}

// HumanSize writes a file size the way a download link shows it: 1.2 MB,
// 356 KB, 800 B (1 KB = 1024 B).
func HumanSize(n int64) string {
	switch {
	case n < 1024:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1024*1024:
		return trimZero(float64(n)/1024) + " KB"
	case n < 1024*1024*1024:
		return trimZero(float64(n)/(1024*1024)) + " MB"
	}
	return trimZero(float64(n)/(1024*1024*1024)) + " GB"
}

// trimZero prints f with one decimal under 10 and none above ("1.2", "356").
func trimZero(f float64) string {
	if f >= 10 {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	return strings.TrimSuffix(strconv.FormatFloat(f, 'f', 1, 64), ".0")
}

// Meta returns the span put after an attachment's link: （PDF，1.2 MB）.
func Meta(kind string, size int64) string {
	return `<span class="attachment-meta">（` + kind + `，` + HumanSize(size) + `）</span>`
}

// Attachment is one file of an attachment list.
type Attachment struct {
	Name string // shown, the file name without its folder
	URL  string
	Kind string
	Size int64
}

// List returns the 附件 list of a page's attachments.
func List(title string, files []Attachment) string {
	if title == "" {
		title = "附件"
	}
	var b strings.Builder
	b.WriteString(`<div class="attachments"><p class="attachments-title">`)
	b.WriteString(html.EscapeString(title))
	b.WriteString(`</p><ol>`)
	for _, f := range files {
		fmt.Fprintf(&b, `<li><a href="%s" download>%s</a>%s</li>`, attr(f.URL), html.EscapeString(f.Name), Meta(f.Kind, f.Size))
	}
	b.WriteString(`</ol></div>`)
	return b.String()
}

func attr(s string) string { return html.EscapeString(s) }
