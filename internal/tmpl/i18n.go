package tmpl

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"hengdong/internal/diag"
)

// Translation is one string of a translation table: Other, and One for a
// count of one where a language makes the difference.
type Translation struct{ One, Other string }

// Translations are the strings the i18n (or T) template function gives, by key.
type Translations map[string]Translation

// LoadTranslations reads the translation tables (files keyed "i18n/zh-CN.toml"
// for the site's, "theme/i18n/zh-CN.toml" for the theme's; Hugo's format:
// `key = "文字"`, or a table `[key]` with `one` and `other`) for the site's
// language lang: the tables of lang itself (the site's, then the theme's), then
// of its base language ("zh" for "zh-CN"), then of the theme's own language
// (zh-CN), each filling only the keys the ones before it lack.
func LoadTranslations(files map[string][]byte, lang string) (Translations, error) {
	out := Translations{}
	var errs diag.List
	order := []string{lang}
	if base, _, ok := strings.Cut(lang, "-"); ok {
		order = append(order, base)
	}
	order = append(order, "zh-CN", "zh")
	seen := map[string]bool{}
	for _, l := range order {
		key := strings.ToLower(l)
		if seen[key] {
			continue
		}
		seen[key] = true
		for _, name := range slices.SortedFunc(maps.Keys(files), func(a, b string) int {
			// the site's table before the theme's
			return cmp.Or(cmp.Compare(themeRank(a), themeRank(b)), strings.Compare(a, b))
		}) {
			data := files[name]
			if !strings.EqualFold(strings.TrimSuffix(path.Base(name), path.Ext(name)), l) || path.Ext(name) != ".toml" {
				continue
			}
			t, err := parseTranslations(name, data)
			if err != nil {
				errs = append(errs, diag.Collect(err)...)
				continue
			}
			for k, v := range t {
				if _, have := out[k]; !have {
					out[k] = v
				}
			}
		}
	}
	return out, errs.Err()
}

// themeRank orders the site's tables (0) before the theme's (1).
func themeRank(name string) int {
	if strings.HasPrefix(name, "theme/") {
		return 1
	}
	return 0
}

func parseTranslations(file string, data []byte) (Translations, error) {
	var raw map[string]any
	if err := toml.Unmarshal(data, &raw); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			return nil, diag.New(file, row, col, "翻译表格式有误", `每行写成 键 = "文字"，或 [键] 下写 one = "…" 和 other = "…"`, de.Error())
		}
		return nil, diag.New(file, 0, 0, "翻译表格式有误", `每行写成 键 = "文字"`, err.Error())
	}
	out := Translations{}
	for k, v := range raw {
		switch v := v.(type) {
		case string:
			out[k] = Translation{Other: v}
		case map[string]any:
			one, _ := v["one"].(string)
			other, _ := v["other"].(string)
			if other == "" {
				return nil, diag.New(file, 0, 0, fmt.Sprintf("翻译 %q 缺少 other", k), `在 [`+k+`] 下写 other = "文字"`, "translation without other")
			}
			out[k] = Translation{One: one, Other: other}
		default:
			return nil, diag.New(file, 0, 0, fmt.Sprintf("翻译 %q 应为文字", k), `写成 `+k+` = "文字"`, "translation is not a string")
		}
	}
	return out, nil
}

// translate is the i18n template function: the string for key, the form for
// count when one is given ("{{ .Count }}" in it becomes the number). A key no
// table has gives the key itself, so a missing translation shows, not
// vanishes.
// Text returns key's text in the site's language (the translation tables'
// "other" form), or fallback when no table has key: for the pages the build
// itself makes (404, site map), whose titles no template sets.
func (e *Engine) Text(key, fallback string) string {
	if t, ok := e.opts.I18n[key]; ok && t.Other != "" {
		return t.Other
	}
	return fallback
}

func (e *Engine) translate(key string, count ...any) (string, error) {
	t, ok := e.opts.I18n[key]
	if !ok {
		return key, nil
	}
	if len(count) == 0 {
		return t.Other, nil
	}
	n, err := toFloat(count[0])
	if err != nil {
		return "", fmt.Errorf("i18n %q: the count must be a number: %v", key, err)
	}
	s := t.Other
	if n == 1 && t.One != "" {
		s = t.One
	}
	num := strconv.FormatFloat(n, 'f', -1, 64)
	return strings.NewReplacer("{{ .Count }}", num, "{{.Count}}", num).Replace(s), nil
}
