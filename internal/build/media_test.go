package build_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"strings"
	"testing"

	"hengdong/internal/build"
	"hengdong/internal/build/buildtest"
	"hengdong/internal/diag"
)

// testJPEG is a w×h JPEG with a gradient and stripes, as a photo would be.
func testJPEG(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x / 7 % 2) * 200), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func renderSite(t *testing.T, root string, opts build.Options) (*build.Result, error) {
	t.Helper()
	in, err := build.ReadInputs(root, os.DirFS(buildtest.RepoRoot()))
	if err != nil {
		t.Fatal(err)
	}
	opts.Now, opts.NoMinify = testNow, true
	return build.Render(in, opts)
}

func decodeSize(t *testing.T, data []byte) (int, int) {
	t.Helper()
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("published image does not decode: %v", err)
	}
	return cfg.Width, cfg.Height
}

// TestMedia builds a page bundle with a large photo, a figure, a video and
// attachments, and reads what was published.
func TestMedia(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"site.toml": "title = \"媒体\"\nbaseURL = \"https://example.org/hd/\"\n[images]\nmaxWidth = 1600\nquality = 80\n",
		"content/news/photo/index.md": "---\ntitle: 图片新闻\ncover:\n  src: big.jpg\n  alt: 封面\n---\n\n" +
			"![县城远景](big.jpg \"衡东县城远景\")\n\n" +
			"{{< figure src=\"small.jpg\" alt=\"小图\" caption=\"小图的图注\" width=\"200\" >}}\n\n" +
			"{{< video src=\"开幕.mp4\" poster=\"small.jpg\" captions=\"开幕.vtt\" title=\"开幕式\" >}}\n\n" +
			"请阅读[年度报告](年度报告.pdf)。\n\n" +
			"{{< attachments >}}\n",
		"content/news/photo/big.jpg":   testJPEG(t, 2000, 1500),
		"content/news/photo/small.jpg": testJPEG(t, 300, 200),
		"content/news/photo/开幕.mp4":    strings.Repeat("v", 2048),
		"content/news/photo/开幕.vtt":    "WEBVTT\n\n00:00.000 --> 00:02.000\n开幕式\n",
		"content/news/photo/年度报告.pdf":  "%PDF-1.4\n" + strings.Repeat("x", 1258291-9),
		"content/news/photo/数据.xlsx":   strings.Repeat("x", 35*1024),
	}
	for name, text := range files {
		buildtest.WriteFile(t, root, name, text)
	}
	cache := t.TempDir()
	res, err := renderSite(t, root, build.Options{ImageCache: cache})
	if err != nil {
		t.Fatal(err)
	}
	// The 2000 px photo is published at 1600 px, with three smaller copies.
	for path, want := range map[string][2]int{
		"/news/photo/big.jpg":       {1600, 1200},
		"/news/photo/big-480w.jpg":  {480, 360},
		"/news/photo/big-800w.jpg":  {800, 600},
		"/news/photo/big-1200w.jpg": {1200, 900},
		"/news/photo/big-thumb.jpg": {480, 360},
		"/news/photo/small.jpg":     {300, 200},
	} {
		data, ok := res.Files[path]
		if !ok {
			t.Errorf("%s not published", path)
			continue
		}
		if w, h := decodeSize(t, data); w != want[0] || h != want[1] {
			t.Errorf("%s is %dx%d, want %dx%d", path, w, h, want[0], want[1])
		}
	}
	if _, ok := res.Files["/news/photo/small-480w.jpg"]; ok {
		t.Error("a 300 px image was scaled up to 480")
	}
	page := string(res.Files["/news/photo/"])
	for _, want := range []string{
		`<figure class="figure"><img src="/hd/news/photo/big.jpg" alt="县城远景" loading="lazy" decoding="async" width="1600" height="1200" srcset="/hd/news/photo/big-480w.jpg 480w, /hd/news/photo/big-800w.jpg 800w, /hd/news/photo/big-1200w.jpg 1200w, /hd/news/photo/big.jpg 1600w" sizes="(max-width: 48rem) 100vw, 46rem"><figcaption>衡东县城远景</figcaption></figure>`,
		`<figure class="figure"><img src="/hd/news/photo/small.jpg" alt="小图" width="200" height="133" loading="lazy" decoding="async"><figcaption>小图的图注</figcaption></figure>`,
		`<video controls preload="metadata" playsinline poster="/hd/news/photo/small.jpg" width="300" height="200" aria-label="开幕式">`,
		`<source src="/hd/news/photo/%E5%BC%80%E5%B9%95.mp4" type="video/mp4">`,
		`<track kind="captions" src="/hd/news/photo/%E5%BC%80%E5%B9%95.vtt" srclang="zh" label="中文字幕" default>`,
		`<span class="attachment-meta">（MP4，2 KB）</span>`,
		`<a href="/hd/news/photo/%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf">年度报告</a><span class="attachment-meta">（PDF，1.2 MB）</span>`,
		`<p class="attachments-title">附件</p><ol><li><a href="/hd/news/photo/%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf" download>年度报告.pdf</a><span class="attachment-meta">（PDF，1.2 MB）</span></li><li><a href="/hd/news/photo/%E6%95%B0%E6%8D%AE.xlsx" download>数据.xlsx</a><span class="attachment-meta">（Excel，35 KB）</span></li></ol>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks\n%s\nin\n%s", want, page)
		}
	}
	if want := `<figure class="cover">` + "\n" + `<img src="/hd/news/photo/big.jpg" alt="封面" srcset="/hd/news/photo/big-480w.jpg 480w, `; !strings.Contains(page, want) {
		t.Errorf("page lacks the cover's srcset: %s", want)
	}
	if !strings.Contains(page, `sizes="(max-width: 48rem) 100vw, 46rem" width="1600" height="1200">`) {
		t.Error("cover lacks width and height")
	}
	if strings.Contains(page, "<p><figure") || strings.Contains(page, "<p><div") {
		t.Error("a block left inside a paragraph")
	}
	for _, p := range res.Tree.All {
		if p.File == "content/news/photo/index.md" && p.Cover.Thumb != "/hd/news/photo/big-thumb.jpg" {
			t.Errorf("cover thumb %q", p.Cover.Thumb)
		}
		if p.File == "content/news/photo/index.md" && (p.Cover.Width != 1600 || p.Cover.Height != 1200 || !strings.HasPrefix(p.Cover.Srcset, "/hd/news/photo/big-480w.jpg 480w, ")) {
			t.Errorf("cover %+v", p.Cover)
		}
	}
	// The list shows the cover's 4:3 thumbnail.
	if list := string(res.Files["/news/"]); !strings.Contains(list, `<img class="thumb" src="/hd/news/photo/big-thumb.jpg" alt="封面" width="480" height="360"`) {
		t.Errorf("the news list lacks the cover thumbnail:\n%s", list)
	}
	// Two images processed (the photo and the cover's thumbnail; small.jpg
	// too): the next build finds all of them in the cache.
	if res.ImagesProcessed != 3 {
		t.Errorf("first build processed %d images, want 3", res.ImagesProcessed)
	}
	again, err := renderSite(t, root, build.Options{ImageCache: cache})
	if err != nil {
		t.Fatal(err)
	}
	if again.ImagesProcessed != 0 {
		t.Errorf("second build processed %d images, want 0 (all cached)", again.ImagesProcessed)
	}
	if !bytes.Equal(again.Files["/news/photo/big-800w.jpg"], res.Files["/news/photo/big-800w.jpg"]) {
		t.Error("cached copy differs")
	}
	// A changed photo is processed again; the others come from the cache.
	buildtest.WriteFile(t, root, "content/news/photo/small.jpg", testJPEG(t, 310, 200))
	third, err := renderSite(t, root, build.Options{ImageCache: cache})
	if err != nil {
		t.Fatal(err)
	}
	if third.ImagesProcessed != 1 {
		t.Errorf("after changing one image, processed %d, want 1", third.ImagesProcessed)
	}
}

