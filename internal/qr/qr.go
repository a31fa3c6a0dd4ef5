// Package qr draws QR codes at build time, so an article's 手机扫码阅读 code
// costs no request and no script: an <img> whose source is a tiny 1-bit PNG
// in a data URI.
//
// The encoder (Encode) is this package's own, made for a build that draws one
// code a page: the codes are github.com/skip2/go-qrcode's module for module
// (encode_test.go holds it to that, go-qrcode being kept only as the tests'
// reference), at a fortieth of its CPU time.
//
// Why a PNG and not an inline <svg>: the HTML minifier hands every inline
// <svg> to its SVG minifier, which re-parsed the code's path of unit squares
// on every page (1.6 CPU-s of a 4,000-page build), and the path was ~3 KB a
// page where the PNG's data URI is ~400 bytes. One pixel a module, drawn with
// image-rendering: pixelated (site.css), stays sharp at any size on screen and
// in print.
package qr

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"strconv"
	"sync"
	"unsafe"
)

// Img returns text as a QR code (error correction level M, with the quiet
// zone) in an <img> of the given CSS size in pixels, with label as its
// alternative text.
func Img(text, label string, size int) (template.HTML, error) {
	sc := scratches.Get().(*scratch)
	defer scratches.Put(sc)
	c, err := encode(text, &sc.sym)
	if err != nil {
		return "", fmt.Errorf("二维码无法生成：%w", err)
	}
	var png []byte
	if c != nil {
		png = PNG(c, 4)
	} else { // a code of up to 64 modules a side: every page address
		png = symbolPNG(sc.png[:0], &sc.sym, 4)
		sc.png = png
	}
	return imgTag(png, label, size), nil
}

// imgTag is the <img> of a PNG.
func imgTag(png []byte, label string, size int) template.HTML {
	s := strconv.Itoa(size)
	const head = `<img class="qr" src="data:image/png;base64,`
	b := make([]byte, 0, len(head)+base64.StdEncoding.EncodedLen(len(png))+len(label)+64)
	b = append(b, head...)
	b = base64.StdEncoding.AppendEncode(b, png)
	b = append(b, `" width="`...)
	b = append(b, s...)
	b = append(b, `" height="`...)
	b = append(b, s...)
	b = append(b, `" alt="`...)
	b = append(b, template.HTMLEscapeString(label)...)
	b = append(b, `">`...)
	return template.HTML(unsafe.String(unsafe.SliceData(b), len(b))) // b is not used again: no copy
}

// scratch is what drawing a code in Img uses and drops: kept for the next.
type scratch struct {
	sym symbol
	png []byte
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}
