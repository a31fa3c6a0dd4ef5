// Package content turns the content/ folder into the site's page tree: front
// matter, sections, bundles, taxonomies, URLs, ordering and pagination. The
// fields that templates read are described in docs/templates.md.
package content

import (
	"html/template"
	"time"

	"hengdong/internal/config"
)

// Page kinds.
const (
	KindHome     = "home"
	KindSection  = "section"
	KindPage     = "page"
	KindTaxonomy = "taxonomy"
	KindTerm     = "term"
	Kind404      = "404"
	KindSitemap  = "sitemap" // the 网站地图 page
	// KindTheme is a page the theme provides for its own links (站内搜索,
	// 无障碍说明) when the site has no page at that URL.
	KindTheme = "theme"
)

// Heading is one heading of a page's content.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Page is one output page and the object templates see as ".".
//
// The front matter's fields (FrontMatter's) are declared here rather than
// FrontMatter being embedded: text/template looks a field up by name on every
// evaluation, and a promoted field costs reflect's breadth-first
// FieldByNameFunc (maps allocated each time) where a field of Page itself is
// found by a scan of Page's fields. setFrontMatter and frontMatter convert;
// TestFrontMatterRoundTrip checks that no field of FrontMatter is left out.
type Page struct {
	// The fields templates read come first, those read most first of all:
	// reflect finds a field by scanning the fields in order, and the
	// default layouts read some 70 fields a page (Title nine times; Site,
	// Permalink and RelPermalink three or four; Date, Cover, Ancestors,
	// Draft, Future, Pin, Prev twice).
	Title           string
	RelPermalink    string
	Permalink       string
	Site            *Site
	Date            time.Time
	Kind            string
	Cover           Image
	Summary         template.HTML
	Content         template.HTML
	Description     string
	Source          string // 来源
	Ancestors       []*Page
	Draft           bool
	Future          bool
	Pin             bool
	Prev, Next      *Page
	RSSLink         string
	Section         string // top-level section ("news")
	Parent          *Page
	Keywords        []string
	Tags            []string
	Editor          string
	TableOfContents template.HTML

	Lastmod     time.Time
	PublishDate time.Time
	ExpiryDate  time.Time
	Categories  []string
	Aliases     []string
	Outputs     []string // formats written beside the HTML (Hugo's outputs): rss, json
	Weight      int
	Slug        string
	URL         string
	Layout      string
	// Newsroom's fields (newsroom.go) besides Pin and Editor: featured, menu.
	Featured bool
	Menu     []PageMenu
	Params   map[string]any // every key, lower-case, and the entries of params:
	// FrontSummary is the front matter's summary: (.Summary is the summary
	// rendered), FrontType its type: (.Type is it, else the section).
	FrontSummary string
	FrontType    string

	unknown []keyAt // front matter keys that are not fields, for warnings

	File     string // source file relative to the site root ("content/news/x.md"); empty for generated pages
	Dir      string // folder relative to content/ ("news"); for bundles the bundle folder
	Bundle   bool   // index.md with its own folder of resources
	Body     []byte // Markdown after front matter
	BodyLine int    // lines before Body in the file

	path string
	// titleKey is Title's collation key (TextKey), set by Load before it
	// sorts: pages of a day are ordered by title, which collating again
	// at every comparison made the sorts of 4,000 pages cost ~50 ms.
	titleKey []byte

	Headings []Heading
	Deps     []string // indicator ids the content shows

	Pages        []*Page
	RegularPages []*Page
	Sections     []*Page
	Paginator    *Pager
	Term         string
	Terms        []*Page
	Plural       string

	resources Resources
}

// setFrontMatter sets p's front matter fields to fm's.
func (p *Page) setFrontMatter(fm FrontMatter) {
	p.Title, p.Description, p.FrontSummary, p.Source = fm.Title, fm.Description, fm.Summary, fm.Source
	p.Date, p.Lastmod, p.PublishDate, p.ExpiryDate = fm.Date, fm.Lastmod, fm.PublishDate, fm.ExpiryDate
	p.Draft = fm.Draft
	p.Tags, p.Categories, p.Keywords, p.Aliases, p.Outputs = fm.Tags, fm.Categories, fm.Keywords, fm.Aliases, fm.Outputs
	p.Weight, p.Slug, p.URL, p.Layout, p.FrontType = fm.Weight, fm.Slug, fm.URL, fm.Layout, fm.Type
	p.Cover = fm.Cover
	p.Pin, p.Featured, p.Editor, p.Menu = fm.Pin, fm.Featured, fm.Editor, fm.Menu
	p.Params, p.unknown = fm.Params, fm.unknown
}

