// Package shortcode finds Hugo-style shortcode calls such as
// {{< indicator "gdp-2024" >}} or {{< chart ids="a,b" type="bar" >}} in Markdown
// source and describes the handlers that expand them.
//
// The build replaces every call by a placeholder before goldmark runs, and puts the
// handler's HTML back afterwards, so Markdown's raw-HTML escaping never touches
// trusted shortcode output and editors' own HTML stays escaped.
package shortcode

import "html/template"

// Call is one shortcode call found in a page.
type Call struct {
	Name   string            // "indicator", "chart", ...
	Args   []string          // positional arguments, unquoted
	Params map[string]string // named arguments (key="value"), unquoted
	Start  int               // byte offset of "{{<" in the source
	End    int               // byte offset just past ">}}"
	Line   int               // 1-based line of Start
	Col    int               // 1-based column (in characters) of Start

	// Markdown is true for the {{% name %}} form: the inner text of a paired
	// call is Markdown, rendered before a template shortcode sees it.
	Markdown bool
	// Paired is true for {{< name >}}…{{< /name >}}: Inner is the source
	// between the two tags (InnerStart its offset), Children the calls inside
	// it (offsets in the page source, like every call's), and End is just
	// past the closing tag.
	Paired     bool
	Inner      []byte
	InnerStart int
	Children   []Call

	closing bool // a closing tag {{< /name >}}, only while parsing
}

// Page tells a handler about the page being rendered.
type Page struct {
	File string // content file, relative to the site root (for error positions)
	URL  string // the page's URL path, e.g. "/jingji/": where its files are published
	// RelPermalink is the page's URL as linked, with the baseURL's path
	// ("/sub/jingji/"); empty means URL. Links to the page's files use it.
	RelPermalink string
}

// Result is what a handler returns.
type Result struct {
	HTML  template.HTML     // markup that replaces the call
	Block bool              // true when the markup is block-level (table, figure)
	Files map[string][]byte // extra output files keyed by URL path (e.g. "/jingji/chart-1.csv")
	Deps  []string          // indicator ids this output shows, for incremental rebuilds
}

// Handler expands one call. Errors should be *diag.Error values positioned at
// the call (p.File, c.Line, c.Col).
type Handler func(p Page, c Call) (Result, error)
