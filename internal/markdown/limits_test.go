package markdown

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// indented nests n list items by indentation, one a line: 1,000 levels are 1 MB.
func indented(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat(" ", 2*i) + "- x\n")
	}
	return b.String()
}

func TestCheckNesting(t *testing.T) {
	tests := []struct {
		name, src string
		max       int
		pos       string // "" when accepted
	}{
		{"one-line list bomb", strings.Repeat("- ", 50000) + "x\n", 0, "a.md:4:201"},
		{"one-line quote bomb", strings.Repeat("> ", 50000) + "x\n", 0, "a.md:4:201"},
		{"one-line ordered bomb", strings.Repeat("1. ", 50000) + "x\n", 0, "a.md:4:301"},
		{"indented 1000", indented(1000), 0, "a.md:104:201"},
		{"indented 3000", indented(3000), 0, "a.md:104:201"},
		{"mixed list and quote", strings.Repeat("- > ", 3) + "x\n", 5, "a.md:4:11"},
		{"quotes on many lines", "> a\n> > b\n> > > c\n", 2, "a.md:6:5"},
		{"just under the limit", strings.Repeat("- ", 5) + "x\n", 5, ""},
		{"indented just under", indented(5), 5, ""},
		{"indented over", indented(6), 5, "a.md:9:11"},
		{"siblings are not nesting", strings.Repeat("- a\n  - b\n", 50), 2, ""},
		{"thematic breaks", strings.Repeat("- - - - - -\n", 10) + strings.Repeat("* ", 50) + "\n", 3, ""},
		{"fenced code counts too", "```\n" + strings.Repeat("- ", 20) + "x\n```\n", 3, "a.md:5:7"},
		{"indented code is skipped", "    " + strings.Repeat("- ", 20) + "x\n", 3, ""},
		{"bomb after an unclosed fence", "```\n" + strings.Repeat("- ", 20) + "x\n", 3, "a.md:5:7"},
		{"bomb after a fence its list item closed", "- ```\n  code\n" + strings.Repeat("- ", 20) + "x\n", 3, "a.md:6:7"},
		{"bomb after a fence its quote closed", "> ```\n> code\n" + strings.Repeat("- ", 20) + "x\n", 3, "a.md:6:7"},
		{"numbers are not markers", "2024. 年\n1234567890. x\n", 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			err := CheckNesting([]byte(tt.src), "a.md", 3, tt.max)
			if d := time.Since(start); d > 5*time.Second { // main: 15 s, or never for 3,000 levels
				t.Errorf("took %v", d)
			}
			if tt.pos == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted, want an error at %s", tt.pos)
			}
			if err.Pos() != tt.pos || !strings.Contains(err.Error(), "maxNesting") {
				t.Errorf("got %v, want it at %s naming maxNesting", err, tt.pos)
			}
		})
	}
}

// TestCheckNestingFixtures: every real page of the tests passes the default limit.
func TestCheckNestingFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.md")
	more, _ := filepath.Glob("../../content/*/*.md")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range append(files, more...) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckNesting(src, f, 0, 0); err != nil {
			t.Errorf("%v", err)
		}
	}
}

func TestRenderRefusesDeepNesting(t *testing.T) {
	r := New(Options{MaxNesting: 10})
	start := time.Now()
	res := r.Render([]byte("# 标题\n\n"+strings.Repeat("- ", 50000)+"x\n"), "content/a.md", 4, nil)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	if len(res.HTML) != 0 || len(res.Problems) != 1 || res.Problems[0].Pos() != "content/a.md:7:21" {
		t.Errorf("got HTML %d bytes, problems %v", len(res.HTML), res.Problems)
	}
	if got := string(r.RenderInline([]byte(strings.Repeat("> ", 20) + "<b>"))); got != strings.Repeat("&gt; ", 20)+"&lt;b&gt;" {
		t.Errorf("RenderInline = %q", got)
	}
	if res := r.Render([]byte("- a\n  - b\n"), "content/a.md", 0, nil); len(res.Problems) != 0 || !strings.Contains(string(res.HTML), "<li>b</li>") {
		t.Errorf("shallow list: %s %v", res.HTML, res.Problems)
	}
}

// containerDepth is goldmark's deepest nesting of list items and block quotes.
func containerDepth(n ast.Node) int {
	max := 0
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		max = maxInt(max, containerDepth(c))
	}
	if n.Kind() == ast.KindListItem || n.Kind() == ast.KindBlockquote {
		max++
	}
	return max
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// FuzzCheckNesting checks that the scan never counts fewer levels than
// goldmark builds: whatever it accepts with a limit of 4 parses no deeper.
func FuzzCheckNesting(f *testing.F) {
	for _, s := range []string{
		strings.Repeat("- ", 6) + "x", strings.Repeat("> ", 6) + "x", indented(6), "- ```\n  x\n- - - - - x",
		"> ```\n" + strings.Repeat("> ", 6), "1. 2. 3) - * + x", "\t-\t-\t-\t-\t-\tx", "- a\n\n      - b\n\n        - c",
	} {
		f.Add(s)
	}
	md := New(Options{})
	f.Fuzz(func(t *testing.T, s string) {
		if CheckNesting([]byte(s), "f.md", 0, 4) != nil || len(s) > 4096 {
			return // refused, or too slow for goldmark to check here
		}
		doc := md.md.Parser().Parse(text.NewReader([]byte(s)))
		if d := containerDepth(doc); d > 4 {
			t.Fatalf("accepted with a limit of 4, goldmark nests %d deep", d)
		}
	})
}
