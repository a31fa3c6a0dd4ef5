package build

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestPortalPinyinKeepsURLs: the shipped site turns [urls] pinyin on. Every
// page it published before, with the option off, is still at its URL or has
// an alias from it; only pages under Chinese-named files or folders (never
// published without pinyin) have new URLs, and those are plain ASCII.
func TestPortalPinyinKeepsURLs(t *testing.T) {
	in := readPortal(t)
	if !bytes.Contains(in.Config, []byte("\n[urls]\npinyin = true")) {
		t.Fatal("the shipped site.toml no longer turns [urls] pinyin on")
	}
	on, err := Render(in, Options{Now: portalNow})
	if err != nil {
		t.Fatal(err)
	}
	off := in.Clone()
	off.Config = bytes.Replace(off.Config, []byte("\n[urls]\npinyin = true"), []byte("\n[urls]\npinyin = false"), 1)
	was, err := Render(off, Options{Now: portalNow})
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string]string{}
	for _, p := range on.Tree.All {
		if p.File != "" {
			byFile[p.File] = p.Path()
		}
	}
	changed := 0
	for _, p := range was.Tree.All {
		if p.File == "" {
			continue
		}
		now := byFile[p.File]
		if now == p.Path() {
			continue
		}
		changed++
		if !utf8.ValidString(now) || strings.IndexFunc(now, func(r rune) bool { return r > 0x7f }) >= 0 {
			t.Errorf("%s: the pinyin URL %s is not ASCII", p.File, now)
		}
		ascii := strings.IndexFunc(p.File, func(r rune) bool { return r > 0x7f }) < 0
		if _, aliased := on.Tree.Aliases[p.Path()]; ascii && !aliased {
			t.Errorf("%s moved from %s to %s without an alias", p.File, p.Path(), now)
		}
	}
	if changed == 0 {
		t.Error("no page has a pinyin URL: the portal no longer uses the option")
	}
}
