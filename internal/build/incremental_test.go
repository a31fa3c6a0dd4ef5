package build_test

import (
	"bytes"
	"context"
	"encoding/gob"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"hengdong/internal/build"
	"hengdong/internal/build/buildtest"
)

var testNow = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// edit is one change to the site on disk, with the paths an editor's watcher
// would report.
type edit struct {
	name string
	do   func(t *testing.T, root string) []string
	// maxPages bounds the template outputs rendered again (0: no bound): an
	// edit to one page must not re-render the site.
	maxPages int
	fails    bool // the render must fail (and the next one recover)
	// bodyOnly: serve must take the body-edit path (the tree reused);
	// rebuild: serve must not.
	bodyOnly, rebuild bool
	// portalOnly: the edit uses the shipped theme's templates.
	portalOnly bool
	// newTarget: the edit adds a file pages may link to, so a build (which
	// compares the set of link targets as one digest) renders every page's
	// Markdown again.
	newTarget bool
}

// write saves text to name and returns the changed paths, as the watcher would.
func write(t *testing.T, root, name, text string) []string {
	t.Helper()
	buildtest.WriteFile(t, root, name, text)
	return []string{name}
}

func replaceIn(t *testing.T, root, name, old, new string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	return write(t, root, name, strings.Replace(string(b), old, new, 1))
}

func remove(t *testing.T, root, name string) []string {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(root, filepath.FromSlash(name))); err != nil {
		t.Fatal(err)
	}
	return []string{name}
}

