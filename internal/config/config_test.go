package config

import (
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
