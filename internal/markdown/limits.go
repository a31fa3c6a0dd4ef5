package markdown

import (
	"bytes"
	"fmt"

	"hengdong/internal/diag"
)

// DefaultMaxNesting is the nesting limit when Options.MaxNesting is 0: far
// deeper than any real page, far below what makes goldmark slow.
const DefaultMaxNesting = 100

// CheckNesting reports, at its line and column, the first list item or block
// quote nested deeper than max levels (0 means DefaultMaxNesting). goldmark's
// time grows faster than linearly with nesting: 50,000 list markers on one
// line (100 kB) took 15 s and 3,000 indented levels did not finish, so pages
// are scanned once, linearly, before goldmark sees them.
//
// The scan follows CommonMark's containers closely enough to count real
// nesting: block quote markers and list markers at the start of a line (any
// number of them, in any order), and list items nested by indentation across
// lines, tracked as a stack of the items' content columns. It may count more
// levels than goldmark (it does not know fenced code, where markers are text,
// nor every way a list item ends), never fewer: FuzzCheckNesting checks that
// against goldmark's tree.
func CheckNesting(src []byte, file string, lineOffset, limit int) *diag.Error {
	if limit <= 0 {
		limit = DefaultMaxNesting
	}
	var (
		stack []int // content column of each open list item, innermost last
	)
	for ln, start := 1, 0; start < len(src); ln++ {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		line := src[start:end]
		start = end + 1

		if isThematicBreak(bytes.TrimLeft(line, " \t")) {
			continue // "- - -" is a rule, not three lists
		}
		i, col, quotes := 0, 0, 0
		qcol := 0       // the column after the last '>' (and its optional space)
		popped := false // the line's first container closed the items it is left of
		for {
			for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
				if line[i] == '\t' {
					col += 4 - col%4
				} else {
					col++
				}
				i++
			}
			if i == len(line) {
				break // blank: items stay open
			}
			if !popped {
				// Text left of an item may be a lazy continuation of its
				// paragraph, which keeps the item open: only a marker or a
				// fence closes items for sure.
				c := line[i]
				closes := c == '>' || listMarker(line[i:]) > 0
				for closes && len(stack) > 0 && stack[len(stack)-1] > col {
					stack = stack[:len(stack)-1]
				}
				popped = true
			}
			inner := 0
			if len(stack) > 0 {
				inner = stack[len(stack)-1]
			}
			if col-max(inner, qcol) >= 4 {
				break // indented code
			}
			if line[i] == '>' {
				quotes++
				markerCol := i + 1
				i++
				col++
				if i < len(line) && line[i] == ' ' {
					i++
					col++
				}
				qcol = col
				if depth := len(stack) + quotes; depth > limit {
					return nestingErr(file, lineOffset+ln, markerCol, depth, limit)
				}
				continue
			}
			width := listMarker(line[i:])
			if width == 0 {
				break // paragraph text, a heading, …
			}
			markerCol := i + 1
			i += width
			col += width
			// The content starts after one to four spaces; more is code inside the item.
			sp := 0
			for i+sp < len(line) && line[i+sp] == ' ' && sp < 5 {
				sp++
			}
			if sp == 0 || sp == 5 {
				sp = 1
			}
			stack = append(stack, col+sp)
			if depth := len(stack) + quotes; depth > limit {
				return nestingErr(file, lineOffset+ln, markerCol, depth, limit)
			}
		}
	}
	return nil
}

func nestingErr(file string, line, col, depth, max int) *diag.Error {
	return diag.New(file, line, col,
		fmt.Sprintf("列表或引用嵌套超过 %d 层，超过上限 maxNesting = %d", depth-1, max),
		"请减少嵌套层数；确需更深时在 site.toml 的 [limits] 中调大 maxNesting",
		fmt.Sprintf("lists and block quotes nested deeper than limits.maxNesting = %d", max))
}

// listMarker returns the width of the list marker b starts with ("-", "*",
// "+", "1." or "1)" followed by white space or the end of the line), or 0.
func listMarker(b []byte) int {
	w := 0
	switch {
	case len(b) > 0 && (b[0] == '-' || b[0] == '*' || b[0] == '+'):
		w = 1
	default:
		for w < len(b) && w < 9 && b[w] >= '0' && b[w] <= '9' {
			w++
		}
		if w == 0 || w >= len(b) || (b[w] != '.' && b[w] != ')') {
			return 0
		}
		w++
	}
	if w < len(b) && b[w] != ' ' && b[w] != '\t' && b[w] != '\r' {
		return 0
	}
	return w
}

// isThematicBreak reports whether b is a line such as "---" or "* * *": three
// or more of one of - * _ with only spaces between, not a list.
func isThematicBreak(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	c, n := b[0], 0
	if c != '-' && c != '*' && c != '_' {
		return false
	}
	for _, x := range b {
		switch x {
		case c:
			n++
		case ' ', '\t', '\r':
		default:
			return false
		}
	}
	return n >= 3
}
