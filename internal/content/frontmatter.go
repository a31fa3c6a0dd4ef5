package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
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
	Outputs     []string // formats written beside the HTML (Hugo's outputs): rss, json
	Weight      int
	Slug        string
	URL         string
	Layout      string
	Type        string
	Cover       Image
	Newsroom                   // pin, featured, editor, menu (newsroom.go)
	Params      map[string]any // every key, lower-case, and the entries of params:

	unknown []keyAt // keys that are not front matter fields, for warnings
}

// keyAt is a front matter key and where it is written.
type keyAt struct {
	key       string
	line, col int
}

// Image is a picture with its alternative text.
type Image struct {
	Src string
	Alt string
	// Thumb is the URL of a JPEG or PNG cover's list thumbnail: cropped
	// around its centre to 4:3 and 480×360 (set by the build; empty for
	// other covers).
	Thumb string
	// Width and Height are the published cover's size, Srcset its smaller
	// copies for the srcset attribute (set by the build; zero or empty
	// when unknown).
	Width, Height int
	Srcset        string
}

// field is one front matter value with the position of the value.
type field struct {
	v         any
	line, col int
	key       keyAt // the key as written, and its position
}

// SplitFrontMatter separates src into its front matter and body. format is "yaml",
// "toml", "json" or "" (none). bodyLine is the number of lines before the body.
//
// JSON front matter is, as in Hugo, a JSON object at the very start of the
// file; the body starts on the line after its closing brace. A file starting
// with "{{" (a shortcode) has no front matter.
func SplitFrontMatter(src []byte) (format string, fm []byte, fmLine int, body []byte, bodyLine int, err error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if isJSONFrontMatter(src) {
		return splitJSON(src)
	}
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

// isJSONFrontMatter reports whether src starts with a JSON object: "{" then,
// after white space, a key or the closing brace.
func isJSONFrontMatter(src []byte) bool {
	if len(src) == 0 || src[0] != '{' {
		return false
	}
	rest := bytes.TrimLeft(src[1:], " \t\r\n")
	return len(rest) > 0 && (rest[0] == '"' || rest[0] == '}')
}

// splitJSON splits a file whose front matter is a JSON object.
func splitJSON(src []byte) (format string, fm []byte, fmLine int, body []byte, bodyLine int, err error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return "json", nil, 0, nil, 0, jsonErr("", src, 1, err)
	}
	end := int(dec.InputOffset())
	rest := src[end:]
	nl := bytes.IndexByte(rest, '\n')
	line := rest
	if nl >= 0 {
		line = rest[:nl]
	}
	if len(bytes.TrimSpace(line)) > 0 {
		l, c := diag.LineCol(src, end+len(line)-len(bytes.TrimLeft(line, " \t")))
		return "json", nil, 0, nil, 0, diag.New("", l, c, "前言（JSON）的右花括号 } 之后还有文字",
			"正文请从 } 的下一行开始写", "text after the JSON front matter on the same line")
	}
	if nl < 0 {
		return "json", src[:end], 1, []byte{}, bytes.Count(src, []byte("\n")) + 1, nil
	}
	bodyStart := end + nl + 1
	return "json", src[:end], 1, src[bodyStart:], bytes.Count(src[:bodyStart], []byte("\n")), nil
}

