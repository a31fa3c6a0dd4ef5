package build

import (
	"bytes"
	"image"
	_ "image/gif" // image sizes for width/height attributes
	_ "image/jpeg"
	_ "image/png"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"hengdong/internal/content"
)

// resolver maps one page's relative links to URLs (markdown.Resolver).
type resolver struct {
	b    *builder
	page *content.Page
}

// ResolveLink turns a link written in the page into the URL it should have:
// a relative .md path becomes that page's URL, a file beside the page becomes
// its published URL, and an absolute /path is checked against the site.
func (r *resolver) ResolveLink(dest string) (string, bool) {
	b := r.b
	base := b.cfg.BasePath()
	if strings.HasPrefix(dest, "/") {
		p := dest
		if !b.known[p] && !strings.HasSuffix(p, "/") && b.known[p+"/"] {
			p += "/"
		}
		if b.known[p] || b.known[p+"index.html"] {
			return strings.TrimSuffix(base, "/") + content.EscapePath(p), true
		}
		return dest, false
	}
	srcDir := path.Dir(r.page.File) // "content/news"
	target := path.Clean(path.Join(srcDir, dest))
	candidates := []string{target}
	if strings.HasSuffix(dest, "/") || path.Ext(target) == "" {
		candidates = append(candidates, target+"/_index.md", target+"/index.md", target+".md")
	}
	for _, c := range candidates {
		if u, ok := b.tree.ByFile[c]; ok {
			if u == "" {
				return dest, false // a draft or expired page
			}
			return strings.TrimSuffix(base, "/") + content.EscapePath(u), true
		}
	}
	// A relative URL path ("../tags/") is relative to the page's own URL.
	if !strings.HasSuffix(strings.ToLower(dest), ".md") {
		p := path.Join(r.page.Path(), dest)
		if strings.HasSuffix(dest, "/") {
			p += "/"
		}
		if b.known[p] {
			return strings.TrimSuffix(base, "/") + content.EscapePath(p), true
		}
	}
	return dest, false
}

// ImageSize reads the size of a local image from the bytes already in memory.
func (r *resolver) ImageSize(dest string) (int, int, bool) {
	b := r.b
	p, err := url.PathUnescape(strings.TrimPrefix(dest, strings.TrimSuffix(b.cfg.BasePath(), "/")))
	if err != nil {
		return 0, 0, false
	}
	if v, ok := b.imageSizes.Load(p); ok { // pages share their images
		sz := v.([3]int)
		return sz[0], sz[1], sz[2] == 1
	}
	w, h, ok := imageSize(p, b.fileAt(p))
	known := 0
	if ok {
		known = 1
	}
	b.imageSizes.Store(p, [3]int{w, h, known})
	return w, h, ok
}

// imageSize reads the width and height of the image data published at p.
func imageSize(p string, data []byte) (int, int, bool) {
	if data == nil {
		return 0, 0, false
	}
	if strings.EqualFold(path.Ext(p), ".svg") {
		return svgSize(data)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return 0, 0, false
	}
	return cfg.Width, cfg.Height, true
}

// fileAt returns the bytes of a static file or content resource published at p.
func (b *builder) fileAt(p string) []byte {
	if d, ok := b.in.Static["static"+p]; ok {
		return d
	}
	return b.resData[p]
}

var (
	svgTag   = regexp.MustCompile(`(?s)<svg\b[^>]*>`)
	svgAttr  = regexp.MustCompile(`\b(width|height|viewBox)\s*=\s*["']([^"']*)["']`)
	leadNums = regexp.MustCompile(`^\s*([0-9.]+)\s*(px)?\s*$`)
)

// svgSize reads width and height from the root <svg> element, else its viewBox.
func svgSize(data []byte) (int, int, bool) {
	tag := svgTag.Find(data)
	if tag == nil {
		return 0, 0, false
	}
	var w, h float64
	var vb string
	for _, m := range svgAttr.FindAllSubmatch(tag, -1) {
		v := string(m[2])
		switch string(m[1]) {
		case "width":
			if n := leadNums.FindStringSubmatch(v); n != nil {
				w, _ = strconv.ParseFloat(n[1], 64)
			}
		case "height":
			if n := leadNums.FindStringSubmatch(v); n != nil {
				h, _ = strconv.ParseFloat(n[1], 64)
			}
		case "viewBox":
			vb = v
		}
	}
	if (w == 0 || h == 0) && vb != "" {
		f := strings.Fields(strings.ReplaceAll(vb, ",", " "))
		if len(f) == 4 {
			w, _ = strconv.ParseFloat(f[2], 64)
			h, _ = strconv.ParseFloat(f[3], 64)
		}
	}
	if w <= 0 || h <= 0 {
		return 0, 0, false
	}
	return int(w + 0.5), int(h + 0.5), true
}
