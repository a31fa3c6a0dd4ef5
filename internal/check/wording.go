package check

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	toml "github.com/pelletier/go-toml/v2"

	"hengdong/internal/content"
	"hengdong/internal/diag"
)

// Rule ids of the veto-proof rules (单项否决项).
const (
	RuleWording        = "wording"           // 严重表述错误、严重错别字
	RulePrivacy        = "privacy"           // 身份证号、手机号、银行卡号
	RulePageDateShown  = "page-date-shown"   // article page whose HTML does not show 发布时间
	RulePageSourceShow = "page-source-shown" // article page whose HTML does not show 来源
)

// WordingDir holds the word lists: every wording*.toml in it, the theme's
// and the site's, merged (a site's file of the same name replaces the theme's).
const WordingDir = "layouts/_data/"

// AllowKey is the front matter key that allows a wrong form on one page,
// for a quotation that must keep it: a list of {form, reason}.
const AllowKey = "wordingAllow"

// allowMarker starts the inline allowance, an HTML comment in the Markdown
// (which is never published): <!-- 表述例外 衡冬县：引用1958年县志原文 -->.
const allowMarker = "表述例外"

// wordList is the decoded form of one wording*.toml file.
type wordList struct {
	Leader []leaderEntry `toml:"leader"`
	Term   []termEntry   `toml:"term"`
}

type leaderEntry struct {
	Name         string   `toml:"name"`
	Titles       []string `toml:"titles"`
	After        []string `toml:"after"`
	Misspellings []string `toml:"misspellings"`
	Source       string   `toml:"source"`
}

type termEntry struct {
	Right  string   `toml:"right"`
	Wrong  []string `toml:"wrong"`
	Source string   `toml:"source"`
}

// Pattern kinds.
const (
	patWrong  = iota // a wrong form of a term or a leader's name
	patLeader        // a leader's name, checked in its context
)

type pattern struct {
	s      string
	b      []byte // s, for comparing without converting
	kind   int
	right  string       // the correct form (patWrong)
	source string       // where the correct form comes from
	leader *leaderEntry // patLeader
}

// matcher finds every pattern in a text in one pass: a bitset of the first
// runes (most runes start none) and, for those that do, the patterns
// starting with that rune, longest first.
type matcher struct {
	first   [0x10000 / 64]uint64
	byFirst map[rune][]*pattern
}

func (m *matcher) add(p *pattern) {
	p.b = []byte(p.s)
	r, _ := utf8.DecodeRuneInString(p.s)
	if r < 0x10000 {
		m.first[r/64] |= 1 << (r % 64)
	}
	m.byFirst[r] = append(m.byFirst[r], p)
}

