// Package images prepares an article's photos for the web: a JPEG or PNG is
// published no wider than Settings.MaxWidth (an 18 MB phone photo is never
// published as it came off the phone), with smaller copies at the responsive
// widths for srcset, and a centre-cropped thumbnail for list pages. GIFs and
// SVGs are left as they are.
//
// Decoding and resizing a large photo takes a second or more, so every result
// is cached on disk under a key made of the image's SHA-256 and the settings:
// an unchanged image is read back, not processed again. A Processor is safe
// for concurrent use; the build runs it on every core.
package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/image/draw"
)

// Settings are site.toml's [images] table.
type Settings struct {
	// MaxWidth is the widest image published, in pixels: a wider one is
	// scaled down and its scaled copy is what is published under its name.
	MaxWidth int
	// Quality is the JPEG quality (1–100) of every re-encoded image.
	Quality int
	// Widths are the responsive widths offered in srcset, when smaller than
	// the published image (images are never scaled up).
	Widths []int
	// ThumbWidth and ThumbHeight are the size of a cover's list thumbnail.
	ThumbWidth, ThumbHeight int
}

// DefaultSettings are used when site.toml has no [images] table.
func DefaultSettings() Settings {
	return Settings{MaxWidth: 1600, Quality: 82, Widths: []int{480, 800, 1200}, ThumbWidth: 480, ThumbHeight: 360}
}

// key is the part of a cache key that the settings contribute. cacheVersion
// changes when the processing itself changes, so old entries are not reused.
func (s Settings) key() string {
	return fmt.Sprintf("v%d q%d max%d w%v", cacheVersion, s.Quality, s.MaxWidth, s.Widths)
}

const cacheVersion = 2

// IsRaster reports whether the file named name is an image this package
// resizes (JPEG or PNG).
func IsRaster(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png":
		return true
	}
	return false
}

// Variant is one published copy of an image.
type Variant struct {
	Width  int    `json:"w"`
	Height int    `json:"h"`
	Data   []byte `json:"-"`
}

// Set is a processed image.
type Set struct {
	// Original is what is published under the image's own name: the file
	// as it was when it is within MaxWidth and re-encoding would not make it
	// smaller, else the scaled, re-encoded copy.
	Original Variant
	// Smaller are the responsive copies, narrowest first, all narrower and
	// lighter in bytes than Original.
	Smaller []Variant
	// Ext is the extension of the copies (".jpg" or ".png").
	Ext string
}

// Processor processes images with one Settings and one cache folder.
type Processor struct {
	s   Settings
	dir string // "" keeps results in memory only
	mem sync.Map
	// processed counts the images decoded and resized (cache misses).
	processed atomic.Int64
}

// New returns a Processor caching its results in dir (created when needed);
// dir "" caches only in memory, for this process.
func New(s Settings, dir string) *Processor {
	return &Processor{s: s, dir: dir}
}

// Processed returns how many images this Processor decoded and resized,
// that is, how many it did not find in its cache.
func (p *Processor) Processed() int64 { return p.processed.Load() }

// Settings returns the processor's settings.
func (p *Processor) Settings() Settings { return p.s }

// manifest is the cache entry's description, written last: an entry without
// one is incomplete and is made again.
type manifest struct {
	Ext      string    `json:"ext"`
	Original Variant   `json:"original"`
	Smaller  []Variant `json:"smaller"`
}

// Process returns the published copies of the JPEG or PNG data.
func (p *Processor) Process(data []byte) (*Set, error) {
	key := cacheKey(data, p.s.key())
	if v, ok := p.mem.Load(key); ok {
		return v.(*Set), nil
	}
	if set, ok := p.load(key); ok {
		p.mem.Store(key, set)
		return set, nil
	}
	p.processed.Add(1)
	set, err := p.process(data)
	if err != nil {
		return nil, err
	}
	p.store(key, set)
	p.mem.Store(key, set)
	return set, nil
}

func cacheKey(data []byte, settings string) string {
	h := sha256.New()
	h.Write(data)
	h.Write([]byte{0})
	h.Write([]byte(settings))
	return hex.EncodeToString(h.Sum(nil))[:32]
}

func (p *Processor) process(data []byte) (*Set, error) {
	img, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if format != "jpeg" && format != "png" {
		return nil, fmt.Errorf("not a JPEG or PNG image: %s", format)
	}
	if format == "jpeg" {
		img = orient(img, exifOrientation(data))
	}
	ext := ".jpg"
	if format == "png" {
		ext = ".png"
	}
	b := img.Bounds()
	set := &Set{Ext: ext}
	var top image.Image = img
	if p.s.MaxWidth > 0 && b.Dx() > p.s.MaxWidth {
		top = resize(img, p.s.MaxWidth)
	}
	enc, err := p.encode(top, format)
	if err != nil {
		return nil, err
	}
	// A photo within MaxWidth keeps its bytes when they are already the
	// smaller ones (and its EXIF orientation is the plain one).
	if top == img && len(data) <= len(enc) {
		enc = data
	}
	tb := top.Bounds()
	set.Original = Variant{Width: tb.Dx(), Height: tb.Dy(), Data: enc}
	for _, w := range p.s.Widths {
		if w <= 0 || w >= tb.Dx() {
			continue
		}
		small := resize(top, w)
		d, err := p.encode(small, format)
		if err != nil {
			return nil, err
		}
		if len(d) >= len(enc) {
			continue // a drawing's smooth edges can make a smaller PNG heavier: no gain
		}
		sb := small.Bounds()
		set.Smaller = append(set.Smaller, Variant{Width: sb.Dx(), Height: sb.Dy(), Data: d})
	}
	return set, nil
}

