package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"hengdong/internal/build"
	"hengdong/internal/check"
)

// Report is what `build` would say of the site just rendered: the findings of
// the same checks (internal/check), as the panel injected into every page
// lists them. It travels in Event.Check.
type Report struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	// Blocking counts the errors that make `build` fail (staleness does not,
	// nor a draft's or a future page's, which `build` leaves out).
	Blocking int       `json:"blocking"`
	Findings []Finding `json:"findings"`
	// More is how many findings were left out of Findings (maxFindings).
	More int `json:"more,omitempty"`
}

// Finding is one check finding as the panel shows it.
type Finding struct {
	Level  check.Level `json:"level"`
	Rule   string      `json:"rule"`
	Pos    string      `json:"pos"` // file:line:col
	Line   int         `json:"line,omitempty"`
	Msg    string      `json:"msg"`
	Fix    string      `json:"fix,omitempty"`
	Detail string      `json:"detail,omitempty"`
	// Blocks: `build` will fail on it (正式生成时会失败).
	Blocks bool `json:"blocks,omitempty"`
	// Unpublished: it is about a draft or a future page, which serve shows
	// but `build` leaves out, so it does not stop `build` yet.
	Unpublished bool `json:"unpublished,omitempty"`
	// Page is the URL path of the page it is about, when known: the panel
	// lists the findings of the page it is on first.
	Page string `json:"page,omitempty"`
	// Context is the source around Line, when the finding points into a file.
	Context []SourceLine `json:"context,omitempty"`
}

// SourceLine is one numbered line of a source file.
type SourceLine struct {
	N    int    `json:"n"`
	Text string `json:"text"`
}

// maxFindings bounds the list sent to every open page; the terminal and
// `check` have the rest.
const maxFindings = 300

// contextLines is how many lines the panel shows on each side of a finding.
const contextLines = 2

// checkDelay is how long the site must stay unchanged before the checks run
// again: while an editor saves in quick succession only the last save's
// render is checked, and a check never holds up a save's reload.
const checkDelay = 200 * time.Millisecond

// checkLater checks render gen, unless a newer render came meanwhile (which
// checks itself). It takes buildMu: the render it reads is not changed by the
// next one while the checks run.
func (s *Server) checkLater(gen int) {
	if gen > 1 { // the first findings are wanted at once
		time.Sleep(checkDelay)
	}
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	s.mu.Lock()
	res, in := s.checkRes, s.checkIn
	stale := gen != s.checkGen
	if !stale {
		s.checkRes, s.checkIn = nil, nil
	}
	s.mu.Unlock()
	if stale {
		return
	}
	s.runChecks(in, res)
	s.mu.Lock()
	s.checkReady = gen
	s.checkIdle.Broadcast()
	s.mu.Unlock()
}

// Stop ends what the server prints to its log: the checks of the first
// render run in the background, and when serve ends before them (its port
// was taken) they must not print after it, to a log that may be gone.
// Stop waits for a print under way.
func (s *Server) Stop() {
	s.logMu.Lock()
	s.stopped = true
	s.logMu.Unlock()
}

// WaitChecks waits until the findings of the newest render have been told.
func (s *Server) WaitChecks() {
	s.mu.Lock()
	for s.checkReady != s.checkGen {
		s.checkIdle.Wait()
	}
	s.mu.Unlock()
}

// runChecks runs the checks `build` runs on the render res of in, once the
// pages have been told to reload, prints what is new in the terminal and tells
// the open pages' panels. The caller holds buildMu.
func (s *Server) runChecks(in *build.Inputs, res *build.Result) {
	start := time.Now()
	s.mu.RLock()
	files, base, version := s.files, s.base, s.version
	s.mu.RUnlock()
	// The served files, not res.Files: they hold the site-wide pages
	// rendered after the reload (FinishDeferred).
	r := *res
	r.Files = files
	var fs []check.Finding
	if policy, err := check.PolicyOf(res.Config); err != nil {
		fs = check.FromBuildError(err, nil)
	} else {
		fs = check.Run(context.Background(), in, &r, check.Options{Now: s.cfg.Options.Now, Policy: policy})
	}
	rep := s.report(fs, res, base)
	s.mu.Lock()
	prev := s.checked
	s.checked = fs
	s.checks = rep
	s.mu.Unlock()
	s.printChecks(prev, fs, rep, time.Since(start))
	s.broadcast(Event{OK: true, Version: version, Check: rep})
}

