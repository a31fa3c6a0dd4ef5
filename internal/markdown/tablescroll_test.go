package markdown

import (
	"strings"
	"testing"
)

// Every Markdown table, wherever it stands, is inside a focusable, labelled
// scroll container, so a wide one scrolls without widening the page.
func TestTablesScroll(t *testing.T) {
	const open = `<div class="table-scroll" role="region" tabindex="0" aria-label="表格（可左右滚动）">`
	table := "| 项目 | 数值 |\n|---|---|\n| 游客 | 566 |\n"
	tests := []struct {
		name, src string
		tables    int
	}{
		{"top level", table, 1},
		{"two tables", table + "\n段落\n\n" + table, 2},
		{"in a blockquote", "> " + strings.ReplaceAll(strings.TrimSpace(table), "\n", "\n> ") + "\n", 1},
		{"in a list item", "- 第一项\n\n  " + strings.ReplaceAll(strings.TrimSpace(table), "\n", "\n  ") + "\n", 1},
		{"no table", "只有段落。\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := body(t, tt.src)
			if n := strings.Count(got, "<table>"); n != tt.tables {
				t.Fatalf("%d tables, want %d:\n%s", n, tt.tables, got)
			}
			if n := strings.Count(got, open+"\n<table>"); n != tt.tables {
				t.Errorf("%d of %d tables in the scroll container:\n%s", n, tt.tables, got)
			}
			if n := strings.Count(got, "</table>\n</div>"); n != tt.tables {
				t.Errorf("containers not closed after the table:\n%s", got)
			}
		})
	}
}
