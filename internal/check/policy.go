package check

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"hengdong/internal/config"
	"hengdong/internal/diag"
	"hengdong/internal/suggest"
)

// Policy is a site's own levels for rules, from site.toml's [check] table
// (like ESLint's rules or Zola's link checker settings); a rule it does not
// name keeps its default level from Rules. The zero Policy is the defaults.
type Policy map[string]Level

// Level returns the level of rule id under p.
func (p Policy) Level(id string) Level {
	if l, ok := p[id]; ok {
		return l
	}
	return LevelOf(id)
}

// PolicyOf reads cfg's [check] table. An unknown rule id or level, or a level
// for the build rule (a page that cannot be generated cannot be published),
// is an error naming its line in site.toml, with the likeliest intended name.
func PolicyOf(cfg *config.Config) (Policy, error) {
	if len(cfg.Check) == 0 {
		return nil, nil
	}
	p := Policy{}
	var errs diag.List
	ids := make([]string, len(Rules))
	for i, r := range Rules {
		ids[i] = r.ID
	}
	levels := []string{string(Error), string(Warning), string(Off)}
	for _, id := range slices.Sorted(maps.Keys(cfg.Check)) {
		val := cfg.Check[id]
		at := cfg.CheckPos(id)
		bad := func(msg, fix, detail string) {
			errs = append(errs, diag.New(config.FileName, at.Line, at.Col, msg, fix, detail))
		}
		switch {
		case id == RuleBuild:
			bad("检查规则 build 的级别不能调整", "页面无法生成时站点不能发布，请删除这一行并修正报出的错误",
				"the build rule cannot be changed")
			continue
		case !slices.Contains(ids, id):
			fix := "可用的规则见 go run . check --rules"
			if s := didYouMean(id, ids); s != "" {
				fix = "是不是 " + s + "？" + fix
			}
			bad(fmt.Sprintf("[check] 中不认识的检查规则 %q", id), fix, "unknown rule id "+id)
			continue
		}
		lv := strings.ToLower(strings.TrimSpace(val))
		if !slices.Contains(levels, lv) {
			fix := "级别只能是 error、warning 或 off"
			if s := didYouMean(lv, levels); s != "" {
				fix = fmt.Sprintf("是不是 %q？", s) + fix
			}
			bad(fmt.Sprintf("检查规则 %s 的级别 %q 不认识", id, val), fix, "unknown level "+val)
			continue
		}
		p[id] = Level(lv)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// didYouMean returns the candidate closest to s (suggest.Closest), or else
// one that contains s ("alt" → "img-alt"); "" when none is near.
func didYouMean(s string, candidates []string) string {
	if c := suggest.Closest(s, candidates, 1); len(c) > 0 {
		return c[0]
	}
	for _, c := range candidates {
		if s != "" && strings.Contains(c, s) {
			return c
		}
	}
	return ""
}
