package config

import (
	"fmt"
	"strings"
	"testing"

	"hengdong/internal/diag"
)

func TestParse(t *testing.T) {
	c, err := Parse("site.toml", []byte(`title = "热力衡东"
baseURL = "https://www.hengdong.gov.cn/sub"
paginate = 5
[footer]
policeRecord = "湘公网安备43042402000123号"
conacBadge = "images/badges/conac.png"
conacID = "0A1B2C3D4E5F"
policeBadge = "images/badges/police.png"
[[menu]]
name = "新闻"
url = "/news/"
weight = 2
[[menu]]
name = "首页"
url = "/"
weight = 1
`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "热力衡东" || c.Paginate != 5 || c.LanguageCode != "zh-CN" {
		t.Errorf("got %+v", c)
	}
	if c.BaseURL != "https://www.hengdong.gov.cn/sub/" || c.BasePath() != "/sub/" || c.Domain() != "www.hengdong.gov.cn" {
		t.Errorf("base: %q %q %q", c.BaseURL, c.BasePath(), c.Domain())
	}
	if c.Menu[0].Name != "首页" {
		t.Errorf("menu not sorted by weight: %+v", c.Menu)
	}
	if got := c.Footer.PoliceRecordURL(); got != "https://beian.mps.gov.cn/#/query/webSearch?code=43042402000123" {
		t.Errorf("police url %q", got)
	}
	if f := c.Footer; f.ConacURL() != "https://bszs.conac.cn/sitename?method=show&id=0A1B2C3D4E5F" ||
		f.ConacBadge != "images/badges/conac.png" || f.PoliceBadge != "images/badges/police.png" {
		t.Errorf("badges %+v, conac url %q", f, f.ConacURL())
	}
}

func TestImages(t *testing.T) {
	tests := []struct {
		src  string
		want Images
	}{
		{"", Images{MaxWidth: 1600, Quality: 82, Widths: []int{480, 800, 1200}}},
		{"[images]\nmaxWidth = 1200\nquality = 70\nwidths = [800, 400]\n", Images{MaxWidth: 1200, Quality: 70, Widths: []int{400, 800}}},
		{"[images]\nquality = 90\n", Images{MaxWidth: 1600, Quality: 90, Widths: []int{480, 800, 1200}}},
	}
	for _, tt := range tests {
		c, err := Parse("site.toml", []byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(c.Images) != fmt.Sprint(tt.want) {
			t.Errorf("%q: images %+v, want %+v", tt.src, c.Images, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		want      string
	}{
		{"unknown key", "title = \"x\"\ntitel = \"y\"\n", 2, 1, "不认识的设置项"},
		{"unknown nested key", "[footer]\nsponser = \"x\"\n", 2, 1, "footer.sponser"},
		{"wrong type", "title = \"x\"\npaginate = \"ten\"\n", 2, 0, "类型不对"},
		{"syntax", "title = \"x\n", 1, 0, "格式有误"},
		{"bad baseURL", "baseURL = \"www.x.cn\"\n", 1, 1, "baseURL"},
		{"bad permalink token", "[permalinks]\nnews = \"/news/:yr/\"\n", 2, 1, ":yr"},
		{"zero paginate", "paginate = 0\n", 1, 1, "paginate"},
		{"bad size", "[limits]\nmaxFileSize = \"4 bananas\"\n", 2, 0, "4 bananas"},
		{"zero nesting", "[limits]\nmaxNesting = 0\n", 2, 1, "maxNesting"},
		{"unknown limit", "[limits]\nmaxDepth = 3\n", 2, 1, "limits.maxDepth"},
		{"gbk", "title = \"\xba\xe2\xb6\xab\"\n", 1, 10, "GBK/GB18030"},
		{"utf-16", "\xff\xfet\x00=\x00", 1, 1, "UTF-16LE"},
		{"images quality", "[images]\nmaxWidth = 1600\nquality = 0\n", 3, 1, "images.quality"},
		{"images maxWidth", "[images]\nmaxWidth = 20\n", 2, 1, "images.maxWidth"},
		{"images widths", "[images]\nwidths = [480, 0]\n", 2, 1, "images.widths"},
		{"images unknown key", "[images]\nmaxW = 1200\n", 2, 1, "images.maxW"},
		{"precompress format", "title = \"x\"\nprecompress = [\"gzip\", \"zstd\"]\n", 2, 1, `不认识的压缩格式 "zstd"`},
		{"precompress brotli", "precompress = [\"brotli\"]\n", 1, 1, `是不是 "br"？`},
		{"precompress gz", "precompress = [\"gz\"]\n", 1, 1, `是不是 "gzip"？`},
		{"precompress case", "precompress = [\"GZIP\"]\n", 1, 1, `是不是 "gzip"？`},
		{"precompress not a list", "precompress = true\n", 1, 0, `precompress = []`},
		{"precompress in a table", "[urls]\npinyin = true\nprecompress = [\"br\"]\n", 3, 1, "precompress 是顶层设置"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("site.toml", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			l := diag.Collect(err)
			e := l[0]
			if e.File != "site.toml" || e.Line != tt.line || (tt.col != 0 && e.Col != tt.col) {
				t.Errorf("position %s, want line %d col %d: %v", e.Pos(), tt.line, tt.col, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
		})
	}
}

func TestPrecompress(t *testing.T) {
	tests := []struct {
		src      string
		want     []string
		gzip, br bool
	}{
		{"", []string{"gzip"}, true, false},
		{"precompress = [\"gzip\"]\n", []string{"gzip"}, true, false},
		{"precompress = [\"gzip\", \"br\"]\n", []string{"gzip", "br"}, true, true},
		{"precompress = [\"br\", \"gzip\", \"br\"]\n", []string{"br", "gzip"}, true, true},
		{"precompress = [\"br\"]\n", []string{"br"}, false, true},
		{"precompress = []\n", nil, false, false},
	}
	for _, tt := range tests {
		c, err := Parse("site.toml", []byte(tt.src))
		if err != nil {
			t.Fatalf("%q: %v", tt.src, err)
		}
		if fmt.Sprint(c.Precompress) != fmt.Sprint(tt.want) || c.Precompresses(Gzip) != tt.gzip || c.Precompresses(Brotli) != tt.br {
			t.Errorf("%q: precompress %q (gzip %v, br %v), want %q", tt.src, c.Precompress,
				c.Precompresses(Gzip), c.Precompresses(Brotli), tt.want)
		}
	}
}

func TestLimits(t *testing.T) {
	tests := []struct {
		src     string
		size    ByteSize
		nesting int
		str     string
	}{
		{"", DefaultMaxFileSize, DefaultMaxNesting, "4MB"},
		{"[limits]\nmaxFileSize = \"8MB\"\nmaxNesting = 20\n", 8 << 20, 20, "8MB"},
		{"[limits]\nmaxFileSize = \"512 KB\"\n", 512 << 10, DefaultMaxNesting, "512KB"},
		{"[limits]\nmaxFileSize = 1000\n", 1000, DefaultMaxNesting, "1000"},
		{"\xef\xbb\xbf[limits]\nmaxFileSize = \"1MiB\"\n", 1 << 20, DefaultMaxNesting, "1MB"},
	}
	for _, tt := range tests {
		c, err := Parse("site.toml", []byte(tt.src))
		if err != nil {
			t.Fatalf("%q: %v", tt.src, err)
		}
		if c.Limits.MaxFileSize != tt.size || c.Limits.MaxNesting != tt.nesting || c.Limits.MaxFileSize.String() != tt.str {
			t.Errorf("%q: got %+v (%s)", tt.src, c.Limits, c.Limits.MaxFileSize)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("title = \"x\"\n[footer]\nicp = \"湘ICP备1号\"\n"))
	f.Add([]byte("[[menu]]\nname=1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("site.toml", data)
		if err == nil && (c == nil || c.Paginate <= 0 || !strings.HasSuffix(c.BaseURL, "/")) {
			t.Fatalf("accepted config is not normalized: %+v", c)
		}
		if err != nil && err.Error() == "" {
			t.Fatal("empty error")
		}
	})
}

func TestCheckSize(t *testing.T) {
	l := Limits{MaxFileSize: 8}
	if err := l.CheckSize("seeds/a.yaml", []byte("12345678")); err != nil {
		t.Errorf("file at the limit refused: %v", err)
	}
	err := l.CheckSize("seeds/a.yaml", []byte("1234\n衡东县"))
	if err == nil || err.Pos() != "seeds/a.yaml:2:2" || !strings.Contains(err.Error(), "maxFileSize = 8") {
		t.Errorf("got %v", err)
	}
}
