package content

import (
	"fmt"
	"strings"
	"testing"

	"hengdong/internal/config"
)

func TestLeftOut(t *testing.T) {
	extra := files(
		"content/news/pub.md", "+++\ntitle = \"定时\"\ndate = 2025-01-01\npublishDate = 2025-04-02T09:00:00+08:00\n+++\n",
		"content/news/both.md", "---\ntitle: 又是草稿又在将来\ndate: 2025-06-01\nDraft : true\n---\n",
	)
	cases := []struct {
		name string
		opts Options
		want []string
	}{
		{"build", Options{Now: now}, []string{
			"content/news/both.md:4:1 draft 0001-01-01",
			"content/news/draft.md:4:1 draft 0001-01-01",
			"content/news/expired.md:4:1 expired 2025-02-01",
			"content/news/future.md:3:1 future 2025-05-01",
			"content/news/pub.md:4:1 future 2025-04-02",
		}},
		{"drafts and future shown (serve)", Options{Now: now, BuildDrafts: true, BuildFuture: true}, []string{
			"content/news/expired.md:4:1 expired 2025-02-01",
		}},
		{"everything shown", Options{Now: now, BuildDrafts: true, BuildFuture: true, BuildExpired: true}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr := load(t, config.Default(), c.opts, append(testSite(), extra...))
			var got []string
			for _, l := range tr.LeftOut {
				got = append(got, fmt.Sprintf("%s:%d:%d %s %s", l.File, l.Line, l.Col, l.Reason, l.Date.In(cst).Format("2006-01-02")))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("left out:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

func TestLeftOutMarksFutureDraft(t *testing.T) {
	// A draft dated in the future, shown by serve, is both: its banner and
	// list entries name the publish date too.
	tr := load(t, config.Default(), Options{Now: now, BuildDrafts: true, BuildFuture: true},
		files("content/news/x.md", "---\ntitle: X\ndate: 2025-06-01\ndraft: true\n---\n"))
	for _, p := range tr.All {
		if p.File == "content/news/x.md" && (!p.Draft || !p.Future) {
			t.Errorf("draft %v future %v, want both", p.Draft, p.Future)
		}
	}
}
