package seeds

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"hengdong/internal/config"
)

// aliasBomb is nine levels of nine aliases: 350 bytes that expand to 9^9 values.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	for i := 'b'; i <= 'i'; i++ {
		p := string(i - 1)
		fmt.Fprintf(&b, "%c: &%c [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", i, i, p, p, p, p, p, p, p, p, p)
	}
	return b.String()
}

func gbkBytes(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseFileGuards(t *testing.T) {
	valid := "source: 衡阳日报\nindicators:\n  - {id: a, name: 甲, period: \"2024\", value: 1, unit: 亿元}\n"
	csv := "id,name,period,value,unit,growth,basis,status,source\na,衡东,2024,1,亿元,,,,衡阳日报\n"
	tests := []struct {
		name, file, data string
		lim              config.Limits
		pos, want        string // "" pos: no error
	}{
		{"alias bomb", "seeds/bomb.yaml", aliasBomb(), config.Default().Limits, "seeds/bomb.yaml:6:8", "别名"},
		{"aliases a real file uses", "seeds/ok.yaml", "source: &s 衡阳日报\nindicators:\n  - {id: a, name: 甲, period: \"2024\", value: 1, unit: 亿元, source: *s}\n", config.Default().Limits, "", ""},
		{"too large yaml", "seeds/big.yaml", valid, config.Limits{MaxFileSize: 20}, "seeds/big.yaml:1:13", "maxFileSize = 20"},
		{"too large csv", "seeds/big.csv", csv, config.Limits{MaxFileSize: 10}, "seeds/big.csv:1:11", "maxFileSize"},
		{"gbk yaml", "seeds/gbk.yaml", gbkBytes(t, valid), config.Default().Limits, "seeds/gbk.yaml:1:9", "GBK/GB18030"},
		{"gbk csv", "seeds/gbk.csv", gbkBytes(t, csv), config.Default().Limits, "seeds/gbk.csv:2:3", "GBK/GB18030"},
		{"utf-16 json", "seeds/u.json", "\xff\xfe{\x00}\x00", config.Default().Limits, "seeds/u.json:1:1", "UTF-16LE"},
		{"bom yaml", "seeds/bom.yaml", "\ufeff" + valid, config.Default().Limits, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			inds, errs := ParseFileLimits(tt.file, []byte(tt.data), tt.lim)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if tt.pos == "" {
				if len(errs) > 0 || len(inds) != 1 {
					t.Fatalf("got %d indicators, errors %v", len(inds), errs)
				}
				return
			}
			if len(errs) != 1 || errs[0].Pos() != tt.pos || !strings.Contains(errs[0].Error(), tt.want) {
				t.Fatalf("got %v, want one error at %s with %q", errs, tt.pos, tt.want)
			}
		})
	}
}
