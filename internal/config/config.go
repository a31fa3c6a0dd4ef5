// Package config loads site.toml, the site's settings. A missing file means the
// defaults below; an unknown key or a value of the wrong type is an error that
// names its line and column.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"hengdong/internal/diag"
	"hengdong/internal/suggest"
	"hengdong/internal/textenc"
)

// FileName is the settings file at the site root.
const FileName = "site.toml"

// Config is the whole of site.toml.
type Config struct {
	Title        string             `toml:"title"`
	BaseURL      string             `toml:"baseURL"`
	LanguageCode string             `toml:"languageCode"`
	Description  string             `toml:"description"`
	Keywords     []string           `toml:"keywords"`
	Paginate     int                `toml:"paginate"`
	SummaryLen   int                `toml:"summaryLength"`
	Permalinks   map[string]string  `toml:"permalinks"`
	Taxonomies   map[string]string  `toml:"taxonomies"`
	Markdown     Markdown           `toml:"markdown"`
	Menu         []MenuItem         `toml:"menu"`
	Footer       Footer             `toml:"footer"`
	Params       map[string]any     `toml:"params"`
	Sections     map[string]Section `toml:"sections"`
	Limits       Limits             `toml:"limits"`
	URLs         URLs               `toml:"urls"` // urls.go
	// Outputs lists the formats written for each page kind (home, section,
	// page, taxonomy, term) beside its HTML, as Hugo's [outputs]:
	// home = ["html", "rss", "json"]. Unset kinds keep the default.
	Outputs map[string][]string `toml:"outputs"`
	// Check sets the level of `check` rules by rule id: "error", "warning"
	// or "off". The check package validates it (it knows the rules).
	Check    map[string]string `toml:"check"`
	checkPos map[string]Pos    // where each key of Check is written
	// Images sets how photos are published (internal/images).
	Images Images `toml:"images"`
	// Precompress lists the compressed copies `build` writes beside every
	// text file: "gzip" (file.gz, for nginx's gzip_static) and "br"
	// (file.br, for brotli_static, a module Debian ships apart from nginx).
	// The default is ["gzip"]; [] writes none, as `build
	// --precompress=false` does.
	Precompress []string `toml:"precompress"`
}

// Precompression formats of Config.Precompress.
const (
	Gzip   = "gzip"
	Brotli = "br"
)

// Precompresses reports whether the site asks for copies in format f (Gzip
// or Brotli).
func (c *Config) Precompresses(f string) bool {
	for _, p := range c.Precompress {
		if p == f {
			return true
		}
	}
	return false
}

// Images is the [images] table: how JPEG and PNG images in content/ are
// published.
type Images struct {
	// MaxWidth is the widest image published, in pixels; a wider one is
	// published scaled down to it, never as it is.
	MaxWidth int `toml:"maxWidth"`
	// Quality is the JPEG quality of re-encoded images, 1 to 100.
	Quality int `toml:"quality"`
	// Widths are the smaller copies offered to browsers in srcset.
	Widths []int `toml:"widths"`
}

// Markdown holds the Markdown options.
type Markdown struct {
	// Unsafe lets raw HTML in Markdown through. Off by default: editors' HTML is escaped.
	Unsafe bool `toml:"unsafe"`
}

// MenuItem is one entry of the main navigation.
type MenuItem struct {
	Name   string `toml:"name"`
	URL    string `toml:"url"`
	Weight int    `toml:"weight"`
	// Identifier names the entry for children's Parent (default: Name).
	Identifier string `toml:"identifier"`
	// Parent puts the entry in the submenu of the entry with that identifier.
	Parent string `toml:"parent"`
}

// Footer holds the facts a Chinese government site must show on every page.
type Footer struct {
	Sponsor      string `toml:"sponsor"`      // 主办单位
	Organizer    string `toml:"organizer"`    // 承办单位
	Contact      string `toml:"contact"`      // 联系方式
	Address      string `toml:"address"`      // 地址
	SiteCode     string `toml:"siteCode"`     // 网站标识码
	ICP          string `toml:"icp"`          // ICP备案号
	PoliceRecord string `toml:"policeRecord"` // 公安机关备案号
	// ConacBadge is the 党政机关网站标识 image issued with the site's 标识
	// (a path under static/, "images/badges/conac.png"), shown at the bottom
	// centre of every page and linked to its lookup page (ConacURL).
	ConacBadge string `toml:"conacBadge"`
	// ConacID is the id of the site's 标识 in the lookup page's address
	// (bszs.conac.cn/sitename?method=show&id=…), sent to the 开办单位 by the
	// 注册管理中心 with the badge.
	ConacID string `toml:"conacID"`
	// PoliceBadge is the 公安备案 icon (a path under static/), shown directly
	// before the 公安机关备案号 inside its link.
	PoliceBadge string `toml:"policeBadge"`
}

