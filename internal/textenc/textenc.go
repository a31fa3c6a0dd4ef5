// Package textenc makes sure an editor's text file is UTF-8 before it is parsed.
// A file saved as GBK (what Windows Notepad and many Chinese office tools write)
// or UTF-16 would otherwise be published as mojibake or blamed on the syntax of
// the format; Check reports it at the first bad byte, names the encoding it most
// probably is and says how to convert it. Convert does that conversion for the
// fix-encoding command.
package textenc

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"hengdong/internal/diag"
)

// Encodings Guess can name. UTF8 means the bytes are already UTF-8.
const (
	UTF8    = "UTF-8"
	GB18030 = "GB18030" // a superset of GBK and GB2312
	UTF16LE = "UTF-16LE"
	UTF16BE = "UTF-16BE"
	Unknown = ""
)

var bom = []byte("\xef\xbb\xbf")

// Check returns data without a leading UTF-8 byte order mark when data is UTF-8
// text, and otherwise a diag error at the first byte that is not, naming the
// encoding the file probably is and how to convert it. file names the file.
func Check(file string, data []byte) ([]byte, *diag.Error) {
	data = bytes.TrimPrefix(data, bom)
	enc, off := guess(data)
	if enc == UTF8 {
		return data, nil
	}
	line, col := diag.LineCol(data, off)
	if enc == UTF16LE || enc == UTF16BE {
		line, col = 1, 1 // the whole file is in another encoding
	}
	name := enc
	if enc == GB18030 {
		name = "GBK/GB18030"
	}
	msg := "文件不是 UTF-8 编码"
	detail := fmt.Sprintf("invalid UTF-8 at byte %d", off)
	if enc != Unknown {
		msg += "，看起来是 " + name + " 编码"
		detail += "; the file looks like " + enc
	}
	from := enc
	if from == Unknown {
		from = "原编码"
	}
	fix := fmt.Sprintf("请把文件转换为 UTF-8：运行 go run . fix-encoding %s（原文件备份为 .bak），或 iconv -f %s -t UTF-8 %s > 新文件，或在编辑器中选择“UTF-8”编码另存", file, from, file)
	return nil, diag.New(file, line, col, msg, fix, detail)
}

// Guess names the encoding data is most probably in: UTF8 when it is valid
// UTF-8 (a byte order mark allowed), UTF16LE or UTF16BE for a byte order mark
// or the zero bytes every other byte that ASCII text in UTF-16 has, GB18030 when
// the bytes decode as GB18030 to mostly Chinese, and Unknown otherwise.
func Guess(data []byte) string {
	enc, _ := guess(data)
	return enc
}

// guess is Guess plus the offset of the first byte that is not UTF-8 text.
func guess(data []byte) (string, int) {
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		return UTF16LE, 0
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return UTF16BE, 0
	}
	// NUL is valid UTF-8 but never in a text file; ASCII in UTF-16 is every
	// other byte zero, so UTF-16 without a BOM often passes as UTF-8.
	if nul := bytes.IndexByte(data, 0); nul >= 0 {
		even, odd := 0, 0
		n := min(len(data), 4096)
		for i := 0; i < n; i++ {
			if data[i] == 0 {
				if i%2 == 0 {
					even++
				} else {
					odd++
				}
			}
		}
		switch {
		case odd > n/8 && odd > 2*even:
			return UTF16LE, nul
		case even > n/8 && even > 2*odd:
			return UTF16BE, nul
		}
		return Unknown, nul
	}
	if utf8.Valid(data) { // the fast path every build takes for every file
		return UTF8, 0
	}
	off := invalidAt(data)
	// Decode from the start of the line of the first bad byte: what comes
	// before it is UTF-8 (a front matter added in another editor, say), and
	// a line feed is never part of a GB18030 character, so the decoding
	// starts in step.
	from := bytes.LastIndexByte(data[:off], '\n') + 1
	if mostlyHan(data[from:], simplifiedchinese.GB18030) {
		return GB18030, off
	}
	return Unknown, off
}

// invalidAt returns the offset of the first byte that is not part of valid
// UTF-8, or -1.
func invalidAt(data []byte) int {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// mostlyHan reports whether data decodes in enc without a replacement
// character and most of its non-ASCII characters are Chinese: random bytes and
// Latin-1 text decode as GB18030 too, but to rare symbols and odd characters.
func mostlyHan(data []byte, enc encoding.Encoding) bool {
	out, _, err := transform.Bytes(enc.NewDecoder(), data)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return false
	}
	han, other := 0, 0
	for _, r := range string(out) {
		switch {
		case r < utf8.RuneSelf:
		case unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hiragana, unicode.Katakana) || r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef:
			han++
		default:
			other++
		}
	}
	return han > 0 && han >= 4*other
}

// Convert turns data in encoding enc (as Guess names it) into UTF-8, dropping
// a byte order mark. It fails when data does not decode cleanly.
func Convert(data []byte, enc string) ([]byte, error) {
	var dec *encoding.Decoder
	switch enc {
	case UTF8:
		return bytes.TrimPrefix(data, bom), nil
	case GB18030:
		dec = simplifiedchinese.GB18030.NewDecoder()
	case UTF16LE:
		dec = xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewDecoder()
	case UTF16BE:
		dec = xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM).NewDecoder()
	default:
		return nil, fmt.Errorf("unknown encoding")
	}
	out, _, err := transform.Bytes(dec, data)
	if err != nil {
		return nil, err
	}
	if bytes.ContainsRune(out, utf8.RuneError) && !bytes.ContainsRune(data, utf8.RuneError) {
		return nil, fmt.Errorf("the bytes are not valid %s", enc)
	}
	return bytes.TrimPrefix(out, bom), nil
}
