package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hengdong/internal/browsertest"
	"hengdong/internal/build/buildtest"
)

// TestBrowserChecksPanel opens a page in serve and makes the faults an editor
// makes, one at a time: each shows in the check panel (a finding `build`
// would report) or in the overlay (a front matter slip, with the character
// marked), at its line. The panel updates without reloading the page, starts
// collapsed, and passes axe-core's audit open.
func TestBrowserChecksPanel(t *testing.T) {
	ctx := browsertest.New(t, 2*time.Minute)
	root := newSite(t, 8)
	page, other := buildtest.PagePath(1), buildtest.PagePath(2)
	buildtest.WriteFile(t, root, page, withSource(1, "正文。"))
	buildtest.WriteFile(t, root, other, withSource(2, "另一页的正文。"))
	buildtest.WriteFile(t, root, "static/img/a.svg", `<svg xmlns="http://www.w3.org/2000/svg"/>`)
	s, err := New(testConfig(root))
	if err != nil {
		t.Fatal(err)
	}
	addr, _ := running(t, s)
	if err := chromedp.Do(ctx, chromedp.Navigate("http://"+addr+"/chanye/p0001/")); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "panel shown", `!!document.querySelector("#hd-serve-checks details > summary.hd-badge")`)
	poll(t, ctx, "panel collapsed, with counts", `(() => { const d = document.querySelector("#hd-serve-checks details");
		return !d.open && /检查：\d+ 个错误 · \d+ 个警告/.test(d.querySelector("summary").innerText) })()`)
	if _, err := browsertest.Eval[bool](ctx, `window.__marked = true`); err != nil {
		t.Fatal(err)
	}
	// finding is true when the panel lists rule at pos, in the group title.
	finding := func(group, rule, pos string) string {
		return fmt.Sprintf(`[...document.querySelectorAll("#hd-serve-checks section")].some(sec =>
			sec.querySelector("h2").textContent.startsWith(%q) &&
			[...sec.querySelectorAll("li.hd-finding")].some(li => li.dataset.rule === %q &&
				li.querySelector(".hd-pos").textContent === %q))`, group, rule, pos)
	}

	// A fault on another page shows (serve now goes to the page being
	// edited, where it is listed under 本页).
	buildtest.WriteFile(t, root, other, withSource(2, "![](/img/a.svg)"))
	poll(t, ctx, "missing alt on another page", finding("", "img-alt", other+":9:1"))
	poll(t, ctx, "marked 正式生成时会失败", `[...document.querySelectorAll("#hd-serve-checks li.hd-finding")].some(li =>
		li.dataset.rule === "img-alt" && li.textContent.includes("「正式生成时会失败」"))`)

	// Faults on this page are listed first, under 本页.
	steps := []struct{ name, text, rule, pos string }{
		{"missing alt", withSource(1, "![](/img/a.svg)"), "img-alt", page + ":9:1"},
		{"missing source", buildtest.PageText(1, "正文。"), "page-source", page + ":1:1"},
		{"misspelled key", strings.Replace(withSource(1, "正文。"), "source:", "soruce:", 1), "frontmatter-key", page + ":6:1"},
	}
	for _, st := range steps {
		buildtest.WriteFile(t, root, page, st.text)
		poll(t, ctx, st.name, finding("本页", st.rule, st.pos))
		poll(t, ctx, st.name+" first", `document.querySelector("#hd-serve-checks section h2").textContent.startsWith("本页")`)
	}
	// The source around a finding opens under it.
	poll(t, ctx, "panel opened", `(() => { const d = document.querySelector("#hd-serve-checks details");
		d.querySelector("summary").click(); return d.open })()`)
	poll(t, ctx, "source context shown", `(() => { const li = [...document.querySelectorAll("#hd-serve-checks li.hd-finding")]
		.find(li => li.dataset.rule === "frontmatter-key"); const d = li.querySelector("details"); d.querySelector("summary").click();
		return d.open && li.querySelector(".hd-context mark").innerText.includes("soruce: 衡东县融媒体中心") })()`)
	if axe := axeSource(t); axe != "" {
		if vs := runAxe(t, ctx, axe); len(vs) > 0 {
			t.Errorf("axe-core, panel open: %s", strings.Join(vs, "\n"))
		}
	}

	// Front matter slips stop the render: the overlay names the line and
	// shows the character.
	slips := []struct{ name, from, to, pos, label string }{
		{"full-width colon", "title: 第1号测试页面", "title：第1号测试页面", page + ":2:6", "⟨全角：⟩"},
		{"tab", "tags: [", "\ttags: [", page + ":4:1", "⟨Tab⟩"},
	}
	for _, sl := range slips {
		buildtest.WriteFile(t, root, page, strings.Replace(withSource(1, "正文。"), sl.from, sl.to, 1))
		poll(t, ctx, sl.name, fmt.Sprintf(`(() => { const o = document.getElementById("hd-serve-error");
			return !!o && o.querySelector(".hd-pos").innerText === %q && o.querySelector(".hd-source mark").innerText === %q })()`, sl.pos, sl.label))
	}
	buildtest.WriteFile(t, root, page, withSource(1, "正文。"))
	poll(t, ctx, "overlay gone", `!document.getElementById("hd-serve-error")`)
}

// axeSource returns axe-core (`npm ci --prefix tools/axe`), or "" with a
// message when it is not installed; under CI=true its absence fails.
func axeSource(t *testing.T) string {
	t.Helper()
	p := filepath.Join(buildtest.RepoRoot(), "tools", "axe", "node_modules", "axe-core", "axe.min.js")
	if env := os.Getenv("AXE_CORE"); env != "" {
		p = env
	}
	src, err := os.ReadFile(p)
	if err != nil {
		msg := "axe-core not found at " + p + ": install it with `npm ci --prefix tools/axe`; the panel's audit is skipped"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true: the accessibility audit must run)")
		}
		t.Log(msg)
		return ""
	}
	return string(src)
}

// runAxe runs axe-core's WCAG 2.1 A and AA rules on the panel of the page
// open in ctx and returns the violations.
func runAxe(t *testing.T, ctx context.Context, axe string) []string {
	t.Helper()
	if ok, err := browsertest.Eval[bool](ctx, axe+"\n;typeof axe === 'object'"); err != nil || !ok {
		t.Fatalf("injecting axe-core: %v", err)
	}
	run := `axe.run({include: ["#hd-serve-checks"]}, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
		resultTypes: ["violations"]}).then(r => r.violations.map(v => v.id + ": " + v.help + " at " +
		v.nodes.map(n => n.target.join(" ")).join(", ")))`
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core: %v", err)
	}
	return vs
}