// ConacLookup is the 党政机关网站标识 lookup page; the badge links to it with
// the site's id.
const ConacLookup = "https://bszs.conac.cn/sitename?method=show&id="

// ConacURL is the lookup page of the site's 党政机关网站标识.
func (f Footer) ConacURL() string { return ConacLookup + f.ConacID }

// ICPURL is the MIIT lookup an ICP number links to.
func (f Footer) ICPURL() string { return "https://beian.miit.gov.cn/" }

var digits = regexp.MustCompile(`\d+`)

// PoliceCode returns the digits of the 公安机关备案号, used by its lookup URL.
func (f Footer) PoliceCode() string { return digits.FindString(f.PoliceRecord) }

// PoliceRecordURL is the lookup the 公安机关备案号 links to.
func (f Footer) PoliceRecordURL() string {
	return "https://beian.mps.gov.cn/#/query/webSearch?code=" + f.PoliceCode()
}

// Section holds per-section settings.
type Section struct {
	// MaxAgeDays is how old the newest page may be before `check` warns (news-type sections).
	MaxAgeDays int `toml:"maxAgeDays"`
	// UpdateClass is how often the inspection expects the section to change:
	// "动态" (also 要闻, 新闻: 14 days), "通知公告" (also 政策文件: 6 months) or
	// "静态" (never). Empty means the class its name suggests.
	UpdateClass string `toml:"updateClass"`
}

// Limits bound what one editor file may ask of the generator, so that a
// hostile or broken file fails fast with a message instead of exhausting memory
// or time. The defaults are far above real content.
type Limits struct {
	// MaxFileSize is the largest content or seeds file, in bytes; site.toml takes
	// a number of bytes or a string such as "4MB" or "512KB".
	MaxFileSize ByteSize `toml:"maxFileSize"`
	// MaxNesting is the deepest nesting of lists and block quotes in Markdown.
	MaxNesting int `toml:"maxNesting"`
}

// Default limits.
const (
	DefaultMaxFileSize ByteSize = 4 << 20
	DefaultMaxNesting           = 100
)

// ByteSize is a size in bytes that site.toml may write as "4MB", "512KB" or a
// plain number of bytes.
type ByteSize int64

// UnmarshalText reads "4MB", "4 MiB", "512KB", "512k" or "1048576".
func (b *ByteSize) UnmarshalText(text []byte) error {
	s := strings.ToUpper(strings.TrimSpace(string(text)))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"MIB", 1 << 20}, {"KIB", 1 << 10}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/mult {
		return fmt.Errorf("%q is not a size: write \"4MB\", \"512KB\" or a number of bytes", string(text))
	}
	*b = ByteSize(n * mult)
	return nil
}

// String writes the size the way site.toml may: "4MB", "512KB" or bytes.
func (b ByteSize) String() string {
	switch {
	case b > 0 && b%(1<<20) == 0:
		return fmt.Sprintf("%dMB", b>>20)
	case b > 0 && b%(1<<10) == 0:
		return fmt.Sprintf("%dKB", b>>10)
	}
	return strconv.FormatInt(int64(b), 10)
}

// Default returns the settings used when site.toml is missing or leaves a key out.
func Default() *Config {
	return &Config{
		Title:        "网站",
		BaseURL:      "/",
		LanguageCode: "zh-CN",
		Paginate:     10,
		SummaryLen:   120,
		Taxonomies:   map[string]string{"tag": "tags", "category": "categories"},
		Limits:       Limits{MaxFileSize: DefaultMaxFileSize, MaxNesting: DefaultMaxNesting},
		Images:       Images{MaxWidth: 1600, Quality: 82, Widths: []int{480, 800, 1200}},
		Precompress:  []string{Gzip},
	}
}

// Parse reads site.toml's bytes. file names the file in errors.
func Parse(file string, data []byte) (*Config, error) {
	data, encErr := textenc.Check(file, data)
	if encErr != nil {
		return nil, encErr
	}
	c := Default()
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return nil, tomlError(file, data, err)
	}
	if err := c.normalize(file, data); err != nil {
		return nil, err
	}
	c.checkPos = checkPositions(data)
	return c, nil
}

