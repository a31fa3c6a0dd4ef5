package check

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"strings"
	"testing"
)

// grey is a plain grey PNG of w×h pixels: the tests' stand-in for the badge
// images, which are issued to a site and never drawn here.
func grey(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// badgeFooter is fixtureFooter with the two badges; in footerConfig its
// [footer] is line 4, conacBadge line 10, conacID 11, policeBadge 12.
const badgeFooter = fixtureFooter + `conacBadge = "images/badges/conac.png"
conacID = "0A1B2C3D4E5F60718293A4B5C6D7E8F9"
policeBadge = "images/badges/police.png"
`

func TestFooterBadges(t *testing.T) {
	const head = `{{- $f := .Site.Footer -}}<footer><p>主办单位：{{ $f.Sponsor }}</p><p>联系方式：{{ $f.Contact }}</p><p>网站标识码：{{ $f.SiteCode }}</p>
<p><a href="https://beian.miit.gov.cn/">{{ $f.ICP }}</a></p>
<p><a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={{ $f.SiteCode }}&amp;url={{ .Permalink }}">我为政府网站找错</a></p>
`
	const police = `<p><a href="https://beian.mps.gov.cn/#/query/webSearch?code={{ $f.PoliceCode }}"><img src="{{ relURL $f.PoliceBadge }}" alt="公安备案" width="20" height="20">{{ $f.PoliceRecord }}</a></p>
`
	const conac = `<p><a href="{{ $f.ConacURL }}"><img src="{{ relURL $f.ConacBadge }}" alt="党政机关" width="55" height="67"></a></p>
`
	const svg = `<?xml version="1.0" encoding="UTF-8"?>
<!-- 测试用的灰色方块 -->
<svg xmlns="http://www.w3.org/2000/svg" width="55" height="67"><rect width="55" height="67" fill="#808080"/></svg>
`
	files := func() map[string]string {
		return map[string]string{
			"static/images/badges/conac.png":  grey(t, 55, 67),
			"static/images/badges/police.png": grey(t, 20, 20),
			"site.toml":                       footerConfig(badgeFooter),
		}
	}
	tests := []struct {
		name       string
		from, to   string            // replaced in site.toml
		layouts    map[string]string // added to the fixture
		production bool
		want       []string // "rule@place level"
	}{
		{name: "clean", production: true},
		{name: "clean, the theme's footer shape", layouts: map[string]string{"layouts/partials/footer.html": head + police + conac + "</footer>"}, production: true},
		{name: "SVG badge", from: "conac.png", to: "conac.svg", layouts: map[string]string{"static/images/badges/conac.svg": svg}, production: true},
		{name: "setting missing", from: "conacBadge = \"images/badges/conac.png\"\n", to: "", production: true,
			want: []string{"footer-badge@site.toml:4:1 error"}},
		{name: "setting missing, not production", from: "conacBadge = \"images/badges/conac.png\"\n", to: "", production: false},
		{name: "setting commented out", from: "policeBadge =", to: "# policeBadge =", production: true,
			want: []string{"footer-badge@site.toml:12:1 error"}},
		{name: "file missing", from: "conac.png", to: "biaoshi.png",
			want: []string{"footer-badge@site.toml:10:14 warning"}},
		{name: "file missing, production", from: "conac.png", to: "biaoshi.png", production: true,
			want: []string{"footer-badge@site.toml:10:14 error"}},
		{name: "not an image", layouts: map[string]string{"static/images/badges/police.png": "<html>公安备案</html>"},
			want: []string{"footer-badge@site.toml:12:15 warning"}},
		{name: "third-party image", from: "images/badges/conac.png", to: "https://dcs.conac.cn/image/red.png",
			want: []string{"footer-badge@site.toml:10:14 warning"}},
		{name: "lookup id left as in the shipped comment", from: "0A1B2C3D4E5F60718293A4B5C6D7E8F9", to: "…",
			want: []string{"footer-badge@site.toml:11:11 warning"}},
		{name: "no lookup id", from: "conacID = \"0A1B2C3D4E5F60718293A4B5C6D7E8F9\"\n", to: "",
			want: []string{"footer-badge@site.toml:4:1 warning"}},
		{name: "footer template drops the 标识", layouts: map[string]string{"layouts/partials/footer.html": head + police + "</footer>"},
			want: []string{"footer-badge@layouts/partials/footer.html:1:27 warning"}},
		{name: "footer template drops the 公安 icon", layouts: map[string]string{"layouts/partials/footer.html": head + strings.Replace(police, `<img src="{{ relURL $f.PoliceBadge }}" alt="公安备案" width="20" height="20">`, "", 1) + conac + "</footer>"},
			production: true, want: []string{"footer-badge@layouts/partials/footer.html:4:4 error"}},
		{name: "公安 icon after the number", layouts: map[string]string{"layouts/partials/footer.html": head + `<p><a href="https://beian.mps.gov.cn/#/query/webSearch?code={{ $f.PoliceCode }}">{{ $f.PoliceRecord }}<img src="{{ relURL $f.PoliceBadge }}" alt="公安备案" width="20" height="20"></a></p>
` + conac + "</footer>"},
			want: []string{"footer-badge@layouts/partials/footer.html:4:4 warning"}},
		{name: "标识 not linked", layouts: map[string]string{"layouts/partials/footer.html": head + police + `<p><img src="{{ relURL $f.ConacBadge }}" alt="党政机关" width="55" height="67"></p>
</footer>`},
			want: []string{"footer-badge@layouts/partials/footer.html:5:4 warning"}},
		{name: "标识 linked to another site's id", layouts: map[string]string{"layouts/partials/footer.html": head + police + strings.Replace(conac, "{{ $f.ConacURL }}", "https://bszs.conac.cn/sitename?method=show&amp;id=FFFF", 1) + "</footer>"},
			want: []string{"footer-badge@layouts/partials/footer.html:5:4 warning"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := files()
			if tt.from != "" {
				if !strings.Contains(fs["site.toml"], tt.from) {
					t.Fatalf("site.toml has no %q", tt.from)
				}
				fs["site.toml"] = strings.Replace(fs["site.toml"], tt.from, tt.to, 1)
			}
			for k, v := range tt.layouts {
				fs[k] = v
			}
			in, res := renderWith(t, map[string]string{"content/news/a.md": article("正文。"), "content/news/b.md": article("另一篇。")}, fs)
			var got []string
			for _, f := range Run(context.Background(), in, res, Options{Now: fixtureNow, Production: tt.production}) {
				if f.Rule != RuleFooterBadge {
					continue
				}
				got = append(got, fmt.Sprintf("%s@%s:%d:%d %s", f.Rule, f.File, f.Line, f.Col, f.Level))
				if f.Msg == "" || f.Fix == "" || f.Detail == "" {
					t.Errorf("finding lacks message, fix or detail: %s", f)
				}
				t.Log(f)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestImageKind(t *testing.T) {
	for _, tt := range []struct{ data, want string }{
		{"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "gif"},
		{"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "jpeg"},
		{"\xef\xbb\xbf<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "svg"},
		{"<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">\n<svg>", "svg"},
		{"<svgx>", ""},
		{"<html><svg></svg></html>", ""},
		{"党政机关", ""},
		{"", ""},
	} {
		if got := imageKind([]byte(tt.data)); got != tt.want {
			t.Errorf("imageKind(%q) = %q, want %q", tt.data, got, tt.want)
		}
	}
}

// TestBadgesReused: a check reusing the outputs of one made without
// --production reports the footer's missing badge as an error with it, and
// as a warning again without.
func TestBadgesReused(t *testing.T) {
	in, res := renderSite(t, "testdata/faults", fixtureNow)
	level := func(fs []Finding) Level {
		for _, f := range fs {
			if f.Rule == RuleFooterBadge {
				return f.Level
			}
		}
		return ""
	}
	var last *Cache
	for _, production := range []bool{false, true, false} {
		fs, next := RunReusing(context.Background(), in, res, Options{Now: fixtureNow, Production: production}, last)
		if got, want := level(fs), badgeLevel(production); got != want {
			t.Errorf("production %v after a reused check: footer-badge %q, want %q", production, got, want)
		}
		last = next
	}
}
