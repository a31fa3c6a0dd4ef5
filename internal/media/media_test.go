package media

import (
	"strings"
	"testing"
)

func TestHumanSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 800: "800 B", 1024: "1 KB", 1536: "1.5 KB", 35 * 1024: "35 KB",
		1258291: "1.2 MB", 20 << 20: "20 MB", 3 << 30: "3 GB"} {
		if got := HumanSize(n); got != want {
			t.Errorf("HumanSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestAttachmentKind(t *testing.T) {
	for name, want := range map[string]string{"a.pdf": "PDF", "B.DOCX": "Word", "c.doc": "Word", "d.xls": "Excel", "e.xlsx": "Excel",
		"f.ppt": "PowerPoint", "g.pptx": "PowerPoint", "h.wps": "WPS", "i.ofd": "OFD", "j.zip": "ZIP", "k.rar": "RAR", "l.7z": "7Z",
		"m.jpg": "", "n.html": "", "pdf": ""} {
		if got := AttachmentKind(name); got != want {
			t.Errorf("AttachmentKind(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestMarkup(t *testing.T) {
	photo := Image{Src: "/a/p.jpg", Alt: "县城 \"远景\"", Width: 1600, Height: 1200,
		Srcset: []Source{{"/a/p-480w.jpg", 480}, {"/a/p.jpg", 1600}}}
	tests := []struct {
		name string
		got  string
		want []string
		not  []string
	}{
		{"img", photo.IMG(), []string{`<img src="/a/p.jpg" alt="县城 &#34;远景&#34;" srcset="/a/p-480w.jpg 480w, /a/p.jpg 1600w" sizes="(max-width: 48rem) 100vw, 46rem" width="1600" height="1200" loading="lazy" decoding="async">`}, nil},
		{"img, display width", Image{Src: "/p.jpg", Width: 1600, Height: 1200, DisplayWidth: 400, Srcset: photo.Srcset}.IMG(),
			[]string{`sizes="(max-width: 400px) 100vw, 400px" width="400" height="300"`}, nil},
		{"img, one copy", Image{Src: "/p.jpg", Alt: "", Width: 300, Height: 200, Srcset: []Source{{"/p.jpg", 300}}}.IMG(),
			[]string{`alt=""`, `width="300" height="200"`}, []string{"srcset"}},
		{"figure", Figure(photo, "图注 <一>", ""), []string{`<figure class="figure"><img `, `<figcaption>图注 &lt;一&gt;</figcaption></figure>`}, []string{"<a "}},
		{"figure, linked, no caption", Figure(photo, "", "/big.jpg"), []string{`<figure class="figure"><a href="/big.jpg"><img `, `</a></figure>`}, []string{"figcaption"}},
		{"video", Video{Src: "/v/a.mp4", Poster: "/v/a.jpg", Captions: "/v/a.vtt", Width: 1280, Height: 720, Size: 3 << 20, Title: "开幕式"}.HTML(),
			[]string{`<video controls preload="metadata" playsinline poster="/v/a.jpg" width="1280" height="720" aria-label="开幕式">`,
				`<source src="/v/a.mp4" type="video/mp4">`, `<track kind="captions" src="/v/a.vtt" srclang="zh" label="中文字幕" default>`,
				`<figcaption>开幕式</figcaption>`, `<a href="/v/a.mp4" download>下载视频</a><span class="attachment-meta">（MP4，3 MB）</span>`},
			[]string{"autoplay", "<script", "//", "浏览器"}},
		{"video, no captions", Video{Src: "/a.mp4", Poster: "/a.jpg", Size: 10}.HTML(), []string{`<video controls`}, []string{"<track", "figcaption"}},
		{"list", List("", []Attachment{{"报告.pdf", "/a/%E6%8A%A5%E5%91%8A.pdf", "PDF", 2048}, {"表.xlsx", "/a/b.xlsx", "Excel", 10}}),
			[]string{`<div class="attachments"><p class="attachments-title">附件</p><ol>`,
				`<li><a href="/a/%E6%8A%A5%E5%91%8A.pdf" download>报告.pdf</a><span class="attachment-meta">（PDF，2 KB）</span></li>`,
				`<li><a href="/a/b.xlsx" download>表.xlsx</a><span class="attachment-meta">（Excel，10 B）</span></li></ol></div>`}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, w := range tc.want {
				if !strings.Contains(tc.got, w) {
					t.Errorf("missing %s in\n%s", w, tc.got)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(tc.got, n) {
					t.Errorf("unexpected %s in\n%s", n, tc.got)
				}
			}
		})
	}
}
