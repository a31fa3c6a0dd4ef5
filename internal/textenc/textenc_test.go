package textenc

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func utf16(t *testing.T, s string, e xunicode.Endianness, b xunicode.BOMPolicy) []byte {
	t.Helper()
	out, err := xunicode.UTF16(e, b).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCheck(t *testing.T) {
	page := "---\ntitle: 衡东县\n---\n第一段文字。\n衡东土菜，印章文化。\n"
	big5, _ := traditionalchinese.Big5.NewEncoder().Bytes([]byte("abc\n衡東縣的印章文化\n"))
	tests := []struct {
		name      string
		data      []byte
		ok        bool
		line, col int
		want      string // in the message
	}{
		{"utf-8", []byte(page), true, 0, 0, ""},
		{"utf-8 with bom", append([]byte("\xef\xbb\xbf"), page...), true, 0, 0, ""},
		{"empty", nil, true, 0, 0, ""},
		{"gbk body", append([]byte("---\ntitle: x\n---\nabc"), gbk(t, "衡东县印章文化节")...), false, 4, 4, "GBK/GB18030"},
		{"gbk front matter", gbk(t, page), false, 2, 8, "GBK/GB18030"},
		{"utf-16le bom", utf16(t, page, xunicode.LittleEndian, xunicode.UseBOM), false, 1, 1, "UTF-16LE"},
		{"utf-16be bom", utf16(t, page, xunicode.BigEndian, xunicode.UseBOM), false, 1, 1, "UTF-16BE"},
		{"utf-16le no bom", utf16(t, page, xunicode.LittleEndian, xunicode.IgnoreBOM), false, 1, 1, "UTF-16LE"},
		{"utf-16be no bom", utf16(t, page, xunicode.BigEndian, xunicode.IgnoreBOM), false, 1, 1, "UTF-16BE"},
		{"latin-1", []byte("caf\xe9 ol\xe9\n"), false, 1, 4, "不是 UTF-8"},
		{"big5 is not called GBK", big5, false, 2, 1, "不是 UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Check("content/x.md", tt.data)
			if tt.ok {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				if bytes.HasPrefix(out, []byte("\xef\xbb\xbf")) || string(out) != strings.TrimPrefix(string(tt.data), "\ufeff") {
					t.Errorf("got %q", out)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			if err.Line != tt.line || err.Col != tt.col {
				t.Errorf("at %d:%d, want %d:%d: %v", err.Line, err.Col, tt.line, tt.col, err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Fix, "fix-encoding content/x.md") {
				t.Errorf("message %q lacks %q or the fix", err, tt.want)
			}
			if tt.name == "big5 is not called GBK" && strings.Contains(err.Msg, "GBK") {
				t.Errorf("Big5 text guessed as GBK: %v", err)
			}
		})
	}
}

func TestConvert(t *testing.T) {
	page := "---\ntitle: 衡东县\n---\n第一段文字。\n"
	tests := []struct {
		name string
		data []byte
	}{
		{"gbk", gbk(t, page)},
		{"utf-16le bom", utf16(t, page, xunicode.LittleEndian, xunicode.UseBOM)},
		{"utf-16be no bom", utf16(t, page, xunicode.BigEndian, xunicode.IgnoreBOM)},
		{"utf-8 bom", append([]byte("\xef\xbb\xbf"), page...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc := Guess(tt.data)
			out, err := Convert(tt.data, enc)
			if err != nil || string(out) != page {
				t.Errorf("Convert(%s) = %q, %v", enc, out, err)
			}
		})
	}
	if _, err := Convert([]byte("caf\xe9"), Unknown); err == nil {
		t.Error("unknown encoding converted")
	}
}

func FuzzCheck(f *testing.F) {
	f.Add([]byte("衡东\n"))
	f.Add([]byte("\xba\xe2\xb6\xab\n"))
	f.Add([]byte("\xff\xfea\x00b\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := Check("x.md", data)
		if err == nil && (invalidAt(out) >= 0 || bytes.IndexByte(out, 0) >= 0) {
			t.Fatalf("accepted %q", data)
		}
		if err != nil && (err.Line < 1 || err.Col < 1) {
			t.Fatalf("no position: %v", err)
		}
	})
}

// TestCheckMixed: a UTF-8 front matter added to a GBK body is still named GBK.
func TestCheckMixed(t *testing.T) {
	data := append([]byte("---\ntitle: 衡东县\n---\n\n"), gbk(t, "衡东县印章文化")...)
	_, err := Check("content/x.md", data)
	if err == nil || err.Pos() != "content/x.md:5:1" || !strings.Contains(err.Msg, "GBK/GB18030") {
		t.Errorf("got %v", err)
	}
}