// loadWording reads the word lists among the layouts. Problems in a list are
// findings at its line.
func (s *site) loadWording() {
	s.words = &matcher{byFirst: map[rune][]*pattern{}}
	var names []string
	for name := range s.in.Layouts {
		base := path.Base(name)
		if strings.HasPrefix(name, WordingDir) && strings.HasPrefix(base, "wording") && strings.HasSuffix(base, ".toml") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	seen := map[string]bool{}
	addWrong := func(file, wrong, right, source string) {
		if wrong == "" || seen[wrong] {
			return
		}
		seen[wrong] = true
		s.words.add(&pattern{s: wrong, kind: patWrong, right: right, source: source})
	}
	for _, name := range names {
		var wl wordList
		dec := toml.NewDecoder(bytes.NewReader(s.in.Layouts[name]))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&wl); err != nil {
			line, col := 1, 1
			var de *toml.DecodeError
			var sm *toml.StrictMissingError
			if errors.As(err, &de) {
				line, col = de.Position()
			} else if errors.As(err, &sm) && len(sm.Errors) > 0 {
				line, col = sm.Errors[0].Position()
			}
			s.add(Finding{File: name, Line: line, Col: col, Rule: RuleWording, Msg: "表述词表无法读取：" + shorten(err.Error()),
				Fix: "请按词表开头的说明改正格式", Detail: "bad word list"})
			continue
		}
		// Every entry names where its correct form comes from: an editor told
		// to change a word must be able to check why.
		noSource := func(key, val string) {
			data := s.in.Layouts[name]
			line, col := 1, 1
			if i := bytes.Index(data, []byte(val)); i >= 0 {
				line, col = diag.LineCol(data, i)
			}
			s.add(Finding{File: name, Line: line, Col: col, Rule: RuleWording, Msg: "词表条目“" + val + "”没有写明出处（source）",
				Fix: "请在该条目中写 source = \"规范写法的出处\"", Detail: key + " entry without source"})
		}
		for i := range wl.Leader {
			l := &wl.Leader[i]
			if l.Name != "" && strings.TrimSpace(l.Source) == "" {
				noSource("leader", l.Name)
			}
			if l.Name == "" || seen[l.Name] {
				continue
			}
			seen[l.Name] = true
			s.words.add(&pattern{s: l.Name, kind: patLeader, right: l.Name, source: l.Source, leader: l})
			for _, w := range l.Misspellings {
				addWrong(name, w, l.Name, l.Source)
			}
		}
		for _, t := range wl.Term {
			if t.Right != "" && strings.TrimSpace(t.Source) == "" {
				noSource("term", t.Right)
			}
			for _, w := range t.Wrong {
				addWrong(name, w, t.Right, t.Source)
			}
		}
	}
	for _, ps := range s.words.byFirst {
		sort.Slice(ps, func(i, j int) bool { return len(ps[i].s) > len(ps[j].s) })
	}
}

// hit is one finding of the wording or privacy rule in a text, at byte off.
type hit struct {
	off    int
	rule   string
	key    string // what was found: the wrong form, "leader:名", or the number
	form   string // the text to allow (wording)
	msg    string
	fix    string
	detail string
}

// scanText finds the wording and privacy problems of b in one pass.
func (s *site) scanText(b []byte) []hit {
	hits, _ := s.scanTextClock(b)
	return hits
}