// TestIncrementalMatchesFullRender applies a sequence of edits and checks after
// each that the incremental render equals a full render of the same inputs, file
// for file and byte for byte.
func TestIncrementalMatchesFullRender(t *testing.T) {
	root := t.TempDir()
	const n = 80
	if err := buildtest.Write(root, n); err != nil {
		t.Fatal(err)
	}
	portal := os.DirFS(buildtest.RepoRoot())
	p10, p11, p12 := buildtest.PagePath(10), buildtest.PagePath(11), buildtest.PagePath(12)
	edits := []edit{
		{name: "body of one page", maxPages: 12, bodyOnly: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p10, "这是第10号页面的正文。", "这是修改后的正文，第10号。")
		}},
		{name: "heading added", maxPages: 12, bodyOnly: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p10, "## 小节二", "## 新的小节\n\n新段落。\n\n## 小节二")
		}},
		{name: "body below the summary", maxPages: 12, bodyOnly: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p10, "- 列表二", "- 列表二\n- 列表三")
		}},
		{name: "link to nothing in a body", fails: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p10, "- 列表三", "- [坏链接](nowhere.md)")
		}},
		{name: "link fixed", maxPages: 12, bodyOnly: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p10, "- [坏链接](nowhere.md)", "- 列表三")
		}},
		{name: "indicator in a body", maxPages: 12, bodyOnly: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p10, "- 列表三", "- 列表三\n\n{{< indicator \"gdp-2024\" >}}")
		}},
		{name: "unknown shortcode in a body", fails: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p10, "{{< indicator \"gdp-2024\" >}}", "{{< nosuch >}}")
		}},
		{name: "shortcode fixed", maxPages: 12, bodyOnly: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p10, "{{< nosuch >}}", "{{< indicator \"gdp-2024\" >}}")
		}},
		{name: "two pages at once", maxPages: 24, do: func(t *testing.T, r string) []string {
			a := replaceIn(t, r, p11, "## 小节一", "新加的一段。\n\n## 小节一")
			return append(a, replaceIn(t, r, p12, "## 小节一", "又一段。\n\n## 小节一")...)
		}},
		{name: "title of one page", bodyOnly: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p11, "title: 第11号测试页面", "title: 改过标题的第11号页面")
		}},
		{name: "description of one page", bodyOnly: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p11, "description: 生成的第11个页面", "description: 改过的说明")
		}},
		{name: "date of one page (reorders lists)", rebuild: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p12, "date: 2022-01-13", "date: 2019-01-13")
		}},
		{name: "date of one page, now the same as another's", rebuild: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p12, "date: 2019-01-13", "date: 2021-12-12")
		}},
		{name: "title of a page whose date another shares (lists order them by title)", rebuild: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p11, "title: 改过标题的第11号页面", "title: 甲改过标题的第11号页面")
		}},
		{name: "new tag", do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p12, "tags: [标签5, 共同]", "tags: [标签5, 共同, 全新标签]")
		}},
		{name: "new page", do: func(t *testing.T, r string) []string {
			return write(t, r, "content/news/added.md", buildtest.PageText(16, "新增页面。"))
		}},
		{name: "page deleted", do: func(t *testing.T, r string) []string { return remove(t, r, buildtest.PagePath(76)) }}, // no page links to it
		{name: "draft published", do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, buildtest.PagePath(3), "draft: true\n", "")
		}},
		{name: "broken front matter", fails: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p10, "title: 第10号测试页面", "title: [未闭合")
		}},
		{name: "front matter fixed", do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p10, "title: [未闭合", "title: 第10号测试页面")
		}},
		{name: "seeds value", do: func(t *testing.T, r string) []string {
			return write(t, r, "seeds/economy.yaml", buildtest.SeedsText("400.5"))
		}},
		{name: "single template", portalOnly: true, do: func(t *testing.T, r string) []string {
			b, err := os.ReadFile(filepath.Join(buildtest.RepoRoot(), "layouts/_default/single.html"))
			if err != nil {
				t.Fatal(err)
			}
			return write(t, r, "layouts/_default/single.html", strings.Replace(string(b), "<h1>", `<h1 class="edited">`, 1))
		}},
		{name: "single template removed (theme's returns)", portalOnly: true, do: func(t *testing.T, r string) []string {
			return remove(t, r, "layouts/_default/single.html")
		}},
		{name: "partial", do: func(t *testing.T, r string) []string {
			return write(t, r, "layouts/partials/footer.html", `<footer>新页脚 {{ .Title }}</footer>`)
		}},
		{name: "stylesheet", maxPages: 3, newTarget: true, do: func(t *testing.T, r string) []string {
			return write(t, r, "static/css/extra.css", "body { color: #000; }\n")
		}},
		{name: "bundle image size", do: func(t *testing.T, r string) []string {
			return write(t, r, "content/chanye/bundle/pic.svg", `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"></svg>`)
		}},
		{name: "section text", do: func(t *testing.T, r string) []string {
			return write(t, r, "content/news/_index.md", "---\ntitle: 新闻中心\n---\n\n改过的栏目介绍。\n")
		}},
		{name: "section text again", bodyOnly: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, "content/news/_index.md", "改过的栏目介绍。", "再次改过的栏目介绍，有新的第一段。")
		}},
		{name: "folder moved in", do: func(t *testing.T, r string) []string {
			write(t, r, "content/wenlv/newdir/_index.md", "---\ntitle: 新目录\n---\n")
			write(t, r, "content/wenlv/newdir/a.md", buildtest.PageText(13, "新目录里的页面。"))
			return []string{"content/wenlv/newdir"}
		}},
		{name: "folder removed", do: func(t *testing.T, r string) []string { return remove(t, r, "content/wenlv/newdir") }},
		{name: "a translation of the theme's", portalOnly: true, do: func(t *testing.T, r string) []string {
			return write(t, r, "i18n/zh-CN.toml", "skipToContent = \"跳过导航，直达正文\"\n")
		}},
		{name: "site.toml", do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, "site.toml", `title = "测试站点"`, `title = "改名的站点"`)
		}},
		// The newsroom features (issue 16): pinning reorders lists and the
		// home page; featured pages are the home's 焦点图; front matter menu
		// entries are in every page's header; related articles follow tags;
		// the 责任编辑 shows on the page itself.
		{name: "page pinned", rebuild: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p12, "title:", "pin: true\ntitle:")
		}},
		{name: "bundle featured with a cover", rebuild: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, "content/chanye/bundle/index.md", "date: 2021-05-01\n",
				"date: 2021-05-01\nfeatured: true\ncover: {src: pic.svg, alt: 示意图}\n")
		}},
		{name: "featured without a cover", fails: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p11, "title:", "featured: true\ntitle:")
		}},
		{name: "featured fixed", do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p11, "featured: true\ntitle:", "title:")
		}},
		{name: "menu entry from front matter", do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p10, "title:", "menu: {main: {parent: 新闻, weight: 1}}\ntitle:")
		}},
		{name: "title of a page in the menu", rebuild: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p10, "title: 第10号测试页面", "title: 菜单里的第10号页面")
		}},
		{name: "tags of one page (related articles)", do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, buildtest.PagePath(17), "tags: [标签3, 共同]", "tags: [标签4, 标签3, 标签6]")
		}},
		{name: "body of a related page", bodyOnly: true, maxPages: 24, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, buildtest.PagePath(17), "## 小节一", "相关页面的新段落。\n\n## 小节一")
		}},
		{name: "editor", do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p11, "title:", "editor: 李明\ntitle:")
		}},
		{name: "page unpinned", rebuild: true, do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p12, "pin: true\n", "")
		}},
		// A shortcode template may read any page: a page using one that lists
		// the site's titles must follow an edit of another page's title.
		{name: "shortcode template listing the site", do: func(t *testing.T, r string) []string {
			a := write(t, r, "layouts/shortcodes/titles.html", `<ul class="titles">{{ range .Site.RegularPages }}<li>{{ .Title }}</li>{{ end }}</ul>`)
			return append(a, replaceIn(t, r, p12, "## 小节一", "{{< titles >}}\n\n## 小节一")...)
		}},
		{name: "title shown by another page's shortcode", do: func(t *testing.T, r string) []string {
			return replaceIn(t, r, p11, "title: 甲改过标题的第11号页面", "title: 乙改过标题的第11号页面")
		}},
		{name: "shortcode template edited", do: func(t *testing.T, r string) []string {
			return write(t, r, "layouts/shortcodes/titles.html", `<ol class="titles">{{ range .Site.RegularPages }}<li>{{ .Title }}</li>{{ end }}</ol>`)
		}},
	}

	serveOpts := build.Options{BuildDrafts: true, BuildFuture: true, Serve: true, Now: testNow, DeferSearch: true, DeferSiteWide: true}
	variants := []struct {
		name  string
		opts  build.Options
		theme fs.FS
		// builds: each render is a build reusing the last build's Cache
		// (gob-encoded, as the CLI keeps it) and output folder.
		builds bool
	}{
		{"unminified", build.Options{BuildDrafts: true, BuildFuture: true, Serve: true, Now: testNow, NoMinify: true}, portal, false},
		{"minified", build.Options{BuildDrafts: true, BuildFuture: true, Serve: true, Now: testNow}, portal, false},
		// As serve renders: the search index and the whole-site pages after the reload.
		{"serve", serveOpts, portal, false},
		// The second theme: a sidebar of every page on every page, a home
		// showing other pages' params and source, menus, GetPage. Serve may
		// render more for it, never show a stale page.
		{"serve, second theme", serveOpts, theme2, false},
		// Builds again and again into the same folder, as users run them.
		{"builds", build.Options{BuildDrafts: true, BuildFuture: true, Now: testNow}, portal, true},
		{"builds, second theme", build.Options{BuildDrafts: true, BuildFuture: true, Now: testNow}, theme2, true},
	}
	for _, v := range variants {
		theme := v.theme
		strict := theme == portal // the shipped theme's fast paths are asserted too
		t.Run(v.name, func(t *testing.T) {
			root := t.TempDir()
			if err := buildtest.Write(root, n); err != nil {
				t.Fatal(err)
			}
			opts := v.opts
			full := opts
			full.DeferSearch, full.DeferSiteWide = false, false
			inc := build.NewIncremental(opts)
			var last lastBuild
			renderInc := func(in *build.Inputs) (*build.Result, error) {
				if v.builds {
					return last.render(t, in, opts)
				}
				return inc.Render(in)
			}
			in, err := build.ReadInputs(root, theme)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := renderInc(in); err != nil {
				t.Fatal(err)
			}
			for _, e := range edits {
				if e.portalOnly && !strict {
					continue
				}
				changed := e.do(t, root)
				in, err = in.Update(root, theme, changed)
				if err != nil {
					t.Fatalf("%s: update: %v", e.name, err)
				}
				fresh, err := build.ReadInputs(root, theme)
				if err != nil {
					t.Fatal(err)
				}
				got, gerr := renderInc(in)
				want, werr := build.Render(fresh, full)
				if (gerr != nil) != e.fails || (werr != nil) != e.fails {
					t.Fatalf("%s: incremental error %v, full error %v, want failure %v", e.name, gerr, werr, e.fails)
				}
				if e.fails {
					if gerr.Error() != werr.Error() {
						t.Errorf("%s: incremental error\n%v\nfull error\n%v", e.name, gerr, werr)
					}
					continue
				}
				files := got.Files
				if opts.DeferSearch {
					files = finishServeRender(t, inc, got)
				}
				compareFiles(t, e.name, files, want.Files)
				if !strict {
					continue
				}
				if v.builds {
					st := got.Reused()
					if e.maxPages > 0 && st.PagesRendered > e.maxPages {
						t.Errorf("%s: %d pages rendered again (%d reused), want at most %d", e.name, st.PagesRendered, st.PagesReused, e.maxPages)
					}
					if e.maxPages > 0 && !e.newTarget && st.MarkdownRendered > e.maxPages/12 {
						t.Errorf("%s: Markdown of %d pages rendered again, want at most %d", e.name, st.MarkdownRendered, e.maxPages/12)
					}
					if s := got.Search; e.maxPages > 0 && !e.newTarget && s.Docs-s.Reused > e.maxPages/12 {
						t.Errorf("%s: %d of %d search docs tokenised again, want at most %d", e.name, s.Docs-s.Reused, s.Docs, e.maxPages/12)
					}
					continue
				}
				if e.bodyOnly && opts.DeferSearch && !inc.Stats.TreeReused {
					t.Errorf("%s: the page tree was built again; want the body-edit path", e.name)
				}
				if e.rebuild && inc.Stats.TreeReused {
					t.Errorf("%s: took the body-edit path; the page tree must be built again", e.name)
				}
				if e.maxPages > 0 && inc.Stats.PagesRendered > e.maxPages {
					t.Errorf("%s: %d pages rendered again (%d reused), want at most %d", e.name,
						inc.Stats.PagesRendered, inc.Stats.PagesReused, e.maxPages)
				}
				if e.maxPages > 0 && inc.Stats.MarkdownRendered > e.maxPages/12 {
					t.Errorf("%s: Markdown of %d pages rendered again, want at most %d", e.name, inc.Stats.MarkdownRendered, e.maxPages/12)
				}
			}
		})
	}
}

