// Package qr draws QR codes as inline SVG at build time, so an article's
// 手机扫码阅读 code costs no request and no script.
//
// The encoder (Encode) is this package's own, made for a build that draws one
// code a page: the codes are github.com/skip2/go-qrcode's module for module
// (encode_test.go holds it to that, go-qrcode being kept only as the tests'
// reference), at a fortieth of its CPU time.
package qr

import (
	"fmt"
	"html/template"
	"strings"

)

// SVG returns text as a QR code (error correction level M, with the quiet
// zone) in an <svg> of the given CSS size in pixels. label is its accessible
// name. Dark modules are one path of unit squares, so the drawing scales
// without gaps and prints sharply.
func SVG(text, label string, size int) (template.HTML, error) {
	c, err := Encode(text)
	if err != nil {
		return "", fmt.Errorf("二维码无法生成：%w", err)
	}
	const quiet = 4
	n := c.Size + 2*quiet
	var d strings.Builder
	for y := 0; y < c.Size; y++ {
		row := c.Modules[y*c.Size : (y+1)*c.Size]
		for x := 0; x < len(row); x++ {
			if row[x] == 0 {
				continue
			}
			// Runs of dark modules in a row are one rectangle: a third of the bytes.
			run := 1
			for x+run < len(row) && row[x+run] == 1 {
				run++
			}
			fmt.Fprintf(&d, "M%d %dh%dv1h-%dz", x+quiet, y+quiet, run, run)
			x += run - 1
		}
	}
	return template.HTML(fmt.Sprintf(`<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		n, n, size, size, template.HTMLEscapeString(label), n, n, d.String())), nil
}
