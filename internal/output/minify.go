// Package output minifies the rendered site and writes it: into a fresh folder
// beside the destination, swapped in only when everything succeeded, so a failed
// build never costs the last good site.
package output

import (
	"bytes"
	"io"
	"path"
	"regexp"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Minifier minifies by file extension. It is safe for concurrent use.
type Minifier struct{ m *minify.M }

// NewMinifier sets up tdewolff/minify for HTML, CSS, JS, SVG, JSON and XML.
func NewMinifier() *Minifier {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepSpecialComments: false})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return &Minifier{m: m}
}

var mediaTypes = map[string]string{
	".html": "text/html", ".htm": "text/html", ".css": "text/css", ".js": "application/javascript",
	".mjs": "application/javascript", ".svg": "image/svg+xml", ".json": "application/json",
	".xml": "application/rss+xml", ".webmanifest": "application/manifest+json",
}

// Minify returns data minified according to name's extension; other files are
// returned unchanged.
func (m *Minifier) Minify(name string, data []byte) ([]byte, error) {
	return m.minify(name, data, false)
}

// MinifyOwned is Minify without copying data first: the minifiers read it in
// place and may change it (they lowercase tag names, decode entities in
// place, and borrow the byte after its end while they run). Only for bytes
// nothing else is reading, such as a page the build has just rendered.
//
// What it returns never shares data's memory, which the caller may reuse:
// a file it does not minify comes back copied.
func (m *Minifier) MinifyOwned(name string, data []byte) ([]byte, error) {
	if _, ok := mediaTypes[strings.ToLower(path.Ext(name))]; !ok {
		return bytes.Clone(data), nil
	}
	return m.minify(name, data, true)
}

// minify minifies data by name's extension; owned says data may be changed.
// HTML goes the fast path (htmlmin.go) when it can.
func (m *Minifier) minify(name string, data []byte, owned bool) ([]byte, error) {
	mt, ok := mediaTypes[strings.ToLower(path.Ext(name))]
	if !ok {
		return data, nil
	}
	if mt == "text/html" {
		src := data
		if !owned {
			src = bytes.Clone(data)
		}
		out, ok, err := m.minifyFast(make([]byte, 0, len(src)), src)
		if err != nil {
			return nil, err
		}
		if ok {
			return out, nil
		}
		// lex, which found something to leave to tdewolff, changed nothing.
		data, owned = src, true
	}
	var r io.Reader = bytes.NewReader(data)
	if owned {
		r = ownedBytes(data)
	}
	var out bytes.Buffer
	out.Grow(len(data))
	if err := m.m.Minify(mt, &out, r); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// ownedBytes hands its bytes to tdewolff/parse's input without the copy that
// io.ReadAll would make (parse.NewInput takes any reader with a Bytes method).
type ownedBytes []byte

func (b ownedBytes) Read(p []byte) (int, error) { return 0, io.EOF } // never called: Bytes is used
func (b ownedBytes) Bytes() []byte              { return b }