// lastBuild is what the CLI keeps between two builds into the same folder:
// the Cache (through gob, as on disk) and the folder's files.
type lastBuild struct {
	cache *build.Cache
	files map[string][]byte // file name in the folder → bytes
}

// render builds in reusing the last build, and keeps what it learned when
// it succeeded, as the CLI does.
func (l *lastBuild) render(t *testing.T, in *build.Inputs, opts build.Options) (*build.Result, error) {
	t.Helper()
	var last *build.Cache
	if l.cache != nil {
		var buf bytes.Buffer
		if err := l.cache.Encode(gob.NewEncoder(&buf)); err != nil {
			t.Fatal(err)
		}
		var err error
		if last, err = build.DecodeCache(gob.NewDecoder(&buf)); err != nil {
			t.Fatal(err)
		}
	}
	read := func(name string) ([]byte, bool) {
		data, ok := l.files[name]
		return data, ok
	}
	res, learned, err := build.RenderReusing(context.Background(), in, opts, last, read)
	if err != nil {
		return res, err
	}
	if learned.Search == nil && !opts.DeferSearch {
		t.Fatal("the build's Cache keeps nothing of the search index")
	}
	l.cache, l.files = learned, map[string][]byte{}
	for p, data := range res.Files {
		name := strings.TrimPrefix(p, "/")
		if name == "" || strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		l.files[name] = data
	}
	return res, nil
}

