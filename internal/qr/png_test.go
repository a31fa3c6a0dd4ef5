package qr

import (
	"bytes"
	"compress/zlib"
	"image"
	"image/png"
	"strings"
	"testing"
)

// TestPNGDecodes decodes the PNG with image/png and compares every pixel with
// the code's modules, quiet zone included.
func TestPNGDecodes(t *testing.T) {
	for _, text := range []string{
		"https://www.hengdong.gov.cn/",
		"https://www.hengdong.gov.cn/news/2025/%E5%9C%9F%E8%8F%9C/",
		strings.Repeat("https://www.hengdong.gov.cn/a/", 60), // a large version: rows of many bytes
	} {
		c, err := Encode(text)
		if err != nil {
			t.Fatal(err)
		}
		b := PNG(c, 4)
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%.40s: %v", text, err)
		}
		w := c.Size + 8
		if img.Bounds() != image.Rect(0, 0, w, w) {
			t.Fatalf("bounds %v, want %d×%d", img.Bounds(), w, w)
		}
		for y := 0; y < w; y++ {
			for x := 0; x < w; x++ {
				r, _, _, _ := img.At(x, y).RGBA()
				dark := x >= 4 && y >= 4 && x < w-4 && y < w-4 && c.Modules[(y-4)*c.Size+x-4] == 1
				if (r == 0) != dark {
					t.Fatalf("%.40s: pixel %d,%d is %v, want dark %v", text, x, y, r, dark)
				}
			}
		}
		// What compressing would save.
		var z bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
		zw.Write(b[8+25+8+2 : len(b)-12-4-4]) // the stored blocks' headers and data: close enough
		zw.Close()
		t.Logf("%d bytes of text: %d-byte PNG, image data %d bytes stored, %d compressed", len(text), len(b), len(b)-8-25-12-12, z.Len())
	}
}
