package images

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// photo returns a JPEG of w×h with gradients and noise, which compresses as
// badly as a real photo does.
func photo(t testing.TB, w, h, quality int) []byte {
	t.Helper()
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Y {
		img.Y[i] = uint8(r.IntN(256))
	}
	for i := range img.Cb {
		img.Cb[i] = uint8(i % 256)
		img.Cr[i] = uint8(r.IntN(256))
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngOf(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), 90, 200})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func size(t *testing.T, data []byte) (int, int, string) {
	t.Helper()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Width, cfg.Height, format
}

func TestProcessWidthsAndCap(t *testing.T) {
	s := Settings{MaxWidth: 1600, Quality: 82, Widths: []int{480, 800, 1200}}
	tests := []struct {
		name    string
		data    []byte
		origW   int
		origH   int
		smaller []int
		ext     string
	}{
		{"wider than maxWidth: capped, three smaller", photo(t, 2400, 1800, 95), 1600, 1200, []int{480, 800, 1200}, ".jpg"},
		{"between widths: never scaled up", photo(t, 1000, 500, 80), 1000, 500, []int{480, 800}, ".jpg"},
		{"narrower than every width", photo(t, 300, 200, 82), 300, 200, nil, ".jpg"},
		// The 800 px copy of this smooth PNG weighs more than the 900 px image:
		// it is not offered.
		{"png stays png, heavier copy left out", pngOf(t, 900, 300), 900, 300, []int{480}, ".png"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			set, err := New(s, "").Process(tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if set.Ext != tc.ext {
				t.Errorf("ext %q, want %q", set.Ext, tc.ext)
			}
			w, h, _ := size(t, set.Original.Data)
			if w != tc.origW || h != tc.origH || set.Original.Width != w || set.Original.Height != h {
				t.Errorf("original %dx%d (recorded %dx%d), want %dx%d", w, h, set.Original.Width, set.Original.Height, tc.origW, tc.origH)
			}
			var got []int
			for _, v := range set.Smaller {
				if len(v.Data) >= len(set.Original.Data) {
					t.Errorf("the %d px copy (%d bytes) is not lighter than the image (%d bytes)", v.Width, len(v.Data), len(set.Original.Data))
				}
				w, h, _ := size(t, v.Data)
				if w != v.Width || h != v.Height {
					t.Errorf("variant file %dx%d, recorded %dx%d", w, h, v.Width, v.Height)
				}
				if want := (tc.origH*w + tc.origW/2) / tc.origW; h != want {
					t.Errorf("variant %d wide is %d high, want %d (the original's aspect)", w, h, want)
				}
				got = append(got, w)
			}
			if len(got) != len(tc.smaller) {
				t.Fatalf("widths %v, want %v", got, tc.smaller)
			}
			for i := range got {
				if got[i] != tc.smaller[i] {
					t.Fatalf("widths %v, want %v", got, tc.smaller)
				}
			}
		})
	}
}

// A phone photo of 12 megapixels saved at top quality (tens of MB) is never
// published as it is: the published copy is capped and re-encoded.
func TestLargePhotoIsNotPublishedUnchanged(t *testing.T) {
	big := photo(t, 4032, 3024, 100)
	if len(big) < 10<<20 {
		t.Fatalf("test photo is only %d bytes", len(big))
	}
	set, err := New(DefaultSettings(), "").Process(big)
	if err != nil {
		t.Fatal(err)
	}
	w, h, format := size(t, set.Original.Data)
	if w != 1600 || h != 1200 || format != "jpeg" {
		t.Errorf("published %dx%d %s, want 1600x1200 jpeg", w, h, format)
	}
	if len(set.Original.Data) > len(big)/4 {
		t.Errorf("published %d bytes of a %d-byte photo", len(set.Original.Data), len(big))
	}
}

// A photo within maxWidth whose bytes are already small keeps them.
func TestSmallFileKeptAsIs(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 400, 300)) // flat grey: tiny at q50
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 50})
	set, err := New(DefaultSettings(), "").Process(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(set.Original.Data, buf.Bytes()) {
		t.Errorf("a small, light JPEG was re-encoded (%d → %d bytes)", buf.Len(), len(set.Original.Data))
	}
}

