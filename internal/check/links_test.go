package check

import (
	"strings"
	"testing"

	"hengdong/internal/config"
)

// relPath's shortcuts (the cache of root-relative and absolute references,
// the fragments decoded once) answer as resolve does, from any page.
func TestRelPathMatchesResolve(t *testing.T) {
	refs := []string{"#main", "#", "#%E5%B7%A5%E4%BD%9C", "#工作进展-2", "#%zz", "#a b", "/news/", "/news/#x",
		"../x/", "x.html#y", "?q=1#z", "https://www.example.gov.cn/sub/a/#b", "mailto:a@b.cn", "",
		"data:image/png;base64,iVBORw0KGgo=", "tel:0734-1234", "javascript:void(0)", "a+b.c-d:x", "1a:b", ":x", "HTTP://www.example.gov.cn/sub/",
		"Https://www.example.gov.cn/x", "http:/sub/a/", "https:a/b", "data:%zz#%zz", "ftp://www.example.gov.cn/sub/", "x:y\x7f", "/a:b/", "a/b:c",
		"/", "/zhengwu/p01021/", "/css/site.981093a7.css", "/sub/", "/sub", "/sub/a", "/subx/", "/a/./b/", "/a/../b", "/a/.", "/a/..", "/.", "/..",
		"/a//b/", "/a/.b/", "/a/b..c", "/~x/-_.", "/a%20b/", "/a b/", "/中文/", "/A/B?c", "/x/.../",
		"https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=&url=https%3a%2f%2fx%2f", "https://WWW.example.gov.cn/sub/a/", "https://www.example.gov.cn/sub/a.css",
		"https://www.example.gov.cn/a/", "https://www.example.gov.cn", "https://www.example.gov.cn/", "https://www.example.gov.cn:443/sub/", "https://a@www.example.gov.cn/sub/",
		"https://www.example.gov.cn%2F/sub/", "https://[::1]/sub/", "https://www.example.gov.cn?x", "https:///sub/", "https://x y/", "https://www.example.gov.cn/sub/../a/",
		"http://www.example.gov.cn/sub/x", "https://www.example.gov.cn:x/sub/"}
	froms := []string{"/", "/news/", "/news/p1/", "/a//b/", "/404.html", "/中文/页面/", "/a/../b/", "/./c/"}
	for _, baseURL := range []string{"https://www.example.gov.cn/", "https://www.example.gov.cn/sub/"} {
		cfg := &config.Config{BaseURL: baseURL}
		s := &site{cfg: cfg, base: cfg.BasePath()}
		for range 2 { // the second time from the caches
			for _, from := range froms {
				for _, ref := range refs {
					p, frag, hasFrag, internal := s.relPath(from, ref)
					wp, wfrag, whasFrag, winternal := s.resolve(from, ref)
					if p != wp || frag != wfrag || hasFrag != whasFrag || internal != winternal {
						t.Errorf("%s: relPath(%q, %q) = %q %q %v %v, resolve: %q %q %v %v", baseURL, from, ref,
							p, frag, hasFrag, internal, wp, wfrag, whasFrag, winternal)
					}
				}
			}
		}
	}
}

// FuzzRelPath holds relPath, its shortcuts and caches, to resolve on any
// reference from any page (relPath trims the reference first, as checkRef
// has).
func FuzzRelPath(f *testing.F) {
	for _, ref := range []string{"/", "/news/", "/a/./b", "/a//b", "/sub/x.css", "#x", "https://www.example.gov.cn/sub/a/", "http://other.cn/a?b#c", "https://www.example.gov.cn"} {
		f.Add("/news/p1/", ref, false)
	}
	f.Fuzz(func(t *testing.T, from, ref string, sub bool) {
		if !strings.HasPrefix(from, "/") {
			return // not an output path
		}
		baseURL := "https://www.example.gov.cn/"
		if sub {
			baseURL += "sub/"
		}
		cfg := &config.Config{BaseURL: baseURL}
		s := &site{cfg: cfg, base: cfg.BasePath()}
		for range 2 {
			p, frag, hasFrag, internal := s.relPath(from, ref)
			wp, wfrag, whasFrag, winternal := s.resolve(from, strings.TrimSpace(ref))
			if p != wp || frag != wfrag || hasFrag != whasFrag || internal != winternal {
				t.Fatalf("%s: relPath(%q, %q) = %q %q %v %v, resolve: %q %q %v %v", baseURL, from, ref,
					p, frag, hasFrag, internal, wp, wfrag, whasFrag, winternal)
			}
		}
	})
}
