package qr

import (
	"math/rand/v2"
	"testing"
)

// finderPenaltySerial is go-qrcode's rule 3 window run module by module over
// one line (bit x: module x), as finderPenalty was first written.
func finderPenaltySerial(r uint64, n int) int {
	p := 0
	var buf uint32
	for x := 0; x < n; x++ {
		buf = buf<<1 | uint32(r>>uint(x)&1)
		if w := buf & 0x7ff; w == 0x05d || w == 0x5d0 {
			p += 40
			buf = 0xff
		}
	}
	if buf&0x7f == 0x5d {
		p += 40
	}
	return p
}

// finderLine builds a line of n modules from pieces that make rule 3's
// patterns, their overlaps and the runs around them likely.
func finderLine(rng *rand.Rand, n int) uint64 {
	pieces := []string{"1011101", "0000", "0111010000", "1011101", "0", "1", "00", "11"}
	var r uint64
	for x := 0; x < n; {
		for _, c := range pieces[rng.IntN(len(pieces))] {
			if x == n {
				break
			}
			if c == '1' {
				r |= 1 << uint(x)
			}
			x++
		}
	}
	return r
}

// TestFinderPenaltyAsGoQRCode: finderPenalty counts what go-qrcode's window
// counts on lines of every symbol size, random and made of the patterns.
func TestFinderPenaltyAsGoQRCode(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	special := []struct {
		name string
		line string // module 0 first
	}{
		{"pattern then 0111010000", "00001011101" + "0111010000" + "0000000000000"},
		{"mirror then 0111010000", "1011101" + "0000" + "111010000" + "00000000000"},
		{"mirror at the seventh last, then 011101", "0000000000" + "1011101" + "0000" + "011101"},
		{"pattern ending at the seventh last", "000000000" + "00001011101" + "011101"},
		{"three in a row", "00001011101" + "0111010000" + "0111010000" + "0000"},
		{"a pattern at the end", "000000000000000000000000000000" + "1011101"},
	}
	for _, c := range special {
		var r uint64
		for x, ch := range c.line {
			if ch == '1' {
				r |= 1 << uint(x)
			}
		}
		n := len(c.line)
		if got, want := finderPenalty(r, n), finderPenaltySerial(r, n); got != want {
			t.Errorf("%s: %d, go-qrcode's window %d", c.name, got, want)
		}
	}
	for n := 21; n <= 64; n++ {
		for i := 0; i < 20000; i++ {
			r := rng.Uint64()
			if i%2 == 1 {
				r = finderLine(rng, n)
			}
			if n < 64 {
				r &= 1<<uint(n) - 1
			}
			if got, want := finderPenalty(r, n), finderPenaltySerial(r, n); got != want {
				t.Fatalf("n=%d line %0*b (module 0 last): %d, go-qrcode's window %d", n, n, r, got, want)
			}
		}
	}
}

// FuzzFinderPenalty: finderPenalty counts what go-qrcode's window counts.
func FuzzFinderPenalty(f *testing.F) {
	f.Add(uint64(0x5d<<4), uint8(21))
	f.Add(uint64(0x2e<<11|0x5d<<4), uint8(41))
	f.Fuzz(func(t *testing.T, r uint64, size uint8) {
		n := 21 + int(size)%44 // 21 to 64
		if n < 64 {
			r &= 1<<uint(n) - 1
		}
		if got, want := finderPenalty(r, n), finderPenaltySerial(r, n); got != want {
			t.Fatalf("n=%d line %0*b: %d, go-qrcode's window %d", n, n, r, got, want)
		}
	})
}