// scanTextClock is scanText, also reporting whether the answer depends on
// the clock: a 身份证号 whose birth date is still to come is none today.
func (s *site) scanTextClock(b []byte) (hits []hit, clock bool) {
	m := s.words
	for i := 0; i < len(b); {
		// Most bytes of a page are ASCII that is no digit (tags, Latin
		// text), which no rule reads: skip them eight at a time.
		// A word that holds one tells where the first is: no byte
		// before it is looked at again.
		for i+8 <= len(b) {
			if m := digitOrNonASCII(binary.LittleEndian.Uint64(b[i:])); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i == len(b) {
			break
		}
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			j := i
			for j < len(b) && b[j] >= '0' && b[j] <= '9' {
				j++
			}
			if n := j - i; n >= 11 && n <= 19 { // privacyHit's lengths: most runs are shorter
				h, ok, c := s.privacyHit(b, i, j)
				if ok {
					hits = append(hits, h)
				}
				clock = clock || c
			}
			i = j
			continue
		case c < utf8.RuneSelf:
			i++
			continue
		}
		if c&0xF0 == 0xE0 && i+2 < len(b) && m != nil {
			// Every Han character, and most CJK punctuation: a run of
			// them in this loop. The hot path: the first two bytes are
			// the word of first (r/64), the third the bit (r%64); the
			// character is put together only when the bit is set.
			first := &m.first
			for {
				b1, b2 := b[i+1], b[i+2]
				size := 3
				if first[uint(c&0x0F)<<6|uint(b1&0x3F)]&(1<<(b2&0x3F)) != 0 {
					r := rune(c&0x0F)<<12 | rune(b1&0x3F)<<6 | rune(b2&0x3F)
					size, hits = m.match(b, i, r, size, hits)
				}
				i += size
				if i+2 >= len(b) {
					break
				}
				if c = b[i]; c&0xF0 != 0xE0 {
					break
				}
			}
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if m != nil && (r >= 0x10000 || m.first[r/64]&(1<<(r%64)) != 0) {
			size, hits = m.match(b, i, r, size, hits)
		}
		i += size
	}
	return hits, clock
}

// match adds to hits what the pattern starting with r found at b[i:] (the
// longest that is there) is, and returns how far the scan moves on: past
// the pattern, else size, the length of r.
func (m *matcher) match(b []byte, i int, r rune, size int, hits []hit) (int, []hit) {
	for _, p := range m.byFirst[r] {
		if !bytes.HasPrefix(b[i:], p.b) {
			continue
		}
		if h, ok := wordingHit(b, i, p); ok {
			hits = append(hits, h)
		}
		return len(p.s), hits
	}
	return size, hits
}

// digitOrNonASCII has the top bit of the first byte of x (the lowest) that is
// a digit or not ASCII set, 0 when there is none. For a byte c below 0x80,
// c+0x50 has its top bit set when c is at least '0', and c+0x46 when c is
// past '9'; neither carries into the next byte. Only a byte from 0x80 up,
// itself flagged, can carry into the bytes above it: the bits above the first
// may be wrong, never the first.
func digitOrNonASCII(x uint64) uint64 {
	const ones, top = 0x0101010101010101, 0x8080808080808080
	return (x | (x+0x50*ones)&^(x+0x46*ones)) & top
}

// wordingHit decides whether pattern p found at b[i:] is an error.
func wordingHit(b []byte, i int, p *pattern) (hit, bool) {
	if p.kind == patWrong {
		return hit{off: i, rule: RuleWording, key: p.s, form: p.s,
			msg:    fmt.Sprintf("严重表述错误：“%s”应为“%s”", p.s, p.right),
			fix:    fmt.Sprintf("请改为“%s”（依据：%s）", p.right, p.source),
			detail: "serious wording error: " + p.s}, true
	}
	l := p.leader
	canon := strings.Join(l.Titles, "、")
	before := trimMarkupEnd(b[:i])
	after := trimMarkupStart(b[i+len(p.s):])
	if bytes.HasSuffix(before, []byte(canon)) || bytes.HasSuffix(before, []byte("《")) {
		return hit{}, false
	}
	for _, a := range l.After {
		if bytes.HasPrefix(after, []byte(a)) {
			return hit{}, false
		}
	}
	// The titles written before the name, 、-separated.
	var got []string
	rest := before
	for {
		found := false
		for _, t := range l.Titles {
			if bytes.HasSuffix(rest, []byte(t)) {
				got = append([]string{t}, got...)
				rest = bytes.TrimSuffix(rest[:len(rest)-len(t)], []byte("、"))
				found = true
				break
			}
		}
		if !found {
			break
		}
	}
	want := "“" + canon + l.Name + "”"
	if len(l.After) > 0 {
		want = fmt.Sprintf("“%s%s”，或“%s%s”", canon, l.Name, l.Name, l.After[0])
	}
	switch {
	case len(got) == 1:
		return hit{}, false // one title: 国家主席习近平
	case len(got) > 1:
		return hit{off: i - (len(b[:i]) - len(rest)), rule: RuleWording, key: "leader:" + l.Name, form: l.Name,
			msg:    fmt.Sprintf("严重表述错误：%s的职务“%s”不全或顺序不对", l.Name, strings.Join(got, "、")),
			fix:    fmt.Sprintf("请写作%s（依据：%s）", want, l.Source),
			detail: "leader's titles incomplete or in the wrong order"}, true
	}
	return hit{off: i, rule: RuleWording, key: "leader:" + l.Name, form: l.Name,
		msg:    fmt.Sprintf("严重表述错误：%s的姓名前后没有规范的职务或称谓", l.Name),
		fix:    fmt.Sprintf("请写作%s（依据：%s）", want, l.Source),
		detail: "leader's name without titles"}, true
}

// trimMarkupEnd drops the Markdown emphasis marks and HTML tags that end b,
// so that 主席**习近平** and 主席<strong>习近平 read as 主席习近平.
func trimMarkupEnd(b []byte) []byte {
	for {
		n := len(b)
		b = bytes.TrimRight(b, "*_")
		if len(b) > 0 && b[len(b)-1] == '>' {
			if k := bytes.LastIndexByte(b, '<'); k >= 0 {
				b = b[:k]
			}
		}
		if len(b) == n {
			return b
		}
	}
}

// trimMarkupStart is trimMarkupEnd for the text after a name.
func trimMarkupStart(b []byte) []byte {
	for {
		n := len(b)
		b = bytes.TrimLeft(b, "*_")
		if len(b) > 0 && b[0] == '<' {
			if k := bytes.IndexByte(b, '>'); k >= 0 {
				b = b[k+1:]
			}
		}
		if len(b) == n {
			return b
		}
	}
}

// Allowance is a wrong form a page keeps on purpose, with the reason.
type Allowance struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Form   string `json:"form"`
	Reason string `json:"reason"`
}

