package tmpl

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"

	"hengdong/internal/content"
)

// ShortcodeDir is where template-defined shortcodes live: the call
// {{< note >}} runs layouts/shortcodes/note.html.
const ShortcodeDir = "layouts/shortcodes/"

// Shortcode is what a shortcode template sees as its dot, with Hugo's names:
// .Get, .Params, .IsNamedParams, .Inner, .Page, .Site, .Parent, .Ordinal,
// .Name and .Position.
type Shortcode struct {
	Name    string
	Page    *content.Page
	Inner   template.HTML // the text between the tags of a paired call
	Parent  *Shortcode    // the enclosing shortcode of a nested call; nil at the top
	Ordinal int           // 0-based position among its parent's (or the page's) calls
	// Position is "file:line:col" of the call, for errorf messages.
	Position string

	args   []string
	params map[string]string
}

// NewShortcode makes the context of one call.
func NewShortcode(name string, page *content.Page, args []string, params map[string]string) *Shortcode {
	return &Shortcode{Name: name, Page: page, args: args, params: params}
}

// Site is the page's site.
func (s *Shortcode) Site() *content.Site {
	if s.Page == nil {
		return nil
	}
	return s.Page.Site
}

// Get returns a positional argument by index (0, 1, …) or a named one by
// name; "" when it was not given, so that `with` and `default` work.
func (s *Shortcode) Get(key any) any {
	switch k := key.(type) {
	case int:
		if k >= 0 && k < len(s.args) {
			return s.args[k]
		}
		return ""
	case string:
		if v, ok := s.params[k]; ok {
			return v
		}
		if n, err := strconv.Atoi(k); err == nil && n >= 0 && n < len(s.args) {
			return s.args[n]
		}
		return ""
	}
	return ""
}

// IsNamedParams reports whether the call used key="value" arguments.
func (s *Shortcode) IsNamedParams() bool { return len(s.params) > 0 }

// Params is the named arguments as a map, or the positional ones as a list.
func (s *Shortcode) Params() any {
	if s.IsNamedParams() {
		return s.params
	}
	return s.args
}

// HasShortcode reports whether the site or the theme defines a shortcode
// template of that name.
func (e *Engine) HasShortcode(name string) bool {
	return e.Has(ShortcodeDir + name + ".html")
}

// ShortcodeNames lists the template-defined shortcodes, for "did you mean".
func (e *Engine) ShortcodeNames() []string {
	var out []string
	for f := range e.files {
		if n, ok := strings.CutPrefix(f, ShortcodeDir); ok && strings.HasSuffix(n, ".html") {
			out = append(out, strings.TrimSuffix(n, ".html"))
		}
	}
	sort.Strings(out)
	return out
}

// RenderShortcode runs layouts/shortcodes/NAME.html with sc as its dot.
func (e *Engine) RenderShortcode(w io.Writer, sc *Shortcode) error {
	name := ShortcodeDir + sc.Name + ".html"
	if !e.Has(name) {
		return fmt.Errorf("no shortcode template %s", name)
	}
	return e.Execute(w, name, sc)
}
