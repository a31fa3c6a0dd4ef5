package qr

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/adler32"
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

// pngSerial is PNG as first written, module by module into scanlines then
// copied into stored blocks: TestPNGBytes and FuzzImg hold PNG and Img to
// its bytes.
func pngSerial(c *Code, quiet int) []byte {
	w := c.Size + 2*quiet
	stride := 1 + (w+7)/8
	raw := stride * w
	out := []byte("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(w))
	ihdr = append(ihdr, 1, 0, 0, 0, 0)
	out = chunk(out, "IHDR", ihdr)
	img := make([]byte, raw)
	for y := 0; y < w; y++ {
		line := img[y*stride : (y+1)*stride]
		for i := 1; i < stride; i++ {
			line[i] = 0xff
		}
		my := y - quiet
		if my < 0 || my >= c.Size {
			continue
		}
		for mx, m := range c.Modules[my*c.Size : (my+1)*c.Size] {
			x := mx + quiet
			line[1+x/8] &^= m << (7 - uint(x%8))
		}
	}
	z := []byte{0x78, 0x01}
	for p := 0; p < raw; p += 0xffff {
		n := min(raw-p, 0xffff)
		final := byte(0)
		if p+n == raw {
			final = 1
		}
		z = append(z, final, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		z = append(z, img[p:p+n]...)
	}
	z = binary.BigEndian.AppendUint32(z, adler32.Checksum(img))
	out = chunk(out, "IDAT", z)
	return chunk(out, "IEND", nil)
}

// TestPNGBytes: PNG's bytes are pngSerial's, for small and large codes, with
// quiet zones of any width (one wide enough for several stored blocks), and
// Img's <img> is that PNG's.
func TestPNGBytes(t *testing.T) {
	for _, text := range []string{"1", "https://www.hengdong.gov.cn/", strings.Repeat("衡东", 40), strings.Repeat("https://www.hengdong.gov.cn/a/", 60)} {
		c, err := Encode(text)
		if err != nil {
			t.Fatal(err)
		}
		for _, quiet := range []int{0, 1, 4, 7, 32, 400} {
			if got, want := PNG(c, quiet), pngSerial(c, quiet); !bytes.Equal(got, want) {
				t.Errorf("%.20q, quiet %d: PNG differs from pngSerial's", text, quiet)
			}
		}
		sameImg(t, text)
	}
}

// sameImg fails unless Img(text) is the <img> of pngSerial's PNG of Encode(text).
func sameImg(t *testing.T, text string) {
	t.Helper()
	c, err := Encode(text)
	got, gerr := Img(text, "码", 120)
	if (err != nil) != (gerr != nil) {
		t.Fatalf("%.20q: Img error %v, Encode error %v", text, gerr, err)
	}
	if err != nil {
		return
	}
	if want := imgTag(pngSerial(c, 4), "码", 120); got != want {
		t.Fatalf("%.20q: Img is not the <img> of pngSerial's PNG", text)
	}
}

func FuzzImg(f *testing.F) {
	for _, s := range []string{"1", "https://www.hengdong.gov.cn/news/", strings.Repeat("A", 200), strings.Repeat("汉", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 800 {
			return
		}
		sameImg(t, text)
	})
}