// frontMatter returns p's front matter fields as a FrontMatter.
func (p *Page) frontMatter() FrontMatter {
	return FrontMatter{
		Title: p.Title, Description: p.Description, Summary: p.FrontSummary, Source: p.Source,
		Date: p.Date, Lastmod: p.Lastmod, PublishDate: p.PublishDate, ExpiryDate: p.ExpiryDate,
		Draft: p.Draft,
		Tags:  p.Tags, Categories: p.Categories, Keywords: p.Keywords, Aliases: p.Aliases, Outputs: p.Outputs,
		Weight: p.Weight, Slug: p.Slug, URL: p.URL, Layout: p.Layout, Type: p.FrontType,
		Cover:    p.Cover,
		Newsroom: Newsroom{Pin: p.Pin, Featured: p.Featured, Editor: p.Editor, Menu: p.Menu},
		Params:   p.Params, unknown: p.unknown,
	}
}

// IsHome reports whether p is the home page.
func (p *Page) IsHome() bool { return p.Kind == KindHome }

// IsSection reports whether p is a section list.
func (p *Page) IsSection() bool { return p.Kind == KindSection }

// IsPage reports whether p is a regular page.
func (p *Page) IsPage() bool { return p.Kind == KindPage }

// IsNode reports whether p lists other pages.
func (p *Page) IsNode() bool {
	return p.Kind == KindHome || p.Kind == KindSection || p.Kind == KindTaxonomy || p.Kind == KindTerm
}

// Type is the front matter type, else the top-level section.
func (p *Page) Type() string {
	if p.FrontType != "" {
		return p.FrontType
	}
	return p.Section
}

// Count is the number of pages a term page lists.
func (p *Page) Count() int { return len(p.Pages) }

// Paginate returns the current pager over list, using the page size from site.toml.
// The number of pager pages written is decided by .Pages; Paginate only re-slices.
func (p *Page) Paginate(list []*Page) *Pager {
	n := 1
	if p.Paginator != nil {
		n = p.Paginator.PageNumber
	}
	return NewPager(p.RelPermalink, list, p.Site.Config.Paginate, n)
}

// Site is the whole site as templates see it (".Site").
type Site struct {
	Config       *config.Config
	Title        string
	BaseURL      string
	LanguageCode string
	Description  string
	Keywords     []string
	Menu         []config.MenuItem
	Footer       config.Footer
	Params       map[string]any
	Home         *Page
	Sections     []*Page
	RegularPages []*Page
	Taxonomies   map[string][]*Page
	Domain       string
	Serve        bool
	// LastChange is the newest date of any page: used where a "build time" would
	// break reproducible output (feeds' lastBuildDate).
	LastChange time.Time

	siteIndexes
}

// Pager is one page of a paginated list.
type Pager struct {
	Pages      []*Page
	PageNumber int
	TotalPages int
	HasPrev    bool
	HasNext    bool
	PrevURL    string
	NextURL    string
	First      string
	Last       string
	base       string
}

// PagerLink is one numbered link of a pagination bar.
type PagerLink struct {
	Number  int
	URL     string
	Current bool
}

// PagerURL is the URL of pager page n of the list at base.
func PagerURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + itoa(n) + "/"
}

// NewPager slices list into pages of size and returns page number n (1-based).
func NewPager(base string, list []*Page, size, n int) *Pager {
	if size <= 0 {
		size = 10
	}
	total := (len(list) + size - 1) / size
	if total == 0 {
		total = 1
	}
	if n < 1 {
		n = 1
	}
	if n > total {
		n = total
	}
	lo, hi := (n-1)*size, n*size
	if lo > len(list) {
		lo = len(list)
	}
	if hi > len(list) {
		hi = len(list)
	}
	pg := &Pager{Pages: list[lo:hi], PageNumber: n, TotalPages: total, HasPrev: n > 1, HasNext: n < total,
		First: PagerURL(base, 1), Last: PagerURL(base, total)}
	if pg.HasPrev {
		pg.PrevURL = PagerURL(base, n-1)
	}
	if pg.HasNext {
		pg.NextURL = PagerURL(base, n+1)
	}
	pg.base = base
	return pg
}

// pagerWindow is how many numbered links a pagination bar shows at most.
const pagerWindow = 9

// Numbers returns the numbered links of a pagination bar: a window of at most
// nine pages around the current one (首页 and 末页 links reach the ends).
func (pg *Pager) Numbers() []PagerLink {
	lo := max(1, pg.PageNumber-pagerWindow/2)
	hi := min(pg.TotalPages, lo+pagerWindow-1)
	lo = max(1, hi-pagerWindow+1)
	out := make([]PagerLink, 0, hi-lo+1)
	for i := lo; i <= hi; i++ {
		out = append(out, PagerLink{Number: i, URL: PagerURL(pg.base, i), Current: i == pg.PageNumber})
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
