package content

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"hengdong/internal/config"
	"hengdong/internal/diag"
	"hengdong/internal/suggest"
)

// unknownKeyWarnings warns about each front matter key of p that no field,
// taxonomy or layout reads, suggesting the known key it is closest to.
func unknownKeyWarnings(cfg *config.Config, p *Page, known map[string]bool) diag.List {
	var out diag.List
	keys := slices.Clone(p.unknown)
	slices.SortFunc(keys, func(a, b keyAt) int { return cmp.Or(a.line-b.line, a.col-b.col) })
	for _, k := range keys {
		lower := strings.ToLower(k.key)
		if known[lower] || isPlural(cfg, lower) {
			continue
		}
		msg := fmt.Sprintf("前言中有不认识的项 “%s”，它不会起作用", k.key)
		detail := fmt.Sprintf("unknown front matter key %q", k.key)
		fix := "请检查拼写；模板要用的自定义参数请写在 params: 下"
		if s := suggestKey(lower, cfg, known); s != "" {
			fix = fmt.Sprintf("是不是要写 %s？", s)
			detail += fmt.Sprintf(" (did you mean %q?)", s)
		}
		out = append(out, diag.New(p.File, k.line, k.col, msg, fix, detail))
	}
	return out
}

// suggestKey returns the known key closest to key (a swap of neighbouring
// letters counts as one edit), or "" when none is close.
func suggestKey(key string, cfg *config.Config, known map[string]bool) string {
	cands := make([]string, 0, len(knownKeys)+len(known)+len(cfg.Taxonomies))
	for k := range knownKeys {
		cands = append(cands, k)
	}
	for k := range known {
		cands = append(cands, k)
	}
	for _, plural := range cfg.Taxonomies {
		cands = append(cands, plural)
	}
	sort.Strings(cands) // ties go to the first in order, not to map order
	if s := suggest.Closest(key, cands, 1); len(s) > 0 {
		return s[0]
	}
	return ""
}

// paramsRE finds .Params.key, .Param "key" and index .Params "key".
var paramsRE = regexp.MustCompile(`\.Params\.([A-Za-z0-9_]+)|\.Param\s+"([A-Za-z0-9_]+)"|index\s+\S*\.Params\s+"([A-Za-z0-9_]+)"`)

// ParamsUsed returns the page parameters layouts read (.Params.key, .Param
// "key", index .Params "key"), lower-case: front matter keys a site's own
// templates use are not unknown.
func ParamsUsed(layouts map[string][]byte) map[string]bool {
	out := map[string]bool{}
	for _, src := range layouts {
		for _, m := range paramsRE.FindAllSubmatch(src, -1) {
			out[strings.ToLower(string(m[1])+string(m[2])+string(m[3]))] = true
		}
	}
	return out
}
