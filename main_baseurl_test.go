package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"
)

// subBaseURL publishes the portal in a subfolder of another host.
const subBaseURL = "https://example.gov.cn/hengdong/"

var (
	// Attributes holding a URL (srcset and content="0; url=…" are split below).
	urlAttr = regexp.MustCompile(`(?i)\s(href|src|action|poster|data-index|srcset|content)\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+)`)
	cssURL  = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+["']([^"']+)["']`)
	// A quoted string that is a root-relative path, in JS and JSON.
	indexURL   = regexp.MustCompile("\x1e([^\x1f]*)\x1f")
	quotedPath = regexp.MustCompile(`["'](/[^"'\s]*)["']`)
	xmlURL     = regexp.MustCompile(`<(?:loc|link|guid)>([^<]*)<|href="([^"]*)"`)
)

// outputURLs lists the URLs a built file links to or loads, by kind of file.
func outputURLs(name string, data string) []string {
	var out []string
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html":
		for _, m := range urlAttr.FindAllStringSubmatch(data, -1) {
			v := strings.Trim(m[2], `"'`)
			switch strings.ToLower(m[1]) {
			case "srcset":
				for _, c := range strings.Split(v, ",") {
					if f := strings.Fields(c); len(f) > 0 {
						out = append(out, f[0])
					}
				}
			case "content": // <meta http-equiv="refresh" content="0; url=…">
				if i := strings.Index(strings.ToLower(v), "url="); i >= 0 {
					out = append(out, v[i+4:])
				}
			default:
				out = append(out, v)
			}
		}
		for _, m := range cssURL.FindAllStringSubmatch(data, -1) {
			out = append(out, m[1]+m[2]+m[3]+m[4])
		}
	case ".css":
		for _, m := range cssURL.FindAllStringSubmatch(data, -1) {
			out = append(out, m[1]+m[2]+m[3]+m[4])
		}
	case ".js", ".json":
		for _, m := range quotedPath.FindAllStringSubmatch(data, -1) {
			if m[1] != "/" { // a lone slash is text ("第 2/5 页"), no path is that short
				out = append(out, m[1])
			}
		}
	case ".bin": // the search index's page texts: UTF-16LE, each page's URL after a ␞
		u := make([]uint16, len(data)/2)
		for i := range u {
			u[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
		}
		for _, m := range indexURL.FindAllStringSubmatch(string(utf16.Decode(u)), -1) {
			out = append(out, m[1])
		}
	case ".xml", ".txt":
		for _, m := range xmlURL.FindAllStringSubmatch(data, -1) {
			out = append(out, m[1]+m[2])
		}
		for _, l := range strings.Split(data, "\n") {
			if v, ok := strings.CutPrefix(l, "Sitemap: "); ok {
				out = append(out, v)
			}
		}
	}
	return out
}

// Built with a baseURL in a subfolder, every root-relative URL in every page,
// stylesheet, script, search index file, feed, sitemap, alias, 404 and
// robots.txt starts with the subfolder, and every absolute one on the site's
// own host does too: nothing relies on a server that answers without it.
func TestBaseURLPathInEveryEmittedURL(t *testing.T) {
	dir := buildPortal(t, "--baseURL", subBaseURL)
	kinds := map[string]int{}
	var bad []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		name, _ := filepath.Rel(dir, p)
		for _, u := range outputURLs(name, string(data)) {
			u = strings.TrimSpace(u)
			own := strings.HasPrefix(u, "https://example.gov.cn")
			switch {
			case strings.Contains(u, "/hengdong/hengdong/"):
				bad = append(bad, name+": base path twice: "+u)
			case own && !strings.HasPrefix(u, subBaseURL):
				bad = append(bad, name+": "+u)
			case own:
				kinds[filepath.Ext(name)]++
			case strings.HasPrefix(u, "//"):
				bad = append(bad, name+": protocol-relative "+u)
			case strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "/hengdong/"):
				bad = append(bad, name+": "+u)
			case strings.HasPrefix(u, "/"):
				kinds[filepath.Ext(name)]++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bad {
		t.Errorf("URL without the base path: %s", b)
	}
	// The scan saw URLs in every kind of file it is meant to cover.
	// (The theme's stylesheets have no url() but data: ones; they are scanned all the same.)
	for _, ext := range []string{".html", ".xml", ".txt", ".bin"} { // the search index's URLs are in its .bin texts
		if kinds[ext] == 0 {
			t.Errorf("no URL with the base path was found in any %s file: the scan missed them", ext)
		}
	}
}

func TestOutputURLs(t *testing.T) {
	tests := []struct {
		name, data string
		want       []string
	}{
		{"a.html", `<a href="/x/">x</a><img src='/i.png' srcset="/i.png 1x, /i2.png 2x"><form action=/s/>`, []string{"/x/", "/i.png", "/i.png", "/i2.png", "/s/"}},
		{"a.html", `<meta http-equiv="refresh" content="0; url=/new/"><div style="background:url(/bg.png)">`, []string{"/new/", "/bg.png"}},
		{"a.css", `a{background:url("/a.svg")}@import "/b.css";b{background:url(c.png)}`, []string{"/a.svg", "/b.css", "c.png"}},
		{"a.js", `fetch("/search/meta.json");var x='a/b'`, []string{"/search/meta.json"}},
		{"a.xml", "<loc>https://h/x/</loc><link>https://h/</link><atom:link href=\"https://h/index.xml\"", []string{"https://h/x/", "https://h/", "https://h/index.xml"}},
		{"robots.txt", "User-agent: *\nSitemap: https://h/sitemap.xml\n", []string{"https://h/sitemap.xml"}},
	}
	for _, tt := range tests {
		got := outputURLs(tt.name, tt.data)
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("outputURLs(%s, %q) = %q, want %q", tt.name, tt.data, got, tt.want)
		}
	}
}
