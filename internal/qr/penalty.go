package qr

import (
	"math"
	"math/bits"
)

// penalty scores a masked symbol (n×n, quiet zone not included) the way
// github.com/skip2/go-qrcode's symbol.penaltyScore does, so that the same mask
// wins. It differs from ISO/IEC 18004 §7.8.3 in two details, kept on purpose:
//
//   - rule 1 (runs of one colour in a row or column) counts a run only from six
//     modules on, as 4 + 1 for each module beyond six; the standard already
//     counts a run of five, as 3;
//   - rule 3 (1:1:3:1:1 finder-like patterns with four light modules on one
//     side) reads each row and column through an 11-bit window that, after a
//     match, is reset to eight dark modules (0xff), and also counts
//     dark-light-dark×3-light-dark right at the end of a row or column.
//
// Rule 2 (2×2 blocks of one colour, 3 each) and rule 4 (10 for every full 5%
// that dark modules are off half, in integer arithmetic) are as the standard.
//
// It reads the grid once, row by row, keeping each column's state beside the
// row's, and without branches on module colours (they are as good as random,
// so such branches are mispredicted half the time): run lengths and 2×2 blocks
// are arithmetic and table lookups. Only rule 3's rare match branches.
func penalty(g []byte, n int) int {
	var colRunA, colBufA [177]uint32
	colRun, colBuf := colRunA[:n], colBufA[:n]
	p1, blocks, p3, dark := 0, 0, 0, 0
	for y := 0; y < n; y++ {
		row := g[y*n : y*n+n]
		var above []byte
		if y > 0 {
			above = g[(y-1)*n : y*n]
		} else {
			above = row // the first row has no row above: compare it with itself
		}
		var run, buf uint32
		prev := row[0] ^ 1 // so that the first module starts a run
		for x, c := range row {
			// Rule 1 along the row and down the column: a run grows while
			// the colour stays, else starts again at 1.
			run = run*uint32(1^c^prev) + 1
			p1 += int(runPenalty[uint8(run)])
			cr := colRun[x]*uint32(1^c^above[x]) + 1
			colRun[x] = cr
			p1 += int(runPenalty[uint8(cr)])
			// Rule 3 along the row and down the column.
			buf = buf<<1 | uint32(c)
			if w := buf & 0x7ff; w == 0x05d || w == 0x5d0 {
				p3 += 40
				buf = 0xff
			}
			cb := colBuf[x]<<1 | uint32(c)
			if w := cb & 0x7ff; w == 0x05d || w == 0x5d0 {
				p3 += 40
				cb = 0xff
			}
			colBuf[x] = cb
			dark += int(c)
			prev = c
		}
		if buf&0x7f == 0x5d { // a pattern that the row's end closes
			p3 += 40
		}
		if y > 0 {
			// Rule 2 with the row above.
			for x := 1; x < n; x++ {
				blocks += int(sameQuad[(row[x]+row[x-1]+above[x]+above[x-1])&7])
			}
		}
	}
	for _, cb := range colBuf {
		if cb&0x7f == 0x5d {
			p3 += 40
		}
	}
	total := n * n
	dev := total/2 - dark
	if dev < 0 {
		dev = -dev
	}
	return p1 + 3*blocks + p3 + 10*(dev/(total/20))
}

// runPenalty is what rule 1 adds, as go-qrcode counts, when a run reaches a
// length: 4 at six, 1 for each module beyond.
var runPenalty = func() (t [256]uint8) {
	t[6] = 4
	for i := 7; i < len(t); i++ {
		t[i] = 1
	}
	return
}()

// sameQuad[s] is 1 if four modules whose colours sum to s are all one colour.
var sameQuad = [8]uint8{0: 1, 4: 1}

// penaltyWords is penalty for a symbol of up to 64 modules a side given as
// rows and columns of bits, each XORed with a mask's xr and xc first. Rules 1,
// 2 and 4 are counted with shifts and population counts a line at a time, and
// so are rule 3's matches (finderPenalty).
func penaltyWords(rows, cols, xr, xc []uint64, n int) int {
	return penaltyWordsBelow(rows, cols, xr, xc, n, math.MaxInt)
}

