package tmpl_test

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hengdong/bench/corpus/gen"
	"hengdong/internal/config"
	"hengdong/internal/content"
	"hengdong/internal/markdown"
	"hengdong/internal/tmpl"
)

// benchSite loads the generated corpus (bench/corpus/gen, $HENGDONG_BENCH_PAGES
// pages) into a page tree with a fixed rendered body, and parses its layouts.
func benchSite(b *testing.B) (*tmpl.Engine, *content.Tree) {
	b.Helper()
	root, err := gen.Cached(gen.BenchPages())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(gen.Cleanup)
	data, err := os.ReadFile(filepath.Join(root, "site.toml"))
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Parse("site.toml", data)
	if err != nil {
		b.Fatal(err)
	}
	files, err := content.ReadFiles(os.DirFS(root), "content")
	if err != nil {
		b.Fatal(err)
	}
	tree, err := content.Load(cfg, files, content.Options{Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		b.Fatal(err)
	}
	md := markdown.New(markdown.Options{})
	for _, p := range tree.All {
		if p.File != "" {
			res := md.Render(p.Body, p.File, p.BodyLine, nil)
			p.Content = template.HTML(res.HTML)
			p.TableOfContents = template.HTML(res.TOC)
			p.Summary = template.HTML(markdown.Summary(res.HTML, cfg.SummaryLen))
		}
	}
	layouts := map[string][]byte{}
	err = fs.WalkDir(os.DirFS(root), "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		layouts[p], err = os.ReadFile(filepath.Join(root, p))
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	funcs := template.FuncMap{
		"markdownify": func(s any) template.HTML { return template.HTML(md.RenderInline([]byte(fmt.Sprint(s)))) },
		"plainify":    func(s any) string { return markdown.PlainText([]byte(fmt.Sprint(s))) },
		"truncate": func(n int, s any) template.HTML {
			return template.HTML(markdown.TruncateHTML([]byte(fmt.Sprint(s)), n))
		},
		"indicator":  func(string) any { return nil },
		"indicators": func(string) []any { return nil },
	}
	eng, err := tmpl.New(layouts, tmpl.Options{BaseURL: cfg.BaseURL, BasePath: cfg.BasePath(), Version: "bench", Funcs: funcs})
	if err != nil {
		b.Fatal(err)
	}
	return eng, tree
}

// BenchmarkRenderArticle executes the article template (baseof, single and
// their partials) for one page.
func BenchmarkRenderArticle(b *testing.B) {
	eng, tree := benchSite(b)
	p := tree.Site.RegularPages[len(tree.Site.RegularPages)/2]
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := eng.Render(&buf, p); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

// BenchmarkRenderSite executes the templates of every page, serially.
func BenchmarkRenderSite(b *testing.B) {
	eng, tree := benchSite(b)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range tree.All {
			buf.Reset()
			if err := eng.Render(&buf, p); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(tree.All)), "pages")
}

// BenchmarkRenderList executes the list template for the largest section.
func BenchmarkRenderList(b *testing.B) {
	eng, tree := benchSite(b)
	var list *content.Page
	for _, p := range tree.All {
		if p.Kind == content.KindSection && strings.Count(p.Path(), "/") == 2 && (list == nil || len(p.Pages) > len(list.Pages)) {
			list = p
		}
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := eng.Render(&buf, list); err != nil {
			b.Fatal(err)
		}
	}
}
