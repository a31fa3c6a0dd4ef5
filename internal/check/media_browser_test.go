package check

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hengdong/internal/browsertest"
	"hengdong/internal/build"
	"hengdong/internal/output"
)

// mediaJPEG is a w×h JPEG for the media fixture.
func mediaJPEG(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), 120, uint8(y * 255 / h), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// mediaLayout is what the page's media measure in the browser.
type mediaLayout struct {
	ViewportWidth float64 `json:"vw"`
	ScrollWidth   float64 `json:"sw"`
	Boxes         []struct {
		Tag   string  `json:"tag"`
		W     float64 `json:"w"`
		H     float64 `json:"h"`
		AttrW float64 `json:"aw"`
		AttrH float64 `json:"ah"`
		Right float64 `json:"right"`
	} `json:"boxes"`
}

const measureMedia = `(() => ({
	vw: window.innerWidth,
	sw: document.documentElement.scrollWidth,
	boxes: [...document.querySelectorAll("main figure img, main figure video, .attachments")].map(e => {
		const r = e.getBoundingClientRect();
		return {tag: e.tagName.toLowerCase(), w: r.width, h: r.height, right: r.right,
			aw: +e.getAttribute("width") || 0, ah: +e.getAttribute("height") || 0};
	}),
}))()`

// waitVideo resolves to the duration of the page's first video once its
// metadata has loaded (-1 on a load error).
const waitVideo = `new Promise(resolve => {
	const v = document.querySelector("main video");
	if (v.readyState >= 1) return resolve(v.duration);
	v.addEventListener("loadedmetadata", () => resolve(v.duration), {once: true});
	v.addEventListener("error", () => resolve(-1), {once: true});
	v.querySelector("source").addEventListener("error", () => resolve(-1), {once: true});
})`

// firstFigureSrc scrolls the first figure's image into view (it is lazy) and
// resolves to the URL the browser chose from its srcset.
const firstFigureSrc = `new Promise(resolve => {
	const img = document.querySelector("main figure.figure img");
	img.scrollIntoView();
	const done = () => resolve(img.currentSrc);
	if (img.complete && img.currentSrc) return done();
	img.addEventListener("load", done, {once: true});
	img.addEventListener("error", () => resolve("error"), {once: true});
})`

