package markdown

import (
	"strings"
	"testing"

	"hengdong/internal/media"
)

// mediaResolver is testResolver that also knows published copies and sizes.
type mediaResolver struct{ testResolver }

var mediaFiles = map[string]string{
	"photo.jpg":    "/cur/photo.jpg",
	"small.jpg":    "/cur/small.jpg",
	"报告.pdf":       "/cur/%E6%8A%A5%E5%91%8A.pdf",
	"表.xlsx":       "/cur/%E8%A1%A8.xlsx",
	"/files/a.zip": "/files/a.zip",
}

func (mediaResolver) ResolveLink(dest string) (string, bool) {
	if u, ok := mediaFiles[dest]; ok {
		return u, true
	}
	return testResolver{}.ResolveLink(dest)
}

func (mediaResolver) ImageSize(dest string) (int, int, bool) {
	switch dest {
	case "/cur/photo.jpg":
		return 1600, 1200, true
	case "/cur/small.jpg":
		return 300, 200, true
	}
	return 0, 0, false
}

func (mediaResolver) ImageSources(dest string) []media.Source {
	if dest == "/cur/photo.jpg" {
		return []media.Source{{URL: "/cur/photo-480w.jpg", Width: 480}, {URL: "/cur/photo-800w.jpg", Width: 800}, {URL: "/cur/photo.jpg", Width: 1600}}
	}
	return nil
}

func (mediaResolver) FileSize(dest string) (int64, bool) {
	switch dest {
	case "/cur/%E6%8A%A5%E5%91%8A.pdf":
		return 1258291, true // 1.2 MB
	case "/cur/%E8%A1%A8.xlsx":
		return 35 * 1024, true
	case "/files/a.zip":
		return 800, true
	}
	return 0, false
}

func TestMarkdownMedia(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
		not       []string
	}{
		{"srcset and sizes", "![县城](photo.jpg)\n",
			[]string{`<p><img src="/cur/photo.jpg" alt="县城" loading="lazy" decoding="async" width="1600" height="1200" srcset="/cur/photo-480w.jpg 480w, /cur/photo-800w.jpg 800w, /cur/photo.jpg 1600w" sizes="(max-width: 48rem) 100vw, 46rem"></p>`},
			nil},
		{"no smaller copies: no srcset", "![小图](small.jpg)\n",
			[]string{`width="300" height="200"`}, []string{"srcset", "<figure"}},
		{"title alone in its paragraph: figure", "前文。\n\n![县城](photo.jpg \"衡东县城一角 & <远景>\")\n\n后文。\n",
			[]string{`<figure class="figure"><img src="/cur/photo.jpg" alt="县城" loading="lazy"`, `<figcaption>衡东县城一角 &amp; &lt;远景&gt;</figcaption></figure>`, `<p>前文。</p>`, `<p>后文。</p>`},
			[]string{`title=`, `<p><figure`}},
		{"title inside a sentence: no figure", "文字![县城](photo.jpg \"图注\")文字\n",
			[]string{`title="图注"`}, []string{"<figure", "figcaption"}},
		{"no title: no figure", "![县城](photo.jpg)\n", nil, []string{"<figure"}},
		{"attachment meta", "请下载[年度报告](报告.pdf)、[数据表](表.xlsx)和[材料](/files/a.zip)。\n",
			[]string{`<a href="/cur/%E6%8A%A5%E5%91%8A.pdf">年度报告</a><span class="attachment-meta">（PDF，1.2 MB）</span>`,
				`<a href="/cur/%E8%A1%A8.xlsx">数据表</a><span class="attachment-meta">（Excel，35 KB）</span>`,
				`<a href="/files/a.zip">材料</a><span class="attachment-meta">（ZIP，800 B）</span>`}, nil},
		{"page links get no meta", "[页面](x.md)\n", []string{`<a href="/cur/x/">页面</a>`}, []string{"attachment-meta"}},
		{"external attachments get no meta", "[外](https://example.com/a.pdf)\n", nil, []string{"attachment-meta"}},
	}
	r := New(Options{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := r.Render([]byte(tc.src), "a.md", 0, mediaResolver{})
			html := string(res.HTML)
			if len(res.Problems) > 0 {
				t.Errorf("problems: %v", res.Problems)
			}
			for _, w := range tc.want {
				if !strings.Contains(html, w) {
					t.Errorf("missing %s in\n%s", w, html)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(html, n) {
					t.Errorf("unexpected %s in\n%s", n, html)
				}
			}
		})
	}
}

func TestMissingAttachment(t *testing.T) {
	src := "第一行\n\n见[附件](缺失.docx)。\n"
	res := New(Options{}).Render([]byte(src), "content/a.md", 4, mediaResolver{})
	if len(res.Problems) != 1 {
		t.Fatalf("problems %v", res.Problems)
	}
	p := res.Problems[0]
	if p.Line != 7 || p.Col != 2 || !strings.Contains(p.Msg, "附件文件不存在：缺失.docx") || p.Rule != "link-asset" {
		t.Errorf("problem %s %q rule %q, want line 7 col 2 附件文件不存在", p.Pos(), p.Msg, p.Rule)
	}
}
