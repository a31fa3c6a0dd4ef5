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

// suggestKey returns the known key closest to key, or "" when none is close:
// at most one edit (two for keys of seven letters or more), a swap of two
// neighbouring letters counting as one.
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
	limit := 1
	if len([]rune(key)) >= 7 {
		limit = 2
	}
	best, bestD := "", limit+1
	for _, c := range cands {
		if d := damerau(key, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// damerau is the optimal string alignment distance between a and b: the edits
// (insert, delete, replace, swap of neighbours) that turn a into b.
func damerau(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

var paramsRE = regexp.MustCompile(`\.Params\.([A-Za-z0-9_]+)`)

// ParamsUsed returns the page parameters layouts read as .Params.key,
// lower-case: front matter keys a site's own templates use are not unknown.
func ParamsUsed(layouts map[string][]byte) map[string]bool {
	out := map[string]bool{}
	for _, src := range layouts {
		for _, m := range paramsRE.FindAllSubmatch(src, -1) {
			out[strings.ToLower(string(m[1]))] = true
		}
	}
	return out
}