func TestCacheAcrossProcessors(t *testing.T) {
	dir := t.TempDir()
	data := photo(t, 1300, 900, 90)
	s := DefaultSettings()
	first := New(s, dir)
	a, err := first.Process(data)
	if err != nil {
		t.Fatal(err)
	}
	if first.Processed() != 1 {
		t.Fatalf("first build processed %d images, want 1", first.Processed())
	}
	second := New(s, dir) // the next build
	b, err := second.Process(data)
	if err != nil {
		t.Fatal(err)
	}
	if second.Processed() != 0 {
		t.Errorf("second build processed %d images, want 0 (cache hit)", second.Processed())
	}
	if !bytes.Equal(a.Original.Data, b.Original.Data) || len(a.Smaller) != len(b.Smaller) {
		t.Error("cached result differs from the processed one")
	}
	// Other settings are another key.
	s.Quality = 60
	third := New(s, dir)
	if _, err := third.Process(data); err != nil {
		t.Fatal(err)
	}
	if third.Processed() != 1 {
		t.Errorf("changed quality processed %d images, want 1", third.Processed())
	}
	// An entry missing a file is made again, not served half.
	entries, _ := filepath.Glob(filepath.Join(dir, "*", "*", "800.jpg"))
	for _, e := range entries {
		os.Remove(e)
	}
	fourth := New(DefaultSettings(), dir)
	if _, err := fourth.Process(data); err != nil {
		t.Fatal(err)
	}
	if fourth.Processed() != 1 {
		t.Errorf("incomplete cache entry: processed %d, want 1", fourth.Processed())
	}
}

func TestThumbCentreCrop(t *testing.T) {
	// A 1000×500 image: red left of 160, green in the middle, blue from 840
	// on. Its centred 4:3 crop (x 167–833) is all green.
	img := image.NewRGBA(image.Rect(0, 0, 1000, 500))
	for y := 0; y < 500; y++ {
		for x := 0; x < 1000; x++ {
			c := color.RGBA{0, 200, 0, 255}
			if x < 160 {
				c = color.RGBA{200, 0, 0, 255}
			} else if x >= 840 {
				c = color.RGBA{0, 0, 200, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95})
	d, ext, err := New(DefaultSettings(), "").Thumb(buf.Bytes(), 480, 360)
	if err != nil {
		t.Fatal(err)
	}
	if ext != ".jpg" {
		t.Errorf("ext %q", ext)
	}
	out, _, err := image.Decode(bytes.NewReader(d))
	if err != nil {
		t.Fatal(err)
	}
	if b := out.Bounds(); b.Dx() != 480 || b.Dy() != 360 {
		t.Fatalf("thumb %v, want 480x360", b)
	}
	for _, x := range []int{5, 240, 474} {
		r, g, b, _ := out.At(x, 180).RGBA()
		if g>>8 < 150 || r>>8 > 60 || b>>8 > 60 {
			t.Errorf("pixel %d of the thumb is %d,%d,%d: not the centre's green", x, r>>8, g>>8, b>>8)
		}
	}
}

func TestExifOrientation(t *testing.T) {
	// A JPEG with an APP1 Exif segment saying "rotate 90° clockwise" (6):
	// a 40×20 image is published 20×40.
	img := image.NewGray(image.Rect(0, 0, 40, 20))
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, nil)
	tiff := []byte{'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0}
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	seg := append([]byte{0xFF, 0xE1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}, app1...)
	data := append(append([]byte{0xFF, 0xD8}, seg...), buf.Bytes()[2:]...)
	if o := exifOrientation(data); o != 6 {
		t.Fatalf("orientation %d, want 6", o)
	}
	set, err := New(DefaultSettings(), "").Process(data)
	if err != nil {
		t.Fatal(err)
	}
	if set.Original.Width != 20 || set.Original.Height != 40 {
		t.Errorf("published %dx%d, want 20x40", set.Original.Width, set.Original.Height)
	}
	if o := exifOrientation(buf.Bytes()); o != 1 {
		t.Errorf("plain JPEG orientation %d, want 1", o)
	}
}

func TestIsRaster(t *testing.T) {
	for name, want := range map[string]bool{"a.jpg": true, "a.JPEG": true, "b.png": true, "c.gif": false, "d.svg": false, "e.webp": false} {
		if IsRaster(name) != want {
			t.Errorf("IsRaster(%q) = %v", name, !want)
		}
	}
}

// BenchmarkLargePhoto measures processing a 12-megapixel phone photo.
func BenchmarkLargePhoto(b *testing.B) {
	big := photo(b, 4032, 3024, 100)
	b.SetBytes(int64(len(big)))
	for b.Loop() {
		if _, err := New(DefaultSettings(), "").Process(big); err != nil {
			b.Fatal(err)
		}
	}
}