// String formats a as `file:line: 表述例外“形式”：理由`.
func (a Allowance) String() string {
	return fmt.Sprintf("%s:%d: 表述例外“%s”：%s", a.File, a.Line, a.Form, a.Reason)
}

// pageAllowances returns the allowances of page p: its front matter's
// wordingAllow and the inline markers of its body. An allowance without a
// form or reason is reported, and does not count.
func (s *site) pageAllowances(p *content.Page) []Allowance {
	var out []Allowance
	raw := s.raw[p.File]
	if v, ok := p.Params[strings.ToLower(AllowKey)]; ok {
		list, _ := v.([]any)
		for _, it := range list {
			var a Allowance
			switch x := it.(type) {
			case map[string]any:
				a.Form, _ = x["form"].(string)
				a.Reason, _ = x["reason"].(string)
			case string:
				a.Form, a.Reason, _ = strings.Cut(x, "：")
			}
			a.File, a.Line = p.File, s.lineOf(p.File, AllowKey)
			if a.Form != "" { // the entry's line, not the form's first use in the title
				if l := s.lineOf(p.File, "form: "+a.Form); l > 1 {
					a.Line = l
				} else {
					a.Line = s.lineOf(p.File, a.Form)
				}
			}
			out = s.keepAllowance(out, a)
		}
		if list == nil {
			s.add(Finding{File: p.File, Line: s.lineOf(p.File, AllowKey), Col: 1, Rule: RuleWording,
				Msg: AllowKey + " 应为列表", Fix: "请写成：" + AllowKey + ": [{form: 衡冬县, reason: 引用原文}]", Detail: AllowKey + " must be a list"})
		}
	}
	for off := 0; ; {
		k := bytes.Index(raw[off:], []byte("<!--"))
		if k < 0 {
			break
		}
		start := off + k + 4
		end := bytes.Index(raw[start:], []byte("-->"))
		if end < 0 {
			break
		}
		c := strings.TrimSpace(string(raw[start : start+end]))
		off = start + end + 3
		if rest, ok := strings.CutPrefix(c, allowMarker); ok {
			form, reason, _ := strings.Cut(strings.TrimSpace(rest), "：")
			line, _ := diag.LineCol(raw, start)
			out = s.keepAllowance(out, Allowance{File: p.File, Line: line, Form: strings.TrimSpace(form), Reason: strings.TrimSpace(reason)})
		}
	}
	return out
}