// jsonErr positions a JSON decoding error of data, which starts on file line
// fmLine.
func jsonErr(file string, data []byte, fmLine int, err error) *diag.Error {
	off := len(data)
	detail := err.Error()
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = int(se.Offset)
		if off > 0 {
			off-- // Offset is just past the bad byte
		}
	case errors.As(err, &te):
		off = int(te.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		detail = "unexpected end of JSON: a } or ] is missing"
	}
	line, col := diag.LineCol(data, off)
	return diag.New(file, line+fmLine-1, col, "前言（JSON）格式有误",
		"请检查这一处：键和文字都要用英文双引号，项与项之间用英文逗号，最后一项后面不加逗号，花括号要成对", detail)
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
	case "json":
		fields, err = jsonFields(file, data, fmLine)
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
	err := yaml.Unmarshal(data, &doc)
	// A slip (a full-width colon, a Tab, a missing space…) is reported where
	// it is, naming the character, rather than as YAML's own message.
	if slips := yamlSlips(file, data, fmLine, err == nil); len(slips) > 0 {
		return nil, slips.Err()
	}
	if err != nil {
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
			if strings.Contains(err.Error(), "excessive aliasing") {
				// yaml.v3's guard against alias bombs (nine aliases of nine aliases …).
				return nil, diag.New(file, v.Line+fmLine-1, v.Column, fmt.Sprintf("%s 的 YAML 别名（*引用）展开后太大，超过 YAML 解析器的上限", k.Value),
					"请不要用别名层层引用别名；把值直接写出来", err.Error())
			}
			return nil, diag.New(file, v.Line+fmLine-1, v.Column, fmt.Sprintf("%s 的值无法读取", k.Value), "请检查这一项的写法", err.Error())
		}
		out[key] = field{v: val, line: v.Line + fmLine - 1, col: v.Column, key: keyAt{k.Value, k.Line + fmLine - 1, k.Column}}
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

// jsonFields reads JSON front matter: one object, whose keys are read one by
// one so that each value keeps its position.
func jsonFields(file string, data []byte, fmLine int) (map[string]field, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	// pos is the position of the next token: past white space, ':' and ','.
	pos := func() (int, int) {
		off := int(dec.InputOffset())
		for off < len(data) && strings.IndexByte(" \t\r\n,:", data[off]) >= 0 {
			off++
		}
		l, c := diag.LineCol(data, off)
		return l + fmLine - 1, c
	}
	fail := func(err error) error { return jsonErr(file, data, fmLine, err) }
	if tok, err := dec.Token(); err != nil {
		return nil, fail(err)
	} else if tok != json.Delim('{') {
		return nil, diag.New(file, fmLine, 1, "前言必须是 { \"键\": 值 } 的形式", "例如 {\"title\": \"标题\"}", "front matter must be an object")
	}
	out := map[string]field{}
	for dec.More() {
		kl, kc := pos()
		tok, err := dec.Token()
		if err != nil {
			return nil, fail(err)
		}
		k, _ := tok.(string)
		key := strings.ToLower(k)
		if _, dup := out[key]; dup {
			return nil, diag.New(file, kl, kc, fmt.Sprintf("前言中 %s 写了两次", k), "请删除重复的一项", "duplicate key "+k)
		}
		vl, vc := pos()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, fail(err)
		}
		out[key] = field{v: fromJSON(v), line: vl, col: vc, key: keyAt{k, kl, kc}}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, fail(err)
	}
	return out, nil
}

// fromJSON turns json.Numbers into the int or float64 YAML would give, so the
// fields decode alike whatever the format.
func fromJSON(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return int(i)
		}
		f, _ := v.Float64()
		return f
	case []any:
		for i := range v {
			v[i] = fromJSON(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = fromJSON(v[k])
		}
	}
	return v
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
		out[strings.ToLower(k)] = field{v: v, line: line, col: col, key: keyAt{k, line, 1}}
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
	// list reads a list of strings; split also splits each string at the
	// commas and 顿号 editors write between terms ("印章，文旅").
	list := func(key string, dst *[]string, split bool) {
		f, ok := fields[key]
		if !ok || f.v == nil {
			return
		}
		add := func(s string) {
			parts := []string{s}
			if split {
				parts = SplitTerms(s)
			}
			for _, p := range parts {
				if p = strings.TrimSpace(p); p != "" && !slices.Contains(*dst, p) {
					*dst = append(*dst, p)
				}
			}
		}
		switch v := f.v.(type) {
		case string:
			add(v)
		case []any:
			for _, x := range v {
				s, ok := x.(string)
				if !ok {
					if x == nil {
						continue
					}
					s = fmt.Sprint(x)
				}
				add(s)
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
	list("tags", &fm.Tags, true)
	list("categories", &fm.Categories, true)
	list("keywords", &fm.Keywords, true)
	list("aliases", &fm.Aliases, false)
	list("outputs", &fm.Outputs, false)
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
	errs = append(errs, decodeNewsroom(file, fields, &fm)...)
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
		if !knownKeys[k] {
			fm.unknown = append(fm.unknown, fields[k].key)
		}
	}
	// Hugo's params: map holds a page's own parameters; a key written at the
	// top level wins.
	if f, ok := fields["params"]; ok {
		if m, isMap := f.v.(map[string]any); isMap {
			for k, v := range m {
				if _, set := fm.Params[strings.ToLower(k)]; !set {
					fm.Params[strings.ToLower(k)] = v
				}
			}
		} else if f.v != nil {
			bad(f, "params", "键值对", "params: {slogan: 文字}")
		}
	}
	return fm, errs.Err()
}

// knownKeys are the front matter keys the generator and the default theme
// read; any other key is kept in Params but warned about, as it is most often
// a misspelling (soruce for source).
var knownKeys = map[string]bool{
	"title": true, "date": true, "lastmod": true, "publishdate": true, "expirydate": true, "draft": true,
	"summary": true, "description": true, "tags": true, "categories": true, "keywords": true, "weight": true,
	"slug": true, "url": true, "aliases": true, "layout": true, "type": true, "cover": true, "source": true,
	"noindex": true, "params": true, "outputs": true,
	"pin": true, "featured": true, "editor": true, "menu": true, // newsroom.go
	"columntype":   true, // the 栏目类型 meta tag of the default theme
	"wordingallow": true, // 表述例外, read by internal/check (check.AllowKey)
}

// SplitTerms splits a taxonomy term list written as one string at the
// separators editors use: "，" "、" "," "；" ";".
func SplitTerms(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == '，' || r == '、' || r == ',' || r == '；' || r == ';'
	})
}
