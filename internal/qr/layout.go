package qr

import "sync"

// Error correction level M, by version (index 0 unused): the number of
// Reed–Solomon blocks and the EC codewords in each (ISO/IEC 18004 table 9).
var (
	blocksM = [41]int{0,
		1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
		17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49}
	ecPerBlockM = [41]int{0,
		10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
		26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28}
)

// rawModules is the number of modules of version v that hold codewords and
// remainder bits: everything but the function patterns and format and version
// information.
func rawModules(v int) int {
	r := (16*v+128)*v + 64
	if v >= 2 {
		a := v/7 + 2
		r -= (25*a-10)*a - 55
		if v >= 7 {
			r -= 36
		}
	}
	return r
}

func dataCodewords(v int) int { return rawModules(v)/8 - blocksM[v]*ecPerBlockM[v] }

// layout is what every code of one version shares.
type layout struct {
	version, size int
	dataCW        int // data codewords
	blocks        int
	short         int // blocks with shortData data codewords; the rest have one more
	shortData     int
	ecPerBlock    int

	base   []byte     // function patterns (format information left light)
	order  []int32    // the data modules, in the order codeword bits fill them
	format [2][15]int // where format bit i (from the least significant) goes, twice

	masksOnce sync.Once
	masks     [8][]byte // mask bit at each position of order

	wordsOnce sync.Once
	w         *lineWords
}

// lineWords is a layout as rows and columns of bits (bit x of rows[y] is
// module x,y; bit y of cols[x] likewise), for sizes up to 64.
type lineWords struct {
	rows, cols       []uint64    // function patterns, format information left light
	ys, xs           []uint8     // the row and column of each data module, in order
	xorRows, xorCols [8][]uint64 // by mask: the mask on the data modules, and the format information
}

func (l *layout) words() *lineWords {
	l.wordsOnce.Do(func() {
		n := l.size
		w := &lineWords{rows: make([]uint64, n), cols: make([]uint64, n), ys: make([]uint8, len(l.order)), xs: make([]uint8, len(l.order))}
		for k, p := range l.order {
			w.ys[k], w.xs[k] = uint8(int(p)/n), uint8(int(p)%n)
		}
		for p, v := range l.base {
			y, x := p/n, p%n
			w.rows[y] |= uint64(v) << uint(x)
			w.cols[x] |= uint64(v) << uint(y)
		}
		for m := range w.xorRows {
			xr, xc := make([]uint64, n), make([]uint64, n)
			set := func(p int, v byte) {
				y, x := p/n, p%n
				xr[y] |= uint64(v) << uint(x)
				xc[x] |= uint64(v) << uint(y)
			}
			for k, p := range l.order {
				set(int(p), l.maskBits(m)[k])
			}
			for i := 0; i < 15; i++ {
				v := byte(formatBits[m]>>uint(i)) & 1
				set(l.format[0][i], v)
				set(l.format[1][i], v)
			}
			w.xorRows[m], w.xorCols[m] = xr, xc
		}
		l.w = w
	})
	return l.w
}

func (l *layout) blockData(b int) int {
	if b < l.short {
		return l.shortData
	}
	return l.shortData + 1
}

var layouts [41]struct {
	once sync.Once
	l    *layout
}

func layoutOf(v int) *layout {
	e := &layouts[v]
	e.once.Do(func() { e.l = newLayout(v) })
	return e.l
}

func newLayout(v int) *layout {
	n := 17 + 4*v
	total := rawModules(v) / 8
	l := &layout{version: v, size: n, blocks: blocksM[v], ecPerBlock: ecPerBlockM[v]}
	l.dataCW = total - l.blocks*l.ecPerBlock
	l.short = l.blocks - total%l.blocks
	l.shortData = total/l.blocks - l.ecPerBlock
	l.base = make([]byte, n*n)
	used := make([]bool, n*n)
	set := func(x, y int, dark bool) {
		used[y*n+x] = true
		if dark {
			l.base[y*n+x] = 1
		} else {
			l.base[y*n+x] = 0
		}
	}

	// Finder patterns with their light separators.
	for _, c := range [3][2]int{{0, 0}, {n - 7, 0}, {0, n - 7}} {
		for dy := -1; dy <= 7; dy++ {
			for dx := -1; dx <= 7; dx++ {
				x, y := c[0]+dx, c[1]+dy
				if x < 0 || y < 0 || x >= n || y >= n {
					continue
				}
				d := max(abs(dx-3), abs(dy-3))
				set(x, y, d != 2 && d != 4)
			}
		}
	}
	// Alignment patterns, except where they would cover a finder.
	centers := alignmentCenters[v]
	for _, cx := range centers {
		for _, cy := range centers {
			if used[cy*n+cx] {
				continue
			}
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					set(cx+dx, cy+dy, max(abs(dx), abs(dy)) != 1)
				}
			}
		}
	}
	// Timing patterns.
	for i := 8; i < n-8; i++ {
		set(i, 6, i%2 == 0)
		set(6, i, i%2 == 0)
	}
	// Format information: positions as go-qrcode (and the standard) place bit i.
	for i := 0; i <= 7; i++ {
		l.format[0][i] = 8*n + n - 1 - i
	}
	for i := 0; i <= 5; i++ {
		l.format[1][i] = i*n + 8
	}
	l.format[1][6] = 7*n + 8
	l.format[1][7] = 8*n + 8
	l.format[1][8] = 8*n + 7
	for i := 9; i <= 14; i++ {
		l.format[1][i] = 8*n + 14 - i
	}
	for i := 8; i <= 14; i++ {
		l.format[0][i] = (n-15+i)*n + 8
	}
	for _, f := range l.format {
		for _, p := range f {
			used[p] = true
		}
	}
	set(8, n-8, true) // the dark module
	// Version information.
	if v >= 7 {
		vb := versionBits(v)
		for i := 0; i < 18; i++ {
			d := vb>>uint(i)&1 == 1
			set(i/3, n-11+i%3, d)
			set(n-11+i%3, i/3, d)
		}
	}

	// Data modules: two columns at a time from the right, up then down,
	// stepping over the vertical timing pattern.
	l.order = make([]int32, 0, rawModules(v))
	for right := n - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5
		}
		up := (right+1)&2 == 0
		for i := 0; i < n; i++ {
			y := i
			if up {
				y = n - 1 - i
			}
			for x := right; x >= right-1; x-- {
				if !used[y*n+x] {
					l.order = append(l.order, int32(y*n+x))
				}
			}
		}
	}
	return l
}

