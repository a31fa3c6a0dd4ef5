package qr

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	qrcode "github.com/skip2/go-qrcode"
)

var move = regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`)

// TestSVGDrawsEveryModule reads the squares back from the path and compares
// them with the encoder's bitmap, module by module.
func TestSVGDrawsEveryModule(t *testing.T) {
	tests := []struct {
		text string
		size int // modules per side, quiet zone included
	}{
		{"https://www.hengdong.gov.cn/", 37},                              // version 3
		{"https://www.hengdong.gov.cn/news/2025/%E5%9C%9F%E8%8F%9C/", 41}, // version 4: a percent-encoded path
		{"https://www.hengdong.gov.cn/hengdong/wenlv/luoronghuan/", 41},   // version 4
	}
	for _, tt := range tests {
		svg, err := SVG(tt.text, "本文网址的二维码", 120)
		if err != nil {
			t.Fatal(err)
		}
		s := string(svg)
		if !strings.Contains(s, `viewBox="0 0 `+strconv.Itoa(tt.size)+" "+strconv.Itoa(tt.size)+`"`) ||
			!strings.Contains(s, `aria-label="本文网址的二维码"`) || !strings.Contains(s, `role="img"`) {
			t.Errorf("%s: %s", tt.text, s[:200])
		}
		code, _ := qrcode.New(tt.text, qrcode.Medium)
		want := code.Bitmap()
		got := make([][]bool, len(want))
		for i := range got {
			got[i] = make([]bool, len(want))
		}
		for _, m := range move.FindAllStringSubmatch(s, -1) {
			x, _ := strconv.Atoi(m[1])
			y, _ := strconv.Atoi(m[2])
			w, _ := strconv.Atoi(m[3])
			for i := 0; i < w; i++ {
				if got[y][x+i] {
					t.Fatalf("module %d,%d drawn twice", x+i, y)
				}
				got[y][x+i] = true
			}
		}
		for y := range want {
			for x := range want[y] {
				if got[y][x] != want[y][x] {
					t.Fatalf("%s: module %d,%d is %v, want %v", tt.text, x, y, got[y][x], want[y][x])
				}
			}
		}
	}
}

func TestSVGTooLong(t *testing.T) {
	if _, err := SVG(strings.Repeat("衡", 3000), "x", 100); err == nil {
		t.Error("no error for text beyond a QR code's capacity")
	}
}
