package check

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math/bits"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"hengdong/internal/build"
	"hengdong/internal/content"
)

// findings runs the checks on pages rendered with the fixture's layouts and
// the theme's word list, and returns "rule@file:line:col" for rules.
func findings(t *testing.T, pages map[string]string, layouts map[string]string, rules ...string) ([]string, []Allowance) {
	t.Helper()
	return findingsWith(t, pages, layouts, false, rules...)
}

// findingsWith is findings with a choice of Options.Production; a "site.toml"
// among layouts replaces the fixture's settings.
func findingsWith(t *testing.T, pages map[string]string, layouts map[string]string, production bool, rules ...string) ([]string, []Allowance) {
	t.Helper()
	in, res := renderWith(t, pages, layouts)
	var allowed []Allowance
	var got []string
	for _, f := range Run(context.Background(), in, res, Options{Now: fixtureNow, Allowances: &allowed, Production: production}) {
		for _, r := range rules {
			if f.Rule == r {
				got = append(got, fmt.Sprintf("%s@%s:%d:%d", f.Rule, f.File, f.Line, f.Col))
				if f.Msg == "" || f.Fix == "" || f.Detail == "" {
					t.Errorf("finding lacks message, fix or detail: %s", f)
				}
			}
		}
	}
	return got, allowed
}

// renderWith renders the fault fixture's layouts with pages as its only
// content and no static file but the footer badges; layouts may replace a layout, site.toml, or
// add a static file ("static/…").
func renderWith(t *testing.T, pages map[string]string, layouts map[string]string) (*build.Inputs, *build.Result) {
	t.Helper()
	in, err := build.ReadInputs(filepath.Join("testdata", "faults"), nil)
	if err != nil {
		t.Fatal(err)
	}
	in.Static = badgeFiles(in.Static)
	in.Content = nil
	for name, text := range pages {
		in.Content = append(in.Content, content.SourceFile{Path: name, Data: []byte(text)})
	}
	addThemeWordList(t, in)
	for name, text := range layouts {
		if name == "site.toml" {
			in.Config = []byte(text)
			continue
		}
		if strings.HasPrefix(name, "static/") {
			in.Static[name] = []byte(text)
			continue
		}
		in.Layouts[name] = []byte(text)
	}
	res, err := build.Render(in, build.Options{Now: fixtureNow})
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return in, res
}

func TestWording(t *testing.T) {
	const a = "content/news/a.md"
	at := func(col int) string { return fmt.Sprintf("wording@%s:%d:%d", a, bodyLine, col) }
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"county", "衡冬县召开会议", []string{at(1)}},
		{"province", "地处湘南省", []string{at(3)}},
		{"湘南 region is fine", "湘南地区", nil},
		{"country", "中华人民共合国成立", []string{at(1)}},
		{"slogan", "开展扫黑险恶专项斗争", []string{at(3)}},
		{"party congress as NPC", "学习第二十次全国人民代表大会精神", []string{at(3)}},
		{"party congress", "学习中国共产党第二十次全国代表大会精神", nil},
		{"misspelt name", "习近凭", []string{at(1)}},
		{"bare name", "习近平在湖南考察", []string{at(1)}},
		{"canonical titles", "中共中央总书记、国家主席、中央军委主席习近平指出", nil},
		{"titles in the wrong order", "国家主席、中共中央总书记、中央军委主席习近平指出", []string{at(1)}},
		{"titles incomplete", "中共中央总书记、中央军委主席习近平", []string{at(1)}},
		{"one title", "国家主席习近平会见", nil},
		{"总书记 after", "习近平总书记强调", nil},
		{"同志 after", "以习近平同志为核心的党中央", nil},
		{"thought", "习近平新时代中国特色社会主义思想", nil},
		{"book", "《习近平谈治国理政》", nil},
		{"emphasis", "中共中央总书记、国家主席、中央军委主席**习近平**指出", nil},
		{"two on a line", "衡冬县和恒阳市", []string{at(1), at(5)}},
		// The 20th Politburo Standing Committee behave as 习近平 does.
		{"premier, one title", "国务院总理李强主持召开国务院常务会议", nil},
		{"premier, canonical titles", "中共中央政治局常委、国务院总理李强出席", nil},
		{"premier, titles in the wrong order", "国务院总理、中共中央政治局常委李强出席", []string{at(1)}},
		{"premier, bare name", "李强在会上强调", []string{at(1)}},
		{"premier, 总理 after", "李强总理指出", nil},
		{"vice premier misspelt", "国务院副总理丁学祥", []string{at(7)}},
		{"vice premier, bare name", "丁薛祥在湖南调研", []string{at(1)}},
		// The county's towns: the seat 洣水镇 and its slips.
		{"town", "洣水镇借助“三长制”", nil},
		{"town slip", "沐水镇借助“三长制”", []string{at(1)}},
		{"town homophone", "夏流镇和扬桥镇", []string{at(1), at(5)}},
		{"in link text", "[衡冬县](https://example.com/)", []string{at(2)}},
		{"in alt text", "![衡冬县风光](pic.svg)", []string{at(3)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages := map[string]string{a: article(tt.body)}
			if strings.Contains(tt.body, "pic.svg") {
				pages["content/news/pic.svg"] = `<svg xmlns="http://www.w3.org/2000/svg"/>`
			}
			got, _ := findings(t, pages, nil, RuleWording)
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("%q: got %v, want %v", tt.body, got, tt.want)
			}
		})
	}
}