// finishServeRender does what serve does after a render: it renders the
// deferred whole-site pages and builds the search index, and returns the
// site with both in place.
func finishServeRender(t *testing.T, inc *build.Incremental, res *build.Result) map[string][]byte {
	t.Helper()
	files := maps.Clone(res.Files)
	done, err := inc.FinishDeferred(res)
	if err != nil {
		t.Fatal(err)
	}
	maps.Copy(files, done)
	idx, err := build.SearchIndex(res)
	if err != nil {
		t.Fatal(err)
	}
	maps.Copy(files, idx)
	return files
}

func compareFiles(t *testing.T, step string, got, want map[string][]byte) {
	t.Helper()
	var keys []string
	for k := range want {
		keys = append(keys, k)
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	bad := 0
	for _, k := range keys {
		g, gok := got[k]
		w, wok := want[k]
		switch {
		case !gok:
			t.Errorf("%s: %s missing from the incremental render", step, k)
		case !wok:
			t.Errorf("%s: %s only in the incremental render", step, k)
		case !bytes.Equal(g, w):
			t.Errorf("%s: %s differs:\n%s", step, k, firstDiff(g, w))
		default:
			continue
		}
		if bad++; bad == 5 {
			t.Fatalf("%s: too many differences", step)
		}
	}
}

func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(i-80, 0)
	return "incremental: …" + string(a[lo:min(i+80, len(a))]) + "…\nfull:        …" + string(b[lo:min(i+80, len(b))]) + "…"
}