func (s *site) keepAllowance(out []Allowance, a Allowance) []Allowance {
	if a.Form == "" || strings.TrimSpace(a.Reason) == "" {
		s.add(Finding{File: a.File, Line: a.Line, Col: 1, Rule: RuleWording, Msg: "表述例外须写明保留的写法和理由",
			Fix:    "请写成 <!-- " + allowMarker + " 衡冬县：引用1958年县志原文 -->，或在前言中写 " + AllowKey + ": [{form: 衡冬县, reason: 引用原文}]",
			Detail: "allowance without form or reason"})
		return out
	}
	return append(out, a)
}

// scanSources runs the wording and privacy rules over what editors write:
// the published content files (front matter included), site.toml, seeds,
// layouts and static HTML. Every form found is remembered, so that the
// rendered pages (scanOutput) report only what came from nowhere else.
func (s *site) scanSources() {
	s.loadWording()
	s.found = map[string]bool{}
	s.pageAllowed = map[*content.Page]map[string]bool{}
	type src struct {
		file  string
		data  []byte
		page  *content.Page
		allow map[string]bool
	}
	var srcs []src
	for _, f := range s.in.Content {
		p := s.byFile[f.Path]
		if p == nil || !strings.HasSuffix(f.Path, ".md") {
			continue
		}
		allow := map[string]bool{}
		for _, a := range s.pageAllowances(p) {
			allow[a.Form] = true
			s.allowances = append(s.allowances, a)
			s.found[a.Form] = true
		}
		s.pageAllowed[p] = allow
		srcs = append(srcs, src{f.Path, f.Data, p, allow})
	}
	if s.in.Config != nil {
		srcs = append(srcs, src{file: "site.toml", data: s.in.Config})
	}
	for _, m := range []map[string][]byte{s.in.Seeds, s.in.Layouts, s.in.Static} {
		for name, data := range m {
			ext := strings.ToLower(path.Ext(name))
			if strings.HasPrefix(name, WordingDir) || strings.HasPrefix(name, "static/") && ext != ".html" && ext != ".htm" {
				continue
			}
			srcs = append(srcs, src{file: name, data: data})
		}
	}
	for _, sr := range srcs {
		for _, h := range s.scanText(sr.data) {
			s.found[h.key] = true
			if sr.allow[h.form] || h.rule == RulePrivacy && strings.HasPrefix(sr.file, "layouts/") {
				continue
			}
			line, col := diag.LineCol(sr.data, h.off)
			s.add(Finding{File: sr.file, Line: line, Col: col, Rule: h.rule, Msg: h.msg, Fix: h.fix, Detail: h.detail})
		}
	}
	sort.Slice(s.allowances, func(i, j int) bool {
		a, b := s.allowances[i], s.allowances[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
}

// scanOutput finds the wording and privacy problems of a rendered page, for
// outputHits to report those that no source file showed. It keeps them all
// in d: what the sources show changes with every edit of any page, what the
// page shows only with the page.
func (s *site) scanOutput(d *doc, data []byte) {
	if d.kind != kindPage {
		return
	}
	var hits []hit
	hits, d.clock = s.scanTextClock(data)
	for _, h := range hits {
		d.hits = append(d.hits, outHit{Key: h.key, Form: h.form, Rule: h.rule, Msg: h.msg, Fix: h.fix, Detail: h.detail})
	}
}

// outHit is a wording or privacy problem found in a rendered page (scanOutput).
type outHit struct{ Key, Form, Rule, Msg, Fix, Detail string }

// outputHits reports the problems scanOutput found in d that came from no
// source file: text a template or shortcode put together.
func (s *site) outputHits(d *doc) {
	for _, h := range d.hits {
		if s.found[h.Key] || d.page != nil && s.pageAllowed[d.page][h.Form] {
			continue
		}
		s.add(Finding{File: d.path, Rule: h.Rule, Msg: h.Msg + "（出现在生成的页面中）", Fix: h.Fix + "；请检查模板和短代码",
			Detail: h.Detail + " in the rendered page"})
	}
}
