package content

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"gopkg.in/yaml.v3"

	"hengdong/internal/diag"
)

// China Standard Time, without depending on the system's tzdata: dates written
// without a zone are Beijing time.
var cst = time.FixedZone("CST", 8*3600)

// FrontMatter is what an editor writes between the --- or +++ fences.
type FrontMatter struct {
	Title       string
	Description string
	Summary     string
	Source      string // 来源
	Date        time.Time
	Lastmod     time.Time
	PublishDate time.Time
	ExpiryDate  time.Time
	Draft       bool
	Tags        []string
	Categories  []string
	Keywords    []string
	Aliases     []string
	Weight      int
	Slug        string
	URL         string
	Layout      string
	Type        string
	Cover       Image
	Params      map[string]any // every key, lower-case
}

// Image is a picture with its alternative text.
type Image struct {
	Src string
	Alt string
}

// field is one front matter value with the position of the value.
type field struct {
	v         any
	line, col int
}

// SplitFrontMatter separates src into its front matter and body. format is "yaml",
// "toml" or "" (none). bodyLine is the number of lines before the body.
func SplitFrontMatter(src []byte) (format string, fm []byte, fmLine int, body []byte, bodyLine int, err error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	var fence string
	switch {
	case hasFence(src, "---"):
		format, fence = "yaml", "---"
	case hasFence(src, "+++"):
		format, fence = "toml", "+++"
	default:
		return "", nil, 0, src, 0, nil
	}
	rest := src[len(fence):]
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 {
		return format, nil, 0, nil, 0, diag.New("", 1, 1, "前言（front matter）没有结束标记",
			fmt.Sprintf("请在前言之后另起一行写 %s", fence), "front matter is not closed")
	}
	start := len(fence) + nl + 1
	line := 2
	for i := start; i <= len(src); {
		j := bytes.IndexByte(src[i:], '\n')
		end := len(src)
		if j >= 0 {
			end = i + j
		}
		if strings.TrimRight(string(src[i:end]), " \t\r") == fence {
			body := []byte{}
			if end < len(src) {
				body = src[end+1:]
			}
			return format, src[start:i], 2, body, line, nil
		}
		if j < 0 {
			break
		}
		i = end + 1
		line++
	}
	return format, nil, 0, nil, 0, diag.New("", 1, 1, "前言（front matter）没有结束标记",
		fmt.Sprintf("请在前言之后另起一行写 %s", fence), "front matter is not closed")
}

func hasFence(src []byte, fence string) bool {
	if !bytes.HasPrefix(src, []byte(fence)) {
		return false
	}
	rest := strings.TrimLeft(string(src[len(fence):min(len(src), len(fence)+8)]), " \t\r")
	return strings.HasPrefix(rest, "\n")
}

// ParseFrontMatter decodes front matter text. fmLine is the file line the text
// starts on; file names the file in errors.
func ParseFrontMatter(file, format string, data []byte, fmLine int) (FrontMatter, error) {
	var fields map[string]field
	var err error
	switch format {
	case "yaml":
		fields, err = yamlFields(file, data, fmLine)
	case "toml":
		fields, err = tomlFields(file, data, fmLine)
	default:
		return FrontMatter{Params: map[string]any{}}, nil
	}
	if err != nil {
		return FrontMatter{}, err
	}
	return decodeFields(file, fields)
}

func yamlFields(file string, data []byte, fmLine int) (map[string]field, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, col := yamlErrPos(err.Error(), data)
		return nil, diag.New(file, line+fmLine-1, col, "前言（YAML）格式有误",
			"请检查这一行附近：冒号后要有空格，缩进要对齐，含冒号的文字要加引号", err.Error())
	}
	out := map[string]field{}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return out, nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, diag.New(file, m.Line+fmLine-1, m.Column, "前言必须是“键: 值”的形式",
			"例如 title: 标题", "front matter must be a mapping")
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key := strings.ToLower(k.Value)
		if _, dup := out[key]; dup {
			return nil, diag.New(file, k.Line+fmLine-1, k.Column, fmt.Sprintf("前言中 %s 写了两次", k.Value),
				"请删除重复的一项", "duplicate key "+k.Value)
		}
		var val any
		if v.Kind == yaml.ScalarNode && (v.Tag == "!!timestamp" || v.Tag == "!!str") {
			val = v.Value
		} else if err := v.Decode(&val); err != nil {
			return nil, diag.New(file, v.Line+fmLine-1, v.Column, fmt.Sprintf("%s 的值无法读取", k.Value), "请检查这一项的写法", err.Error())
		}
		out[key] = field{v: val, line: v.Line + fmLine - 1, col: v.Column}
	}
	return out, nil
}

// yamlErrPos pulls "line N" out of a yaml.v3 error message.
func yamlErrPos(msg string, data []byte) (int, int) {
	var line int
	if i := strings.Index(msg, "line "); i >= 0 {
		fmt.Sscanf(msg[i+5:], "%d", &line)
	}
	// For an unclosed [ or { yaml.v3 names the line of the enclosing mapping, not
	// the bracket: point at the first line whose brackets do not balance.
	if strings.Contains(msg, "did not find expected") {
		for i, l := range strings.Split(string(data), "\n") {
			for _, pair := range []string{"[]", "{}"} {
				if strings.Count(l, pair[:1]) > strings.Count(l, pair[1:]) {
					return i + 1, len([]rune(l[:strings.Index(l, pair[:1])])) + 1
				}
			}
		}
	}
	if line == 0 {
		line = 1
	}
	return line, 1
}

