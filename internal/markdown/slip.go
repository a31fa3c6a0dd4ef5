package markdown

import (
	"regexp"
	"strings"
)

// domainLike matches a host name with a common top-level domain, optionally
// followed by a port and a path: what an editor types when leaving out
// "https://". The list of endings keeps file names such as "图.png" or
// "说明.md" out.
var domainLike = regexp.MustCompile(`(?i)^(?:[a-z0-9-]+\.)+(?:com|cn|net|org|gov|edu|info|io|top|xyz|cc|me|co|biz|site|online|tech|int|mil)(?::\d+)?(?:[/?#]|$)`)

var schemeLike = regexp.MustCompile(`(?i)^https?://`)

// slipHint names the typing slip that most likely turned a web address into a
// local link that leads nowhere (the full-width punctuation of a Chinese input
// method, a missing "https://", a space), and returns the fix to show the
// editor and the corrected address. Both are "" when raw does not look like a
// mistyped web address: a wrong local path gets the ordinary message.
func slipHint(raw string) (fix, url string) {
	s := strings.TrimSpace(raw)
	var hints []string
	switch {
	case strings.HasPrefix(s, "："):
		hints = append(hints, "网址前多了全角冒号“：”")
		s = strings.TrimSpace(strings.TrimPrefix(s, "："))
	case strings.HasPrefix(s, ":"):
		hints = append(hints, "网址前多了冒号“:”")
		s = strings.TrimSpace(strings.TrimPrefix(s, ":"))
	}
	for _, r := range []struct{ from, to, hint string }{
		{"：", ":", "网址中的冒号写成了全角“：”"},
		{"／", "/", "网址中的斜杠写成了全角“／”"},
		{"。", ".", "网址中的点写成了全角句号“。”"},
		{"．", ".", "网址中的点写成了全角“．”"},
		{"　", "", "网址中有全角空格"},
		{" ", "", "网址中有空格"},
	} {
		if strings.Contains(s, r.from) {
			hints = append(hints, r.hint)
			s = strings.ReplaceAll(s, r.from, r.to)
		}
	}
	switch {
	case schemeLike.MatchString(s):
	case domainLike.MatchString(s):
		hints = append(hints, "是否漏写了 https://？")
		s = "https://" + s
	default:
		return "", ""
	}
	if len(hints) == 0 {
		return "", "" // a well-formed address never gets here: it is external
	}
	fix = strings.Join(hints, "，")
	if !strings.HasSuffix(fix, "？") {
		fix += "，"
	}
	return fix + "请改成 " + s, s
}
