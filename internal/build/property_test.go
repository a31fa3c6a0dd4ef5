package build_test

import (
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"hengdong/internal/build"
	"hengdong/internal/build/buildtest"
)

// propPage is the state of one page of the random-edit test's site.
type propPage struct {
	title, date, author, source, body string
	weight                            int
	tags                              []string
}

func (p *propPage) text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\ndate: %s\n", p.title, p.date)
	if p.weight != 0 {
		fmt.Fprintf(&b, "weight: %d\n", p.weight)
	}
	if len(p.tags) > 0 {
		fmt.Fprintf(&b, "tags: [%s]\n", strings.Join(p.tags, ", "))
	}
	if p.author != "" {
		fmt.Fprintf(&b, "author: %s\n", p.author)
	}
	if p.source != "" {
		fmt.Fprintf(&b, "source: %s\n", p.source)
	}
	fmt.Fprintf(&b, "---\n\n%s\n\n## 小节\n\n另一段。\n", p.body)
	return b.String()
}

// TestRandomEditsMatchFullRender applies random sequences of editors' edits
// — titles, dates, weights, tags, params, sources, bodies, new and deleted
// pages, section text, seeds values, partials and shortcode templates —
// through serve's incremental path, and after each compares the site with a
// fresh full render, byte for byte, with the shipped theme and with the second
// theme (a sidebar of every page on every page, a home showing other pages'
// params and source). HENGDONG_PROP_SEEDS and HENGDONG_PROP_STEPS run more.
func TestRandomEditsMatchFullRender(t *testing.T) {
	seeds := []int64{1, 2}
	if s := os.Getenv("HENGDONG_PROP_SEEDS"); s != "" {
		seeds = nil
		for _, f := range strings.Split(s, ",") {
			n, _ := strconv.ParseInt(f, 10, 64)
			seeds = append(seeds, n)
		}
	}
	steps := 14
	if testing.Short() {
		steps = 6
	}
	if n, err := strconv.Atoi(os.Getenv("HENGDONG_PROP_STEPS")); err == nil && n > 0 {
		steps = n
	}
	themes := []struct {
		name  string
		fsys  fs.FS
		extra string // a partial of this theme that edits rewrite
	}{
		{"portal", os.DirFS(buildtest.RepoRoot()), "layouts/partials/breadcrumbs.html"},
		{"second theme", theme2, "layouts/partials/foot.html"},
	}
	opts := build.Options{BuildDrafts: true, BuildFuture: true, Serve: true, Now: testNow, DeferSearch: true, DeferSiteWide: true}
	full := opts
	full.DeferSearch, full.DeferSiteWide = false, false
	for _, th := range themes {
		for _, seed := range seeds {
			t.Run(fmt.Sprintf("%s/seed%d", th.name, seed), func(t *testing.T) {
				r := rand.New(rand.NewSource(seed))
				root := t.TempDir()
				pages := map[string]*propPage{}
				sections := []string{"news", "wenlv", "jingji"}
				next := 0
				newPage := func() string {
					name := fmt.Sprintf("content/%s/p%03d.md", sections[next%len(sections)], next)
					pages[name] = &propPage{title: fmt.Sprintf("第%d篇", next), date: fmt.Sprintf("2024-%02d-%02d", 1+next%12, 1+next%28),
						body: fmt.Sprintf("第%d篇的正文。", next), tags: []string{"共同", fmt.Sprintf("标签%d", next%4)}}
					next++
					return name
				}
				write := func(name, text string) { buildtest.WriteFile(t, root, name, text) }
				write("site.toml", "title = \"属性测试\"\nbaseURL = \"https://example.gov.cn/\"\nlanguageCode = \"zh-CN\"\npaginate = 5\n[taxonomies]\ntag = \"tags\"\n[[menu]]\nname = \"新闻\"\nurl = \"/news/\"\n")
				write("content/_index.md", "---\ntitle: 首页\n---\n\n欢迎。\n")
				for _, s := range sections {
					write("content/"+s+"/_index.md", "---\ntitle: "+s+"栏目\n---\n\n介绍。\n")
				}
				write("seeds/economy.yaml", buildtest.SeedsText("391.38"))
				for i := 0; i < 24; i++ {
					name := newPage()
					write(name, pages[name].text())
				}
				partial, err := fs.ReadFile(th.fsys, th.extra)
				if err != nil {
					t.Fatal(err)
				}
				pick := func() string {
					names := make([]string, 0, len(pages))
					for n := range pages {
						names = append(names, n)
					}
					slices.Sort(names)
					return names[r.Intn(len(names))]
				}
				edits := []func(step int) (string, []string){
					func(int) (string, []string) {
						n := pick()
						pages[n].title = fmt.Sprintf("改了标题的%d", r.Intn(1000))
						write(n, pages[n].text())
						return "title of " + n, []string{n}
					},
					func(int) (string, []string) {
						n := pick()
						pages[n].date = fmt.Sprintf("20%02d-%02d-%02d", 18+r.Intn(8), 1+r.Intn(12), 1+r.Intn(28))
						write(n, pages[n].text())
						return "date of " + n, []string{n}
					},
					func(int) (string, []string) {
						n := pick()
						pages[n].weight = r.Intn(4)
						write(n, pages[n].text())
						return "weight of " + n, []string{n}
					},
					func(int) (string, []string) {
						n := pick()
						pages[n].tags = []string{fmt.Sprintf("标签%d", r.Intn(6))}
						write(n, pages[n].text())
						return "tags of " + n, []string{n}
					},
					func(int) (string, []string) {
						n := pick()
						pages[n].author = []string{"", "张三", "李四"}[r.Intn(3)]
						write(n, pages[n].text())
						return "author of " + n, []string{n}
					},
					func(int) (string, []string) {
						n := pick()
						pages[n].source = []string{"", "县融媒体中心", "县统计局"}[r.Intn(3)]
						write(n, pages[n].text())
						return "source of " + n, []string{n}
					},
					func(step int) (string, []string) {
						n := pick()
						pages[n].body = fmt.Sprintf("第%d次修改的正文，{{< indicator \"gdp-2024\" >}}。", step)
						write(n, pages[n].text())
						return "body of " + n, []string{n}
					},
					func(int) (string, []string) {
						n := newPage()
						write(n, pages[n].text())
						return "new page " + n, []string{n}
					},
					func(int) (string, []string) {
						n := pick()
						delete(pages, n)
						if err := os.Remove(filepath.Join(root, filepath.FromSlash(n))); err != nil {
							t.Fatal(err)
						}
						return "deleted " + n, []string{n}
					},
					func(step int) (string, []string) {
						s := sections[r.Intn(len(sections))]
						n := "content/" + s + "/_index.md"
						write(n, fmt.Sprintf("---\ntitle: %s栏目%d\n---\n\n第%d次的介绍。\n", s, step, step))
						return "section " + n, []string{n}
					},
					func(step int) (string, []string) {
						write("seeds/economy.yaml", buildtest.SeedsText(fmt.Sprintf("%d.5", 300+step)))
						return "seeds value", []string{"seeds/economy.yaml"}
					},
					func(step int) (string, []string) {
						write(th.extra, string(partial)+fmt.Sprintf("<span hidden>%d</span>", step))
						return "partial " + th.extra, []string{th.extra}
					},
					func(step int) (string, []string) {
						write("layouts/shortcodes/titles.html", fmt.Sprintf(`<ol data-step="%d">{{ range first 3 .Site.RegularPages }}<li>{{ .Title }}</li>{{ end }}</ol>`, step))
						n := pick()
						pages[n].body = "{{< titles >}}"
						write(n, pages[n].text())
						return "shortcode template and " + n, []string{"layouts/shortcodes/titles.html", n}
					},
				}
				inc := build.NewIncremental(opts)
				in, err := build.ReadInputs(root, th.fsys)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := inc.Render(in); err != nil {
					t.Fatal(err)
				}
				for step := 0; step < steps; step++ {
					what, changed := edits[r.Intn(len(edits))](step)
					what = fmt.Sprintf("step %d (%s)", step, what)
					if in, err = in.Update(root, th.fsys, changed); err != nil {
						t.Fatalf("%s: update: %v", what, err)
					}
					fresh, err := build.ReadInputs(root, th.fsys)
					if err != nil {
						t.Fatal(err)
					}
					got, gerr := inc.Render(in)
					want, werr := build.Render(fresh, full)
					if (gerr == nil) != (werr == nil) {
						t.Fatalf("%s: incremental error %v, full error %v", what, gerr, werr)
					}
					if gerr != nil {
						continue
					}
					compareFiles(t, what, finishServeRender(t, inc, got), want.Files)
					if t.Failed() {
						return // the first difference says it; the rest follow from it
					}
				}
			})
		}
	}
}
