package content

import (
	"bytes"
	"time"
)

// Why a page was left out of the build.
const (
	LeftOutDraft   = "draft"   // draft: true, without -D
	LeftOutFuture  = "future"  // publishDate (else date) after the build's clock, without -F
	LeftOutExpired = "expired" // expiryDate before the build's clock, without -E
)

// LeftOutPage is a page Load did not publish, so that `build` and `check` can
// say so instead of silently writing one page fewer.
type LeftOutPage struct {
	File   string    // "content/news/x.md"
	Line   int       // the front matter line that decided it (draft, publishDate/date, expiryDate); 0 when unknown
	Col    int       // column of that key
	Title  string    // the page's title
	Reason string    // LeftOutDraft, LeftOutFuture or LeftOutExpired
	Date   time.Time // publish date (future) or expiry date (expired); zero for drafts
}

// leftOut reports why p is not published under o, "" when it is. It also sets
// p.Future, which serve's banners and lists show.
func (p *Page) leftOut(o Options) (reason string, date time.Time) {
	pub := p.PublishDate
	if pub.IsZero() {
		pub = p.Date
	}
	if !pub.IsZero() && pub.After(o.Now) {
		p.Future = true
	}
	if p.Draft && !o.BuildDrafts {
		return LeftOutDraft, time.Time{}
	}
	if p.Future && !o.BuildFuture {
		return LeftOutFuture, pub
	}
	if !p.ExpiryDate.IsZero() && p.ExpiryDate.Before(o.Now) && !o.BuildExpired {
		return LeftOutExpired, p.ExpiryDate
	}
	return "", time.Time{}
}

// keyOfReason is the front matter key a reason points at; for a future page
// publishDate when it is set, else date.
func (p *Page) keyOfReason(reason string) string {
	switch reason {
	case LeftOutDraft:
		return "draft"
	case LeftOutExpired:
		return "expiryDate"
	}
	if !p.PublishDate.IsZero() {
		return "publishDate"
	}
	return "date"
}

// frontMatterKeyPos finds key at the start of a front matter line of src (YAML
// "key:" or TOML "key ="), case-insensitively, returning 1-based line and
// column; 0, 0 when not found. Only the lines before the body are looked at.
func frontMatterKeyPos(src []byte, key string, bodyLine int) (int, int) {
	k := []byte(key)
	for i, line := range bytes.Split(src, []byte("\n")) {
		if bodyLine > 0 && i >= bodyLine {
			break
		}
		t := bytes.TrimLeft(line, " \t")
		if len(t) <= len(k) || !bytes.EqualFold(t[:len(k)], k) {
			continue
		}
		if rest := bytes.TrimLeft(t[len(k):], " \t"); len(rest) > 0 && (rest[0] == ':' || rest[0] == '=') {
			return i + 1, len(line) - len(t) + 1
		}
	}
	return 0, 0
}