func (p *Processor) encode(img image.Image, format string) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if format == "png" {
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img)
	} else {
		q := p.s.Quality
		if q <= 0 || q > 100 {
			q = 82
		}
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: q})
	}
	return buf.Bytes(), err
}

// resize scales img to width w, keeping its aspect ratio. A large reduction
// goes first to twice the width with the cheap bilinear filter, then to the
// width with Catmull-Rom: nearly the sharpness of Catmull-Rom all the way at
// a fraction of its cost on a 50-megapixel photo.
func resize(img image.Image, w int) image.Image {
	b := img.Bounds()
	if b.Dx() > 2*w {
		mid := image.NewRGBA(image.Rect(0, 0, 2*w, scaled(b, 2*w)))
		draw.ApproxBiLinear.Scale(mid, mid.Bounds(), img, b, draw.Src, nil)
		img, b = mid, mid.Bounds()
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, scaled(b, w)))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// scaled is the height of b scaled to width w, at least 1.
func scaled(b image.Rectangle, w int) int {
	return max(1, (b.Dy()*w+b.Dx()/2)/b.Dx())
}

// Thumb returns a w×h copy of the JPEG or PNG data, cropped around its
// centre to that aspect ratio first (a cover's list thumbnail), and the
// extension of its format. It is cached as Process is.
func (p *Processor) Thumb(data []byte, w, h int) ([]byte, string, error) {
	key := cacheKey(data, p.s.key()+" thumb "+strconv.Itoa(w)+"x"+strconv.Itoa(h))
	if v, ok := p.mem.Load(key); ok {
		set := v.(*Set)
		return set.Original.Data, set.Ext, nil
	}
	if set, ok := p.load(key); ok {
		p.mem.Store(key, set)
		return set.Original.Data, set.Ext, nil
	}
	p.processed.Add(1)
	img, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, "", fmt.Errorf("decode: %w", err)
	}
	if format == "jpeg" {
		img = orient(img, exifOrientation(data))
	}
	crop := centreCrop(img.Bounds(), w, h)
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	src := image.Image(img)
	if crop.Dx() > 2*w { // as resize: bilinear to twice the size first
		mid := image.NewRGBA(image.Rect(0, 0, 2*w, 2*h))
		draw.ApproxBiLinear.Scale(mid, mid.Bounds(), img, crop, draw.Src, nil)
		src, crop = mid, mid.Bounds()
	}
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, crop, draw.Src, nil)
	if format != "png" {
		format = "jpeg"
	}
	d, err := p.encode(dst, format)
	if err != nil {
		return nil, "", err
	}
	set := &Set{Ext: ".jpg", Original: Variant{Width: w, Height: h, Data: d}}
	if format == "png" {
		set.Ext = ".png"
	}
	p.store(key, set)
	p.mem.Store(key, set)
	return d, set.Ext, nil
}

// centreCrop is the largest rectangle of aspect w:h centred in b.
func centreCrop(b image.Rectangle, w, h int) image.Rectangle {
	cw, ch := b.Dx(), b.Dx()*h/w
	if ch > b.Dy() {
		cw, ch = b.Dy()*w/h, b.Dy()
	}
	x := b.Min.X + (b.Dx()-cw)/2
	y := b.Min.Y + (b.Dy()-ch)/2
	return image.Rect(x, y, x+cw, y+ch)
}

// load reads a cache entry.
func (p *Processor) load(key string) (*Set, bool) {
	if p.dir == "" {
		return nil, false
	}
	dir := filepath.Join(p.dir, key[:2], key)
	mb, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, false
	}
	var m manifest
	if json.Unmarshal(mb, &m) != nil {
		return nil, false
	}
	read := func(v *Variant) bool {
		d, err := os.ReadFile(filepath.Join(dir, strconv.Itoa(v.Width)+m.Ext))
		v.Data = d
		return err == nil
	}
	if !read(&m.Original) {
		return nil, false
	}
	for i := range m.Smaller {
		if !read(&m.Smaller[i]) {
			return nil, false
		}
	}
	return &Set{Original: m.Original, Smaller: m.Smaller, Ext: m.Ext}, true
}

// store writes a cache entry; a failure only costs the next build the work.
func (p *Processor) store(key string, set *Set) {
	if p.dir == "" {
		return
	}
	dir := filepath.Join(p.dir, key[:2], key)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	write := func(name string, data []byte) error {
		tmp, err := os.CreateTemp(dir, ".tmp-*")
		if err != nil {
			return err
		}
		_, err = tmp.Write(data)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), filepath.Join(dir, name))
		}
		if err != nil {
			os.Remove(tmp.Name())
		}
		return err
	}
	for _, v := range append([]Variant{set.Original}, set.Smaller...) {
		if write(strconv.Itoa(v.Width)+set.Ext, v.Data) != nil {
			return
		}
	}
	mb, _ := json.Marshal(manifest{Ext: set.Ext, Original: set.Original, Smaller: set.Smaller})
	_ = write("manifest.json", mb)
}
