package build

import (
	"bytes"
	"encoding/json"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"hengdong/internal/build/buildtest"
	"hengdong/internal/output"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGeneratedFilesGolden: the portal's feeds, sitemap.xml, robots.txt and
// redirect pages, unminified, are the bytes of testdata/generated.golden,
// which the generator wrote before they became theme templates.
func TestGeneratedFilesGolden(t *testing.T) {
	res, err := Render(readPortal(t), Options{Now: portalNow, NoMinify: true})
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	for _, p := range slices.Sorted(maps.Keys(res.Files)) {
		_, alias := res.Tree.Aliases[p]
		if strings.HasSuffix(p, ".xml") || p == "/robots.txt" || alias {
			got.WriteString("=== " + p + "\n")
			got.Write(res.Files[p])
			got.WriteString("\n")
		}
	}
	golden := filepath.Join("testdata", "generated.golden")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		g, w := strings.Split(got.String(), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(g), len(w)) {
			if g[i] != w[i] {
				t.Fatalf("generated files differ from %s at line %d:\ngot  %q\nwant %q", golden, i+1, g[i], w[i])
			}
		}
		t.Fatalf("generated files differ from %s: %d lines, want %d", golden, len(g), len(w))
	}
}

// renderSite renders the generated test site with files added (site.toml
// entries are appended to its own), unminified.
func renderSite(t *testing.T, files map[string]string) (*Result, error) {
	t.Helper()
	root := t.TempDir()
	if err := buildtest.Write(root, 6); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if name == "site.toml" {
			old, err := os.ReadFile(filepath.Join(root, name))
			if err != nil {
				t.Fatal(err)
			}
			text = string(old) + text
		}
		buildtest.WriteFile(t, root, name, text)
	}
	in, err := ReadInputs(root, os.DirFS(buildtest.RepoRoot()))
	if err != nil {
		t.Fatal(err)
	}
	return Render(in, Options{Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), NoMinify: true})
}

