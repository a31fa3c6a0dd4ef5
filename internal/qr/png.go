package qr

import (
	"encoding/binary"
	"hash/adler32"
	"hash/crc32"
	"math/bits"
	"slices"
)

// PNG draws c as a 1-bit greyscale PNG, one pixel a module, with a light quiet
// zone of quiet modules around it.
//
// The image data is zlib with stored (uncompressed) deflate blocks: a code's
// rows are as good as random bits, so compressing them saves little (a tenth
// for a typical address) and would cost more than everything else here.
func PNG(c *Code, quiet int) []byte {
	return drawPNG(nil, c.Size+2*quiet, func(line []byte, y int) {
		my := y - quiet
		if my < 0 || my >= c.Size {
			return
		}
		mods := c.Modules[my*c.Size : (my+1)*c.Size]
		for mx, m := range mods {
			x := mx + quiet
			line[x/8] &^= m << (7 - uint(x%8))
		}
	})
}

// symbolPNG is PNG for a symbol encode left as rows of bits, appended to out:
// a row's pixels are its bits reversed (module 0 is a byte's top bit),
// inverted (dark is 0) and shifted past the quiet zone, two words at a time.
// The quiet zone is at most 32 modules.
func symbolPNG(out []byte, sym *symbol, quiet int) []byte {
	n := sym.size
	return drawPNG(out, n+2*quiet, func(line []byte, y int) {
		my := y - quiet
		if my < 0 || my >= n {
			return
		}
		v := bits.Reverse64(sym.rows[my])
		var px [16]byte
		// Shifts of 64 or more give 0: light everywhere past the modules.
		binary.BigEndian.PutUint64(px[:8], ^(v >> uint(quiet)))
		binary.BigEndian.PutUint64(px[8:], ^(v << uint(64-quiet)))
		copy(line, px[:])
	})
}

// drawPNG appends to out a w×w 1-bit greyscale PNG whose row y row draws,
// clearing the bits of dark pixels in a line that starts all light (the
// padding bits after the last pixel stay set).
func drawPNG(out []byte, w int, row func(line []byte, y int)) []byte {
	stride := 1 + (w+7)/8 // filter byte, then the row's bits
	raw := stride * w
	nblocks := (raw + 0xffff - 1) / 0xffff
	idat := 2 + 5*nblocks + raw + 4
	out = slices.Grow(out, 8+25+12+idat+12)

	out = append(out, "\x89PNG\r\n\x1a\n"...)
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(w))
	ihdr[8] = 1 // bit depth 1, greyscale, deflate, filter 0, no interlace
	out = chunk(out, "IHDR", ihdr[:])

	// IDAT, written in place: the zlib header, stored blocks, Adler-32.
	start := len(out)
	out = binary.BigEndian.AppendUint32(out, uint32(idat))
	out = append(out, "IDAT"...)
	out = append(out, 0x78, 0x01)
	var img []byte
	if nblocks == 1 { // every code's: its block's data are the scanlines, drawn where they go
		out = append(out, 1, byte(raw), byte(raw>>8), ^byte(raw), ^byte(raw>>8))
		out = out[:len(out)+raw]
		img = out[len(out)-raw:]
	} else {
		img = make([]byte, raw)
	}
	// The scanlines, light (1) everywhere but on dark modules.
	for y := 0; y < w; y++ {
		line := img[y*stride : (y+1)*stride]
		line[0] = 0 // filter: none
		for i := 1; i < stride; i++ {
			line[i] = 0xff
		}
		row(line[1:], y)
	}
	if nblocks > 1 {
		for p := 0; p < raw; p += 0xffff {
			n := min(raw-p, 0xffff)
			final := byte(0)
			if p+n == raw {
				final = 1
			}
			out = append(out, final, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
			out = append(out, img[p:p+n]...)
		}
	}
	out = binary.BigEndian.AppendUint32(out, adler32.Checksum(img))
	out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start+4:]))
	return chunk(out, "IEND", nil)
}

// chunk appends a PNG chunk: length, type, data, CRC of type and data.
func chunk(out []byte, typ string, data []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
	start := len(out)
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
}