// TestUpdateIgnoresTempFiles checks that swap and backup files never enter the inputs.
func TestUpdateIgnoresTempFiles(t *testing.T) {
	root := t.TempDir()
	if err := buildtest.Write(root, 4); err != nil {
		t.Fatal(err)
	}
	in, err := build.ReadInputs(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"content/news/.p0000.md.swp", "content/news/p0000.md~", "content/news/4913",
		"content/news/.#p0000.md", "layouts/_default/single.html.swp", "content/.git/x.md"} {
		t.Run(name, func(t *testing.T) {
			write(t, root, name, "x")
			out, err := in.Update(root, nil, []string{name})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range out.Content {
				if f.Path == name {
					t.Errorf("%s was read", name)
				}
			}
			if _, ok := out.Layouts[name]; ok {
				t.Errorf("%s was read", name)
			}
		})
	}
}

// A body edit whose page then fails in its template leaves serve's state as it
// was: the next edit renders as a full render would.
func TestBodyEditRollback(t *testing.T) {
	root := t.TempDir()
	if err := buildtest.Write(root, 30); err != nil {
		t.Fatal(err)
	}
	// A template that fails on pages with four headings or more.
	write(t, root, "layouts/_default/single.html",
		`{{ define "main" }}{{ if ge (len .Headings) 4 }}{{ index .Headings 99 }}{{ end }}{{ .Content }}{{ end }}`)
	theme := os.DirFS(buildtest.RepoRoot())
	opts := build.Options{BuildDrafts: true, BuildFuture: true, Serve: true, Now: testNow, DeferSearch: true, DeferSiteWide: true}
	full := opts
	full.DeferSearch, full.DeferSiteWide = false, false
	inc := build.NewIncremental(opts)
	in, err := build.ReadInputs(root, theme)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := inc.Render(in); err != nil {
		t.Fatal(err)
	}
	page := buildtest.PagePath(10)
	step := func(name string, changed []string, fails bool) {
		t.Helper()
		if in, err = in.Update(root, theme, changed); err != nil {
			t.Fatal(err)
		}
		got, gerr := inc.Render(in)
		if (gerr != nil) != fails {
			t.Fatalf("%s: error %v, want failure %v", name, gerr, fails)
		}
		if fails {
			return
		}
		if !inc.Stats.TreeReused {
			t.Errorf("%s: want the body-edit path", name)
		}
		fresh, err := build.ReadInputs(root, theme)
		if err != nil {
			t.Fatal(err)
		}
		want, err := build.Render(fresh, full)
		if err != nil {
			t.Fatal(err)
		}
		compareFiles(t, name, finishServeRender(t, inc, got), want.Files)
	}
	orig, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(page)))
	if err != nil {
		t.Fatal(err)
	}
	// A new summary, and headings that break the template: nothing of it may
	// stay in the tree (the section's list shows the page's summary).
	replaceIn(t, root, page, "这是第10号页面的正文。", "失败的摘要。")
	step("headings that break the template", replaceIn(t, root, page, "## 小节二", "## 三\n\n## 四\n\n## 五\n\n## 小节二"), true)
	// The page put back as it was, and a page of the same section edited:
	// their section's list is rendered again.
	other := buildtest.PagePath(10 + 2*len(buildtest.Sections)) // content/wenlv/, as page 10
	changed := write(t, root, page, string(orig))
	changed = append(changed, replaceIn(t, root, other, "正文。", "正文，改过。")...)
	step("the page put back, its neighbour edited", changed, false)
}