// TestLinksToPlannedFiles: a Markdown link to a file the build itself writes
// (a feed, sitemap.xml, robots.txt, a JSON feed asked for in [outputs]) is
// valid, in the build and in check; one to a feed nobody asked for is not.
func TestLinksToPlannedFiles(t *testing.T) {
	page := func(link string) string {
		return "---\ntitle: 订阅\ndate: 2024-01-02\n---\n\n[链接](" + link + ")\n"
	}
	tests := []struct {
		link, toml string
		broken     bool
	}{
		{link: "/news/index.xml"},
		{link: "/index.xml"},
		{link: "/sitemap.xml"},
		{link: "/robots.txt"},
		{link: "/index.json", toml: "[outputs]\nhome = [\"html\", \"rss\", \"json\"]\n"},
		{link: "/news/index.json", broken: true},
		{link: "/news/index.xml", toml: "[outputs]\nsection = [\"html\"]\n", broken: true},
	}
	for _, tt := range tests {
		t.Run(tt.link+" "+tt.toml, func(t *testing.T) {
			files := map[string]string{"content/news/dingyue.md": page(tt.link)}
			if tt.toml != "" {
				files["site.toml"] = tt.toml
			}
			res, err := renderSite(t, files)
			if tt.broken {
				if err == nil || !strings.Contains(err.Error(), "content/news/dingyue.md:6:1: 链接指向的页面不存在："+tt.link) {
					t.Fatalf("want a broken link, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(res.Files["/news/dingyue/"]), `href="`+tt.link+`"`) {
				t.Errorf("the page lacks the link to %s", tt.link)
			}
			if _, ok := res.Files[tt.link]; !ok {
				t.Errorf("%s is not written", tt.link)
			}
			if !res.Planned[tt.link] {
				t.Errorf("%s is not in the plan", tt.link)
			}
		})
	}
}

// TestSiteOverridesGeneratedTemplates: a site's own layouts/robots.txt,
// layouts/_default/rss.xml, layouts/sitemap.xml and layouts/alias.html
// replace the theme's, each on its own.
func TestSiteOverridesGeneratedTemplates(t *testing.T) {
	tests := []struct {
		layout, text, path, want string
	}{
		{"layouts/robots.txt", "User-agent: *\nDisallow: /drafts/\nSitemap: {{ .Site.BaseURL }}sitemap.xml\n", "/robots.txt",
			"User-agent: *\nDisallow: /drafts/\nSitemap: https://example.gov.cn/sitemap.xml\n"},
		{"layouts/_default/rss.xml", `<rss><channel><title>{{ xmlEscape .Title }} & more</title>{{ range .RegularPages }}<item/>{{ end }}</channel></rss>`, "/news/index.xml",
			"<rss><channel><title>新闻 & more</title><item/>"},
		{"layouts/sitemap.xml", `<urlset>{{ len .Pages }}</urlset>`, "/sitemap.xml", "<urlset>"},
		{"layouts/alias.html", `<p>见 <a href="{{ .RelPermalink }}">{{ .Title }}</a></p>`, "/old/", `<p>见 <a href="/news/moved/">搬走的页</a></p>`},
	}
	for _, tt := range tests {
		t.Run(tt.layout, func(t *testing.T) {
			res, err := renderSite(t, map[string]string{tt.layout: tt.text,
				"content/news/moved.md": "---\ntitle: 搬走的页\ndate: 2024-01-02\naliases: [/old/]\n---\n\n正文。\n"})
			if err != nil {
				t.Fatal(err)
			}
			got := string(res.Files[tt.path])
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("%s = %q, want it to start with %q", tt.path, got, tt.want)
			}
			// The other generated files keep the theme's templates.
			if tt.path != "/robots.txt" && !strings.HasPrefix(string(res.Files["/robots.txt"]), "User-agent: *\nAllow: /\n") {
				t.Errorf("robots.txt is not the theme's: %q", res.Files["/robots.txt"])
			}
		})
	}
}

// jsonFeed is what TestOutputsJSONFeed reads of a JSON Feed 1.1.
type jsonFeed struct {
	Version     string `json:"version"`
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url"`
	FeedURL     string `json:"feed_url"`
	Items       []struct {
		ID            string `json:"id"`
		URL           string `json:"url"`
		Title         string `json:"title"`
		ContentHTML   string `json:"content_html"`
		DatePublished string `json:"date_published"`
	} `json:"items"`
}

// TestOutputsJSONFeed: `outputs` in site.toml or front matter adds a JSON
// Feed (https://jsonfeed.org/version/1.1) beside a list's HTML, minified or
// not; an unknown format is an error where it is written.
func TestOutputsJSONFeed(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		feed  string // the JSON feed's path
		title string
		none  []string // paths that must not be written
		err   string
	}{
		{name: "home in site.toml", files: map[string]string{"site.toml": "[outputs]\nhome = [\"html\", \"rss\", \"json\"]\n"},
			feed: "/index.json", title: "测试站点", none: []string{"/news/index.json"}},
		{name: "section in front matter", files: map[string]string{"content/news/_index.md": "---\ntitle: 新闻\noutputs: [html, json]\n---\n\n新闻。\n"},
			feed: "/news/index.json", title: "新闻 - 测试站点", none: []string{"/news/index.xml", "/index.json"}},
		{name: "unknown format in front matter", files: map[string]string{"content/news/_index.md": "---\ntitle: 新闻\noutputs: [html, atom]\n---\n"},
			err: `content/news/_index.md:3:17: 未知的输出格式 "atom"`},
		{name: "unknown format in site.toml", files: map[string]string{"site.toml": "[outputs]\nsection = [\"amp\"]\n"},
			err: `site.toml:19:13: 未知的输出格式 "amp"`},
		{name: "unknown kind in site.toml", files: map[string]string{"site.toml": "[outputs]\nhme = [\"json\"]\n"},
			err: `site.toml:19:1: [outputs] 中未知的页面类型 "hme"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := renderSite(t, tt.files)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range tt.none {
				if _, ok := res.Files[p]; ok {
					t.Errorf("%s is written", p)
				}
			}
			for _, minify := range []bool{false, true} {
				data := res.Files[tt.feed]
				if minify {
					var err error
					if data, err = output.NewMinifier().Minify(tt.feed, data); err != nil {
						t.Fatal(err)
					}
				}
				var f jsonFeed
				if err := json.Unmarshal(data, &f); err != nil {
					t.Fatalf("%s (minified %v) is not JSON: %v\n%s", tt.feed, minify, err, data)
				}
				if f.Version != "https://jsonfeed.org/version/1.1" || f.Title != tt.title ||
					f.FeedURL != "https://example.gov.cn"+tt.feed || f.HomePageURL != "https://example.gov.cn"+strings.TrimSuffix(tt.feed, "index.json") {
					t.Errorf("feed %+v", f)
				}
				if len(f.Items) == 0 {
					t.Fatal("no items")
				}
				for _, it := range f.Items {
					if it.ID == "" || it.URL != it.ID || it.Title == "" || !strings.Contains(it.ContentHTML, "<p>") {
						t.Errorf("item %+v", it)
					}
					if _, err := time.Parse(time.RFC3339, it.DatePublished); err != nil {
						t.Errorf("item %s: date_published %v", it.ID, err)
					}
				}
			}
		})
	}
}

// TestPageOutputNotMinifiedIsItsOwn: a page whose url has an extension the
// minifier leaves alone (.txt) keeps its own bytes. It used to come back as
// the pooled render buffer itself, which the next page overwrote.
func TestPageOutputNotMinifiedIsItsOwn(t *testing.T) {
	root := t.TempDir()
	if err := buildtest.Write(root, 6); err != nil {
		t.Fatal(err)
	}
	buildtest.WriteFile(t, root, "content/notes.md", "---\ntitle: 备忘\nurl: /notes.txt\n---\n\n备忘正文。\n")
	in, err := ReadInputs(root, os.DirFS(buildtest.RepoRoot()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Render(in, Options{Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	got := string(res.Files["/notes.txt"])
	if !strings.Contains(got, "<title>备忘") || !strings.Contains(got, "备忘正文。") {
		t.Errorf("/notes.txt holds another page: %.200q", got)
	}
}