// maskBits returns mask m's bit at each data module, in order.
func (l *layout) maskBits(m int) []byte {
	l.masksOnce.Do(func() {
		buf := make([]byte, 8*len(l.order))
		for m := range l.masks {
			mb := buf[m*len(l.order) : (m+1)*len(l.order)]
			for k, p := range l.order {
				i, j := int(p)/l.size, int(p)%l.size // row, column
				var b bool
				switch m {
				case 0:
					b = (i+j)%2 == 0
				case 1:
					b = i%2 == 0
				case 2:
					b = j%3 == 0
				case 3:
					b = (i+j)%3 == 0
				case 4:
					b = (i/2+j/3)%2 == 0
				case 5:
					b = (i*j)%2+(i*j)%3 == 0
				case 6:
					b = ((i*j)%2+(i*j)%3)%2 == 0
				case 7:
					b = ((i+j)%2+(i*j)%3)%2 == 0
				}
				if b {
					mb[k] = 1
				}
			}
			l.masks[m] = mb
		}
	})
	return l.masks[m]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// formatBits is the 15-bit format information for level M and each mask: the
// 5 data bits, their BCH(15,5) code, XORed with 101010000010010.
var formatBits = func() (f [8]uint32) {
	for m := range f {
		d := uint32(m) // level M is 00
		r := d << 10
		for i := 14; i >= 10; i-- {
			if r>>uint(i)&1 == 1 {
				r ^= 0x537 << uint(i-10)
			}
		}
		f[m] = (d<<10 | r) ^ 0x5412
	}
	return f
}()

// versionBits is version v's 18-bit version information: 6 bits and their
// BCH(18,6) code.
func versionBits(v int) uint32 {
	r := uint32(v) << 12
	for i := 17; i >= 12; i-- {
		if r>>uint(i)&1 == 1 {
			r ^= 0x1f25 << uint(i-12)
		}
	}
	return uint32(v)<<12 | r
}

// alignmentCenters are the alignment patterns' centre coordinates by version.
var alignmentCenters = [41][]int{
	{}, {},
	{6, 18}, {6, 22}, {6, 26}, {6, 30}, {6, 34},
	{6, 22, 38}, {6, 24, 42}, {6, 26, 46}, {6, 28, 50}, {6, 30, 54}, {6, 32, 58}, {6, 34, 62},
	{6, 26, 46, 66}, {6, 26, 48, 70}, {6, 26, 50, 74}, {6, 30, 54, 78}, {6, 30, 56, 82}, {6, 30, 58, 86}, {6, 34, 62, 90},
	{6, 28, 50, 72, 94}, {6, 26, 50, 74, 98}, {6, 30, 54, 78, 102}, {6, 28, 54, 80, 106}, {6, 32, 58, 84, 110}, {6, 30, 58, 86, 114}, {6, 34, 62, 90, 118},
	{6, 26, 50, 74, 98, 122}, {6, 30, 54, 78, 102, 126}, {6, 26, 52, 78, 104, 130}, {6, 30, 56, 82, 108, 134}, {6, 34, 60, 86, 112, 138}, {6, 30, 58, 86, 114, 142}, {6, 34, 62, 90, 118, 146},
	{6, 30, 54, 78, 102, 126, 150}, {6, 24, 50, 76, 102, 128, 154}, {6, 28, 54, 80, 106, 132, 158}, {6, 32, 58, 84, 110, 136, 162}, {6, 26, 54, 82, 110, 138, 166}, {6, 30, 58, 86, 114, 142, 170},
}
