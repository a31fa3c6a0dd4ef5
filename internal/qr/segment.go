package qr

import "errors"

// bitWriter appends bits, most significant first.
type bitWriter struct {
	buf []byte
	n   int // bits written
}

func (w *bitWriter) reset() { w.buf, w.n = w.buf[:0], 0 }

// write appends the low nbits of v.
func (w *bitWriter) write(v uint32, nbits int) {
	for nbits > 0 {
		if w.n%8 == 0 {
			w.buf = append(w.buf, 0)
		}
		free := 8 - w.n%8
		take := min(free, nbits)
		bits := byte(v>>uint(nbits-take)) & (1<<uint(take) - 1)
		w.buf[len(w.buf)-1] |= bits << uint(free-take)
		w.n += take
		nbits -= take
	}
}

// Segment modes, ordered so that each can also encode what the ones before it
// can (as in go-qrcode).
const (
	modeNone = iota
	modeNumeric
	modeAlnum
	modeByte
)

// group is a range of versions sharing character count lengths.
type group struct {
	min, max  int
	countBits [4]int // by mode
}

var groups = [3]group{
	{1, 9, [4]int{0, 10, 9, 8}},
	{10, 26, [4]int{0, 12, 11, 16}},
	{27, 40, [4]int{0, 14, 13, 16}},
}

var errSegmentTooLong = errors.New("length too long to be represented")

// length is the bits a segment of n characters in mode takes, header included,
// or -1 if n does not fit its character count.
func (g *group) length(mode, n int) int {
	if n > 1<<uint(g.countBits[mode])-1 {
		return -1
	}
	l := 4 + g.countBits[mode]
	switch mode {
	case modeNumeric:
		l += 10 * (n / 3)
		if n%3 != 0 {
			l += 1 + 3*(n%3)
		}
	case modeAlnum:
		l += 11*(n/2) + 6*(n%2)
	case modeByte:
		l += 8 * n
	}
	return l
}

func modeOf(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return modeNumeric
	case c == ' ' || c == '$' || c == '%' || c == '*' || c == '+' || c == '-' || c == '.' || c == '/' || c == ':' || (c >= 'A' && c <= 'Z'):
		return modeAlnum
	}
	return modeByte
}

func alnumValue(c byte) uint32 {
	switch {
	case c >= '0' && c <= '9':
		return uint32(c - '0')
	case c >= 'A' && c <= 'Z':
		return uint32(c-'A') + 10
	}
	switch c {
	case ' ':
		return 36
	case '$':
		return 37
	case '%':
		return 38
	case '*':
		return 39
	case '+':
		return 40
	case '-':
		return 41
	case '.':
		return 42
	case '/':
		return 43
	}
	return 44 // ':'
}

type segment struct{ mode, start, end int }

// encodeSegments writes text as go-qrcode's dataEncoder.encode does: runs of
// one mode, each run then greedily swallowing following runs of lower modes
// while that is shorter than a new segment, and a single segment of the
// highest mode instead if that is no longer. (The standard's optimum is
// computed otherwise; this is go-qrcode's rule, kept so that the codes equal
// its codes.) It fails where go-qrcode fails: a segment too long for its
// character count.
func encodeSegments(w *bitWriter, text string, g *group) error {
	var runs [64]segment
	actual := runs[:0]
	highest, mode, start := modeNone, modeNone, 0
	for i := 0; i < len(text); i++ {
		m := modeOf(text[i])
		if m != mode {
			if i > 0 {
				actual = append(actual, segment{mode, start, i})
				start = i
			}
			mode = m
		}
		highest = max(highest, m)
	}
	actual = append(actual, segment{mode, start, len(text)})

	var opt [64]segment
	optimised := opt[:0]
	for i := 0; i < len(actual); {
		mode := actual[i].mode
		n := actual[i].end - actual[i].start
		j := i + 1
		for ; j < len(actual); j++ {
			next := actual[j]
			nn := next.end - next.start
			if next.mode > mode {
				break
			}
			joined, sep1, sep2 := g.length(mode, n+nn), g.length(mode, n), g.length(next.mode, nn)
			if joined < 0 || sep1 < 0 || sep2 < 0 {
				return errSegmentTooLong
			}
			if joined >= sep1+sep2 {
				break
			}
			n += nn
		}
		optimised = append(optimised, segment{mode, actual[i].start, actual[j-1].end})
		i = j
	}
	total := 0
	for _, s := range optimised {
		l := g.length(s.mode, s.end-s.start)
		if l < 0 {
			return errSegmentTooLong
		}
		total += l
	}
	single := g.length(highest, len(text))
	if single < 0 {
		return errSegmentTooLong
	}
	if single <= total {
		optimised = append(optimised[:0], segment{highest, 0, len(text)})
	}

	for _, s := range optimised {
		d := text[s.start:s.end]
		w.write(1<<uint(s.mode-1), 4) // 0001, 0010, 0100
		w.write(uint32(len(d)), g.countBits[s.mode])
		switch s.mode {
		case modeNumeric:
			for i := 0; i < len(d); i += 3 {
				var v uint32
				bits := 1
				for j := i; j < len(d) && j < i+3; j++ {
					v = v*10 + uint32(d[j]-'0')
					bits += 3
				}
				w.write(v, bits)
			}
		case modeAlnum:
			for i := 0; i < len(d); i += 2 {
				if i+1 < len(d) {
					w.write(alnumValue(d[i])*45+alnumValue(d[i+1]), 11)
				} else {
					w.write(alnumValue(d[i]), 6)
				}
			}
		case modeByte:
			for i := 0; i < len(d); i++ {
				w.write(uint32(d[i]), 8)
			}
		}
	}
	return nil
}
