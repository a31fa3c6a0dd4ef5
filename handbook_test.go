package main

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"hengdong/internal/check"
	"hengdong/internal/cli"
	"hengdong/internal/content"
)

// handbookPath is the editors' handbook; every example in it is built here.
const handbookPath = "docs/编辑手册.md"

// handbookNow is the clock the handbook's examples are built at: its dates
// (the 未发布 notice, 定于…发布) are stated against it.
var handbookNow = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

// block is one fenced block of the handbook, with the attributes of its info
// string: ```markdown file=content/news/x.md site=链接错误
type block struct {
	lang  string
	attrs map[string]string
	text  string
	line  int
}

// fileLangs are the languages of blocks that are files an editor writes: each
// must say where it goes (file=), so that every such example is built.
var fileLangs = []string{"markdown", "md", "yaml", "toml", "csv", "json", "html", "svg"}

func handbookBlocks(t *testing.T) []block {
	t.Helper()
	data, err := os.ReadFile(handbookPath)
	if err != nil {
		t.Fatal(err)
	}
	var out []block
	var cur *block
	fence := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if cur == nil {
			trimmed := strings.TrimLeft(line, " ")
			if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
				fence = trimmed[:3]
				for strings.HasPrefix(trimmed[len(fence):], fence[:1]) {
					fence += fence[:1]
				}
				info := strings.Fields(trimmed[len(fence):])
				cur = &block{attrs: map[string]string{}, line: n}
				for i, f := range info {
					if k, v, ok := strings.Cut(f, "="); ok {
						cur.attrs[k] = v
					} else if i == 0 {
						cur.lang = f
					} else {
						cur.attrs[f] = ""
					}
				}
			}
			continue
		}
		if strings.TrimSpace(line) == fence {
			out = append(out, *cur)
			cur = nil
			continue
		}
		cur.text += line + "\n"
	}
	if cur != nil {
		t.Fatalf("%s:%d: 代码块没有结束 (unclosed fence)", handbookPath, cur.line)
	}
	return out
}

