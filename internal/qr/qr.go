// Package qr draws QR codes as inline SVG at build time, so an article's
// 手机扫码阅读 code costs no request and no script. The encoding is
// github.com/skip2/go-qrcode's (QR versions, masks and Reed–Solomon are
// easy to get subtly wrong by hand); this package only draws its modules.
package qr

import (
	"fmt"
	"html/template"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// SVG returns text as a QR code (error correction level M, with the quiet
// zone) in an <svg> of the given CSS size in pixels. label is its accessible
// name. Dark modules are one path of unit squares, so the drawing scales
// without gaps and prints sharply.
func SVG(text, label string, size int) (template.HTML, error) {
	code, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", fmt.Errorf("二维码无法生成：%w", err)
	}
	bits := code.Bitmap()
	n := len(bits)
	var d strings.Builder
	for y, row := range bits {
		for x := 0; x < len(row); x++ {
			if !row[x] {
				continue
			}
			// Runs of dark modules in a row are one rectangle: a third of the bytes.
			run := 1
			for x+run < len(row) && row[x+run] {
				run++
			}
			fmt.Fprintf(&d, "M%d %dh%dv1h-%dz", x, y, run, run)
			x += run - 1
		}
	}
	return template.HTML(fmt.Sprintf(`<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		n, n, size, size, template.HTMLEscapeString(label), n, n, d.String())), nil
}
