package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hengdong/internal/cli"
)

// tinyPNG is a small photo for page bundles.
func tinyPNG(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 12, 8))
	for x := 0; x < 12; x++ {
		img.Set(x, x%8, color.RGBA{200, 120, 40, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// buildFolder writes files into a new folder and builds it with the embedded
// theme and --strict, so that a warning fails the build as an error does.
func buildFolder(t *testing.T, files map[string]string) (dir string, code int, out string) {
	t.Helper()
	dir = t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	code = cli.Run([]string{"build", "--strict", "-s", dir}, cli.Env{Theme: theme, Stdout: &stdout, Stderr: &stderr,
		Now: func() time.Time { return time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC) }})
	return filepath.Join(dir, "public"), code, stdout.String() + stderr.String()
}

// A folder with nothing but content/ builds with the embedded theme with no
// error and no warning: the theme's header, toolbar and footer link only to
// pages that exist, because it provides 站内搜索 and 无障碍说明 itself.
func TestContentOnlyFoldersBuild(t *testing.T) {
	photo := tinyPNG(t)
	tests := []struct {
		name  string
		files map[string]string
		want  map[string]string // output file → a substring it must hold
	}{
		{"english title-only front matter", map[string]string{
			"content/_index.md":          "---\ntitle: Riverside Bakery\n---\nBread baked every morning by the river.\n",
			"content/menu.md":            "---\ntitle: Our menu\n---\nRye, spelt and a seeded loaf. See [how we bake](opening-hours.md).\n",
			"content/opening-hours.md":   "+++\ntitle = \"Opening hours\"\n+++\n\nMonday to Saturday, 7am until the shelves are empty.\n",
			"content/recipes/scones.md":  "---\ntitle: Cheese scones\n---\n\n## Ingredients\n\nFlour, butter, cheddar.\n\n## Method\n\nRub, mix, bake.\n",
			"content/recipes/_index.md":  "---\ntitle: Recipes\n---\n",
			"content/recipes/granola.md": "---\ntitle: Granola\n---\nOats and honey.\n",
		}, map[string]string{"menu/index.html": "Our menu", "recipes/scones/index.html": "cheddar"}},
		{"chinese markdown without front matter", map[string]string{
			"content/_index.md":  "# 青山村老年协会\n\n欢迎来到协会的小站。\n",
			"content/活动/春节联欢.md": "# 春节联欢会\n\n正月初六下午两点在村委会礼堂举行，请大家带上自己拿手的节目。\n",
			"content/活动/重阳登山.md": "# 重阳登山\n\n今年重阳节组织登后山，路线平缓，量力而行。\n\n## 集合地点\n\n村口大樟树下。\n",
			"content/通知/换届选举.md": "# 换届选举通知\n\n协会理事会任期届满，定于下月选举。\n",
			"content/通知/体检安排.md": "# 免费体检安排\n\n镇卫生院将为六十五岁以上老人免费体检。\n",
		}, map[string]string{"活动/春节联欢/index.html": "春节联欢会"}},
		{"nested sections", map[string]string{
			"content/_index.md":                          "---\ntitle: Field Notes\n---\n",
			"content/docs/_index.md":                     "---\ntitle: Docs\n---\nEverything about the rig.\n",
			"content/docs/setup/_index.md":               "---\ntitle: Setup\n---\n",
			"content/docs/setup/wiring.md":               "---\ntitle: Wiring\nweight: 2\n---\nRed to red. Back to the [setup overview](_index.md).\n",
			"content/docs/setup/power/_index.md":         "---\ntitle: Power\n---\n",
			"content/docs/setup/power/batteries.md":      "---\ntitle: Batteries\n---\nTwo 18650 cells.\n",
			"content/docs/troubleshooting.md":            "---\ntitle: Troubleshooting\n---\nIf it hums, check the ground.\n",
			"content/journal/2023/august/first-light.md": "---\ntitle: First light\ndate: 2023-08-12\ntags: [telescope, night]\n---\nSaturn, finally.\n",
		}, map[string]string{"docs/setup/power/batteries/index.html": "Two 18650 cells"}},
		{"page bundles with images", map[string]string{
			"content/_index.md":                  "---\ntitle: Trail Photos\n---\n",
			"content/walks/ridge-loop/index.md":  "---\ntitle: Ridge loop\ncover:\n  src: view.png\n  alt: The valley from the ridge\n---\n![A stile at the start](stile.png)\n\nSix miles, one steep bit.\n",
			"content/walks/ridge-loop/view.png":  photo,
			"content/walks/ridge-loop/stile.png": photo,
			"content/walks/mill-pond/index.md":   "---\ntitle: Mill pond\n---\n![Ducks](ducks.png \"Ducks on the pond\")\n",
			"content/walks/mill-pond/ducks.png":  photo,
		}, map[string]string{"walks/ridge-loop/index.html": `width="12"`, "walks/ridge-loop/stile.png": "PNG", "walks/mill-pond/ducks.png": "PNG"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := tt.files["site.toml"]; ok {
				t.Fatal("these fixtures have no site.toml")
			}
			pub, code, out := buildFolder(t, tt.files)
			if code != 0 || strings.Contains(out, "warning") || strings.Contains(out, "error") {
				t.Fatalf("build --strict exited %d:\n%s", code, out)
			}
			want := map[string]string{
				"search/index.html":              "data-index=",
				"about/accessibility/index.html": "大鼠标指针",
				"index.html":                     `/about/accessibility/`,
			}
			for k, v := range tt.want {
				want[k] = v
			}
			for name, sub := range want {
				b, err := os.ReadFile(filepath.Join(pub, filepath.FromSlash(name)))
				if err != nil {
					t.Errorf("no %s: %v", name, err)
					continue
				}
				if !strings.Contains(string(b), sub) {
					t.Errorf("%s lacks %q", name, sub)
				}
			}
		})
	}
}

// A site's own page at the URL of a theme page replaces it.
func TestSitePageReplacesThemePage(t *testing.T) {
	pub, code, out := buildFolder(t, map[string]string{
		"content/_index.md":              "---\ntitle: Harbour Rowing Club\n---\n",
		"content/about/accessibility.md": "---\ntitle: Access at the boathouse\n---\nStep-free access to the pontoon.\n",
		"content/search/_index.md":       "---\ntitle: Find a session\nlayout: search\n---\nSearch the club's pages.\n",
		"content/sessions/early-bird.md": "---\ntitle: Early bird\n---\nSix o'clock on the water.\n",
	})
	if code != 0 {
		t.Fatalf("build exited %d:\n%s", code, out)
	}
	for name, want := range map[string]string{"about/accessibility/index.html": "Step-free access", "search/index.html": "Find a session"} {
		b, err := os.ReadFile(filepath.Join(pub, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), want) || strings.Contains(string(b), "大鼠标指针") {
			t.Errorf("%s is not the site's own page (want %q)", name, want)
		}
	}
}
