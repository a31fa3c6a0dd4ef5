package check

import (
	"bytes"
	"context"
	"encoding/gob"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRunReusing checks the fault fixture again after edits, reusing through
// gob what the check before the edits learned: the findings must be those of
// a full check, in the same order, and the outputs the edit did not touch
// must be reused.
func TestRunReusing(t *testing.T) {
	replace := func(file, old, new string) func(t *testing.T, root string) {
		return func(t *testing.T, root string) {
			t.Helper()
			p := filepath.Join(root, filepath.FromSlash(file))
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(b, []byte(old)) {
				t.Fatalf("%s has no %q", file, old)
			}
			if err := os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	write := func(file, data string) func(t *testing.T, root string) {
		return func(t *testing.T, root string) {
			t.Helper()
			p := filepath.Join(root, filepath.FromSlash(file))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A form only the rendered <title> of dup-a and dup-b shows: the page
	// title and the site's, put together by the template.
	const titleForm = "重复的标题 - 故障测试站"
	wordList := write("layouts/_data/wording-test.toml", "[[term]]\nright = \"正确的写法\"\nwrong = [\""+titleForm+"\"]\nsource = \"测试\"\n")
	type step struct {
		name string
		edit func(t *testing.T, root string)
		// gone and appear are findings ("rule file", or "rule file|words
		// of the message") the edit must take away and bring; changed says
		// the edit changes every output.
		gone, appear []string
		changed      bool
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"nothing changed", []step{{name: "same", edit: func(*testing.T, string) {}}}},
		{"page body", []step{
			{name: "heading fixed", edit: replace("content/news/headings.md", "#### 跳过了三级", "### 不再跳级"),
				gone: []string{"heading-skip content/news/headings.md"}},
			{name: "heading skipped", edit: replace("content/about/dup-b.md", "本页用于测试。", "## 二级\n\n#### 四级\n"),
				appear: []string{"heading-skip content/about/dup-b.md"}},
		}},
		{"front matter", []step{
			{name: "fault set", edit: replace("content/about/dup-a.md", "fault: none", "fault: badicp"),
				appear: []string{"footer-icp /about/badicp/|共 2 个页面"}},
			{name: "title changed", edit: replace("content/about/dup-b.md", "title: 重复的标题", "title: 不再重复的标题"),
				gone: []string{"title-duplicate content/about/dup-b.md"}},
			// The list /about/ then links the new address: its own inputs
			// are the same, its output is not.
			{name: "address changed", edit: replace("content/about/dup-b.md", "fault: none", "fault: none\nurl: /about/dup-c/")},
		}},
		{"site.toml check levels", []step{
			{name: "heading-skip off", edit: replace("site.toml", "[sections.news]", "[check]\nheading-skip = \"off\"\nfooter-icp = \"warning\"\n\n[sections.news]"),
				gone: []string{"heading-skip content/news/headings.md"}, changed: true},
		}},
		{"site.toml footer number", []step{
			{name: "icp malformed", edit: replace("site.toml", `icp = "湘ICP备12345678号-1"`, `icp = "湘ICP备1234号"`),
				appear: []string{"footer-icp site.toml"}, changed: true},
		}},
		{"word list", []step{
			{name: "form added", edit: wordList, appear: []string{"wording /about/dup-a/|共 2 个页面"}, changed: true},
			{name: "form written in a page", edit: replace("content/about/nolabel.md", "---\n\n", "---\n\n"+titleForm+"\n\n"),
				gone: []string{"wording /about/dup-a/"}, appear: []string{"wording content/about/nolabel.md"}},
			{name: "list removed", edit: func(t *testing.T, root string) {
				if err := os.Remove(filepath.Join(root, "layouts", "_data", "wording-test.toml")); err != nil {
					t.Fatal(err)
				}
			}, gone: []string{"wording content/about/nolabel.md"}, changed: true},
		}},
		{"template", []step{
			{name: "lang", edit: replace("layouts/_default/baseof.html", `<html lang="zh-CN">`, `<html lang="zh_CN">`),
				appear: []string{"html-lang layouts/_default/baseof.html|zh_CN"}, changed: true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			if err := os.CopyFS(root, os.DirFS(filepath.Join("testdata", "faults"))); err != nil {
				t.Fatal(err)
			}
			// both checks the site as it is now, in full and reusing last.
			both := func(last *Cache) (want, got []Finding, next *Cache) {
				in, res := renderSite(t, root, fixtureNow)
				policy, err := PolicyOf(res.Config)
				if err != nil {
					t.Fatal(err)
				}
				opts := Options{Now: fixtureNow, Policy: policy}
				want = Run(context.Background(), in, res, opts)
				got, next = RunReusing(context.Background(), in, res, opts, last)
				return want, got, next
			}
			before, got, last := both(nil)
			if !slices.Equal(got, before) {
				t.Fatalf("RunReusing without a Cache:\n%s\nRun:\n%s", lines(got), lines(before))
			}
			for _, st := range tt.steps {
				var buf bytes.Buffer
				if err := gob.NewEncoder(&buf).Encode(last); err != nil {
					t.Fatal(err)
				}
				var dec *Cache
				if err := gob.NewDecoder(&buf).Decode(&dec); err != nil {
					t.Fatal(err)
				}
				st.edit(t, root)
				want, got, next := both(dec)
				if !slices.Equal(got, want) {
					t.Fatalf("%s: reusing the last check:\n%s\nfull check:\n%s", st.name, lines(got), lines(want))
				}
				has := func(fs []Finding, s string) bool {
					s, msg, _ := strings.Cut(s, "|")
					for _, f := range fs {
						if f.Rule+" "+f.File == s && strings.Contains(f.Msg, msg) {
							return true
						}
					}
					return false
				}
				for _, g := range st.gone {
					if !has(before, g) || has(want, g) {
						t.Errorf("%s: %s should go: before %v, after %v", st.name, g, has(before, g), has(want, g))
					}
				}
				for _, a := range st.appear {
					if has(before, a) || !has(want, a) {
						t.Errorf("%s: %s should appear: before %v, after %v", st.name, a, has(before, a), has(want, a))
					}
				}
				reused, again := next.Reused()
				total := reused + again
				if len(next.Outputs) != total {
					t.Errorf("%s: %d outputs in the Cache, %d checked", st.name, len(next.Outputs), total)
				}
				if total < 20 {
					t.Fatalf("%s: only %d outputs in the Cache", st.name, total)
				}
				switch {
				case st.changed && reused != 0:
					t.Errorf("%s: %d of %d outputs reused after an edit that changes every output", st.name, reused, total)
				case !st.changed && reused < total-4:
					t.Errorf("%s: only %d of %d outputs reused", st.name, reused, total)
				}
				t.Logf("%s: %d of %d outputs reused, %d findings", st.name, reused, total, len(got))
				before, last = want, next
			}
		})
	}
}