func (c *Config) normalize(file string, data []byte) error {
	var errs diag.List
	at := func(key string) (int, int) { return keyPos(data, key) }
	if c.BaseURL == "" {
		c.BaseURL = "/"
	}
	if c.BaseURL != "/" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			l, col := at("baseURL")
			errs = append(errs, diag.New(file, l, col, "baseURL 不是有效的网址",
				"请写成 https://www.example.gov.cn/ 的形式", "baseURL must be an absolute http(s) URL"))
		}
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if c.Paginate <= 0 {
		l, col := at("paginate")
		errs = append(errs, diag.New(file, l, col, "paginate 必须是正整数", "请填写每页列出的条数，例如 10", "paginate must be > 0"))
	}
	if c.Limits.MaxFileSize <= 0 {
		l, col := at("maxFileSize")
		errs = append(errs, diag.New(file, l, col, "limits.maxFileSize 必须大于 0", "例如 maxFileSize = \"4MB\"", "limits.maxFileSize must be > 0"))
	}
	if c.Limits.MaxNesting <= 0 {
		l, col := at("maxNesting")
		errs = append(errs, diag.New(file, l, col, "limits.maxNesting 必须是正整数", "例如 maxNesting = 100", "limits.maxNesting must be > 0"))
	}
	if c.SummaryLen <= 0 {
		c.SummaryLen = 120
	}
	for sec, p := range c.Permalinks {
		if !strings.HasPrefix(p, "/") {
			l, col := at(sec)
			errs = append(errs, diag.New(file, l, col, fmt.Sprintf("permalinks.%s 必须以 / 开头", sec),
				"例如 \"/news/:year/:slug/\"", "permalink patterns start with /"))
			continue
		}
		for _, tok := range regexp.MustCompile(`:[a-z]+`).FindAllString(p, -1) {
			switch tok {
			case ":year", ":month", ":day", ":slug", ":section", ":filename":
			default:
				l, col := at(sec)
				errs = append(errs, diag.New(file, l, col, fmt.Sprintf("permalinks.%s 含有不认识的占位符 %s", sec, tok),
					"可用 :year :month :day :slug :section :filename", "unknown permalink token"))
			}
		}
	}
	for _, m := range c.Menu {
		if m.Name == "" || m.URL == "" {
			l, col := at("menu")
			errs = append(errs, diag.New(file, l, col, "菜单项缺少 name 或 url", "每个 [[menu]] 都要写 name 和 url", "menu entries need name and url"))
		}
	}
	if c.Images.MaxWidth < 100 {
		l, col := at("maxWidth")
		errs = append(errs, diag.New(file, l, col, "images.maxWidth 至少是 100",
			"请填写发布图片的最大宽度（像素），例如 1600", "images.maxWidth must be >= 100"))
	}
	if c.Images.Quality < 1 || c.Images.Quality > 100 {
		l, col := at("quality")
		errs = append(errs, diag.New(file, l, col, "images.quality 应在 1 到 100 之间",
			"请填写 JPEG 压缩质量，例如 82", "images.quality must be 1..100"))
	}
	for _, w := range c.Images.Widths {
		if w < 16 {
			l, col := at("widths")
			errs = append(errs, diag.New(file, l, col, "images.widths 中的宽度至少是 16",
				"请填写像素宽度，例如 [480, 800, 1200]", "images.widths must be >= 16"))
			break
		}
	}
	errs = append(errs, c.normalizePrecompress(file, data)...)
	sort.Ints(c.Images.Widths)
	sort.SliceStable(c.Menu, func(i, j int) bool { return c.Menu[i].Weight < c.Menu[j].Weight })
	return errs.Err()
}

// normalizePrecompress checks precompress's formats and drops repeats.
func (c *Config) normalizePrecompress(file string, data []byte) diag.List {
	var errs diag.List
	var seen []string
	for _, f := range c.Precompress {
		if f == Gzip || f == Brotli {
			if !slices.Contains(seen, f) {
				seen = append(seen, f)
			}
			continue
		}
		fix := `可用 "gzip"（nginx 的 gzip_static）和 "br"（brotli_static，需另装模块），例如 precompress = ["gzip", "br"]；写 [] 则不生成压缩副本`
		if s := precompressAlias[strings.ToLower(strings.Trim(strings.TrimSpace(f), "."))]; s != "" {
			fix = fmt.Sprintf("是不是 %q？", s) + fix
		} else if s := suggest.Closest(strings.ToLower(f), []string{Gzip, Brotli}, 1); len(s) > 0 {
			fix = fmt.Sprintf("是不是 %q？", s[0]) + fix
		}
		l, col := keyPos(data, "precompress")
		errs = append(errs, diag.New(file, l, col, fmt.Sprintf("precompress 中不认识的压缩格式 %q", f), fix,
			"unknown precompress format "+strconv.Quote(f)+`: "gzip" or "br"`))
	}
	if errs == nil {
		c.Precompress = seen
	}
	return errs
}

