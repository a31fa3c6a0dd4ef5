package cli

import (
	"fmt"
	"io"
	"time"

	"hengdong/internal/content"
	"hengdong/internal/diag"
)

// printLeftOut tells the editor which pages the build did not publish and
// why, after the summary line: a page left out silently looks published to
// whoever wrote it. It is a notice, not an error; the exit code is unchanged.
func printLeftOut(w io.Writer, tree *content.Tree) {
	if tree == nil || len(tree.LeftOut) == 0 {
		return
	}
	fmt.Fprintf(w, "未发布 %d 个页面（提示，不是错误）(%d pages left out):\n", len(tree.LeftOut), len(tree.LeftOut))
	for _, l := range tree.LeftOut {
		fmt.Fprintf(w, "  %s\n", leftOutNotice(l).Error())
	}
}

// leftOutNotice words one left-out page as file:line:col: 说明；办法 (detail).
func leftOutNotice(l content.LeftOutPage) *diag.Error {
	e := &diag.Error{File: l.File, Line: l.Line, Col: l.Col}
	switch l.Reason {
	case content.LeftOutDraft:
		e.Msg, e.Fix, e.Detail = "草稿，未发布", "要发布请删去 draft: true（或改为 false）；预览草稿用 serve，连同草稿生成加 -D", "draft"
	case content.LeftOutFuture:
		e.Msg = fmt.Sprintf("发布时间未到，定于 %s 发布", dateCN(l.Date))
		e.Fix, e.Detail = "到那天之后重新生成即会出现；要现在发布请把日期改为今天或更早，或加 -F", "future publish date"
	case content.LeftOutExpired:
		e.Msg = fmt.Sprintf("已于 %s 过期，已下线", dateCN(l.Date))
		e.Fix, e.Detail = "要继续显示请修改或删去 expiryDate，或加 -E", "expired"
	}
	return e
}

// dateCN is the template function's 2025年2月7日, in the date's own zone.
func dateCN(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// leftOutJSON is one left-out page in `check --format json`.
type leftOutJSON struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Reason  string `json:"reason"`         // draft, future or expired
	Date    string `json:"date,omitempty"` // publish or expiry date, 2025-03-20
	Message string `json:"message"`
}

func leftOutList(tree *content.Tree) []leftOutJSON {
	if tree == nil {
		return nil
	}
	var out []leftOutJSON
	for _, l := range tree.LeftOut {
		j := leftOutJSON{File: l.File, Line: l.Line, Col: l.Col, Reason: l.Reason, Message: leftOutNotice(l).Msg}
		if !l.Date.IsZero() {
			j.Date = l.Date.Format("2006-01-02")
		}
		out = append(out, j)
	}
	return out
}
