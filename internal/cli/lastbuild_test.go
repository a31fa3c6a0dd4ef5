package cli

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"hengdong/internal/build"
	"hengdong/internal/build/buildtest"
	"hengdong/internal/content"
)

// TestBuildAgainWithTheSameInputs: a build with the inputs of the last one
// into the same folder leaves the folder as it is and says so; any change of
// input, flag, output or time that could change the site builds it again.
func TestBuildAgainWithTheSameInputs(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	const reused = "输入与上次生成时相同"
	day := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	root := writeSite(t, map[string]string{
		"content/news/a.md":      "---\ntitle: 甲\ndate: 2025-02-07\n---\n正文\n",
		"content/news/later.md":  "---\ntitle: 乙\ndate: 2025-03-01T10:00:00Z\n---\n定时发布\n",
		"content/news/expire.md": "---\ntitle: 丙\ndate: 2025-02-01\nexpiryDate: 2025-03-01T12:00:00Z\n---\n到期下线\n",
	})
	dest := filepath.Join(root, "public")
	build := func(now time.Time, theme fstest.MapFS, args ...string) (int, string) {
		t.Helper()
		var out, errb bytes.Buffer
		code := Run(append([]string{"build", "-s", root}, args...), Env{Theme: theme, Stdout: &out, Stderr: &errb, Now: func() time.Time { return now }})
		if code != ExitOK {
			t.Fatalf("build exit %d:\n%s%s", code, out.String(), errb.String())
		}
		return code, out.String() + errb.String()
	}
	steps := []struct {
		name   string
		before func()
		now    time.Time
		args   []string
		reuse  bool
	}{
		{"first build", nil, day, nil, false},
		{"nothing changed", nil, day.Add(time.Minute), nil, true},
		{"another flag", nil, day.Add(time.Minute), []string{"--precompress=false"}, false},
		{"the flags of the last build", nil, day.Add(time.Minute), []string{"--precompress=false"}, true},
		{"a page edited", func() {
			os.WriteFile(filepath.Join(root, "content/news/a.md"), []byte("---\ntitle: 甲\ndate: 2025-02-07\n---\n改过的正文\n"), 0o644)
		}, day.Add(2 * time.Minute), []string{"--precompress=false"}, false},
		{"an output file changed by hand", func() {
			os.WriteFile(filepath.Join(dest, "news", "a", "index.html"), []byte("tampered"), 0o644)
		}, day.Add(3 * time.Minute), []string{"--precompress=false"}, false},
		{"the page's publish time has come", nil, day.Add(2*time.Hour + 30*time.Minute), []string{"--precompress=false"}, false},
		{"nothing changed since", nil, day.Add(3 * time.Hour), []string{"--precompress=false"}, true}, // before the expiry at 12:00
		{"after the expiry, same day", nil, day.Add(5 * time.Hour), []string{"--precompress=false"}, false},
		{"and again", nil, day.Add(5*time.Hour + time.Minute), []string{"--precompress=false"}, true},
		{"the next day", nil, day.Add(24 * time.Hour), []string{"--precompress=false"}, false},
	}
	for _, s := range steps {
		if s.before != nil {
			s.before()
		}
		_, out := build(s.now, miniTheme, s.args...)
		if got := strings.Contains(out, reused); got != s.reuse {
			t.Errorf("%s: reused %v, want %v\n%s", s.name, got, s.reuse, out)
		}
	}
	// The tampered file is the build's again, the scheduled page published,
	// the expired one gone.
	if b, _ := os.ReadFile(filepath.Join(dest, "news", "a", "index.html")); !strings.Contains(string(b), "改过的正文") {
		t.Errorf("news/a: %s", b)
	}
	if _, err := os.Stat(filepath.Join(dest, "news", "later", "index.html")); err != nil {
		t.Errorf("the scheduled page is not published: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dest, "news", "expire", "index.html")); err == nil {
		t.Errorf("the expired page is still published")
	}

	// A template that shows the clock: never reused.
	clock := fstest.MapFS{}
	for k, v := range miniTheme {
		clock[k] = v
	}
	clock["layouts/_default/single.html"] = &fstest.MapFile{Data: []byte(`{{ define "main" }}<h1>{{ .Title }}</h1>{{ now.Format "15:04" }}{{ end }}`)}
	build(day, clock)
	if _, out := build(day.Add(time.Minute), clock); strings.Contains(out, reused) {
		t.Errorf("a site whose templates call now was reused:\n%s", out)
	}
}

// TestBuildAgainReusesTheLastBuild: after an edit, a build into the same
// folder renders only what the edit touched, and writes what a build from
// nothing writes; an output changed by hand makes it render everything.
func TestBuildAgainReusesTheLastBuild(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	files := map[string]string{}
	pagePath := func(i int) string {
		return fmt.Sprintf("content/%s/p%02d.md", []string{"news", "wenlv", "jingji"}[i%3], i)
	}
	pageText := func(i int, extra string) string {
		link := ""
		if i >= 3 {
			link = fmt.Sprintf("链接到[前一篇](p%02d.md)。", i-3)
		}
		return fmt.Sprintf("---\ntitle: 第%d篇\ndate: 2025-05-%02d\nsource: 县融媒体中心\ntags: [标签%d]\n---\n第%d篇的正文。%s\n%s", i, 1+i%28, i%4, i, link, extra)
	}
	for i := 0; i < 60; i++ {
		files[pagePath(i)] = pageText(i, "")
	}
	root := writeSite(t, files)
	dest := filepath.Join(root, "public")
	build := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		code := Run(append([]string{"build", "-s", root, "-D", "-F", "--precompress=false"}, args...),
			Env{Theme: os.DirFS(buildtest.RepoRoot()), Stdout: &out, Stderr: &errb, Now: func() time.Time { return time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC) }})
		if code != ExitOK {
			t.Fatalf("build %v exit %d:\n%s%s", args, code, out.String(), errb.String())
		}
		return out.String()
	}
	reused := regexp.MustCompile(`页面 (\d+) 个重新渲染、(\d+) 个沿用，Markdown (\d+) 个重新渲染`)
	checkReused := regexp.MustCompile(`检查复用 \(check reused\): 输出 (\d+) 个重新检查、(\d+) 个沿用`)
	counts := func(out string) (pages, kept, md int) {
		t.Helper()
		m := reused.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no reuse line in:\n%s", out)
		}
		pages, _ = strconv.Atoi(m[1])
		kept, _ = strconv.Atoi(m[2])
		md, _ = strconv.Atoi(m[3])
		return
	}
	if p, k, _ := counts(build("--stats")); k != 0 || p == 0 {
		t.Fatalf("first build: %d rendered, %d reused; want all rendered", p, k)
	}
	page := filepath.Join(root, filepath.FromSlash(pagePath(10)))
	os.WriteFile(page, []byte(pageText(10, "\n编辑后新加的一段。\n")), 0o644)
	out := build("--stats")
	p, k, md := counts(out)
	if md != 1 || p > 12 || k < 50 {
		t.Errorf("after one edit: %d pages rendered, %d reused, Markdown of %d; want the edited page's few", p, k, md)
	}
	if m := checkReused.FindStringSubmatch(out); m == nil {
		t.Errorf("no check reuse line in:\n%s", out)
	} else if again, _ := strconv.Atoi(m[1]); again > p+2 {
		t.Errorf("after one edit: %s outputs checked again, %s reused; want about the %d rendered", m[1], m[2], p)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	build("--cache=false", "-d", fresh)
	site := func(dir string) map[string]string {
		m := snapshot(t, dir)
		maps.DeleteFunc(m, func(name string, _ string) bool { return strings.HasPrefix(name, ".hengdong") })
		return m
	}
	outName := func(i int) string {
		return strings.TrimSuffix(strings.TrimPrefix(pagePath(i), "content/"), ".md") + "/index.html"
	}
	got, want := site(dest), site(fresh)
	for name := range want {
		if got[name] != want[name] {
			t.Errorf("%s: the build reusing the last one differs from a build from nothing", name)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d files, a build from nothing %d", len(got), len(want))
	}
	if !strings.Contains(got[outName(10)], "编辑后新加的一段") {
		t.Errorf("the edit is not in the output")
	}

	// A page changed by hand in the output: nothing is read back from it.
	os.WriteFile(filepath.Join(dest, filepath.FromSlash(outName(12))), []byte("tampered"), 0o644)
	os.WriteFile(page, []byte(pageText(10, "\n又一次编辑。\n")), 0o644)
	out = build("--stats")
	if _, k, _ := counts(out); k != 0 {
		t.Errorf("output changed by hand: %d pages reused, want none", k)
	}
	if m := checkReused.FindStringSubmatch(out); m == nil || m[2] != "0" {
		t.Errorf("output changed by hand: the checks reused %v, want none", m)
	}
	if strings.Contains(site(dest)[outName(12)], "tampered") {
		t.Errorf("the page changed by hand was kept")
	}
}

// TestPruneBuildCaches: only the most recent caches are kept, with their
// folder files, and the most recent records; a replaced cache goes at once,
// a dead build's temporary file after an hour.
func TestPruneBuildCaches(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	touch := func(name string, age time.Duration) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, now.Add(-age), now.Add(-age))
	}
	for i := range 5 {
		touch(fmt.Sprintf("c%d.cache", i), time.Duration(i)*time.Minute)
		touch(fmt.Sprintf("c%d.cache.folder", i), time.Duration(i)*time.Minute)
		touch(fmt.Sprintf("c%d.json", i), time.Duration(i)*time.Minute)
	}
	touch("c9.cache.123.tmp", 2*time.Hour)    // a build that died
	touch("c8.cache.456.tmp", 10*time.Second) // a build writing now
	touch("c7.cache.replaced", 0)             // replaced by the last build into its folder
	pruneBuildCaches(dir, 3, 2, now)
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	want := []string{"c0.cache", "c0.cache.folder", "c0.json", "c1.cache", "c1.cache.folder", "c1.json",
		"c2.cache", "c2.cache.folder", "c8.cache.456.tmp"}
	if strings.Join(left, " ") != strings.Join(want, " ") {
		t.Errorf("left %v\nwant %v", left, want)
	}
}

