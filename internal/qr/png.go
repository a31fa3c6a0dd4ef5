package qr

import (
	"encoding/binary"
	"hash/adler32"
	"hash/crc32"
)

// PNG draws c as a 1-bit greyscale PNG, one pixel a module, with a light quiet
// zone of quiet modules around it.
//
// The image data is zlib with stored (uncompressed) deflate blocks: a code's
// rows are as good as random bits, so compressing them saves little (a tenth
// for a typical address) and would cost more than everything else here.
func PNG(c *Code, quiet int) []byte {
	w := c.Size + 2*quiet
	stride := 1 + (w+7)/8 // filter byte, then the row's bits
	raw := stride * w
	nblocks := (raw + 0xffff - 1) / 0xffff
	idat := 2 + 5*nblocks + raw + 4
	out := make([]byte, 0, 8+25+12+idat+12)

	out = append(out, "\x89PNG\r\n\x1a\n"...)
	ihdr := make([]byte, 0, 13)
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(w))
	ihdr = append(ihdr, 1, 0, 0, 0, 0) // bit depth 1, greyscale, deflate, filter 0, no interlace
	out = chunk(out, "IHDR", ihdr)

	// The scanlines, light (1) everywhere but on dark modules.
	img := make([]byte, raw)
	for y := 0; y < w; y++ {
		line := img[y*stride : (y+1)*stride]
		line[0] = 0 // filter: none
		for i := 1; i < stride; i++ {
			line[i] = 0xff
		}
		my := y - quiet
		if my < 0 || my >= c.Size {
			continue
		}
		mods := c.Modules[my*c.Size : (my+1)*c.Size]
		for mx, m := range mods {
			x := mx + quiet
			line[1+x/8] &^= m << (7 - uint(x%8))
		}
	}

	// zlib: header, stored blocks, Adler-32.
	z := make([]byte, 0, idat)
	z = append(z, 0x78, 0x01)
	for p := 0; p < raw; p += 0xffff {
		n := min(raw-p, 0xffff)
		final := byte(0)
		if p+n == raw {
			final = 1
		}
		z = append(z, final, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		z = append(z, img[p:p+n]...)
	}
	z = binary.BigEndian.AppendUint32(z, adler32.Checksum(img))
	out = chunk(out, "IDAT", z)
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