// report turns the findings into the panel's list.
func (s *Server) report(fs []check.Finding, res *build.Result, base string) *Report {
	rep := &Report{Findings: []Finding{}}
	src := map[string][]string{} // file → lines, read once
	unpublished := map[string]bool{}
	if res.Tree != nil {
		for _, p := range res.Tree.All {
			if p.File != "" && (p.Draft || p.Future) {
				unpublished[p.File] = true
			}
		}
	}
	for _, f := range fs {
		blocks := f.Level == check.Error && check.BlocksBuild(f) && !unpublished[f.File]
		if f.Level == check.Error {
			rep.Errors++
		} else {
			rep.Warnings++
		}
		if blocks {
			rep.Blocking++
		}
		if len(rep.Findings) == maxFindings {
			rep.More++
			continue
		}
		x := Finding{Level: f.Level, Rule: f.Rule, Pos: f.Pos(), Line: f.Line, Msg: f.Msg, Fix: f.Fix, Detail: f.Detail,
			Blocks: blocks, Unpublished: unpublished[f.File]}
		switch {
		case strings.HasPrefix(f.File, "/"):
			x.Page = withBase(base, []string{f.File})[0]
		case res.Tree != nil && res.Tree.ByFile[f.File] != "":
			x.Page = withBase(base, []string{res.Tree.ByFile[f.File]})[0]
		}
		if f.Line > 0 && !strings.HasPrefix(f.File, "/") {
			lines, ok := src[f.File]
			if !ok {
				lines = readLines(s.cfg.Root, f.File)
				src[f.File] = lines
			}
			for n := max(1, f.Line-contextLines); n <= min(len(lines), f.Line+contextLines); n++ {
				x.Context = append(x.Context, SourceLine{N: n, Text: lines[n-1]})
			}
		}
		rep.Findings = append(rep.Findings, x)
	}
	return rep
}

// readLines reads file, a path relative to root that must stay inside it.
func readLines(root, file string) []string {
	if file == "" || !filepath.IsLocal(filepath.FromSlash(file)) {
		return nil
	}
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
	if err != nil {
		return nil
	}
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, "\r")
	}
	return lines
}

// maxPrinted bounds the new findings printed after one save.
const maxPrinted = 20

// printChecks writes a summary line and the findings that were not there after
// the previous render (all of them after the first): an editor sees at once
// what the last save brought, without the whole list again.
func (s *Server) printChecks(prev, fs []check.Finding, rep *Report, took time.Duration) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	if s.stopped {
		return
	}
	w := s.cfg.Log
	old := map[string]bool{}
	for _, f := range prev {
		old[f.String()] = true
	}
	now := map[string]bool{}
	var fresh []check.Finding
	for _, f := range fs {
		k := f.String()
		now[k] = true
		if !old[k] {
			fresh = append(fresh, f)
		}
	}
	gone := 0
	for k := range old {
		if !now[k] {
			gone++
		}
	}
	verdict := "正式生成（build）可以通过"
	if rep.Blocking > 0 {
		verdict = fmt.Sprintf("其中 %d 个错误会使正式生成（build）失败", rep.Blocking)
	}
	changes := ""
	if prev != nil && (len(fresh) > 0 || gone > 0) {
		changes = fmt.Sprintf("；新出现 %d 处，已解决 %d 处", len(fresh), gone)
	}
	fmt.Fprintf(w, "检查：%d 个错误，%d 个警告，%s%s（用时 %d 毫秒） (checks: %d errors, %d warnings)\n",
		rep.Errors, rep.Warnings, verdict, changes, took.Milliseconds(), rep.Errors, rep.Warnings)
	for i, f := range fresh {
		if i == maxPrinted {
			fmt.Fprintf(w, "  …… 另有 %d 处新问题未列出，完整列表请运行 check (%d more)\n", len(fresh)-maxPrinted, len(fresh)-maxPrinted)
			break
		}
		fmt.Fprintln(w, "  "+f.String())
	}
}
