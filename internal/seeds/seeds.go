// Package seeds loads the portal's indicator data — every official figure, kept
// once with its unit, period, growth, status and source — from the files in a
// site's seeds/ directory, so prose, tables and charts all draw the same number.
//
// # Files
//
// Every *.yaml, *.yml, *.json, *.toml and *.csv file under the directory
// (sub-directories included, names starting with "." skipped) is read once and
// merged into one Store. YAML, JSON and TOML files share one shape:
//
//	source: 衡阳日报 2025年2月报道   # file-level source (required unless each indicator has one)
//	group: economy                  # optional file-level group
//	indicators:
//	  - id: gdp-2024                # required: a-z, 0-9, "-", "_", "."
//	    name: 地区生产总值           # required
//	    period: "2024"              # required unless series gives it
//	    value: 391.38               # required unless series gives it
//	    unit: 亿元                   # required
//	    growth: 6.7                 # optional, per cent
//	    basis: 比上年                # optional: what growth compares with
//	    status: 初步核算             # optional: 初步核算, 推算, 目标 or 最终核实
//	    note: …                     # optional
//	    source: …                   # optional, overrides the file's source
//	    sourceUrl: https://…        # optional: where the value was published
//	    group: …                    # optional, overrides the file's group
//	    series:                     # optional: the indicator over several periods
//	      - {period: "2023", value: 366.5, growth: 5.1, status: 最终核实}
//
// An indicator with a series but no value/period of its own takes them (and the
// growth and status, when not given) from the series' last point.
//
// Every value names the published source it comes from: the indicator's
// source, else the file's (an error at the indicator's line when neither is
// given; series points take their indicator's). A value marked status: 推算
// (an estimate, or worked out from published figures) is refused at its status
// line unless the value itself names where it was published — sourceUrl, or a
// source naming a document in 《》 — on the indicator or on the series point:
// the portal publishes figures as published, never its own arithmetic.
//
// CSV files have a header row with the columns
// id,name,period,value,unit,growth,basis,status,source (all required, in any
// order) and optionally note, group and sourceUrl; CSV has no file-level source and no
// series.
//
// # Numbers
//
// Numbers are kept exactly as written: 391.38 stays "391.38" and 6.70 stays
// "6.70"; they are never re-rounded. A number is an optional minus sign, digits,
// and optionally a point and more digits. Quoted numbers ("391.38") are accepted
// too. Exponents, thousands separators, "+" signs and words such as 约 are
// errors (put such remarks in note).
//
// # Periods
//
// A period is a year "2024", a quarter "2024Q1"…"2024Q4", a half year
// "2024H1"/"2024H2" or a month "2024-06". Anything else ("2024年", "24",
// "2024-6") is an error; PeriodLabel turns a period into Chinese for display.
//
// # Errors
//
// Load checks everything and returns every problem it finds as a diag.List
// positioned at file:line:col (File is dir/name, e.g. "seeds/economy.yaml").
package seeds

import (
	"errors"
	"fmt"
	"hengdong/internal/suggest"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"hengdong/internal/config"
	"hengdong/internal/diag"
	"hengdong/internal/textenc"
)

// Statuses are the allowed values of an indicator's status.
var Statuses = []string{"初步核算", "推算", "目标", "最终核实"}

// Number is a figure as written in the seeds file, plus its float value for
// chart geometry. The zero Number means "not given".
type Number struct {
	Text  string  // exactly as written, e.g. "6.70"
	Float float64 // parsed value, for drawing only
}

// IsSet reports whether the number was given.
func (n Number) IsSet() bool { return n.Text != "" }

// String returns the number exactly as written.
func (n Number) String() string { return n.Text }

// Negative reports whether the number is below zero.
func (n Number) Negative() bool { return strings.HasPrefix(n.Text, "-") && n.Float != 0 }

// Abs returns the text without a leading minus sign ("-1.2" → "1.2").
func (n Number) Abs() string { return strings.TrimPrefix(n.Text, "-") }

// Point is one period of an indicator's series.
type Point struct {
	Period string
	Value  Number
	Growth Number
	Status string
	Note   string
	Source string // the published source of a 推算 point (source: 《…》), if any
	Line   int    // position of the point in its file
	Col    int
}

