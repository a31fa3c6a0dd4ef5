package qr

import (
	"errors"
	"math"
	"math/bits"
)

// Code is a QR code's module matrix, quiet zone not included: Modules[y*Size+x]
// is 1 for a dark module and 0 for a light one.
type Code struct {
	Size    int
	Modules []byte
	Version int
	Mask    int
}

// ErrTooLong is returned for text beyond a version 40-M code's capacity.
var ErrTooLong = errors.New("content too long to encode")

// Encode makes the QR code of text at error correction level M.
//
// It chooses what github.com/skip2/go-qrcode chooses, module for module (the
// tests hold it to that): the same segments of numeric, alphanumeric and byte
// mode, the smallest version that holds them, and the mask with the lowest
// penalty score as go-qrcode scores it. Unlike go-qrcode it keeps each
// version's function patterns, data placement order and masks once it has
// made them, places a code's bits once, scores the masks on rows and columns
// of bits (versions 1–11) or on a flat byte grid (larger ones), and computes
// Reed–Solomon with log/exp tables.
func Encode(text string) (*Code, error) {
	var sym symbol
	c, err := encode(text, &sym)
	if err != nil || c != nil {
		return c, err
	}
	return sym.code(), nil
}

// symbol is a code of up to 64 modules a side as encodeWords leaves it: row
// y in rows[y], bit x for module x. Img draws its PNG straight from the rows.
type symbol struct {
	size, version, mask int
	rows                [64]uint64

	// Room for the next encode with this symbol (Img keeps symbols).
	w           bitWriter
	stream, ecw []byte
}

// code spells sym out as a Code.
func (sym *symbol) code() *Code {
	n := sym.size
	mod := make([]byte, n*n)
	for y, r := range sym.rows[:n] {
		line := mod[y*n : y*n+n]
		for x := range line {
			line[x] = byte(r>>uint(x)) & 1
		}
	}
	return &Code{Size: n, Modules: mod, Version: sym.version, Mask: sym.mask}
}

// encode is Encode: it returns the Code of a symbol of more than 64 modules a
// side, and leaves a smaller one in sym (returning nil).
func encode(text string, sym *symbol) (*Code, error) {
	if len(text) == 0 {
		return nil, errors.New("no data to encode")
	}
	var (
		w   = &sym.w
		ver int
		err error
	)
	for g := range groups {
		w.reset()
		if err = encodeSegments(w, text, &groups[g]); err != nil {
			continue
		}
		for v := groups[g].min; v <= groups[g].max; v++ {
			if dataCodewords(v)*8 >= w.n {
				ver = v
				break
			}
		}
		if ver != 0 {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	if ver == 0 {
		return nil, ErrTooLong
	}
	l := layoutOf(ver)

	// Terminator, padding to a codeword, then the alternating pad codewords.
	capBits := l.dataCW * 8
	t := capBits - w.n
	if t > 4 {
		t = 4
	}
	w.write(0, t)
	if w.n < capBits && w.n%8 != 0 {
		w.write(0, 8-w.n%8)
	}
	for pad := byte(0xec); w.n < capBits; pad ^= 0xec ^ 0x11 {
		w.write(uint32(pad), 8)
	}
	data := w.buf[:l.dataCW]

	// Blocks: Reed–Solomon per block, then data and EC codewords interleaved.
	ec := l.ecPerBlock
	stream := grow(&sym.stream, l.dataCW+l.blocks*ec)
	ecw := grow(&sym.ecw, ec*l.blocks)
	off := 0
	for b := 0; b < l.blocks; b++ {
		n := l.blockData(b)
		rsEncode(data[off:off+n], ecw[b*ec:(b+1)*ec])
		off += n
	}
	p := 0
	for i := 0; i <= l.shortData; i++ {
		off := 0
		for b := 0; b < l.blocks; b++ {
			n := l.blockData(b)
			if i < n {
				stream[p] = data[off+i]
				p++
			}
			off += n
		}
	}
	for i := 0; i < ec; i++ {
		for b := 0; b < l.blocks; b++ {
			stream[p] = ecw[b*ec+i]
			p++
		}
	}

	n := l.size
	if n <= 64 {
		encodeWords(l, stream, sym)
		return nil, nil
	}

	// The bit stream, remainder bits (zero) included.
	bits := make([]byte, len(l.order))
	for k := range bits {
		if k>>3 < len(stream) {
			bits[k] = stream[k>>3] >> (7 - uint(k&7)) & 1
		}
	}

	// Every mask; keep the first with the lowest penalty.
	grid := make([]byte, 2*n*n)
	cur, best := grid[:n*n], grid[n*n:]
	bestMask, bestPenalty := -1, 0
	for m := 0; m < 8; m++ {
		copy(cur, l.base)
		mb := l.maskBits(m)
		for k, idx := range l.order {
			cur[idx] = bits[k] ^ mb[k]
		}
		f := formatBits[m]
		for i := 0; i < 15; i++ {
			v := byte(f>>uint(i)) & 1
			cur[l.format[0][i]] = v
			cur[l.format[1][i]] = v
		}
		if pen := penalty(cur, n); bestMask < 0 || pen < bestPenalty {
			bestMask, bestPenalty = m, pen
			cur, best = best, cur
		}
	}
	return &Code{Size: n, Modules: best, Version: l.version, Mask: bestMask}, nil
}

// encodeWords is the rest of Encode for versions up to 11 (64 modules a
// side), with each row and each column of the symbol in one uint64, bit x for
// module x: the codeword bits are placed once, and each mask is then one XOR a
// line (its pattern on the data modules, and its format information), scored
// by penaltyWords. The chosen mask's symbol is left in sym.
func encodeWords(l *layout, stream []byte, sym *symbol) {
	n := l.size
	w := l.words()
	var rowsA, colsA [64]uint64
	rows, cols, best := rowsA[:n], colsA[:n], sym.rows[:n]
	copy(rows, w.rows)
	copy(cols, w.cols)
	// The codewords' set bits, most significant first, at their modules
	// (positions looked up, not divided out); the remainder bits are zero.
	ys, xs := w.ys[:8*len(stream)], w.xs[:8*len(stream)]
	for i, c := range stream {
		for v := uint(c); v != 0; v &= v - 1 {
			k := 8*i + 7 - bits.TrailingZeros(v)
			y, x := ys[k], xs[k]
			rows[y] |= 1 << x
			cols[x] |= 1 << y
		}
	}
	// The first mask with the lowest penalty; a mask is left as soon as
	// its penalty so far reaches the best's (penalties only grow).
	bestMask, bestPenalty := 0, penaltyWordsBelow(rows, cols, w.xorRows[0], w.xorCols[0], n, math.MaxInt)
	for m := 1; m < 8; m++ {
		if pen := penaltyWordsBelow(rows, cols, w.xorRows[m], w.xorCols[m], n, bestPenalty); pen < bestPenalty {
			bestMask, bestPenalty = m, pen
		}
	}
	for y := range best {
		best[y] = rows[y] ^ w.xorRows[bestMask][y]
	}
	sym.size, sym.version, sym.mask = n, l.version, bestMask
}

// grow returns (*buf)[:n], zeroed, keeping the room made for the next call.
func grow(buf *[]byte, n int) []byte {
	if cap(*buf) < n {
		*buf = make([]byte, n)
	}
	b := (*buf)[:n]
	clear(b)
	return b
}
