package config

import "testing"

func TestURLsTable(t *testing.T) {
	tests := []struct {
		src     string
		want    bool
		wantErr bool
	}{
		{"", false, false},
		{"[urls]\npinyin = true\n", true, false},
		{"[urls]\npinyin = \"是\"\n", false, true},
		{"[urls]\npingyin = true\n", false, true},
	}
	for _, tt := range tests {
		c, err := Parse("site.toml", []byte(tt.src))
		if (err != nil) != tt.wantErr {
			t.Fatalf("%q: error %v", tt.src, err)
		}
		if err == nil && c.URLs.Pinyin != tt.want {
			t.Errorf("%q: pinyin %v", tt.src, c.URLs.Pinyin)
		}
	}
}
