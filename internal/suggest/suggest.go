// Package suggest finds the names closest to a misspelled one, for the "是不是
// …？" (did you mean) part of error messages.
package suggest

import (
	"sort"
	"strings"
)

// Closest returns up to max candidates close to word, best first: those within
// an edit distance of about a third of word's length, or sharing a prefix of
// three or more characters with it. Ties keep the candidates' order.
func Closest(word string, candidates []string, max int) []string {
	type cand struct {
		s string
		d int
	}
	var cs []cand
	limit := len([]rune(word))/3 + 1
	for _, c := range candidates {
		if c == word {
			continue
		}
		d := Distance(word, c)
		if d <= limit || (len(word) >= 3 && (strings.HasPrefix(c, word) || strings.HasPrefix(word, c))) {
			cs = append(cs, cand{c, d})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].d < cs[j].d })
	var out []string
	for i := 0; i < len(cs) && i < max; i++ {
		out = append(out, cs[i].s)
	}
	return out
}

// Distance is the edit distance between a and b in characters, counting an
// insertion, a deletion, a substitution and a swap of two neighbours as one
// each (optimal string alignment), so that "soruce" is one step from "source".
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows: the one before the previous is needed for swaps.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
