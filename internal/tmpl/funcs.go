package tmpl

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"reflect"
	"sort"
	"strings"
	"time"

	"hengdong/internal/content"
	"hengdong/internal/qr"
)

// DateCN formats t as 2025年2月7日; the zero time gives "".
func DateCN(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

func (e *Engine) funcs() template.FuncMap {
	m := template.FuncMap{
		"dateCN": DateCN,
		"dateFormat": func(layout string, t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format(layout)
		},
		"relURL":        e.relURL,
		"absURL":        e.absURL,
		"safeHTML":      func(s any) template.HTML { return template.HTML(ToString(s)) },
		"safeURL":       func(s any) template.URL { return template.URL(ToString(s)) },
		"safeCSS":       func(s any) template.CSS { return template.CSS(ToString(s)) },
		"safeJS":        func(s any) template.JS { return template.JS(ToString(s)) },
		"partial":       e.partial,
		"partialCached": e.partialCached,
		"where":         where,
		"sort":          sortBy,
		"first":         first,
		"last":          last,
		"dict":          dict,
		"slice":         func(v ...any) []any { return v },
		"default": func(def, v any) any {
			if truth(v) {
				return v
			}
			return def
		},
		"in":        in,
		"add":       func(a, b int) int { return a + b },
		"sub":       func(a, b int) int { return a - b },
		"replace":   func(s, old, new any) string { return strings.ReplaceAll(ToString(s), ToString(old), ToString(new)) },
		"split":     func(s any, sep string) []string { return strings.Split(ToString(s), sep) },
		"join":      func(sep string, list []string) string { return strings.Join(list, sep) },
		"lower":     func(s any) string { return strings.ToLower(ToString(s)) },
		"upper":     func(s any) string { return strings.ToUpper(ToString(s)) },
		"hasPrefix": func(s any, p string) bool { return strings.HasPrefix(ToString(s), p) },
		"urlize":    func(s any) string { return content.EscapePath(content.Urlize(ToString(s))) },
		"jsonify": func(v any) (template.JS, error) {
			b, err := json.Marshal(v)
			return template.JS(b), err
		},
		"version": func() string { return e.opts.Version },
		"i18n":    e.translate,
		"T":       e.translate,
		// qrcode draws text (an article's .Permalink) as a QR code: an <img> of a PNG data URI.
		"qrcode": func(text any, label string) (template.HTML, error) { return qr.Img(ToString(text), label, 120) },
		// xmlEscape escapes text as encoding/xml does (Hugo's
		// transform.XMLEscape), for the .xml templates, which are text
		// templates: nothing else escapes what they print.
		"xmlEscape": func(s any) string {
			var b strings.Builder
			xml.EscapeText(&b, []byte(ToString(s)))
			return b.String()
		},
	}
	for k, v := range namespaceFuncs() {
		m[k] = v
	}
	for k, v := range e.opts.Funcs {
		m[k] = v
	}
	for _, c := range e.escChains { // what escapeFold puts for the escapers
		m[c.fn] = c.print
	}
	return m
}

// ToString is a template function's argument as text, as Hugo's cast does:
// strings, HTML, URLs and bytes as they are, nil as "", anything else
// through fmt.Sprint (reflection, so the common kinds come first).
func ToString(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case template.HTML:
		return string(s)
	case template.URL:
		return string(s)
	case []byte:
		return string(s)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func (e *Engine) relURL(v any) string {
	s := ToString(v)
	if strings.Contains(s, "://") || strings.HasPrefix(s, "//") {
		return s
	}
	return e.opts.BasePath + strings.TrimPrefix(s, "/")
}

func (e *Engine) absURL(v any) string {
	s := ToString(v)
	if strings.Contains(s, "://") {
		return s
	}
	return e.opts.BaseURL + strings.TrimPrefix(strings.TrimPrefix(s, strings.TrimSuffix(e.opts.BasePath, "/")), "/")
}

func truth(v any) bool {
	if v == nil {
		return false
	}
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
		return r.Len() > 0
	case reflect.Bool:
		return r.Bool()
	case reflect.Int, reflect.Int64, reflect.Int32:
		return r.Int() != 0
	case reflect.Float64:
		return r.Float() != 0
	case reflect.Pointer, reflect.Interface:
		return !r.IsNil()
	}
	if t, ok := v.(time.Time); ok {
		return !t.IsZero()
	}
	return true
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict 需要成对的键和值 (dict needs key/value pairs)")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict 的键必须是文字 (dict keys must be strings)")
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

func in(list any, v any) bool {
	if s, ok := list.(string); ok {
		return strings.Contains(s, ToString(v))
	}
	r := reflect.ValueOf(list)
	if r.Kind() != reflect.Slice && r.Kind() != reflect.Array {
		return false
	}
	for i := 0; i < r.Len(); i++ {
		if reflect.DeepEqual(r.Index(i).Interface(), v) {
			return true
		}
	}
	return false
}

// field reads a field or zero-argument method of a struct (or key of a map) by name.
func field(item reflect.Value, name string) (reflect.Value, bool) {
	for item.Kind() == reflect.Interface {
		item = item.Elem()
	}
	if !item.IsValid() {
		return reflect.Value{}, false
	}
	if m := item.MethodByName(name); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() >= 1 {
		return m.Call(nil)[0], true
	}
	v := item
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return reflect.Value{}, false
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		f := v.FieldByName(name)
		return f, f.IsValid()
	case reflect.Map:
		f := v.MapIndex(reflect.ValueOf(name))
		if !f.IsValid() {
			f = v.MapIndex(reflect.ValueOf(strings.ToLower(name)))
		}
		return f, f.IsValid()
	}
	return reflect.Value{}, false
}

