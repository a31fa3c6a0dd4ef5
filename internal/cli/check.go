package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"time"

	"hengdong/internal/build"
	"hengdong/internal/check"
	"hengdong/internal/config"
)

// externalClient makes the requests of `check --external`; nil means a client
// with the --timeout given. Tests replace it.
var externalClient *http.Client

// placesShown is how many places of one rule the grouped output lists.
const placesShown = 20

// productionUsage documents --production, the switch between a site still
// showing placeholder 备案 numbers (as the shipped site.toml does) and one
// being published for real, where a placeholder is an error.
const productionUsage = "正式发布：site.toml 中占位的备案号、网站标识码、电话，以及缺少党政机关网站标识、公安备案图标，都算错误 (placeholder footer numbers and missing footer badges are errors)"

// runCheck builds the site in memory, without writing anything, and runs the
// pre-publication checks: `go run . check [--strict] [--format json] [--external] [--all] [--rules]`.
func runCheck(args []string, env Env) int {
	var f siteFlags
	var strict, external, all, rules, production bool
	var format, nowFlag string
	var timeout time.Duration
	fs := newFlagSet("check", "check [-s 站点目录] [--strict] [--all] [--production] [--now 日期] [--format text|json] [--external [--timeout 15s]] [--rules]", env)
	f.register(fs, false)
	fs.BoolVar(&strict, "strict", false, "警告也算失败 (warnings fail too)")
	fs.StringVar(&format, "format", "text", "输出格式：text 或 json (output format)")
	fs.BoolVar(&production, "production", false, productionUsage)
	fs.StringVar(&nowFlag, "now", "", "按这一天检查栏目更新，如 2025-03-20，便于复现 (check as of this date, YYYY-MM-DD or RFC 3339)")
	fs.BoolVar(&external, "external", false, "同时检查外部链接，需联网 (also try external links)")
	fs.DurationVar(&timeout, "timeout", 15*time.Second, "每个外部链接的超时 (timeout per external link)")
	fs.BoolVar(&all, "all", false, "列出每一处问题，不按规则归并 (print every finding, not grouped)")
	fs.BoolVar(&rules, "rules", false, "列出全部检查规则、默认级别和依据 (list the rules)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if format != "text" && format != "json" {
		fmt.Fprintf(env.Stderr, "--format 只能是 text 或 json，而不是 %q (unknown format)\n", format)
		return ExitUsage
	}
	if rules {
		return printRules(env, format, f.source)
	}
	if nowFlag != "" {
		t, err := parseNow(nowFlag)
		if err != nil {
			fmt.Fprintf(env.Stderr, "--now 应为日期，如 2025-03-20 或 2025-03-20T09:00:00+08:00，而不是 %q (bad --now)\n", nowFlag)
			return ExitUsage
		}
		env.Now = func() time.Time { return t }
	}
	in, err := build.ReadInputs(f.source, env.Theme)
	if err != nil {
		printErrors(env.Stderr, err)
		return ExitFail
	}
	var findings []check.Finding
	var allowed []check.Allowance
	res, err := build.Render(in, build.Options{BuildDrafts: f.drafts, BuildFuture: f.future, BuildExpired: f.expired,
		BaseURL: f.baseURL, Now: env.Now(), Version: Version, ImageCache: imageCache(f.source)})
	if res == nil {
		findings = check.FromBuildError(err, nil)
	} else if policy, perr := check.PolicyOf(res.Config); perr != nil {
		findings = check.FromBuildError(perr, nil)
	} else {
		findings = check.Run(context.Background(), in, res, check.Options{Now: env.Now(), External: external,
			Client: externalClient, Timeout: timeout, Policy: policy, Render: err, Allowances: &allowed, Production: production})
	}
	errs, warns := check.Count(findings)
	failed := errs > 0 || strict && warns > 0
	if format == "json" {
		out := struct {
			OK       bool            `json:"ok"`
			Errors   int             `json:"errors"`
			Warnings int             `json:"warnings"`
			Findings []check.Finding `json:"findings"`
			// Allowed are the wrong forms pages keep on purpose (表述例外).
			Allowed []check.Allowance `json:"allowed,omitempty"`
			// LeftOut are the pages not published (drafts, future, expired).
			LeftOut []leftOutJSON `json:"leftOut,omitempty"`
		}{!failed, errs, warns, findings, allowed, nil}
		if res != nil {
			out.LeftOut = leftOutList(res.Tree)
		}
		if out.Findings == nil {
			out.Findings = []check.Finding{}
		}
		if err := writeJSON(env.Stdout, out); err != nil {
			fmt.Fprintln(env.Stderr, err)
			return ExitFail
		}
	} else {
		printFindings(env.Stdout, findings, f.quiet && !strict, all)
		// Every allowance is listed, even with --quiet: a reviewer signs them off.
		for _, a := range allowed {
			fmt.Fprintln(env.Stdout, a.String())
		}
		if !f.quiet || failed {
			fmt.Fprintf(env.Stdout, "检查完成：%d 个错误，%d 个警告 (%d errors, %d warnings)\n", errs, warns, errs, warns)
		}
		if !f.quiet && res != nil {
			printLeftOut(env.Stdout, res.Tree)
		}
	}
	if failed {
		return ExitFail
	}
	return ExitOK
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printRules writes check.Rules, and the level the site at root gives a rule
// when its site.toml changes it: `check --rules`. A wrong [check] table is
// reported after the list, which is where its fix is looked up.
func printRules(env Env, format, root string) int {
	var policy check.Policy
	var perr error
	if data, err := os.ReadFile(filepath.Join(root, config.FileName)); err == nil {
		cfg, err := config.Parse(config.FileName, data)
		if err == nil {
			policy, err = check.PolicyOf(cfg)
		}
		perr = err
	}
	if format == "json" {
		type rule struct {
			ID    string      `json:"id"`
			Level check.Level `json:"level"`
			Site  check.Level `json:"siteLevel"`
			Title string      `json:"title"`
			Basis string      `json:"basis"`
		}
		var out []rule
		for _, r := range check.Rules {
			out = append(out, rule{r.ID, r.Level, policy.Level(r.ID), r.Title, r.Basis})
		}
		if err := writeJSON(env.Stdout, out); err != nil {
			fmt.Fprintln(env.Stderr, err)
			return ExitFail
		}
	} else {
		fmt.Fprintln(env.Stdout, "检查规则 (rules)；在 site.toml 的 [check] 中可把级别改为 error、warning 或 off，如 img-alt = \"warning\"")
		for _, r := range check.Rules {
			site := ""
			if l := policy.Level(r.ID); l != r.Level {
				site = fmt.Sprintf("（本站：%s）", l)
			}
			fmt.Fprintf(env.Stdout, "\n%-18s %-7s %s%s\n%18s 依据：%s\n", r.ID, r.Level, r.Title, site, "", r.Basis)
		}
	}
	if perr != nil {
		printErrors(env.Stderr, perr)
		return ExitFail
	}
	return ExitOK
}

// printFindings writes the findings; errorsOnly leaves warnings out. When no
// rule has more than placesShown findings, or with all, it writes one finding
// a line, sorted by place. Otherwise it groups them by rule, errors first:
// a line with the rule, its count and the number of files, then its first
// placesShown places, so that thousands of one slip do not bury the rest.
func printFindings(w io.Writer, findings []check.Finding, errorsOnly, all bool) {
	var shown []check.Finding
	byRule := map[string][]check.Finding{}
	for _, x := range findings {
		if errorsOnly && x.Level != check.Error {
			continue
		}
		shown = append(shown, x)
		byRule[x.Rule] = append(byRule[x.Rule], x)
	}
	long := false
	for _, fs := range byRule {
		long = long || len(fs) > placesShown
	}
	if all || !long {
		for _, x := range shown {
			fmt.Fprintln(w, x.String())
		}
		return
	}
	order := map[string]int{}
	for i, r := range check.Rules {
		order[r.ID] = i
	}
	var ids []string
	for id := range byRule {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int {
		ea, eb := hasError(byRule[a]), hasError(byRule[b])
		if ea != eb {
			if ea {
				return -1
			}
			return 1
		}
		return order[a] - order[b]
	})
	for i, id := range ids {
		fs := byRule[id]
		files := map[string]bool{}
		for _, x := range fs {
			files[x.File] = true
		}
		if i > 0 {
			fmt.Fprintln(w)
		}
		title := ""
		for _, r := range check.Rules {
			if r.ID == id {
				title = r.Title
			}
		}
		fmt.Fprintf(w, "[%s] %s：%d 处，%d 个文件 (%d findings in %d files)\n", id, title, len(fs), len(files), len(fs), len(files))
		for j, x := range fs {
			if j == placesShown {
				fmt.Fprintf(w, "  …… 另有 %d 处未列出；加 --all 列出全部，或在 site.toml 的 [check] 中调整 %s 的级别 (%d more)\n",
					len(fs)-placesShown, id, len(fs)-placesShown)
				break
			}
			fmt.Fprintln(w, "  "+x.String())
		}
	}
}

func hasError(fs []check.Finding) bool {
	for _, x := range fs {
		if x.Level == check.Error {
			return true
		}
	}
	return false
}

// postBuildCheck runs the checks (never the external links) on a site just
// rendered by build, with the problems of its render (renderErr), reusing
// what the last build's checks learned (last, nil for nothing), prints the
// findings to w, and reports whether the build may be written: not with an
// error, nor with a warning under --strict. It also returns what the checks
// learned, for the next build, when keep is set (nil otherwise).
func postBuildCheck(w io.Writer, in *build.Inputs, res *build.Result, renderErr error, policy check.Policy, now time.Time, strict, quiet, all, production bool, last *check.Cache, keep bool) (bool, *check.Cache) {
	opts := check.Options{Now: now, Policy: policy, Render: renderErr, Production: production}
	var findings []check.Finding
	var learned *check.Cache
	if keep {
		findings, learned = check.RunReusing(context.Background(), in, res, opts, last)
	} else {
		findings = check.Run(context.Background(), in, res, opts)
	}
	// Staleness is printed but never stops a build: the build may be the
	// very one that brings the new content.
	var blocking []check.Finding
	for _, f := range findings {
		if check.BlocksBuild(f) {
			blocking = append(blocking, f)
		}
	}
	errs, warns := check.Count(blocking)
	failed := errs > 0 || strict && warns > 0
	printFindings(w, findings, quiet && !strict, all)
	if failed {
		fmt.Fprintf(w, "检查未通过：%d 个错误，%d 个警告 (checks failed: %d errors, %d warnings)\n", errs, warns, errs, warns)
	} else if warns > 0 && !quiet {
		fmt.Fprintf(w, "检查发现 %d 个警告；加 --strict 时警告也会使生成失败 (%d warnings)\n", warns, warns)
	}
	return !failed, learned
}

// parseNow reads check --now: a date (midnight, Beijing time) or an RFC 3339 time.
func parseNow(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	return time.ParseInLocation("2006-01-02", v, time.FixedZone("CST", 8*3600))
}
