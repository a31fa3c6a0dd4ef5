package build

import (
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"hengdong/internal/markdown"
	"hengdong/internal/parallel"
)

// Asset is a stylesheet or script published under a name that holds a hash of
// its bytes, as the template function fingerprint returns it: a changed file
// gets a new URL, so browsers and caches may keep every URL forever.
type Asset struct {
	RelPermalink string // "/css/site.3f2a9c1e.css", under the site's base path
	Permalink    string // the same with the baseURL's scheme and host
	// Integrity is the Subresource Integrity value of the published bytes,
	// "sha384-…", for the integrity attribute; empty in serve.
	Integrity string
	// Data.Integrity is Integrity where Hugo's fingerprinted resources keep it.
	Data struct{ Integrity string }
}

// fingerprinted is one asset's published copy.
type fingerprinted struct {
	plain, hashed string // output paths: "/css/site.css", "/css/site.3f2a9c1e.css"
	data          []byte // the bytes published under both names (minified)
	minified      bool   // data went through the minifier
	integrity     string
}

// fingerprintable reports whether an output path is a stylesheet or script.
func fingerprintable(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".css", ".js":
		return true
	}
	return false
}

// fingerprintAssets hashes every static stylesheet and script and the
// highlight stylesheet, as they will be published: minified first, since the
// integrity value must match the bytes the browser receives. serve keeps
// plain names, so that its stylesheet hot-swap (livereload.js) finds the
// link whose file changed.
func (b *builder) fingerprintAssets() map[string]*fingerprinted {
	if b.opts.Serve {
		return nil
	}
	src := map[string][]byte{"/css/highlight.css": markdown.HighlightCSS()}
	for name, data := range b.in.Static {
		if p := strings.TrimPrefix(name, "static"); fingerprintable(p) {
			src[p] = data
		}
	}
	names := slices.Sorted(maps.Keys(src))
	out := make([]*fingerprinted, len(names))
	parallel.For(len(names), func(i int) {
		p := names[i]
		f := &fingerprinted{plain: p, data: src[p]}
		// Minified even with NoMinify, so that a page links to the same URL
		// and integrity either way. A file that does not minify is published
		// as written; the minify stage reports the error for its plain name.
		if m, err := b.min.Minify(p, f.data); err == nil {
			f.data, f.minified = m, true
		}
		sum := sha512.Sum384(f.data)
		f.integrity = "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
		ext := path.Ext(p)
		f.hashed = strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		out[i] = f
	})
	m := make(map[string]*fingerprinted, len(out))
	for _, f := range out {
		m[f.plain] = f
	}
	return m
}

// fingerprint is the template function: the asset published from static/ (or
// the generated css/highlight.css) at name, under its fingerprinted URL.
func (b *builder) fingerprint(name string) (*Asset, error) {
	p := "/" + strings.TrimPrefix(name, "/")
	base := b.cfg.BasePath()
	if f := b.assets[p]; f != nil {
		a := &Asset{RelPermalink: base + f.hashed[1:], Permalink: b.cfg.BaseURL + f.hashed[1:], Integrity: f.integrity}
		a.Data.Integrity = f.integrity
		return a, nil
	}
	_, static := b.in.Static["static"+p]
	if b.opts.Serve && (static || p == "/css/highlight.css") {
		return &Asset{RelPermalink: base + p[1:], Permalink: b.cfg.BaseURL + p[1:]}, nil
	}
	if static {
		return nil, fmt.Errorf("fingerprint 只能用于样式表和脚本（.css、.js）：%s；其他文件请用 relURL (only stylesheets and scripts are fingerprinted)", name)
	}
	return nil, fmt.Errorf("fingerprint 找不到静态文件 %s；请把文件放在 static/ 中，并写相对于 static/ 的路径，如 fingerprint \"css/site.css\" (no static file %s)", name, name)
}

// emitAssets publishes each asset under its fingerprinted name and, with the
// same minified bytes, under its plain one (for links written with relURL).
func (b *builder) emitAssets() {
	for _, p := range slices.Sorted(maps.Keys(b.assets)) {
		f := b.assets[p]
		b.emit(f.hashed, f.data, "")
		b.outMu.Lock()
		b.minified[f.hashed] = true         // never minified again: its integrity is of these bytes
		if f.minified && !b.opts.NoMinify { // the plain copy is minified already too
			b.files[f.plain] = f.data
			b.minified[f.plain] = true
		}
		b.outMu.Unlock()
	}
}