// Indicator is one figure with everything needed to show and cite it.
type Indicator struct {
	ID     string
	Name   string
	Period string
	Value  Number
	Unit   string
	Growth Number // per cent against Basis; unset when not published
	Basis  string // e.g. 比上年, 同比, 按可比价格计算比上年
	Status string // one of Statuses, or empty
	Note   string
	Source string // the indicator's own source, else the file's
	// SourceURL is the address of the published document (sourceUrl), if given.
	SourceURL string
	Group     string // the indicator's own group, else the file's
	Series    []Point

	File string // site-relative file it comes from, e.g. "seeds/economy.yaml"
	Line int    // position of the indicator in File
	Col  int
}

// Points returns the indicator over all its periods, oldest first: the series
// points plus the indicator's own period when the series does not hold it.
func (ind *Indicator) Points() []Point {
	own := Point{Period: ind.Period, Value: ind.Value, Growth: ind.Growth, Status: ind.Status, Line: ind.Line, Col: ind.Col}
	out := make([]Point, 0, len(ind.Series)+1)
	hasOwn := false
	for _, p := range ind.Series {
		hasOwn = hasOwn || p.Period == ind.Period
		out = append(out, p)
	}
	if !hasOwn {
		out = append(out, own)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Period < out[j].Period })
	return out
}

// PeriodLabel returns the Chinese label of the indicator's period.
func (ind *Indicator) PeriodLabel() string { return PeriodLabel(ind.Period) }

// Store holds every indicator of a site.
type Store struct {
	byID  map[string]*Indicator
	all   []*Indicator // sorted by ID
	files map[string][]string
}

// Get returns the indicator with the given id.
func (s *Store) Get(id string) (*Indicator, bool) {
	if s == nil {
		return nil, false
	}
	ind, ok := s.byID[id]
	return ind, ok
}

// All returns every indicator, sorted by id.
func (s *Store) All() []*Indicator {
	if s == nil {
		return nil
	}
	return append([]*Indicator(nil), s.all...)
}

// Group returns, sorted by id, the indicators whose group equals key or whose
// id starts with key. An empty key matches nothing.
func (s *Store) Group(key string) []*Indicator {
	if s == nil || key == "" {
		return nil
	}
	var out []*Indicator
	for _, ind := range s.all {
		if ind.Group == key || strings.HasPrefix(ind.ID, key) {
			out = append(out, ind)
		}
	}
	return out
}

// FileOf returns the site-relative file an indicator comes from, or "".
// The build uses it with Result.Deps for incremental rebuilds.
func (s *Store) FileOf(id string) string {
	if ind, ok := s.Get(id); ok {
		return ind.File
	}
	return ""
}

// Files returns the site-relative names of the files loaded, sorted.
func (s *Store) Files() []string {
	if s == nil {
		return nil
	}
	out := make([]string, 0, len(s.files))
	for f := range s.files {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// IDsIn returns the ids defined in a loaded file, sorted.
func (s *Store) IDsIn(file string) []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s.files[file]...)
}

// Suggest returns up to three ids close to id (by edit distance or a shared
// prefix), best first, for "did you mean" messages.
func (s *Store) Suggest(id string) []string {
	if s == nil {
		return nil
	}
	ids := make([]string, len(s.all))
	for i, ind := range s.all {
		ids[i] = ind.ID
	}
	return suggest.Closest(id, ids, 3)
}

