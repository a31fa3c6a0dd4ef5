package qr

import "sync"

// GF(256) with the QR code's polynomial x⁸+x⁴+x³+x²+1, by tables: exp has 512
// entries so that a product's log needs no reduction.
var gfExp, gfLog = func() (exp [512]byte, log [256]byte) {
	x := 1
	for i := 0; i < 255; i++ {
		exp[i] = byte(x)
		log[x] = byte(i)
		x <<= 1
		if x&0x100 != 0 {
			x ^= 0x11d
		}
	}
	for i := 255; i < 512; i++ {
		exp[i] = exp[i-255]
	}
	return
}()

// generators[e] is the Reed–Solomon generator polynomial of degree e,
// (x-α⁰)(x-α¹)…(x-αᵉ⁻¹), as the logs of its coefficients after the leading 1,
// highest degree first.
var generators [69]struct {
	once sync.Once
	logs []byte
}

func generator(e int) []byte {
	g := &generators[e]
	g.once.Do(func() {
		p := make([]byte, e+1) // coefficients, highest degree first
		p[0] = 1
		for i := 0; i < e; i++ {
			// p *= (x + αⁱ)
			for j := i + 1; j >= 1; j-- {
				if t := p[j-1]; t != 0 {
					p[j] ^= gfExp[int(gfLog[t])+i]
				}
			}
		}
		g.logs = make([]byte, e)
		for j := range g.logs {
			g.logs[j] = gfLog[p[j+1]]
		}
	})
	return g.logs
}

// rsEncode writes data's len(ec) error correction codewords into ec: the
// remainder of data·xᵉ divided by the generator.
func rsEncode(data, ec []byte) {
	g := generator(len(ec))
	clear(ec)
	for _, d := range data {
		f := d ^ ec[0]
		copy(ec, ec[1:])
		ec[len(ec)-1] = 0
		if f == 0 {
			continue
		}
		lf := int(gfLog[f])
		for j, lg := range g {
			ec[j] ^= gfExp[lf+int(lg)]
		}
	}
}