func tomlFields(file string, data []byte, fmLine int) (map[string]field, error) {
	var m map[string]any
	if err := toml.Unmarshal(data, &m); err != nil {
		line, col := 1, 1
		if de, ok := err.(*toml.DecodeError); ok {
			line, col = de.Position()
		}
		return nil, diag.New(file, line+fmLine-1, col, "前言（TOML）格式有误",
			"请检查这一行：字符串要加引号，日期写成 2025-02-07", err.Error())
	}
	out := map[string]field{}
	lines := strings.Split(string(data), "\n")
	for k, v := range m {
		line, col := 0, 0
		for i, l := range lines {
			t := strings.TrimLeft(l, " \t")
			if strings.HasPrefix(t, k) && strings.HasPrefix(strings.TrimLeft(t[len(k):], " \t"), "=") {
				line = i + fmLine
				eq := strings.Index(l, "=")
				col = len([]rune(l[:eq])) + 1 + len([]rune(l[eq+1:])) - len([]rune(strings.TrimLeft(l[eq+1:], " \t"))) + 1
				break
			}
			if t == "["+k+"]" {
				line, col = i+fmLine, 1
				break
			}
		}
		switch tv := v.(type) {
		case toml.LocalDate:
			v = tv.String()
		case toml.LocalDateTime:
			v = tv.String()
		case time.Time:
			v = tv.Format(time.RFC3339)
		}
		out[strings.ToLower(k)] = field{v: v, line: line, col: col}
	}
	return out, nil
}

var dateLayouts = []string{
	time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05",
	"2006-01-02 15:04", "2006-01-02", "2006-01-02 15:04:05 -07:00", "2006-01-02T15:04:05.999999999",
}

// ParseDate reads the date forms editors write; without a zone, Beijing time.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l, s, cst); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func decodeFields(file string, fields map[string]field) (FrontMatter, error) {
	fm := FrontMatter{Params: map[string]any{}}
	var errs diag.List
	bad := func(f field, key, want, example string) {
		errs = append(errs, diag.New(file, f.line, f.col, fmt.Sprintf("%s 应当是%s", key, want),
			"例如 "+example, fmt.Sprintf("%s: expected %s, got %T", key, want, f.v)))
	}
	str := func(key string, dst *string) {
		f, ok := fields[key]
		if !ok || f.v == nil {
			return
		}
		switch v := f.v.(type) {
		case string:
			*dst = strings.TrimSpace(v)
		case int, int64, uint64, float64:
			*dst = fmt.Sprint(v)
		default:
			bad(f, key, "一段文字", key+": 文字")
		}
	}
	date := func(key string, dst *time.Time) {
		f, ok := fields[key]
		if !ok || f.v == nil {
			return
		}
		s, isStr := f.v.(string)
		t, ok := ParseDate(s)
		if !isStr || !ok {
			bad(f, key, "日期", key+": 2025-02-07 或 2025-02-07T09:00:00+08:00")
			return
		}
		*dst = t
	}
	list := func(key string, dst *[]string) {
		f, ok := fields[key]
		if !ok || f.v == nil {
			return
		}
		switch v := f.v.(type) {
		case string:
			if s := strings.TrimSpace(v); s != "" {
				*dst = []string{s}
			}
		case []any:
			for _, x := range v {
				s, ok := x.(string)
				if !ok {
					if x == nil {
						continue
					}
					s = fmt.Sprint(x)
				}
				if s = strings.TrimSpace(s); s != "" {
					*dst = append(*dst, s)
				}
			}
		default:
			bad(f, key, "一个列表", key+": [印章, 文旅]")
		}
	}
	str("title", &fm.Title)
	str("description", &fm.Description)
	str("summary", &fm.Summary)
	str("source", &fm.Source)
	str("slug", &fm.Slug)
	str("url", &fm.URL)
	str("layout", &fm.Layout)
	str("type", &fm.Type)
	date("date", &fm.Date)
	date("lastmod", &fm.Lastmod)
	date("publishdate", &fm.PublishDate)
	date("expirydate", &fm.ExpiryDate)
	list("tags", &fm.Tags)
	list("categories", &fm.Categories)
	list("keywords", &fm.Keywords)
	list("aliases", &fm.Aliases)
	if f, ok := fields["draft"]; ok {
		if b, isBool := f.v.(bool); isBool {
			fm.Draft = b
		} else {
			bad(f, "draft", "true 或 false", "draft: true")
		}
	}
	if f, ok := fields["weight"]; ok {
		switch v := f.v.(type) {
		case int:
			fm.Weight = v
		case int64:
			fm.Weight = int(v)
		case uint64:
			fm.Weight = int(v)
		default:
			bad(f, "weight", "整数", "weight: 10")
		}
	}
	if f, ok := fields["cover"]; ok {
		switch v := f.v.(type) {
		case string:
			fm.Cover.Src = v
		case map[string]any:
			fm.Cover.Src, _ = v["src"].(string)
			fm.Cover.Alt, _ = v["alt"].(string)
			if fm.Cover.Src == "" {
				bad(f, "cover", "含 src 和 alt 的图片", "cover: {src: cover.svg, alt: 图片说明}")
			}
		default:
			bad(f, "cover", "含 src 和 alt 的图片", "cover: {src: cover.svg, alt: 图片说明}")
		}
	}
	if fm.URL != "" && !strings.HasPrefix(fm.URL, "/") {
		f := fields["url"]
		bad(f, "url", "以 / 开头的路径", "url: /about/contact/")
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fm.Params[k] = fields[k].v
	}
	return fm, errs.Err()
}
