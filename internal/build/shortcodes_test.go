package build_test

import (
	"os"
	"strings"
	"testing"

	"hengdong/internal/build"
	"hengdong/internal/build/buildtest"
)

// TestTemplateShortcodes renders a site whose shortcodes are templates in
// layouts/shortcodes/: positional and named arguments, the paired form with
// .Inner (raw for {{< >}}, Markdown for {{% %}}), nesting with .Parent, the
// page and the site, and a site template overriding a built-in.
func TestTemplateShortcodes(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"site.toml":                         "title = \"Shortcode site\"\nbaseURL = \"https://example.org/\"\n",
		"layouts/shortcodes/badge.html":     `<span class="badge badge-{{ .Get "kind" | default "info" }}">{{ .Get "text" }}</span>`,
		"layouts/shortcodes/pos.html":       `<code>{{ .Get 0 }}|{{ .Get 1 }}|{{ .IsNamedParams }}|{{ len .Params }}</code>`,
		"layouts/shortcodes/note.html":      `<aside class="note" data-page="{{ .Page.Title }}" data-site="{{ .Site.Title }}">{{ .Inner }}</aside>`,
		"layouts/shortcodes/item.html":      `<li data-parent="{{ with .Parent }}{{ .Name }}{{ end }}" data-n="{{ .Ordinal }}">{{ .Inner }}</li>`,
		"layouts/shortcodes/steps.html":     `<ol class="steps">{{ .Inner }}</ol>`,
		"layouts/shortcodes/indicator.html": `<b class="own-indicator">{{ .Get 0 }}</b>`,
		"content/post.md": "---\ntitle: A post\n---\n\n" +
			"Inline {{< badge kind=\"warn\" text=\"beta\" >}} and {{< pos one \"two words\" >}}.\n\n" +
			"{{% note %}}Some **bold** text and {{< badge text=\"nested\" />}}.{{% /note %}}\n\n" +
			"{{< steps >}}{{< item >}}first{{< /item >}}{{< item >}}second{{< /item >}}{{< /steps >}}\n\n" +
			"{{< note >}}raw *stars*{{< /note >}}\n\n" +
			"Overridden: {{< indicator \"gdp\" >}}\n",
	}
	for name, text := range files {
		buildtest.WriteFile(t, root, name, text)
	}
	in, err := build.ReadInputs(root, os.DirFS(buildtest.RepoRoot()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := build.Render(in, build.Options{Now: testNow, NoMinify: true})
	if err != nil {
		t.Fatal(err)
	}
	page := string(res.Files["/post/"])
	for _, want := range []string{
		`<span class="badge badge-warn">beta</span>`,
		`<code>one|two words|false|2</code>`,
		// {{% %}}: the inner Markdown rendered, the nested call's HTML kept.
		`<aside class="note" data-page="A post" data-site="Shortcode site"><p>Some <strong>bold</strong> text and <span class="badge badge-info">nested</span>.</p>`,
		`<ol class="steps"><li data-parent="steps" data-n="0">first</li><li data-parent="steps" data-n="1">second</li></ol>`,
		// {{< >}}: .Inner as written.
		`<aside class="note" data-page="A post" data-site="Shortcode site">raw *stars*</aside>`,
		`<b class="own-indicator">gdp</b>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s\n%s", want, page)
		}
	}
	// A block shortcode alone in its paragraph replaces the paragraph.
	if strings.Contains(page, "<p><ol") || strings.Contains(page, "<p><aside") {
		t.Errorf("block shortcode left inside <p>:\n%s", page)
	}
}

func TestTemplateShortcodeErrors(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"misspelled name", "x\n\n{{< bdage text=\"a\" >}}\n", "content/post.md:7:1: 不认识的短代码 \"bdage\"；是不是 badge？"},
		{"closing tag alone", "x\n\n{{< /badge >}}\n", "content/post.md:7:1: 结束标签 {{< /badge >}} 没有对应的开始标签"},
		{"template fails", "x\n\n{{< boom >}}\n", "content/post.md:7:1: 短代码 boom 的模板出错"},
		{"nested call misspelled", "{{< badge >}}a {{< bdage >}}{{< /badge >}}\n", "content/post.md:5:16: 不认识的短代码 \"bdage\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			buildtest.WriteFile(t, root, "layouts/shortcodes/badge.html", `<span>{{ .Get "text" }}</span>`)
			buildtest.WriteFile(t, root, "layouts/shortcodes/boom.html", `{{ index .Page.Params "nope" "deeper" }}`)
			buildtest.WriteFile(t, root, "content/post.md", "---\ntitle: P\n---\n\n"+tt.body)
			in, err := build.ReadInputs(root, os.DirFS(buildtest.RepoRoot()))
			if err != nil {
				t.Fatal(err)
			}
			_, err = build.Render(in, build.Options{Now: testNow, NoMinify: true})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant it to contain %s", err, tt.want)
			}
		})
	}
}
