package markdown

import (
	"bytes"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// luminance is the WCAG relative luminance of a #rrggbb colour.
func luminance(hex string) float64 {
	v, _ := strconv.ParseUint(hex[1:], 16, 32)
	ch := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(v>>16&0xff) + 0.7152*ch(v>>8&0xff) + 0.0722*ch(v&0xff)
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func TestContrastHelper(t *testing.T) {
	if c := contrast("#000000", "#ffffff"); math.Abs(c-21) > 0.01 {
		t.Fatalf("black on white = %.2f, want 21", c)
	}
	if c := contrast("#777777", "#ffffff"); c >= 4.5 {
		t.Fatalf("#777 on white = %.2f, want below 4.5", c)
	}
}

// TestHighlightContrast checks every text colour in the stylesheet against the
// code background: at least 4.5:1 (WCAG AA for normal text).
func TestHighlightContrast(t *testing.T) {
	css := HighlightCSS()
	bg := regexp.MustCompile(`\.chroma \{[^}]*background-color: (#[0-9a-f]{6})`).FindSubmatch(css)
	if bg == nil {
		t.Fatalf("no background in\n%s", css)
	}
	colours := regexp.MustCompile(`[^-]color: (#[0-9a-f]{6})`).FindAllSubmatch(css, -1)
	if len(colours) < 10 {
		t.Fatalf("only %d colours found in\n%s", len(colours), css)
	}
	for _, m := range colours {
		if c := contrast(string(m[1]), string(bg[1])); c < 4.5 {
			t.Errorf("colour %s on %s has contrast %.2f, below 4.5", m[1], bg[1], c)
		}
	}
}

func TestHighlightCSS(t *testing.T) {
	css := HighlightCSS()
	for _, want := range []string{".chroma .kd {", ".chroma .s {", ".chroma .c {", "@media print{"} {
		if !bytes.Contains(css, []byte(want)) {
			t.Errorf("stylesheet lacks %q", want)
		}
	}
	if bytes.Contains(css, []byte(".chroma .ln ")) {
		t.Errorf("stylesheet has line-number rules that are never used")
	}
	// Every class the highlighter writes for Go code has a rule or is plain
	// text (w = whitespace, p = punctuation, nx = other names).
	html := New(Options{}).Render([]byte("```go\n// c\nfunc f() string { return \"s\" + 1 }\n```"), "a.md", 0, nil).HTML
	for _, m := range regexp.MustCompile(`class="([a-z0-9]+)"`).FindAllSubmatch(html, -1) {
		cls := string(m[1])
		switch cls {
		case "w", "p", "nx", "n", "chroma":
			continue
		}
		if !bytes.Contains(css, []byte(".chroma ."+cls+" {")) {
			t.Errorf("class %s has no rule", cls)
		}
	}
	// A copy each call: changing one must not change the next.
	css[0] = 'X'
	if HighlightCSS()[0] == 'X' {
		t.Error("HighlightCSS returned shared memory")
	}
}

func TestFenceLanguages(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{"```go\nx\n```\n", []string{"go"}},
		{"text\n   ~~~ TOML {linenos=true}\n~~~", []string{"toml"}},
		{"````c++\n````", []string{"c++"}},
		{"    ```go\n", nil},      // four spaces: indented code, not a fence
		{"a ```go\n", nil},        // not at a line's start
		{"``go\n", nil},           // two backticks
		{"```\ncode\n```", nil},   // no language
		{"```go", []string{"go"}}, // last line without a newline
	}
	for _, tt := range tests {
		if got := fenceLanguages([]byte(tt.src)); !slices.Equal(got, tt.want) {
			t.Errorf("fenceLanguages(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

// FuzzFenceLanguages: any input, no panic, and every language found is a
// lower-case word of the input.
func FuzzFenceLanguages(f *testing.F) {
	f.Add([]byte("```go\nx\n```\n~~~ toml\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, l := range fenceLanguages(src) {
			if l == "" || l != strings.ToLower(l) || !bytes.Contains(bytes.ToLower(src), []byte(l)) {
				t.Fatalf("language %q from %q", l, src)
			}
		}
	})
}
