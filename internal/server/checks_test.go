package server

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"hengdong/internal/build/buildtest"
	"hengdong/internal/check"
)

// withSource is page i's Markdown with a 来源, and body as its first paragraph.
func withSource(i int, body string) string {
	return strings.Replace(buildtest.PageText(i, body), "---\n\n", "source: 衡东县融媒体中心\n---\n\n", 1)
}

// findingsOf returns the findings of the last check run on rule at file.
func findingsOf(s *Server, rule, file string) []Finding {
	s.WaitChecks()
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Finding
	for _, f := range s.checks.Findings {
		if f.Rule == rule && strings.HasPrefix(f.Pos, file+":") {
			out = append(out, f)
		}
	}
	return out
}

// TestChecksAfterRender: each fault an editor makes is found after the render,
// as `build` finds it, with the page it is on, its source lines and whether
// it stops `build`; the terminal prints what is new and what was solved.
func TestChecksAfterRender(t *testing.T) {
	root := newSite(t, 8)
	page := buildtest.PagePath(1)
	url := strings.TrimSuffix(strings.TrimPrefix(page, "content"), ".md") + "/"
	buildtest.WriteFile(t, root, page, withSource(1, "正文。"))
	buildtest.WriteFile(t, root, "static/img/a.svg", `<svg xmlns="http://www.w3.org/2000/svg"/>`)
	var log bytes.Buffer
	cfg := testConfig(root)
	cfg.Log = &log
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if fs := findingsOf(s, check.RulePageSource, page); len(fs) != 0 {
		t.Fatalf("a page with a source: %+v", fs)
	}
	// A draft's findings do not stop build, which leaves it out.
	if fs := findingsOf(s, check.RulePageSource, buildtest.PagePath(3)); len(fs) != 1 || fs[0].Blocks || !fs[0].Unpublished {
		t.Errorf("a draft without a source: %+v", fs)
	}
	if !strings.Contains(log.String(), "检查：") {
		t.Errorf("no summary after the first render:\n%s", log.String())
	}
	tests := []struct {
		name, text string
		rule       string
		line       int
		level      check.Level
		context    string // a source line shown around it
	}{
		{"missing alt", withSource(1, "![](/img/a.svg)"), check.RuleImgAlt, 9, check.Error, "![](/img/a.svg)"},
		{"missing source", buildtest.PageText(1, "正文。"), check.RulePageSource, 1, check.Error, "---"},
		{"misspelled key", strings.Replace(withSource(1, "正文。"), "source:", "soruce:", 1), check.RuleFrontMatterKey, 6, check.Warning, "soruce: 衡东县融媒体中心"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log.Reset()
			buildtest.WriteFile(t, root, page, tt.text)
			if ev := s.Rebuild([]string{page}); !ev.OK {
				t.Fatalf("render failed: %+v", ev.Problems)
			}
			fs := findingsOf(s, tt.rule, page)
			if len(fs) == 0 {
				t.Fatalf("no %s finding at %s; log:\n%s", tt.rule, page, log.String())
			}
			f := fs[0]
			if f.Line != tt.line || f.Level != tt.level || f.Page != url || f.Blocks != (tt.level == check.Error) {
				t.Errorf("got %+v; want line %d, level %s, page %s", f, tt.line, tt.level, url)
			}
			var ctx []string
			for _, c := range f.Context {
				ctx = append(ctx, c.Text)
			}
			if !strings.Contains(strings.Join(ctx, "\n"), tt.context) {
				t.Errorf("context %q lacks %q", ctx, tt.context)
			}
			out := log.String()
			if !strings.Contains(out, "新出现") || !strings.Contains(out, "["+tt.rule+"]") || !strings.Contains(out, page) {
				t.Errorf("the terminal does not show the new finding:\n%s", out)
			}
		})
	}
	// Fixed: the finding goes, and the terminal says so.
	log.Reset()
	buildtest.WriteFile(t, root, page, withSource(1, "正文。"))
	s.Rebuild([]string{page})
	for _, rule := range []string{check.RuleImgAlt, check.RulePageSource, check.RuleFrontMatterKey} {
		if fs := findingsOf(s, rule, page); len(fs) != 0 {
			t.Errorf("%s still reported after the fix: %+v", rule, fs)
		}
	}
	if !regexp.MustCompile(`已解决 [1-9][0-9]* 处`).MatchString(log.String()) {
		t.Errorf("the terminal does not say what was solved:\n%s", log.String())
	}
}

