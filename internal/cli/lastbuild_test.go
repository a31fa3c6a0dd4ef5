package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
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
