package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"hengdong/internal/build"
	"hengdong/internal/check"
)

// externalClient makes the requests of `check --external`; nil means a client
// with the --timeout given. Tests replace it.
var externalClient *http.Client

// runCheck builds the site in memory, without writing anything, and runs the
// pre-publication checks: `go run . check [--strict] [--format json] [--external]`.
func runCheck(args []string, env Env) int {
	var f siteFlags
	var strict, external bool
	var format string
	var timeout time.Duration
	fs := newFlagSet("check", "check [-s 站点目录] [--strict] [--format text|json] [--external [--timeout 15s]]", env)
	f.register(fs, false)
	fs.BoolVar(&strict, "strict", false, "警告也算失败 (warnings fail too)")
	fs.StringVar(&format, "format", "text", "输出格式：text 或 json (output format)")
	fs.BoolVar(&external, "external", false, "同时检查外部链接，需联网 (also try external links)")
	fs.DurationVar(&timeout, "timeout", 15*time.Second, "每个外部链接的超时 (timeout per external link)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if format != "text" && format != "json" {
		fmt.Fprintf(env.Stderr, "--format 只能是 text 或 json，而不是 %q (unknown format)\n", format)
		return ExitUsage
	}
	in, err := build.ReadInputs(f.source, env.Theme)
	if err != nil {
		printErrors(env.Stderr, err)
		return ExitFail
	}
	var findings []check.Finding
	res, err := build.Render(in, build.Options{BuildDrafts: f.drafts, BuildFuture: f.future, BuildExpired: f.expired,
		BaseURL: f.baseURL, Now: env.Now(), Version: Version})
	if err != nil {
		findings = check.FromBuildError(err)
	} else {
		findings = check.Run(context.Background(), in, res, check.Options{Now: env.Now(), External: external,
			Client: externalClient, Timeout: timeout})
	}
	errs, warns := check.Count(findings)
	failed := errs > 0 || strict && warns > 0
	if format == "json" {
		out := struct {
			OK       bool            `json:"ok"`
			Errors   int             `json:"errors"`
			Warnings int             `json:"warnings"`
			Findings []check.Finding `json:"findings"`
		}{!failed, errs, warns, findings}
		if out.Findings == nil {
			out.Findings = []check.Finding{}
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			fmt.Fprintln(env.Stderr, err)
			return ExitFail
		}
	} else {
		printFindings(env.Stdout, findings, f.quiet && !strict)
		if !f.quiet || failed {
			fmt.Fprintf(env.Stdout, "检查完成：%d 个错误，%d 个警告 (%d errors, %d warnings)\n", errs, warns, errs, warns)
		}
	}
	if failed {
		return ExitFail
	}
	return ExitOK
}

// printFindings writes one finding a line; errorsOnly leaves warnings out.
func printFindings(w io.Writer, findings []check.Finding, errorsOnly bool) {
	for _, x := range findings {
		if errorsOnly && x.Level != check.Error {
			continue
		}
		fmt.Fprintln(w, x.String())
	}
}

// postBuildCheck runs the checks (never the external links) on a site just
// rendered by build, prints the findings to w, and reports whether the build
// may be written: not with an error, nor with a warning under --strict.
func postBuildCheck(w io.Writer, in *build.Inputs, res *build.Result, now time.Time, strict, quiet bool) bool {
	findings := check.Run(context.Background(), in, res, check.Options{Now: now})
	errs, warns := check.Count(findings)
	failed := errs > 0 || strict && warns > 0
	printFindings(w, findings, quiet && !strict)
	if failed {
		fmt.Fprintf(w, "检查未通过：%d 个错误，%d 个警告 (checks failed: %d errors, %d warnings)\n", errs, warns, errs, warns)
	} else if warns > 0 && !quiet {
		fmt.Fprintf(w, "检查发现 %d 个警告；加 --strict 时警告也会使生成失败 (%d warnings)\n", warns, warns)
	}
	return !failed
}