// TestInputKeyTellsInputsApart: any change of an input, of where it is, or
// of the flags gives another key; the same inputs give the same key.
func TestInputKeyTellsInputsApart(t *testing.T) {
	base := func() *build.Inputs {
		return &build.Inputs{Config: []byte("title = 'x'"),
			Layouts: map[string][]byte{"layouts/a.html": []byte("A")},
			Static:  map[string][]byte{}, Seeds: map[string][]byte{}, I18n: map[string][]byte{},
			Content: []content.SourceFile{{Path: "content/a.md", Data: []byte("正文")}}}
	}
	key := inputKey(base(), "f")
	if again := inputKey(base(), "f"); again != key {
		t.Fatalf("the same inputs gave %s, then %s", key, again)
	}
	changes := []struct {
		name   string
		change func(in *build.Inputs) string // returns the flags
	}{
		{"flags", func(in *build.Inputs) string { return "g" }},
		{"config", func(in *build.Inputs) string { in.Config = []byte("title = 'y'"); return "f" }},
		{"layout bytes", func(in *build.Inputs) string { in.Layouts["layouts/a.html"] = []byte("B"); return "f" }},
		{"layout moved to static", func(in *build.Inputs) string {
			in.Static["layouts/a.html"], in.Layouts = in.Layouts["layouts/a.html"], map[string][]byte{}
			return "f"
		}},
		{"layout added", func(in *build.Inputs) string { in.Layouts["layouts/b.html"] = nil; return "f" }},
		{"content bytes", func(in *build.Inputs) string { in.Content[0].Data = []byte("正文。"); return "f" }},
		{"content path", func(in *build.Inputs) string { in.Content[0].Path = "content/b.md"; return "f" }},
		{"byte moved from path to data", func(in *build.Inputs) string {
			in.Content[0] = content.SourceFile{Path: "content/a.m", Data: []byte("d正文")}
			return "f"
		}},
		{"content added", func(in *build.Inputs) string {
			in.Content = append(in.Content, content.SourceFile{Path: "content/c.md"})
			return "f"
		}},
	}
	for _, c := range changes {
		in := base()
		flags := c.change(in)
		if got := inputKey(in, flags); got == key {
			t.Errorf("%s: the key did not change (%s)", c.name, got)
		}
	}
}