// copyPortal copies the portal's content, seeds and site.toml into dir: the
// handbook's examples are pages added to the real portal.
func copyPortal(t *testing.T, dir string) {
	t.Helper()
	for _, root := range []string{"content", "seeds", "site.toml"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			dst := filepath.Join(dir, p)
			os.MkdirAll(filepath.Dir(dst), 0o755)
			return os.WriteFile(dst, data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

var spaceRE = regexp.MustCompile(`\s+`)

// squash makes HTML and expected snippets comparable: the build minifies.
func squash(s string) string { return strings.TrimSpace(spaceRE.ReplaceAllString(s, " ")) }

// Every example of the editors' handbook builds, with the shipped theme, in a
// copy of the portal, and produces what the handbook says it does: files
// (file=) are written into the example's site (site=, default one shared
// site), `page=/url/` blocks list lines the built page holds, and
// `output=build` blocks lines the build prints (with `exit=N`, its exit code).
func TestHandbookExamples(t *testing.T) {
	blocks := handbookBlocks(t)
	type site struct {
		files  map[string]string
		pages  map[string][]block
		output []block
		exit   int
		first  int
	}
	sites := map[string]*site{}
	var order []string
	siteOf := func(b block) *site {
		name := b.attrs["site"]
		if name == "" {
			name = "手册"
		}
		s := sites[name]
		if s == nil {
			s = &site{files: map[string]string{}, pages: map[string][]block{}, first: b.line}
			sites[name] = s
			order = append(order, name)
		}
		return s
	}
	files := 0
	for _, b := range blocks {
		switch {
		case b.attrs["file"] != "":
			files++
			siteOf(b).files[b.attrs["file"]] += b.text
		case b.attrs["page"] != "":
			s := siteOf(b)
			s.pages[b.attrs["page"]] = append(s.pages[b.attrs["page"]], b)
		case b.attrs["output"] == "build":
			s := siteOf(b)
			s.output = append(s.output, b)
			if e := b.attrs["exit"]; e != "" {
				s.exit, _ = strconv.Atoi(e)
			}
		case slices.Contains(fileLangs, b.lang):
			t.Errorf("%s:%d: %s 示例没有 file=，测试无法生成它；请写明文件放在哪里，如 ```%s file=content/news/x.md (an example that is not built)",
				handbookPath, b.line, b.lang, b.lang)
		}
	}
	if files < 10 {
		t.Fatalf("only %d example files found in %s", files, handbookPath)
	}
	for _, name := range order {
		s := sites[name]
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			copyPortal(t, dir)
			for p, text := range s.files {
				dst := filepath.Join(dir, filepath.FromSlash(p))
				os.MkdirAll(filepath.Dir(dst), 0o755)
				if err := os.WriteFile(dst, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var stdout, stderr bytes.Buffer
			code := cli.Run([]string{"build", "-s", dir}, cli.Env{Theme: theme, Stdout: &stdout, Stderr: &stderr,
				Now: func() time.Time { return handbookNow }})
			out := stdout.String() + stderr.String()
			if code != s.exit {
				t.Fatalf("%s:%d: the example builds with exit code %d, the handbook says %d:\n%s", handbookPath, s.first, code, s.exit, out)
			}
			if s.exit == 0 && strings.Contains(out, ": error [") {
				t.Errorf("%s:%d: the example's build reports errors:\n%s", handbookPath, s.first, out)
			}
			// An example that builds is also clean: no warning at its own files
			// (the 未发布 notice is indented and is not a finding).
			for _, line := range strings.Split(out, "\n") {
				for f := range s.files {
					if s.exit == 0 && strings.HasPrefix(line, f+":") {
						t.Errorf("%s: the example %s gets a finding: %s", handbookPath, f, line)
					}
				}
			}
			for _, b := range s.output {
				for _, want := range strings.Split(strings.TrimSpace(b.text), "\n") {
					if want = strings.TrimSpace(want); want != "" && want != "…" && !strings.Contains(out, want) {
						t.Errorf("%s:%d: the build does not print %q; it printed:\n%s", handbookPath, b.line, want, out)
					}
				}
			}
			for url, bs := range s.pages {
				p := filepath.Join(dir, "public", filepath.FromSlash(strings.TrimPrefix(url, "/")))
				if strings.HasSuffix(url, "/") {
					p = filepath.Join(p, "index.html")
				}
				data, err := os.ReadFile(p)
				if err != nil {
					t.Errorf("%s:%d: no page at %s: %v", handbookPath, bs[0].line, url, err)
					continue
				}
				got := squash(string(data))
				for _, b := range bs {
					for _, want := range strings.Split(strings.TrimSpace(b.text), "\n") {
						if want = squash(want); want != "" && want != "…" && !strings.Contains(got, want) {
							t.Errorf("%s:%d: %s does not hold %q", handbookPath, b.line, url, want)
						}
					}
				}
			}
		})
	}
}

// The handbook explains every check rule and every front matter key: a rule
// or key added without a word for editors fails here.
func TestHandbookCoversRulesAndKeys(t *testing.T) {
	data, err := os.ReadFile(handbookPath)
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.ToLower(string(data))
	for _, r := range check.Rules {
		if !strings.Contains(doc, "`"+r.ID+"`") {
			t.Errorf("%s 没有说明检查规则 `%s`（%s）；请在“检查”一节写明它的意思和改法 (rule not in the handbook)", handbookPath, r.ID, r.Title)
		}
	}
	ft := reflect.TypeOf(content.FrontMatter{})
	// reflect.VisibleFields: an embedded struct's fields (content.Newsroom)
	// are keys too; the embedded struct itself is not.
	for _, f := range reflect.VisibleFields(ft) {
		if !f.IsExported() || f.Anonymous {
			continue
		}
		name := strings.ToLower(f.Name)
		if !strings.Contains(doc, "`"+name+"`") && !strings.Contains(doc, "`"+name+":") {
			t.Errorf("%s 没有说明前言的 `%s`；请在“前言”一节补上 (front matter key not in the handbook)", handbookPath, name)
		}
	}
}