// precompressAlias are other names of the precompress formats.
var precompressAlias = map[string]string{"gz": Gzip, "gzip": Gzip, "brotli": Brotli, "br": Brotli}

// topLevel are the keys written before site.toml's first [table]; below a
// table header, TOML makes one of them a key of that table.
var topLevel = []string{"title", "baseURL", "languageCode", "description", "keywords", "paginate", "summaryLength", "precompress"}

// tomlError turns a go-toml error into a positioned diag error.
func tomlError(file string, data []byte, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var l diag.List
		for _, e := range strict.Errors {
			row, col := e.Position()
			key := strings.Join(e.Key(), ".")
			fix := "请检查拼写（区分大小写），或删除这一项；可用的设置见 README"
			if k := e.Key(); len(k) > 1 && slices.Contains(topLevel, k[len(k)-1]) {
				fix = k[len(k)-1] + " 是顶层设置，请把这一行移到文件开头、第一个 [ ] 表头之前（写在表头下面就属于那个表了）"
			}
			l = append(l, diag.New(file, row, col, fmt.Sprintf("不认识的设置项 %q", key), fix, "unknown key "+key))
		}
		return l.Err()
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		fix := "请检查这一行：字符串要加引号，数字不加引号，列表用 [ ]"
		if strings.Contains(de.Error(), "Config.Precompress ") {
			fix = `precompress 是列表，例如 precompress = ["gzip", "br"]；不要压缩副本时写 precompress = []`
		}
		return diag.New(file, row, col, "site.toml 格式有误或值的类型不对", fix, de.Error())
	}
	// Type mismatches come back without a position; find the key they name.
	msg := err.Error()
	line, col := 0, 0
	if m := regexp.MustCompile(`toml: cannot (?:decode|store) .* into (?:a )?Go struct field [A-Za-z]+\.([A-Za-z.]+)`).FindStringSubmatch(msg); m != nil {
		parts := strings.Split(m[1], ".")
		line, col = keyPos(data, lowerFirst(parts[len(parts)-1]))
	}
	return diag.New(file, line, col, "site.toml 中某个值的类型不对", "请对照 README 中的设置说明修改：字符串要加引号，数字不加引号", msg)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// keyPos finds the first line that assigns key (`key =`), or the table header
// `[[key]]`/`[key]`, so errors found after decoding can still name a line.
func keyPos(data []byte, key string) (int, int) {
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		col := len([]rune(line)) - len([]rune(strings.TrimLeft(line, " \t"))) + 1
		if strings.HasPrefix(t, key) {
			rest := strings.TrimSpace(t[len(key):])
			if strings.HasPrefix(rest, "=") {
				return i + 1, col
			}
		}
		if t == "["+key+"]" || t == "[["+key+"]]" {
			return i + 1, col
		}
	}
	return 0, 0
}

// Domain is the host of BaseURL, for the SiteDomain meta tag.
func (c *Config) Domain() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return ""
	}
	return u.Host
}

// BasePath is the path part of BaseURL ("/" or "/sub/").
func (c *Config) BasePath() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	p := u.Path
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// TaxonomyPlurals returns the taxonomies' plural names ("categories", "tags"), sorted.
func (c *Config) TaxonomyPlurals() []string {
	var out []string
	for _, p := range c.Taxonomies {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// CheckSize reports a file larger than l.MaxFileSize, positioned where the
// limit is crossed, so that nothing reads further into it.
func (l Limits) CheckSize(file string, data []byte) *diag.Error {
	max := l.MaxFileSize
	if max <= 0 {
		max = DefaultMaxFileSize
	}
	if int64(len(data)) <= int64(max) {
		return nil
	}
	line, col := diag.LineCol(data, int(max))
	return diag.New(file, line, col, fmt.Sprintf("文件太大（%d 字节），超过上限 maxFileSize = %s", len(data), max),
		"请把内容拆分成几个文件；确需更大时在 site.toml 的 [limits] 中调大 maxFileSize，例如 maxFileSize = \"16MB\"",
		fmt.Sprintf("file is %d bytes, more than limits.maxFileSize = %d", len(data), max))
}