func TestWordingInFrontMatterAndSiteFiles(t *testing.T) {
	page := "---\ntitle: 衡冬县新闻\ndate: 2025-03-19T09:00:00+08:00\nsource: 湘南省测试\ndescription: 中华人民共合国\n---\n\n正文。\n"
	got, _ := findings(t, map[string]string{"content/news/a.md": page}, map[string]string{
		"layouts/partials/footer.html": "<footer>主办单位：衡冬县人民政府</footer>",
	}, RuleWording)
	want := []string{
		"wording@content/news/a.md:2:8",
		"wording@content/news/a.md:4:9",
		"wording@content/news/a.md:5:14",
		"wording@layouts/partials/footer.html:1:14",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestWordingRenderedOnly finds a wrong form that only the rendered page
// shows: a template puts it together from two strings.
func TestWordingRenderedOnly(t *testing.T) {
	got, _ := findings(t, map[string]string{"content/news/a.md": article("正文。")}, map[string]string{
		"layouts/partials/footer.html": `<footer>{{ print "衡冬" "县" }}</footer>`,
	}, RuleWording)
	if len(got) == 0 || !strings.HasPrefix(got[0], "wording@/") || !strings.HasSuffix(got[0], ":0:0") {
		t.Errorf("got %v, want findings at output paths", got)
	}
}

func TestWordingAllowances(t *testing.T) {
	fm := "---\ntitle: 测试\ndate: 2025-03-19T09:00:00+08:00\nsource: 测试\nwordingAllow:\n  - form: 衡冬县\n    reason: 引用县志原文\n---\n\n县志写作“衡冬县”，另有湘南省。\n"
	inline := article("<!-- 表述例外 湘南省：引用档案原文 -->\n档案写作“湘南省”，衡冬县不行。")
	noReason := article("<!-- 表述例外 湘南省 -->\n湘南省")
	got, allowed := findings(t, map[string]string{"content/news/a.md": fm, "content/news/b.md": inline, "content/news/c.md": noReason}, nil, RuleWording)
	want := []string{
		"wording@content/news/a.md:10:13", // 湘南省 is not allowed on a
		"wording@content/news/b.md:8:11",  // 衡冬县 is not allowed on b
		"wording@content/news/c.md:7:1",   // an allowance without a reason
		"wording@content/news/c.md:7:11",  // which allows nothing
		"wording@content/news/c.md:8:1",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %v, want %v", got, want)
	}
	var list []string
	for _, a := range allowed {
		list = append(list, a.String())
	}
	wantList := []string{"content/news/a.md:6: 表述例外“衡冬县”：引用县志原文", "content/news/b.md:7: 表述例外“湘南省”：引用档案原文"}
	if strings.Join(list, "\n") != strings.Join(wantList, "\n") {
		t.Errorf("allowances:\n%s\nwant:\n%s", strings.Join(list, "\n"), strings.Join(wantList, "\n"))
	}
}

func TestWordListExtendAndErrors(t *testing.T) {
	pages := map[string]string{"content/news/a.md": article("甲乙丙和衡冬县")}
	got, _ := findings(t, pages, map[string]string{
		WordingDir + "wording-site.toml": "[[term]]\nright = \"甲乙丁\"\nwrong = [\"甲乙丙\"]\nsource = \"测试\"\n",
	}, RuleWording)
	if want := []string{"wording@content/news/a.md:7:1", "wording@content/news/a.md:7:5"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("extended: got %v, want %v", got, want)
	}
	got, _ = findings(t, pages, map[string]string{
		WordingDir + "wording-site.toml": "[[term]]\nright = \"甲乙丁\"\nwrong = [\"甲乙丙\"]\n",
	}, RuleWording)
	if want := []string{"wording@content/news/a.md:7:1", "wording@content/news/a.md:7:5", "wording@layouts/_data/wording-site.toml:2:10"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("entry without source: got %v, want %v", got, want)
	}
	got, _ = findings(t, pages, map[string]string{
		WordingDir + "wording.toml": "[[term]]\nright = \"甲乙丁\"\nwrng = [\"甲乙丙\"]\n",
	}, RuleWording)
	if want := []string{"wording@layouts/_data/wording.toml:3:1"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("replaced with a broken list: got %v, want %v", got, want)
	}
}

func TestPrivacy(t *testing.T) {
	at := func(col int) string { return fmt.Sprintf("privacy@content/news/a.md:%d:%d", bodyLine, col) }
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"mobile", "手机13812345678。", []string{at(3)}},
		{"mobile in a longer run", "编号138123456789", nil},
		{"mobile in a file name", "a13812345678b.png", nil},
		{"landline", "电话0734-5212345", nil},
		{"hotline", "热线12345", nil},
		{"listed in site.toml", "热线13800001111", nil},
		{"id", "身份证430424199001011232", []string{at(4)}},
		{"id with X", "身份证11010519491231002X", []string{at(4)}},
		{"id with a wrong check digit", "身份证430424199001011234", nil},
		{"id with no such date", "身份证430424199002301234", nil},
		{"bank card", "卡号6222021234567890128", []string{at(3)}},
		{"not Luhn", "卡号6222021234567890129", nil},
		{"decimal", "13812345678.5", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, res := miniSite(t, map[string]string{"content/news/a.md": article(tt.body)})
			res.Config.Params = map[string]any{PublicNumbersKey: []any{"138-0000-1111"}}
			var got []string
			for _, f := range Run(context.Background(), in, res, Options{Now: fixtureNow}) {
				if f.Rule == RulePrivacy {
					got = append(got, fmt.Sprintf("%s@%s:%d:%d", f.Rule, f.File, f.Line, f.Col))
					if strings.Contains(f.Msg, tt.body[len(tt.body)-8:]) && len(tt.body) > 12 {
						t.Errorf("message shows the number unmasked: %s", f.Msg)
					}
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("%q: got %v, want %v", tt.body, got, tt.want)
			}
		})
	}
}

