package content

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"hengdong/internal/config"
	"hengdong/internal/diag"
)

func gbk(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestJSONFrontMatter(t *testing.T) {
	src := "{\n  \"title\": \"印章大会\",\n  \"date\": \"2025-02-07\",\n  \"tags\": [\"印章\", \"文旅\"],\n" +
		"  \"weight\": 3,\n  \"draft\": true,\n  \"cover\": {\"src\": \"a.svg\", \"alt\": \"图\"},\n  \"ratio\": 1.5\n}\n正文\n"
	fm, body, bodyLine, err := parse(t, src)
	if err != nil {
		t.Fatal(err)
	}
	if fm.Title != "印章大会" || fm.Weight != 3 || !fm.Draft || fm.Cover.Alt != "图" || fm.Params["ratio"] != 1.5 ||
		strings.Join(fm.Tags, ",") != "印章,文旅" || fm.Date.Format(time.RFC3339) != "2025-02-07T00:00:00+08:00" {
		t.Errorf("%+v", fm)
	}
	if string(body) != "正文\n" || bodyLine != 9 {
		t.Errorf("body %q line %d", body, bodyLine)
	}
	for _, s := range []string{"{{< indicator \"gdp-2024\" >}}\n", "{not json}\n"} {
		format, _, _, body, _, err := SplitFrontMatter([]byte(s))
		if format != "" || err != nil || string(body) != s {
			t.Errorf("%q read as front matter %q: %v", s, format, err)
		}
	}
	if fm, body, _, err := parse(t, "{}"); err != nil || len(body) != 0 || fm.Title != "" {
		t.Errorf("empty object: %+v %q %v", fm, body, err)
	}
}

func TestJSONFrontMatterErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		want      string
	}{
		{"trailing comma", "{\n  \"title\": \"x\",\n}\n", 3, 1, "JSON"},
		{"single quotes", "{\n  \"title\": 'x'\n}\n", 2, 12, "JSON"},
		{"unclosed", "{\n  \"title\": \"x\"\n正文\n", 3, 1, "JSON"},
		{"never closed", "{\n  \"title\": \"x\"", 2, 15, "a } or ] is missing"},
		{"text after brace", "{\"title\": \"x\"} 正文\n", 1, 16, "右花括号"},
		{"duplicate key", "{\n  \"title\": \"a\",\n  \"Title\": \"b\"\n}\n", 3, 3, "写了两次"},
		{"bad date", "{\n  \"date\": 20250207\n}\n", 2, 11, "date 应当是日期"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := parse(t, tt.src)
			if err == nil {
				t.Fatal("no error")
			}
			e := diag.Collect(err)[0]
			if e.Line != tt.line || e.Col != tt.col || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %d:%d %v, want %d:%d with %q", e.Line, e.Col, err, tt.line, tt.col, tt.want)
			}
		})
	}
}

func TestTermLists(t *testing.T) {
	tests := []struct {
		src        string
		tags, cats []string
		aliases    []string
	}{
		{"tags: 印章，文旅\ncategories: 新闻", []string{"印章", "文旅"}, []string{"新闻"}, nil},
		{"tags: 印章、文旅, 非遗；土菜", []string{"印章", "文旅", "非遗", "土菜"}, nil, nil},
		{"tags: [印章，文旅, 印章]\ncategories: [新闻、通知]", []string{"印章", "文旅"}, []string{"新闻", "通知"}, nil},
		{"tags: 印章\naliases: /a,b/", []string{"印章"}, nil, []string{"/a,b/"}},
	}
	for _, tt := range tests {
		fm, _, _, err := parse(t, "---\n"+tt.src+"\n---\n")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(fm.Tags, tt.tags) || !slices.Equal(fm.Categories, tt.cats) || !slices.Equal(fm.Aliases, tt.aliases) {
			t.Errorf("%q: tags %q categories %q aliases %q", tt.src, fm.Tags, fm.Categories, fm.Aliases)
		}
	}
	// A custom taxonomy written as one string is split too.
	cfg := config.Default()
	cfg.Taxonomies["series"] = "series"
	tr := load(t, cfg, Options{Now: now}, files("content/a.md", "---\ntitle: 甲\nseries: 一，二\n---\n"))
	var terms []string
	for _, p := range tr.All {
		if p.Kind == KindTerm {
			terms = append(terms, p.Term)
		}
	}
	slices.Sort(terms)
	if !slices.Equal(terms, []string{"一", "二"}) {
		t.Errorf("series terms %q", terms)
	}
}