// penaltyWordsBelow is penaltyWords, or, once what it has counted reaches
// limit, that count (the penalty is at least that): Encode leaves a mask
// that can no longer beat the best so far.
func penaltyWordsBelow(rows, cols, xr, xc []uint64, n, limit int) int {
	full := uint64(1)<<uint(n) - 1
	if n == 64 {
		full = ^uint64(0)
	}
	p1, blocks, p3, dark := 0, 0, 0, 0
	var above uint64
	for y, r := range rows {
		r ^= xr[y]
		p1 += runsPenalty(r, n)
		if y > 0 {
			v := ^(r ^ above)                   // same colour as the module above
			h := ^(r ^ (r >> 1))                // same colour as the module to the right
			q := v & (v >> 1) & h & (full >> 1) // and so a 2×2 block of one colour
			blocks += bits.OnesCount64(q)
		}
		dark += bits.OnesCount64(r)
		p3 += finderPenalty(r, n)
		above = r
	}
	total := n * n
	dev := total/2 - dark
	if dev < 0 {
		dev = -dev
	}
	p := p1 + 3*blocks + p3 + 10*(dev/(total/20)) // all but the columns' rules 1 and 3
	for x, c := range cols {
		if p >= limit {
			return p
		}
		c ^= xc[x]
		p += runsPenalty(c, n) + finderPenalty(c, n)
	}
	return p
}

// runsPenalty is rule 1 for one line as go-qrcode counts it: a run of L ≥ 6
// modules of one colour costs L-2, which is its L-5 windows of six plus 3.
func runsPenalty(r uint64, n int) int {
	e := ^(r ^ (r >> 1)) & (uint64(1)<<uint(n-1) - 1)  // bit i: modules i and i+1 alike
	w := e & (e >> 1) & (e >> 2) & (e >> 3) & (e >> 4) // bit i: modules i to i+5 alike
	return bits.OnesCount64(w) + 3*bits.OnesCount64(w&^(w<<1))
}

// finderPenalty is go-qrcode's rule 3 for one line (bit x: module x): an
// 11-module window, light-light-light-light-dark-light-dark-dark-dark-light-
// dark or its mirror image ending at module x, with light modules before the
// line's start, costs 40; after a match the window is reset to eight dark
// modules, and dark-light-dark-dark-dark-light-dark as the line's last seven
// modules costs 40 more.
//
// The matches of the window read straight from the line are found with
// shifts; the reset changes only what follows a match at x: no match until
// x+10, and there one exactly when modules x+1 to x+10 are
// light-dark-dark-dark-light-dark-light-light-light-light (the reset's dark
// module x standing for the pattern's first). The same holds for the last
// seven modules when x is the seventh last. TestFinderPenaltyAsGoQRCode holds
// it to the module-at-a-time window (finderPenaltySerial).
func finderPenalty(r uint64, n int) int {
	full := uint64(1)<<uint(n) - 1
	if n == 64 {
		full = ^uint64(0)
	}
	// The core 1011101 (a palindrome) ending at bit x: bit x of core.
	core := r & ^(r << 1) & (r << 2) & (r << 3) & (r << 4) & ^(r << 5) & (r << 6)
	if core&full == 0 {
		// No core in the line: no match, and its last seven modules are
		// no core either. Most lines have none.
		return 0
	}
	// Shifts bring in zeros: light modules before the line's start.
	light4 := ^(r << 7) & ^(r << 8) & ^(r << 9) & ^(r << 10) // four light before a core ending at x
	after4 := ^r & ^(r << 1) & ^(r << 2) & ^(r << 3)         // four light ending at x
	matches := (core&light4 | (core<<4)&after4) & full
	p, last := 0, -1 // last: the module of the last match
	for matches != 0 {
		x := bits.TrailingZeros64(matches)
		p += 40
		last = x
		for x+10 < n && r>>uint(x+1)&0x3ff == 0x2e { // 0111010000 from module x+1 on
			x += 10
			p += 40
			last = x
		}
		if x+11 >= 64 {
			break
		}
		matches &= ^uint64(0) << uint(x+11)
	}
	switch {
	case last < n-7:
		if r>>uint(n-7)&0x7f == 0x5d {
			p += 40
		}
	case last == n-7:
		if r>>uint(n-6)&0x3f == 0x2e { // 011101 from module n-6 on
			p += 40
		}
	}
	return p
}
