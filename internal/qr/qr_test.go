package qr

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"regexp"
	"strings"
	"testing"
)

var img = regexp.MustCompile(`^<img class="qr" src="data:image/png;base64,([A-Za-z0-9+/=]+)" width="120" height="120" alt="([^"]*)">$`)

// TestImg reads the PNG back out of the <img> and compares it with the code,
// and checks the element's size and accessible name.
func TestImg(t *testing.T) {
	tests := []struct {
		text  string
		label string
		alt   string
		size  int // pixels a side: modules and quiet zone
	}{
		{"https://www.hengdong.gov.cn/", "本文网址的二维码", "本文网址的二维码", 37},                            // version 3
		{"https://www.hengdong.gov.cn/news/2025/%E5%9C%9F%E8%8F%9C/", "QR code", "QR code", 41}, // version 4: a percent-encoded path
		{"https://www.hengdong.gov.cn/hengdong/wenlv/luoronghuan/", `"<&>"`, "&#34;&lt;&amp;&gt;&#34;", 41},
	}
	for _, tt := range tests {
		h, err := Img(tt.text, tt.label, 120)
		if err != nil {
			t.Fatal(err)
		}
		m := img.FindStringSubmatch(string(h))
		if m == nil || m[2] != tt.alt {
			t.Fatalf("%s: %s", tt.text, h)
		}
		b, err := base64.StdEncoding.DecodeString(m[1])
		if err != nil {
			t.Fatal(err)
		}
		pic, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if pic.Bounds().Dx() != tt.size || pic.Bounds().Dy() != tt.size {
			t.Errorf("%s: %v, want %d pixels a side", tt.text, pic.Bounds(), tt.size)
		}
		want, _ := reference(t, tt.text)
		for y := range want {
			for x := range want[y] {
				r, _, _, _ := pic.At(x+4, y+4).RGBA()
				if (r == 0) != want[y][x] {
					t.Fatalf("%s: pixel %d,%d is not go-qrcode's module", tt.text, x+4, y+4)
				}
			}
		}
	}
}

func TestImgTooLong(t *testing.T) {
	if _, err := Img(strings.Repeat("衡", 3000), "x", 100); err == nil {
		t.Error("no error for text beyond a QR code's capacity")
	}
}

var htmlSink string

func BenchmarkImg(b *testing.B) {
	text := "https://www.hengdong.gov.cn/hengdong/wenlv/luoronghuan/"
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		h, err := Img(text, "本文网址的二维码", 120)
		if err != nil {
			b.Fatal(err)
		}
		htmlSink = string(h)
	}
}