func fieldPath(item reflect.Value, path string) (reflect.Value, bool) {
	for _, name := range strings.Split(strings.TrimPrefix(path, "."), ".") {
		var ok bool
		if item, ok = field(item, name); !ok {
			return reflect.Value{}, false
		}
	}
	return item, true
}

// where filters list to the items whose field (a dotted path like "Params.group")
// compares to value: where list "Section" "news", or where list "Weight" "ne" 0.
func where(list any, path string, args ...any) (any, error) {
	op, val := "eq", any(nil)
	switch len(args) {
	case 1:
		val = args[0]
	case 2:
		op, _ = args[0].(string)
		val = args[1]
	default:
		return nil, fmt.Errorf("where 需要字段名和值 (where needs a field and a value)")
	}
	r := reflect.ValueOf(list)
	if r.Kind() != reflect.Slice {
		return nil, fmt.Errorf("where 的第一个参数必须是列表 (where needs a list)")
	}
	out := reflect.MakeSlice(r.Type(), 0, r.Len())
	for i := 0; i < r.Len(); i++ {
		f, ok := fieldPath(r.Index(i), path)
		var fv any
		if ok && f.IsValid() && f.CanInterface() {
			fv = f.Interface()
		}
		var match bool
		switch op {
		case "eq", "==", "=":
			match = equal(fv, val)
		case "ne", "!=":
			match = !equal(fv, val)
		case "in":
			match = in(val, fv)
		case "not in":
			match = !in(val, fv)
		case "intersect":
			match = intersects(fv, val)
		default:
			return nil, fmt.Errorf("where 不支持运算 %q (unsupported operator)", op)
		}
		if match {
			out = reflect.Append(out, r.Index(i))
		}
	}
	return out.Interface(), nil
}

func equal(a, b any) bool {
	if reflect.DeepEqual(a, b) {
		return true
	}
	return ToString(a) == ToString(b)
}

func intersects(a, b any) bool {
	ra, rb := reflect.ValueOf(a), reflect.ValueOf(b)
	if ra.Kind() != reflect.Slice || rb.Kind() != reflect.Slice {
		return false
	}
	for i := 0; i < ra.Len(); i++ {
		if in(b, ra.Index(i).Interface()) {
			return true
		}
	}
	return false
}

// sortBy sorts a copy of list by a field, "asc" (default) or "desc".
func sortBy(list any, args ...string) (any, error) {
	r := reflect.ValueOf(list)
	if r.Kind() != reflect.Slice {
		return nil, fmt.Errorf("sort 的第一个参数必须是列表 (sort needs a list)")
	}
	path, desc := "", false
	if len(args) > 0 {
		path = args[0]
	}
	if len(args) > 1 {
		desc = strings.EqualFold(args[1], "desc")
	}
	out := reflect.MakeSlice(r.Type(), r.Len(), r.Len())
	reflect.Copy(out, r)
	key := func(i int) reflect.Value {
		v := out.Index(i)
		if path == "" || path == "value" {
			return v
		}
		f, _ := fieldPath(v, path)
		return f
	}
	sort.SliceStable(out.Interface(), func(i, j int) bool {
		if desc {
			return lessValue(key(j), key(i))
		}
		return lessValue(key(i), key(j))
	})
	return out.Interface(), nil
}

func lessValue(a, b reflect.Value) bool {
	for a.Kind() == reflect.Interface && !a.IsNil() {
		a = a.Elem()
	}
	for b.Kind() == reflect.Interface && !b.IsNil() {
		b = b.Elem()
	}
	if !a.IsValid() || !b.IsValid() {
		return !a.IsValid() && b.IsValid()
	}
	if ta, ok := a.Interface().(time.Time); ok {
		if tb, ok := b.Interface().(time.Time); ok {
			return ta.Before(tb)
		}
	}
	switch a.Kind() {
	case reflect.Int, reflect.Int64, reflect.Int32:
		if b.CanInt() {
			return a.Int() < b.Int()
		}
	case reflect.Float64, reflect.Float32:
		if b.CanFloat() {
			return a.Float() < b.Float()
		}
	}
	// Titles and terms in Chinese collation, as lists are read: 安徽 before 北京.
	return content.CompareText(ToString(a.Interface()), ToString(b.Interface())) < 0
}

func first(n int, list any) (any, error) {
	r := reflect.ValueOf(list)
	if r.Kind() != reflect.Slice && r.Kind() != reflect.Array {
		return nil, fmt.Errorf("first 的第二个参数必须是列表 (first needs a list)")
	}
	if n < 0 {
		n = 0
	}
	if n > r.Len() {
		n = r.Len()
	}
	return r.Slice(0, n).Interface(), nil
}

func last(n int, list any) (any, error) {
	r := reflect.ValueOf(list)
	if r.Kind() != reflect.Slice && r.Kind() != reflect.Array {
		return nil, fmt.Errorf("last 的第二个参数必须是列表 (last needs a list)")
	}
	if n > r.Len() {
		n = r.Len()
	}
	if n < 0 {
		n = 0
	}
	return r.Slice(r.Len()-n, r.Len()).Interface(), nil
}
