package main

import (
	"bytes"
	"encoding/xml"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"hengdong/internal/cli"
	"hengdong/internal/output"
)

// buildPortal builds the portal that ships in this repository with the real
// command line and returns the output folder.
func buildPortal(t *testing.T, extra ...string) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	var out, errb bytes.Buffer
	args := append([]string{"build", "-s", ".", "-d", dest}, extra...)
	code := cli.Run(args, cli.Env{Theme: theme, Stdout: &out, Stderr: &errb,
		Now: func() time.Time { return time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC) }})
	if code != 0 {
		t.Fatalf("build exited %d:\n%s%s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "个页面") {
		t.Errorf("no summary line: %q", out.String())
	}
	return dest
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatalf("missing output %s: %v", name, err)
	}
	return string(b)
}

func TestBuildShippedPortal(t *testing.T) {
	dir := buildPortal(t)

	home := read(t, dir, "index.html")
	for _, want := range []string{`<html lang="zh-CN">`, `<main id="main"`, `name="SiteIDCode"`, "湘ICP备", "https://beian.miit.gov.cn/",
		`href="/news/"`} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	// Minified: no indentation runs, no HTML comments.
	if regexp.MustCompile(`>\n\s+<`).MatchString(home) || strings.Contains(home, "<!--") {
		t.Error("home page is not minified")
	}

	// The conference page: a bundle with its image, a figure from seeds, Chinese dates.
	conf := read(t, dir, "chanye/yinzhang-dahui/index.html")
	for _, want := range []string{"印章产业与文旅融合发展大会", `loading="lazy"`, "年", "来源"} {
		if !strings.Contains(conf, want) {
			t.Errorf("conference page lacks %q", want)
		}
	}
	read(t, dir, "chanye/yinzhang-dahui/cover.svg")
	// A local image in the Markdown gets lazy loading and its real size.
	if !regexp.MustCompile(`<img src="/chanye/yinzhang-dahui/ronghe\.svg"[^>]*loading="lazy"[^>]*width="360" height="200"`).MatchString(conf) {
		t.Errorf("bundle image lacks loading=lazy or its size: %s", regexp.MustCompile(`<img[^>]*ronghe[^>]*>`).FindString(conf))
	}

	// Economy page: figures, charts and tables all drawn from seeds/.
	econ := read(t, dir, "jingji/index.html")
	for _, want := range []string{`<data value="391.38"`, `role="img"`, "<table", `scope="col"`, ".csv"} {
		if !strings.Contains(econ, want) {
			t.Errorf("economy page lacks %q", want)
		}
	}
	// A page's date in Chinese, its 来源 and a Chinese-safe heading anchor.
	quanhui := read(t, dir, "news/2025/quanhui/index.html")
	if !regexp.MustCompile(`2025年2月\d+日`).MatchString(quanhui) {
		t.Error("news page has no Chinese date")
	}
	if !regexp.MustCompile(`<h2 id="[^"]*\p{Han}`).MatchString(quanhui) {
		t.Error("news page has no Chinese heading anchor")
	}
	// Soft line breaks between Han characters add no space.
	body := regexp.MustCompile(`(?s)<div class="article-body">.*?</article>`).FindString(quanhui)
	if body == "" {
		t.Fatal("no article body")
	}
	for _, p := range regexp.MustCompile(`(?s)<p>.*?</p>`).FindAllString(body, -1) {
		if m := regexp.MustCompile(`.{0,6}\p{Han}\s\p{Han}.{0,6}`).FindString(stripTags(p)); m != "" {
			t.Errorf("a space between Han characters survived: %q", m)
		}
	}

	// Drafts are left out; aliases redirect; taxonomy and term pages exist.
	if _, err := os.Stat(filepath.Join(dir, "news", "2025", "tucai-tuijiehui-caogao")); err == nil {
		t.Error("draft page was published")
	}
	if alias := read(t, dir, "xinwen/2025/quanhui/index.html"); !strings.Contains(alias, "/news/2025/quanhui/") {
		t.Error("alias does not point to the page")
	}
	read(t, dir, "tags/index.html")
	if term := read(t, dir, "tags/印章/index.html"); !strings.Contains(term, "印章") {
		t.Error("term page for 印章")
	}
	read(t, dir, "404.html")
	read(t, dir, "sitemap/index.html")
	read(t, dir, "css/highlight.css")
	if !strings.Contains(read(t, dir, "robots.txt"), "Sitemap: https://www.hengdong.gov.cn/sitemap.xml") {
		t.Error("robots.txt lacks the sitemap")
	}

	// Feeds and sitemap are well-formed XML with real entries.
	var rss struct {
		Channel struct {
			Title string `xml:"title"`
			Items []struct {
				Title string `xml:"title"`
				Link  string `xml:"link"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal([]byte(read(t, dir, "index.xml")), &rss); err != nil {
		t.Fatalf("index.xml: %v", err)
	}
	if len(rss.Channel.Items) < 15 || !strings.HasPrefix(rss.Channel.Items[0].Link, "https://www.hengdong.gov.cn/") {
		t.Errorf("home feed has %d items", len(rss.Channel.Items))
	}
	if err := xml.Unmarshal([]byte(read(t, dir, "news/index.xml")), &rss); err != nil || len(rss.Channel.Items) < 5 {
		t.Errorf("news feed: %v, %d items", err, len(rss.Channel.Items))
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(read(t, dir, "sitemap.xml")), &sm); err != nil {
		t.Fatal(err)
	}
	locs := map[string]bool{}
	for _, u := range sm.URLs {
		locs[u.Loc] = true
	}
	for _, want := range []string{"https://www.hengdong.gov.cn/", "https://www.hengdong.gov.cn/news/2025/quanhui/", "https://www.hengdong.gov.cn/wenlv/luoronghuan/"} {
		if !locs[want] {
			t.Errorf("sitemap lacks %s", want)
		}
	}

	// Nothing is loaded from another host: no src= or stylesheet pointing off-site.
	offsite := regexp.MustCompile(`(?i)(?:src|href)="(?:https?:)?//[^"]*"[^>]*>`)
	count := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		count++
		b, _ := os.ReadFile(p)
		for _, m := range offsite.FindAllString(string(b), -1) {
			if strings.HasPrefix(strings.ToLower(m), "src") || strings.Contains(m, "stylesheet") || strings.Contains(m, "<script") {
				t.Errorf("%s loads from another host: %s", p, m)
			}
		}
		return nil
	})
	if count < 30 {
		t.Errorf("only %d HTML files", count)
	}
}

// The same inputs give byte-identical output (the manifest of sizes and
// modification times aside).
func TestBuildIsDeterministic(t *testing.T) {
	a, b := buildPortal(t), buildPortal(t)
	files := map[string][]byte{}
	filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != output.ManifestName {
			rel, _ := filepath.Rel(a, p)
			files[rel], _ = os.ReadFile(p)
		}
		return nil
	})
	n := 0
	filepath.WalkDir(b, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != output.ManifestName {
			rel, _ := filepath.Rel(b, p)
			got, _ := os.ReadFile(p)
			if !bytes.Equal(files[rel], got) {
				t.Errorf("%s differs between two builds", rel)
			}
			n++
		}
		return nil
	})
	if n != len(files) {
		t.Errorf("%d files vs %d", n, len(files))
	}
}

func stripTags(s string) string {
	s = regexp.MustCompile(`(?s)<(script|style)\b.*?</(script|style)>`).ReplaceAllString(s, "")
	return regexp.MustCompile(`<[^>]*>`).ReplaceAllString(s, "")
}