// TestMediaAt390 opens a page with a Markdown figure, the figure, video and
// attachments shortcodes, and the portal's pages with pictures, in Chromium
// 390 px wide (a phone): no element is wider than the screen, images and the
// video keep their aspect ratio before anything has loaded (width and height
// attributes), and axe-core finds no WCAG A/AA violation.
func TestMediaAt390(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	axe := loadAxe(t)
	root := t.TempDir()
	files := map[string]string{
		"site.toml":              "title = \"媒体测试\"\nlanguageCode = \"zh-CN\"\n",
		"content/_index.md":      "---\ntitle: 首页\n---\n",
		"content/news/_index.md": "---\ntitle: 新闻\n---\n",
		"content/news/media/index.md": "---\ntitle: 图片、视频和附件\ndate: 2025-02-01\n---\n\n" +
			"![一条渐变色的测试图](wide.jpg \"测试图的图注：在手机上不应超出屏幕\")\n\n" +
			"{{< figure src=\"tall.jpg\" alt=\"一张竖长的测试图\" caption=\"竖图，宽度限定为 300 像素\" width=\"300\" >}}\n\n" +
			"{{< video src=\"kaimu.mp4\" poster=\"poster.jpg\" captions=\"kaimu.vtt\" title=\"开幕式视频\" >}}\n\n" +
			"请阅读[一份名字很长很长的年度工作报告全文](nianbao.pdf)。\n\n" +
			"{{< attachments >}}\n",
		"content/news/media/wide.jpg":     mediaJPEG(t, 2000, 900),
		"content/news/media/tall.jpg":     mediaJPEG(t, 600, 900),
		"content/news/media/poster.jpg":   mediaJPEG(t, 1280, 720),
		"content/news/media/kaimu.mp4":    "not a real video: the test measures the markup",
		"content/news/media/kaimu.vtt":    "WEBVTT\n\n00:00.000 --> 00:02.000\n开幕式\n",
		"content/news/media/nianbao.pdf":  "%PDF-1.4\n%%EOF\n",
		"content/news/media/附件二-统计表.xlsx": "xlsx",
	}
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in, err := build.ReadInputs(root, os.DirFS(portalRoot))
	if err != nil {
		t.Fatal(err)
	}
	res, err := build.Render(in, build.Options{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "public")
	if err := output.Write(root, dir, res.Files); err != nil {
		t.Fatal(err)
	}
	fixture := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer fixture.Close()
	portal, _ := servePortal(t)

	ctx := browsertest.New(t, 5*time.Minute)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	pages := []struct {
		url        string
		minBoxes   int
		wantVideos int
		small      bool // the first figure is a photo with a 480 px copy
	}{
		{fixture.URL + "/news/media/", 4, 1, true},
		{portal.URL + "/chanye/yinzhang-dahui/", 2, 0, true},
		{portal.URL + "/wenlv/tucai-jie/", 2, 1, false},
		{portal.URL + "/wenlv/luoronghuan/", 1, 0, true},
	}
	for _, pg := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(pg.url)); err != nil {
			t.Fatal(err)
		}
		m, err := browsertest.Eval[mediaLayout](ctx, measureMedia)
		if err != nil {
			t.Fatalf("%s: %v", pg.url, err)
		}
		if m.ViewportWidth != 390 {
			t.Fatalf("viewport %v, want 390", m.ViewportWidth)
		}
		if m.ScrollWidth > m.ViewportWidth {
			t.Errorf("%s: the page is %v px wide on a 390 px screen", pg.url, m.ScrollWidth)
		}
		videos := 0
		for _, b := range m.Boxes {
			if b.Tag == "video" {
				videos++
			}
			if b.Right > m.ViewportWidth+0.5 {
				t.Errorf("%s: %s reaches %v px, past the screen", pg.url, b.Tag, b.Right)
			}
			if b.AttrW > 0 && b.W > 0 {
				// Before anything loads, the box already has the aspect
				// ratio of the width and height attributes: nothing jumps.
				want := b.W * b.AttrH / b.AttrW
				if b.H < want-2 || b.H > want+2 {
					t.Errorf("%s: %s box %vx%v, want height %v (aspect %v:%v)", pg.url, b.Tag, b.W, b.H, want, b.AttrW, b.AttrH)
				}
			}
		}
		if len(m.Boxes) < pg.minBoxes || videos != pg.wantVideos {
			t.Errorf("%s: %d media boxes (%d videos), want at least %d (%d videos)", pg.url, len(m.Boxes), videos, pg.minBoxes, pg.wantVideos)
		}
		if pg.wantVideos > 0 && strings.HasPrefix(pg.url, portal.URL) {
			// The portal's video is a real H.264 file: with preload="metadata"
			// the browser reads its length without playing it.
			d, err := chromedp.Run(ctx, chromedp.Evaluate[float64](waitVideo, chromedp.EvalAwaitPromise))
			if err != nil || d < 5.5 || d > 6.5 {
				t.Errorf("%s: video duration %v (%v), want 6 s", pg.url, d, err)
			}
		}
		// At 390 px the browser takes the 480 px copy of a photo.
		if pg.small {
			src, err := chromedp.Run(ctx, chromedp.Evaluate[string](firstFigureSrc, chromedp.EvalAwaitPromise))
			if err != nil || !strings.Contains(src, "-480w.") {
				t.Errorf("%s: the first figure loaded %q (%v), want its 480 px copy", pg.url, src, err)
			}
		}
		for _, v := range runAxe(t, ctx, axe, pg.url) {
			t.Errorf("%s at 390 px: axe %s (%s): %s\n    at %s", pg.url, v.ID, v.Impact, v.Help, strings.Join(v.Targets, "\n    at "))
		}
	}
}