// BenchmarkScanText measures the wording and privacy pass over a rendered
// page of the shipped portal, in bytes per second.
func BenchmarkScanText(b *testing.B) {
	in, err := build.ReadInputs(portalRoot, nil)
	if err != nil {
		b.Fatal(err)
	}
	res, err := build.Render(in, build.Options{})
	if err != nil {
		b.Fatal(err)
	}
	s := &site{in: in, res: res, cfg: res.Config, byFile: map[string]*content.Page{}}
	s.loadPublicNumbers()
	s.loadWording()
	if s.words == nil || len(s.words.byFirst) == 0 {
		b.Fatal("no word list")
	}
	page := res.Files["/news/"]
	b.SetBytes(int64(len(page)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.scanText(page)
	}
}

// digitOrNonASCII must find the first digit or non-ASCII byte at any place
// in a word, next to any other byte: scanTextClock skips what comes before.
// Carries could only reach the next byte up, so every pair of neighbours is
// tried at every place.
func TestDigitOrNonASCII(t *testing.T) {
	want := func(c byte) bool { return c >= utf8.RuneSelf || isDigit(c) }
	var w [8]byte
	for at := 0; at < 7; at++ {
		for v := 0; v < 256; v++ {
			for u := 0; u < 256; u++ {
				w = [8]byte{'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a'}
				w[at], w[at+1] = byte(v), byte(u)
				first := 8 // no byte to find
				for i, c := range w {
					if want(c) {
						first = i
						break
					}
				}
				got := 8
				if m := digitOrNonASCII(binary.LittleEndian.Uint64(w[:])); m != 0 {
					got = bits.TrailingZeros64(m) >> 3
				}
				if got != first {
					t.Fatalf("digitOrNonASCII(%q) finds byte %d first, want %d", w, got, first)
				}
			}
		}
	}
}

// scanTextByByte is scanTextClock as first written, a byte or a rune at a
// time: FuzzScanText holds the quick paths to it.
func (s *site) scanTextByByte(b []byte) (hits []hit, clock bool) {
	m := s.words
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			j := i
			for j < len(b) && b[j] >= '0' && b[j] <= '9' {
				j++
			}
			h, ok, c := s.privacyHit(b, i, j)
			if ok {
				hits = append(hits, h)
			}
			clock = clock || c
			i = j
			continue
		case c < utf8.RuneSelf:
			i++
			continue
		}
		var r rune
		size := 3
		if c&0xF0 == 0xE0 && i+2 < len(b) {
			r = rune(c&0x0F)<<12 | rune(b[i+1]&0x3F)<<6 | rune(b[i+2]&0x3F)
		} else {
			r, size = utf8.DecodeRune(b[i:])
		}
		if m != nil && (r >= 0x10000 || m.first[r/64]&(1<<(r%64)) != 0) {
			for _, p := range m.byFirst[r] {
				if !bytes.HasPrefix(b[i:], p.b) {
					continue
				}
				if h, ok := wordingHit(b, i, p); ok {
					hits = append(hits, h)
				}
				size = len(p.s)
				break
			}
		}
		i += size
	}
	return hits, clock
}

// FuzzScanText: scanTextClock finds what a scan a byte at a time finds, with
// the theme's word list.
func FuzzScanText(f *testing.F) {
	data, err := os.ReadFile(filepath.Join(portalRoot, filepath.FromSlash(WordingDir+"wording.toml")))
	if err != nil {
		f.Fatal(err)
	}
	s := &site{in: &build.Inputs{Layouts: map[string][]byte{WordingDir + "wording.toml": data}}}
	s.loadWording()
	if len(s.words.byFirst) == 0 {
		f.Fatal("no word list")
	}
	for _, seed := range []string{"国家主席习近平", "衡冬县 13812345678 号", "<p>身份证430424199001011234</p>", "6222021234567890123",
		"a1b2\xe4\xb8", "习近平总书记、国家主席", "中华人民共和国\u3000\xf0\x9f\x98\x80 12345678901"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, gotClock := s.scanTextClock(b)
		want, wantClock := s.scanTextByByte(b)
		if fmt.Sprint(got) != fmt.Sprint(want) || gotClock != wantClock {
			t.Fatalf("%q: scanTextClock %v %v, by byte %v %v", b, got, gotClock, want, wantClock)
		}
	})
}
