// Package diag holds the error type every editor-facing failure uses: it names the
// file, line and column, says what is wrong in Chinese first, and how to fix it.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error is one problem in an input file. Msg and Fix are Chinese; Detail is the
// English detail shown in brackets after them.
type Error struct {
	File   string // path relative to the site root, slash-separated
	Line   int    // 1-based; 0 when unknown
	Col    int    // 1-based; 0 when unknown
	Msg    string // 中文说明: what is wrong
	Fix    string // 中文: how to fix it (optional)
	Detail string // English detail (optional)
	// Rule is the `check` rule id the problem falls under when it is one
	// that a site may lower in site.toml's [check] table ("link-broken");
	// empty for a failure nothing can lower.
	Rule string
}

// Error formats the problem as `file:line:col: 中文说明，修改方法 (English detail)`.
func (e *Error) Error() string {
	var b strings.Builder
	if pos := e.Pos(); pos != "" {
		b.WriteString(pos)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Fix != "" {
		b.WriteString("；")
		b.WriteString(e.Fix)
	}
	if e.Detail != "" {
		b.WriteString(" (")
		b.WriteString(e.Detail)
		b.WriteString(")")
	}
	return b.String()
}

// Pos returns "file:line:col", leaving out the parts that are unknown.
func (e *Error) Pos() string {
	s := e.File
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
		if e.Col > 0 {
			s += fmt.Sprintf(":%d", e.Col)
		}
	}
	return s
}

// New makes an Error.
func New(file string, line, col int, msg, fix, detail string) *Error {
	return &Error{File: file, Line: line, Col: col, Msg: msg, Fix: fix, Detail: detail}
}

// List is a set of problems reported together. A nil or empty List is no error.
type List []*Error

// Error prints one problem per line.
func (l List) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// Err returns l as an error, or nil when l is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// Sort orders the problems by file, line and column so output is deterministic.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
}

// Collect flattens err into a List: a List stays as it is, an *Error becomes a
// one-item List, and any other error becomes an Error with only a message.
func Collect(err error) List {
	if err == nil {
		return nil
	}
	var l List
	if errors.As(err, &l) {
		return l
	}
	var e *Error
	if errors.As(err, &e) {
		return List{e}
	}
	return List{{Msg: err.Error()}}
}

// LineCol turns a byte offset in src into a 1-based line and a 1-based column
// counted in characters (runes), which is what editors show for Chinese text.
func LineCol(src []byte, off int) (line, col int) {
	if off > len(src) {
		off = len(src)
	}
	line, col = 1, 1
	for _, r := range string(src[:off]) {
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}
