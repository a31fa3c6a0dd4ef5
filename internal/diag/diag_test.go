package diag

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		e    *Error
		want string
	}{
		{New("content/a.md", 3, 7, "日期格式不对", "写成 2025-02-07", "bad date"), "content/a.md:3:7: 日期格式不对；写成 2025-02-07 (bad date)"},
		{New("site.toml", 2, 0, "不认识的设置项", "", ""), "site.toml:2: 不认识的设置项"},
		{New("", 0, 0, "出错", "", "detail"), "出错 (detail)"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestListSortAndCollect(t *testing.T) {
	l := List{New("b.md", 1, 1, "乙", "", ""), New("a.md", 9, 1, "甲", "", ""), New("a.md", 2, 5, "丙", "", "")}
	err := l.Err()
	if got := err.Error(); got != "a.md:2:5: 丙\na.md:9:1: 甲\nb.md:1:1: 乙" {
		t.Errorf("sorted list:\n%s", got)
	}
	if got := Collect(fmt.Errorf("wrapped: %w", l)); len(got) != 3 {
		t.Errorf("Collect of a wrapped List: %d", len(got))
	}
	if got := Collect(errors.New("plain")); len(got) != 1 || got[0].Msg != "plain" {
		t.Errorf("Collect of a plain error: %+v", got)
	}
	if List(nil).Err() != nil || Collect(nil) != nil {
		t.Error("empty list must be no error")
	}
}

func TestLineCol(t *testing.T) {
	src := []byte("第一行\n衡东abc")
	for _, tt := range []struct{ off, line, col int }{{0, 1, 1}, {3, 1, 2}, {10, 2, 1}, {16, 2, 3}, {100, 2, 6}} {
		if l, c := LineCol(src, tt.off); l != tt.line || c != tt.col {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", tt.off, l, c, tt.line, tt.col)
		}
	}
}