// TestCheckEventsReachPages: the findings travel to the open pages, and a page
// connecting later is greeted with them.
func TestCheckEventsReachPages(t *testing.T) {
	root := newSite(t, 4)
	s := newServer(t, root)
	s.WaitChecks()
	ch, stop := s.Subscribe()
	defer stop()
	if hello := <-ch; hello.Check == nil || hello.Check.Errors == 0 {
		t.Fatalf("greeting without the findings: %+v", hello.Check)
	}
	page := buildtest.PagePath(1)
	buildtest.WriteFile(t, root, page, buildtest.PageText(1, "新的正文。"))
	s.Rebuild([]string{page})
	s.WaitChecks()
	for {
		ev := <-ch
		if ev.Check != nil {
			if !ev.OK || len(ev.Changed) > 0 {
				t.Errorf("the checks' event: %+v", ev)
			}
			break
		}
	}
}

// TestOverlayMarksSlip: a front matter slip stops the render; the overlay's
// problem carries the line cut around the character, labelled.
func TestOverlayMarksSlip(t *testing.T) {
	root := newSite(t, 4)
	s := newServer(t, root)
	page := buildtest.PagePath(1)
	tests := []struct {
		name, from, to string
		pos            string
		mark           Mark
	}{
		{"full-width colon", "title: 第1号测试页面", "title：第1号测试页面", ":2:6", Mark{"title", "⟨全角：⟩", "第1号测试页面"}},
		{"tab", "tags: [", "\ttags: [", ":4:1", Mark{"", "⟨Tab⟩", "tags: [标签1, 共同]"}},
		{"missing space", "title: 第1号测试页面", "title:第1号测试页面", ":2:7", Mark{"title:", "⟨缺空格⟩", "第1号测试页面"}},
		{"zero-width space", "description:", "\u200bdescription:", ":5:1", Mark{"", "⟨零宽空格⟩", "description: 生成的第1个页面"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buildtest.WriteFile(t, root, page, strings.Replace(buildtest.PageText(1, "正文。"), tt.from, tt.to, 1))
			ev := s.Rebuild([]string{page})
			if ev.OK || len(ev.Problems) == 0 {
				t.Fatalf("no problem: %+v", ev)
			}
			p := ev.Problems[0]
			if p.Pos != page+tt.pos || p.Mark == nil || *p.Mark != tt.mark {
				t.Errorf("got %s %+v, want %s%s %+v", p.Pos, p.Mark, page, tt.pos, tt.mark)
			}
		})
	}
}

func TestMarkAt(t *testing.T) {
	tests := []struct {
		line string
		col  int
		want *Mark
	}{
		{"title：衡东", 6, &Mark{"title", "⟨全角：⟩", "衡东"}},
		{"\tsrc: a", 1, &Mark{"", "⟨Tab⟩", "src: a"}},
		{"title:衡东", 7, &Mark{"title:", "⟨缺空格⟩", "衡东"}},
		{"title: \"衡东", 8, &Mark{"title: ", "⟨\"⟩", "衡东"}},
		{"\ufeffsource: x", 1, &Mark{"", "⟨BOM⟩", "source: x"}},
		{"title: 衡东", 8, nil}, // an ordinary character is left as it is
		{"title: 衡东", 0, nil},
		{"title", 9, nil},
	}
	for _, tt := range tests {
		got := markAt(tt.line, tt.col)
		if (got == nil) != (tt.want == nil) || got != nil && *got != *tt.want {
			t.Errorf("markAt(%q, %d) = %+v, want %+v", tt.line, tt.col, got, tt.want)
		}
	}
}
