package build

import (
	"maps"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"hengdong/internal/content"
	"hengdong/internal/images"
	"hengdong/internal/media"
	"hengdong/internal/parallel"
	"hengdong/internal/shortcode"
)

// imageSet is one processed image of content/: the published copies by width.
type imageSet struct {
	sources []media.Source // path-only URLs (no base path), narrowest first, the image itself last
}

// processImages publishes the JPEG and PNG files of content/ through
// internal/images: each is replaced by its capped copy, its smaller copies
// are added beside it (photo-480w.jpg), and covers get their list thumbnail
// (photo-thumb.jpg). It runs on every core; the processor's cache makes an
// unchanged image cost one read.
func (b *builder) processImages() {
	cfg := b.cfg.Images
	s := images.DefaultSettings()
	s.MaxWidth, s.Quality, s.Widths = cfg.MaxWidth, cfg.Quality, cfg.Widths
	b.img = images.New(s, b.opts.ImageCache)
	b.imgSets = map[string]*imageSet{}
	b.imgFiles = map[string][]byte{}

	type job struct {
		path  string // published path of the source
		file  string // source file, for errors
		data  []byte
		cover []*content.Page // pages whose cover it is: make a thumbnail
		full  bool            // a content image: make the copies
	}
	jobs := map[string]*job{}
	for _, r := range b.tree.Resources {
		if images.IsRaster(r.Path) {
			jobs[r.Path] = &job{path: r.Path, file: r.File, data: b.resData[r.Path], full: true}
		}
	}
	for _, p := range b.tree.All {
		src := p.Cover.Src
		if src == "" || strings.Contains(src, "://") || !images.IsRaster(src) {
			continue
		}
		u, ok := (&resolver{b: b, page: p}).ResolveLink(src)
		if !ok {
			continue // renderPage reports it
		}
		pth := b.pathOf(u)
		j := jobs[pth]
		if j == nil {
			data := b.fileAt(pth)
			if data == nil {
				continue
			}
			j = &job{path: pth, file: "static" + pth, data: data}
			jobs[pth] = j
		}
		j.cover = append(j.cover, p)
	}
	defer b.coverSizes() // after the images are replaced by their capped copies
	list := slices.Collect(maps.Values(jobs))
	slices.SortFunc(list, func(x, y *job) int { return strings.Compare(x.path, y.path) })
	type out struct {
		set   *images.Set
		thumb []byte
		ext   string
		err   error
	}
	outs := make([]out, len(list))
	parallel.For(len(list), func(i int) {
		if b.ctx != nil && b.ctx.Err() != nil {
			return // a cancelled render (serve): Render returns ctx.Err() after load
		}
		j := list[i]
		if j.full {
			outs[i].set, outs[i].err = b.img.Process(j.data)
			if outs[i].err != nil {
				return
			}
		}
		if len(j.cover) > 0 {
			outs[i].thumb, outs[i].ext, outs[i].err = b.img.Thumb(j.data, s.ThumbWidth, s.ThumbHeight)
		}
	})
	base := strings.TrimSuffix(b.cfg.BasePath(), "/")
	for i, j := range list {
		o := outs[i]
		if o.err != nil {
			// A file the decoder cannot read (truncated, or not really a
			// JPEG) is published as it is, as before this package: the
			// browser may still show it, and the build has no line to
			// point at.
			continue
		}
		stem := strings.TrimSuffix(j.path, path.Ext(j.path))
		if o.set != nil {
			b.resData[j.path] = o.set.Original.Data
			set := &imageSet{}
			for _, v := range o.set.Smaller {
				p := stem + "-" + strconv.Itoa(v.Width) + "w" + o.set.Ext
				b.imgFiles[p] = v.Data
				b.known[p] = true
				set.sources = append(set.sources, media.Source{URL: p, Width: v.Width})
			}
			set.sources = append(set.sources, media.Source{URL: j.path, Width: o.set.Original.Width})
			b.imgSets[j.path] = set
		}
		for _, pg := range j.cover {
			if set := b.imgSets[j.path]; set != nil && len(set.sources) > 1 {
				pg.Cover.Srcset = media.Srcset((&resolver{b: b, page: pg}).ImageSources(base + content.EscapePath(j.path)))
			}
		}
		if o.thumb != nil {
			p := stem + "-thumb" + o.ext
			b.imgFiles[p] = o.thumb
			b.known[p] = true
			for _, pg := range j.cover {
				pg.Cover.Thumb = base + content.EscapePath(p)
			}
		}
	}
}

// coverSizes gives every local cover its published width and height, so
// that the article's cover does not make the page jump as it loads.
func (b *builder) coverSizes() {
	for _, p := range b.tree.All {
		src := p.Cover.Src
		if src == "" || isRemote(src) {
			continue
		}
		rs := &resolver{b: b, page: p}
		if u, ok := rs.ResolveLink(src); ok {
			p.Cover.Width, p.Cover.Height, _ = rs.ImageSize(u)
		}
	}
}

// pathOf turns a URL the resolver returned into the unescaped published path.
func (b *builder) pathOf(u string) string {
	p, err := url.PathUnescape(strings.TrimPrefix(u, strings.TrimSuffix(b.cfg.BasePath(), "/")))
	if err != nil {
		return u
	}
	return p
}

// ImageSources implements markdown.MediaResolver.
func (r *resolver) ImageSources(u string) []media.Source {
	set := r.b.imgSets[r.b.pathOf(u)]
	if set == nil {
		return nil
	}
	base := strings.TrimSuffix(r.b.cfg.BasePath(), "/")
	out := make([]media.Source, len(set.sources))
	for i, s := range set.sources {
		out[i] = media.Source{URL: base + content.EscapePath(s.URL), Width: s.Width}
	}
	return out
}

// FileSize implements markdown.MediaResolver: the size of the file as
// published (a processed image's capped copy).
func (r *resolver) FileSize(u string) (int64, bool) {
	p := r.b.pathOf(u)
	if d, ok := r.b.in.Static["static"+p]; ok {
		return int64(len(d)), true
	}
	if d, ok := r.b.resData[p]; ok {
		return int64(len(d)), true
	}
	return 0, false
}

// mediaShortcodes are the built-in figure, video and attachments: they need
// the page's files, so they run here rather than in internal/figures.
var mediaShortcodes = map[string]func(b *builder, p *content.Page, c shortcode.Call, rs *resolver) (shortcode.Result, error){
	"figure":      (*builder).figureShortcode,
	"video":       (*builder).videoShortcode,
	"attachments": (*builder).attachmentsShortcode,
}