// TestMediaErrors: every mistake is reported at the call's line and column.
func TestMediaErrors(t *testing.T) {
	tests := []struct {
		name, body string
		line, col  int
		want       string
	}{
		{"figure file missing", "文字\n\n{{< figure src=\"无.jpg\" alt=\"x\" >}}\n", 7, 1, "图片文件不存在：无.jpg"},
		{"figure without alt", "{{< figure src=\"a.jpg\" >}}\n", 5, 1, "缺少 alt"},
		{"figure remote", "{{< figure src=\"https://example.com/a.jpg\" alt=\"x\" >}}\n", 5, 1, "不能是外部网址"},
		{"video without poster", "前\n{{< video src=\"v.mp4\" >}}\n", 6, 1, "缺少 poster"},
		{"video poster missing", "  {{< video src=\"v.mp4\" poster=\"无.jpg\" >}}\n", 5, 3, "视频封面图不存在：无.jpg"},
		{"video file missing", "{{< video src=\"无.mp4\" poster=\"a.jpg\" >}}\n", 5, 1, "视频文件不存在：无.mp4"},
		{"video not mp4", "{{< video src=\"a.avi\" poster=\"a.jpg\" >}}\n", 5, 1, "MP4"},
		{"captions missing", "{{< video src=\"v.mp4\" poster=\"a.jpg\" captions=\"无.vtt\" >}}\n", 5, 1, "字幕文件不存在"},
		{"no attachments", "{{< attachments >}}\n", 5, 1, "没有找到附件"},
		{"attachment link missing", "见[通知](无.docx)。\n", 5, 2, "附件文件不存在：无.docx"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			buildtest.WriteFile(t, root, "content/p/index.md", "---\ntitle: 页\n---\n\n"+tc.body)
			buildtest.WriteFile(t, root, "content/p/a.jpg", testJPEG(t, 40, 30))
			buildtest.WriteFile(t, root, "content/p/v.mp4", "video")
			_, err := renderSite(t, root, build.Options{})
			if err == nil {
				t.Fatal("no error")
			}
			l := diag.Collect(err)
			e := l[0]
			if e.File != "content/p/index.md" || e.Line != tc.line || e.Col != tc.col || !strings.Contains(e.Msg, tc.want) {
				t.Errorf("got %v, want content/p/index.md:%d:%d %s", err, tc.line, tc.col, tc.want)
			}
		})
	}
}
