package qr

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"

	qrcode "github.com/skip2/go-qrcode"
)

// reference is go-qrcode's code for text, level M, quiet zone stripped.
func reference(t testing.TB, text string) ([][]bool, error) {
	t.Helper()
	code, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	bm := code.Bitmap()
	const q = 4
	out := make([][]bool, len(bm)-2*q)
	for y := range out {
		out[y] = bm[y+q][q : len(bm)-q]
	}
	return out, nil
}

// sameAsReference fails unless Encode(text) is go-qrcode's code module for module.
// It returns the mask chosen, -1 for text that is too long.
func sameAsReference(t testing.TB, text string) int {
	t.Helper()
	want, werr := reference(t, text)
	got, err := Encode(text)
	if (err != nil) != (werr != nil) {
		t.Fatalf("%.60q (%d bytes): error %v, go-qrcode's error %v", text, len(text), err, werr)
	}
	if err != nil {
		return -1
	}
	if got.Size != len(want) {
		t.Fatalf("%.60q (%d bytes): %d modules a side (version %d), go-qrcode %d", text, len(text), got.Size, got.Version, len(want))
	}
	diff := 0
	for y := range want {
		for x := range want[y] {
			if (got.Modules[y*got.Size+x] == 1) != want[y][x] {
				diff++
			}
		}
	}
	if diff > 0 {
		t.Fatalf("%.60q (%d bytes, version %d, mask %d): %d modules differ from go-qrcode's", text, len(text), got.Version, got.Mask, diff)
	}
	return got.Mask
}

// TestEncodeEqualsGoQRCode holds the encoder to go-qrcode's codes, module for
// module: the portal's kinds of addresses, and texts of every length through
// the version boundaries.
func TestEncodeEqualsGoQRCode(t *testing.T) {
	texts := []string{
		"https://www.hengdong.gov.cn/",
		"https://www.hengdong.gov.cn/news/2025/%E5%9C%9F%E8%8F%9C/",
		"https://www.hengdong.gov.cn/hengdong/wenlv/luoronghuan/",
		"https://www.hengdong.gov.cn/zwgk/tzgg/2025-03-18-guanyu-kaizhan-chunji-senlin-fanghuo-gongzuo-de-tongzhi/",
		"http://localhost:1313/news/a/",
		"https://example.org/en/news/county-fair-2025/",
		"HTTPS://WWW.HENGDONG.GOV.CN/ZWGK/12345678901234567890/",
		"0123456789012345678901234567890123456789",
		"A",
		"1",
		"衡东县人民政府",
	}
	for _, s := range []string{"衡东土菜", "罗荣桓故居", "新塘镇 2025 年春耕", "政务公开/通知公告"} {
		texts = append(texts, "https://www.hengdong.gov.cn/news/"+url.PathEscape(s)+"/")
		texts = append(texts, "https://www.hengdong.gov.cn/news/2025/"+strings.ToLower(url.PathEscape(s))+"/")
	}
	masks := map[int]bool{}
	for _, text := range texts {
		masks[sameAsReference(t, text)] = true
	}
	// Lengths up to 400 of three alphabets: lowercase URLs, mixed case with
	// digits (numeric and alphanumeric segments), percent-encoding; and the
	// longest text of all, and past it.
	alphabets := []string{
		"https://www.hengdong.gov.cn/zwgk/tzgg/guanyu-kaizhan-de-tongzhi/",
		"https://WWW.Hengdong.gov.cn/2025/03/18/Article-1234567890/?p=2&q=ABC",
		"%E8%A1%A1%E4%B8%9C%E5%8E%BF%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C/2025/",
	}
	for _, a := range alphabets {
		for n := 1; n <= 400; n += 1 + n/100 {
			masks[sameAsReference(t, strings.Repeat(a, n/len(a)+1)[:n])] = true
		}
	}
	for _, n := range []int{2331, 2332, 3000} { // 2331 bytes is version 40-M's capacity
		sameAsReference(t, strings.Repeat("x", n))
	}
	for m := 0; m < 8; m++ {
		if !masks[m] {
			t.Errorf("mask %d never chosen: the texts do not test it", m)
		}
	}
}

// byteCapacityM is how many bytes a code of each version holds at level M in
// byte mode (ISO/IEC 18004 table 7).
var byteCapacityM = [41]int{0,
	14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
	711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331}