// New builds a Store from indicators already parsed (for example by
// ParseFile), reporting duplicate ids as Load does.
func New(inds []*Indicator) (*Store, error) {
	s := &Store{byID: map[string]*Indicator{}, files: map[string][]string{}}
	var errs diag.List
	for _, ind := range inds {
		if first, dup := s.byID[ind.ID]; dup {
			errs = append(errs, diag.New(ind.File, ind.Line, ind.Col,
				fmt.Sprintf("指标 id “%s” 重复，已在 %s 定义", ind.ID, first.posString()),
				"每个指标的 id 只能出现一次：改名或删去其中一处",
				fmt.Sprintf("duplicate indicator id %q, first defined at %s", ind.ID, first.posString())))
			continue
		}
		s.byID[ind.ID] = ind
		s.all = append(s.all, ind)
		s.files[ind.File] = append(s.files[ind.File], ind.ID)
	}
	sort.Slice(s.all, func(i, j int) bool { return s.all[i].ID < s.all[j].ID })
	for _, ids := range s.files {
		sort.Strings(ids)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

func (ind *Indicator) posString() string {
	return (&diag.Error{File: ind.File, Line: ind.Line, Col: ind.Col}).Pos()
}

// Load reads every seeds file under dir in fsys (pass os.DirFS(siteRoot) and
// "seeds") into one Store. A missing dir gives an empty Store. On any problem
// it returns a nil Store and a diag.List of every problem found.
func Load(fsys fs.FS, dir string) (*Store, error) {
	var files []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && formatOf(p) != "" {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, diag.List{diag.New(dir, 0, 0, "无法读取数据目录", "检查 "+dir+" 目录是否存在、能否读取", err.Error())}
	}
	var (
		all  []*Indicator
		errs diag.List
	)
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			errs = append(errs, diag.New(f, 0, 0, "无法读取数据文件", "检查文件权限", err.Error()))
			continue
		}
		inds, ferrs := ParseFile(f, data)
		errs = append(errs, ferrs...)
		all = append(all, inds...)
	}
	s, err := New(all)
	errs = append(errs, diag.Collect(err)...)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

func formatOf(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".yaml", ".yml":
		return "yaml"
	case ".json":
		return "json"
	case ".toml":
		return "toml"
	case ".csv":
		return "csv"
	}
	return ""
}

// ParseFile parses one seeds file; the format follows the name's extension and
// file is used in error positions. It returns the indicators that are valid and
// every problem found.
func ParseFile(file string, data []byte) ([]*Indicator, diag.List) {
	return ParseFileLimits(file, data, config.Default().Limits)
}

// ParseFileLimits is ParseFile with the site's limits: a file larger than
// lim.MaxFileSize, or not UTF-8, is refused before it is parsed.
func ParseFileLimits(file string, data []byte, lim config.Limits) ([]*Indicator, diag.List) {
	if err := lim.CheckSize(file, data); err != nil {
		return nil, diag.List{err}
	}
	data, encErr := textenc.Check(file, data)
	if encErr != nil {
		return nil, diag.List{encErr}
	}
	var (
		root *node
		err  *diag.Error
	)
	switch formatOf(file) {
	case "yaml":
		root, err = parseYAML(data)
	case "json":
		root, err = parseJSON(data)
	case "toml":
		root, err = parseTOML(data)
	case "csv":
		return parseCSV(file, data)
	default:
		return nil, diag.List{diag.New(file, 0, 0, "不认识的数据文件格式", "数据文件须以 .yaml、.yml、.json、.toml 或 .csv 结尾",
			"unknown seeds file extension")}
	}
	if err != nil {
		err.File = file
		return nil, diag.List{err}
	}
	v := &validator{file: file}
	inds := v.document(root)
	return inds, v.errs
}

var (
	numberRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	idRE     = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	periodRE = regexp.MustCompile(`^[0-9]{4}(Q[1-4]|H[12]|-(0[1-9]|1[0-2]))?$`)
)

// ValidPeriod reports whether p is a period seeds accept.
func ValidPeriod(p string) bool { return periodRE.MatchString(p) }

// PeriodLabel turns a period into its Chinese label: "2024" → "2024年",
// "2024Q1" → "2024年一季度", "2024H1" → "2024年上半年", "2024-06" → "2024年6月".
// Anything else is returned unchanged.
func PeriodLabel(p string) string {
	if !periodRE.MatchString(p) {
		return p
	}
	y, rest := p[:4], p[4:]
	switch {
	case rest == "":
		return y + "年"
	case rest[0] == 'Q':
		return y + "年" + []string{"一", "二", "三", "四"}[rest[1]-'1'] + "季度"
	case rest == "H1":
		return y + "年上半年"
	case rest == "H2":
		return y + "年下半年"
	}
	m, _ := strconv.Atoi(rest[1:])
	return fmt.Sprintf("%s年%d月", y, m)
}

// parseNumber checks a number's text, returning it with its float value.
func parseNumber(text string) (Number, bool) {
	if !numberRE.MatchString(text) {
		return Number{}, false
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return Number{}, false
	}
	return Number{Text: text, Float: f}, true
}
