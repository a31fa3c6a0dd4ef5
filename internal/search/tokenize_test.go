package search

import (
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite testdata/tokenize.json from the Go tokeniser")

// fixture is one row of testdata/tokenize.json, shared with the JS client test
// (testdata/js_check.mjs).
type fixture struct {
	Name  string   `json:"name"`
	Text  string   `json:"text"`
	Index []string `json:"index"`
	Query []string `json:"query"`
}

func loadFixtures(t *testing.T) []fixture {
	t.Helper()
	b, err := os.ReadFile("testdata/tokenize.json")
	if err != nil {
		t.Fatal(err)
	}
	var fs []fixture
	if err := json.Unmarshal(b, &fs); err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestTokenizeFixtures(t *testing.T) {
	fs := loadFixtures(t)
	if *update {
		for i := range fs {
			fs[i].Index, fs[i].Query = Tokenize(fs[i].Text), TokenizeQuery(fs[i].Text)
		}
		var lines []string
		for _, f := range fs {
			lines = append(lines, "  "+string(marshal(f)))
		}
		b := "[\n" + strings.Join(lines, ",\n") + "\n]\n"
		if err := os.WriteFile("testdata/tokenize.json", []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, f := range fs {
		if got := Tokenize(f.Text); !eqTokens(got, f.Index) {
			t.Errorf("%s: Tokenize(%q) = %q, want %q", f.Name, f.Text, got, f.Index)
		}
		if got := TokenizeQuery(f.Text); !eqTokens(got, f.Query) {
			t.Errorf("%s: TokenizeQuery(%q) = %q, want %q", f.Name, f.Text, got, f.Query)
		}
	}
}

func eqTokens(a, b []string) bool { return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b) }

func TestTokenize(t *testing.T) {
	cases := []struct {
		in          string
		index, quer []string
	}{
		// Han: singles and bigrams when indexing, bigrams when querying.
		{"土菜", []string{"土", "土菜", "菜"}, []string{"土菜"}},
		{"罗荣桓", []string{"罗", "罗荣", "荣", "荣桓", "桓"}, []string{"罗荣", "荣桓"}},
		{"衡东土菜文化节", []string{"衡", "衡东", "东", "东土", "土", "土菜", "菜", "菜文", "文", "文化", "化", "化节", "节"}, []string{"衡东", "土菜", "文化", "化节"}},
		{"县政府", []string{"县", "县政", "政", "政府", "府"}, []string{"县政", "政府"}},
		{"衡东县人民", []string{"衡", "衡东", "东", "东县", "县", "县人", "人", "人民", "民"}, []string{"衡东", "县人", "人民"}},
		{"县", []string{"县"}, []string{"县"}},
		// Latin lower-cased; punctuation separates.
		{"GDP增长", []string{"gdp", "增", "增长", "长"}, []string{"gdp", "增长"}},
		{"Hello, World!", []string{"hello", "world"}, []string{"hello", "world"}},
		// Numbers: decimals kept whole, integer part also indexed.
		{"391.38亿元", []string{"391.38", "391", "亿", "亿元", "元"}, []string{"391.38", "亿元"}},
		{"2025年2月7日", []string{"2025", "年", "2", "月", "7", "日"}, []string{"2025", "年", "2", "月", "7", "日"}},
		{"v1.2 end.", []string{"v", "1.2", "1", "end"}, []string{"v", "1.2", "end"}},
		// Letters and digits split, so iPhone15 is iPhone 15.
		{"iPhone15", []string{"iphone", "15"}, []string{"iphone", "15"}},
		{"iPhone 15", []string{"iphone", "15"}, []string{"iphone", "15"}},
		// C++, C#, .NET are words of their own (and index their bare word too).
		{"C++", []string{"c++", "c"}, []string{"c++"}},
		{"C#语言", []string{"c#", "c", "语", "语言", "言"}, []string{"c#", "语言"}},
		{".NET", []string{".net", "net"}, []string{".net"}},
		{"Ｃ＋＋ Ｃ＃", []string{"c++", "c", "c#", "c"}, []string{"c++", "c#"}},
		{"a++b x#y", []string{"a", "b", "x", "y"}, []string{"a", "b", "x", "y"}},
		// Full-width ASCII, digits and the ideographic space fold to half-width.
		{"ＧＤＰ　１２３．５", []string{"gdp", "123.5", "123"}, []string{"gdp", "123.5"}},
		{"印章，大会", []string{"印", "印章", "章", "大", "大会", "会"}, []string{"印章", "大会"}},
		{"“印章”　大会", []string{"印", "印章", "章", "大", "大会", "会"}, []string{"印章", "大会"}},
		// Latin-1 capitals fold, other letters are kept.
		{"ÉCOLE café", []string{"école", "café"}, []string{"école", "café"}},
		{"", nil, nil},
		{"。，、！", nil, nil},
	}
	for _, c := range cases {
		if got := Tokenize(c.in); !eqTokens(got, c.index) {
			t.Errorf("Tokenize(%q) = %q, want %q", c.in, got, c.index)
		}
		if got := TokenizeQuery(c.in); !eqTokens(got, c.quer) {
			t.Errorf("TokenizeQuery(%q) = %q, want %q", c.in, got, c.quer)
		}
	}
	long := strings.Repeat("a", 40)
	if got := Tokenize(long); len(got) != 1 || len(got[0]) != maxTokenRunes {
		t.Errorf("long token not cut to %d: %q", maxTokenRunes, got)
	}
}

func TestNormalizeKeepsUTF16Length(t *testing.T) {
	for _, s := range []string{"ＡＢＣ　１２", "À la Ｇ", "𠀀汉字"} {
		n := Normalize(s)
		if utf8.RuneCountInString(n) != utf8.RuneCountInString(s) {
			t.Errorf("Normalize(%q) = %q changes length", s, n)
		}
	}
}

func TestFNV1a(t *testing.T) {
	// Reference values of 32-bit FNV-1a.
	if got := fnv1a(""); got != 0x811c9dc5 {
		t.Errorf("fnv1a(\"\") = %x", got)
	}
	if got := fnv1a("a"); got != 0xe40c292c {
		t.Errorf("fnv1a(a) = %x", got)
	}
	if got := fnv1a("foobar"); got != 0xbf9cf968 {
		t.Errorf("fnv1a(foobar) = %x", got)
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"土菜 GDP 391.38", "ＧＤＰ　１２３．５", "1.2.3.", "a.1", "𠀀𠀁x", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		idx, q := Tokenize(s), TokenizeQuery(s)
		for _, tok := range append(idx, q...) {
			if tok == "" || utf8.RuneCountInString(tok) > maxTokenRunes {
				t.Fatalf("bad token %q from %q", tok, s)
			}
			if Normalize(tok) != tok {
				t.Fatalf("token %q not normalised (from %q)", tok, s)
			}
			if strings.ContainsAny(tok, " \t\n,，。") {
				t.Fatalf("token %q has a separator (from %q)", tok, s)
			}
			if !utf8.ValidString(tok) {
				t.Fatalf("token %q is not valid UTF-8 (from %q)", tok, s)
			}
		}
		// Every query term of a text is an index term of the same text, so a
		// page is always found by a phrase copied from it.
		set := map[string]bool{}
		for _, tok := range idx {
			set[tok] = true
		}
		for _, tok := range q {
			if !set[tok] {
				t.Fatalf("query term %q not among index terms %q of %q", tok, idx, s)
			}
		}
		if len(q) > len(idx) {
			t.Fatalf("more query terms than index terms for %q", s)
		}
	})
}

// Positions are UTF-16 offsets, also after a character outside the BMP.
func TestPositions(t *testing.T) {
	var got []int32
	var toks []string
	eachTerm("a𠀀𠀁汉 b", false, func(tk token) {
		got = append(got, tk.pos)
		toks = append(toks, string(tk.appendUTF8(nil)))
	})
	want := []int32{0, 1, 1, 3, 3, 5, 7}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("positions of %q = %v, want %v", toks, got, want)
	}
}