func TestUnknownKeyWarnings(t *testing.T) {
	cfg := config.Default()
	cfg.Taxonomies["series"] = "series"
	tr, err := Load(cfg, files(
		"content/a.md", "---\ntitle: 甲\nsoruce: 衡阳日报\ndescripton: 说明\nseries: 一\nslogan: 口号\nzzz: 1\nparams: {hero: h.svg}\n---\n",
		"content/b.json.md", "{\n  \"titel\": \"乙\"\n}\n",
	), Options{Now: now, KnownParams: map[string]bool{"slogan": true}})
	if err != nil {
		t.Fatalf("unknown keys must not fail the load: %v", err)
	}
	var got []string
	for _, w := range tr.Warnings {
		got = append(got, w.Error())
	}
	want := []string{
		"content/a.md:3:1: 前言中有不认识的项 “soruce”，它不会起作用；是不是要写 source？ (unknown front matter key \"soruce\" (did you mean \"source\"?))",
		"content/a.md:4:1: 前言中有不认识的项 “descripton”，它不会起作用；是不是要写 description？ (unknown front matter key \"descripton\" (did you mean \"description\"?))",
		"content/a.md:7:1: 前言中有不认识的项 “zzz”，它不会起作用；请检查拼写；模板要用的自定义参数请写在 params: 下 (unknown front matter key \"zzz\")",
		"content/b.json.md:2:3: 前言中有不认识的项 “titel”，它不会起作用；是不是要写 title？ (unknown front matter key \"titel\" (did you mean \"title\"?))",
	}
	if !slices.Equal(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, p := range tr.All {
		if p.File == "content/a.md" && (p.Params["hero"] != "h.svg" || p.Params["soruce"] != "衡阳日报") {
			t.Errorf("params %v", p.Params)
		}
	}
	layouts := map[string][]byte{"layouts/a.html": []byte(`{{ .Params.Slogan }} {{ with .Params.hero }}{{ .Param "banner" }}{{ index $.Params "ribbon" }}`)}
	if got := ParamsUsed(layouts); !got["slogan"] || !got["hero"] || !got["banner"] || !got["ribbon"] || len(got) != 4 {
		t.Errorf("ParamsUsed = %v", got)
	}
}

// aliasBomb is nine levels of nine YAML aliases: 350 bytes, 9^9 values expanded.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	for i := 'b'; i <= 'i'; i++ {
		p := string(i - 1)
		fmt.Fprintf(&b, "%c: &%c [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", i, i, p, p, p, p, p, p, p, p, p)
	}
	return b.String()
}

func TestHostileInput(t *testing.T) {
	small := config.Default()
	small.Limits.MaxFileSize = 64
	tests := []struct {
		name, data string
		cfg        *config.Config
		pos, want  string
	}{
		{"gbk body", "---\ntitle: 甲\n---\n\n" + gbk(t, "衡东县印章文化"), config.Default(), "content/x.md:5:1", "GBK/GB18030"},
		{"gbk front matter", gbk(t, "---\ntitle: 衡东\n---\n"), config.Default(), "content/x.md:2:8", "GBK/GB18030"},
		{"utf-16", "\xff\xfe-\x00-\x00-\x00\n\x00", config.Default(), "content/x.md:1:1", "UTF-16LE"},
		{"too large", "---\ntitle: 甲\n---\n" + strings.Repeat("衡东县。", 10), small, "content/x.md:4:16", "maxFileSize = 64"},
		{"front matter alias bomb", "---\n" + aliasBomb() + "---\n", config.Default(), "content/x.md:", "别名"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := Load(tt.cfg, files("content/x.md", tt.data), Options{Now: now})
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			l := diag.Collect(err)
			if len(l) != 1 || !strings.HasPrefix(l[0].Pos(), tt.pos) || !strings.Contains(l[0].Error(), tt.want) {
				t.Errorf("got %v, want one error at %s with %q", err, tt.pos, tt.want)
			}
		})
	}
	if _, err := Load(config.Default(), files("content/x.md", "\ufeff---\ntitle: 甲\n---\n正文\n"), Options{Now: now}); err != nil {
		t.Errorf("UTF-8 with a BOM refused: %v", err)
	}
}

// FuzzParsePage runs a whole content file through the guards and parsers.
func FuzzParsePage(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: 甲\ntags: 印章，文旅\n---\n正文\n", "{\n\"title\": \"乙\"\n}\n正文", "+++\ntitle = \"丙\"\n+++\n",
		"---\n" + aliasBomb() + "---\n", "\xff\xfe-\x00", "---\ntitle: \xba\xe2\xb6\xab\n---\n", "{\"a\": " + strings.Repeat("[", 20000),
	} {
		f.Add([]byte(s))
	}
	lim := config.Limits{MaxFileSize: 1 << 20, MaxNesting: 100}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := parsePage(SourceFile{Path: "content/x.md", Data: data}, lim)
		if err != nil {
			for _, e := range diag.Collect(err) {
				if e.File != "content/x.md" || e.Msg == "" || e.Line < 0 {
					t.Fatalf("bad error %+v", e)
				}
			}
			return
		}
		for _, s := range append([]string{p.Title, p.Source}, p.Tags...) {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 accepted: %q", s)
			}
		}
	})
}

// TestLimitsWithCache: a page parsed under generous limits is refused once
// site.toml lowers them, although its bytes are in the serve cache.
func TestLimitsWithCache(t *testing.T) {
	cache := NewParseCache()
	fs := files("content/a.md", "---\ntitle: 甲\n---\n"+strings.Repeat("正文。", 20))
	if _, err := Load(config.Default(), fs, Options{Now: now, Cache: cache}); err != nil {
		t.Fatal(err)
	}
	small := config.Default()
	small.Limits.MaxFileSize = 32
	if _, err := Load(small, fs, Options{Now: now, Cache: cache}); err == nil || !strings.Contains(err.Error(), "maxFileSize = 32") {
		t.Errorf("cached page not refused: %v", err)
	}
}