// TestEncodeVersionBoundaries fills every version to its last byte and one
// past it, against the standard's capacities and go-qrcode's codes, and checks
// go-qrcode's codes for them.
func TestEncodeVersionBoundaries(t *testing.T) {
	for v := 1; v <= 40; v++ {
		for _, n := range []int{byteCapacityM[v], byteCapacityM[v] + 1} {
			text := strings.Repeat("https://www.hengdong.gov.cn/zwgk/tzgg/a-b/", n/42+1)[:n]
			c, err := Encode(text)
			if v == 40 && n > byteCapacityM[v] {
				if err == nil {
					t.Errorf("%d bytes: no error", n)
				}
				continue
			}
			if err != nil {
				t.Fatal(n, err)
			}
			want := v
			if n > byteCapacityM[v] {
				want++
			}
			if c.Version != want {
				t.Errorf("%d bytes: version %d, want %d", n, c.Version, want)
			}
			if v <= 20 || v%5 == 0 { // go-qrcode takes long over the large ones
				sameAsReference(t, text)
			}
		}
	}
}

func FuzzEncodeEqualsGoQRCode(f *testing.F) {
	for _, s := range []string{"https://www.hengdong.gov.cn/", "https://www.hengdong.gov.cn/news/2025/%E5%9C%9F%E8%8F%9C/", "衡东", "0", "A1b2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 3000 {
			return
		}
		sameAsReference(t, text)
	})
}

var sink *Code

func BenchmarkEncode(b *testing.B) {
	for _, text := range []string{
		"https://www.hengdong.gov.cn/hengdong/wenlv/luoronghuan/",
		"https://www.hengdong.gov.cn/news/2025/" + url.PathEscape("衡东土菜：罗荣桓故居旁的一桌家常菜") + "/",
	} {
		b.Run(fmt.Sprintf("%dB", len(text)), func(b *testing.B) {
			b.ReportAllocs()
			defer reportCPU(b)()
			for b.Loop() {
				c, err := Encode(text)
				if err != nil {
					b.Fatal(err)
				}
				sink = c
			}
		})
		b.Run(fmt.Sprintf("%dB/go-qrcode", len(text)), func(b *testing.B) {
			b.ReportAllocs()
			defer reportCPU(b)()
			for b.Loop() {
				c, err := qrcode.New(text, qrcode.Medium)
				if err != nil {
					b.Fatal(err)
				}
				c.Bitmap()
			}
		})
	}
}

// TestPenaltyWordsEqualsPenalty checks the bit-parallel score against the
// module-by-module one on random grids, finder-like lines planted in some.
func TestPenaltyWordsEqualsPenalty(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 3000; i++ {
		n := 21 + 4*rng.IntN(11)
		g := make([]byte, n*n)
		dense := rng.IntN(4) // some grids with long runs
		for p := range g {
			if dense == 0 {
				g[p] = byte(rng.IntN(8) / 7)
			} else {
				g[p] = byte(rng.IntN(2))
			}
		}
		for k := rng.IntN(6); k > 0; k-- {
			pat := []byte{0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0}
			y, x := rng.IntN(n), rng.IntN(n)
			for j := range pat {
				if x+j < n {
					g[y*n+x+j] = pat[j]
				}
				if y+j < n {
					g[(y+j)*n+x] = pat[j]
				}
			}
		}
		rows, cols, zero := make([]uint64, n), make([]uint64, n), make([]uint64, n)
		for p, v := range g {
			rows[p/n] |= uint64(v) << uint(p%n)
			cols[p%n] |= uint64(v) << uint(p/n)
		}
		if got, want := penaltyWords(rows, cols, zero, zero, n), penalty(g, n); got != want {
			t.Fatalf("n=%d: penaltyWords %d, penalty %d", n, got, want)
		}
	}
}

// reportCPU adds the process's CPU time per operation to a benchmark's
// results: on a machine shared with other work, ns/op (wall time) says more
// about the neighbours than about the code.
func reportCPU(b *testing.B) func() {
	start := cpuNow()
	return func() { b.ReportMetric(float64(cpuNow()-start)/float64(b.N), "cpu-ns/op") }
}

func cpuNow() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// TestEncodeConcurrently: the build draws codes on every core at once, and
// the first codes of a version make its shared layout (run with -race).
func TestEncodeConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 1; n < 300; n += 13 {
				if _, err := Encode(strings.Repeat("https://www.hengdong.gov.cn/a/", 10)[:n]); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
}
