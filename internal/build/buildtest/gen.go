// Package buildtest writes generated sites for tests and benchmarks of the
// build pipeline and the preview server: a site.toml, a home page, nested
// sections, tagged and dated pages that link to each other, a draft, a future
// page and a page bundle, with the portal's own layouts/ and static/ as theme.
package buildtest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// RepoRoot is the module root, whose layouts/ and static/ serve as the theme.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// Sections are the top-level sections of a generated site.
var Sections = []string{"news", "chanye", "wenlv", "jingji"}

// PagePath is the content file of generated page i, relative to the site root.
func PagePath(i int) string {
	sec := Sections[i%len(Sections)]
	if i%5 == 4 {
		return fmt.Sprintf("content/%s/sub/p%04d.md", sec, i)
	}
	return fmt.Sprintf("content/%s/p%04d.md", sec, i)
}

// PageText is the Markdown of generated page i, with body as its first paragraph.
func PageText(i int, body string) string {
	draft := ""
	if i == 3 {
		draft = "draft: true\n"
	}
	link := "_index.md"
	if i >= 20 {
		link = fmt.Sprintf("p%04d.md", i-20) // same folder
	}
	year := 2020 + i%5
	if i == 7 {
		year = 2099 // a future page
	}
	return fmt.Sprintf(`---
title: 第%d号测试页面
date: %d-%02d-%02dT09:00:00+08:00
tags: [标签%d, 共同]
description: 生成的第%d个页面
%s---

%s

## 小节一

正文第%d段，[链接](%s)，**加粗**文字和 `+"`代码`"+`。

## 小节二

- 列表一
- 列表二
`, i, year, 1+i%12, 1+i%28, i%7, i, draft, body, i, link)
}

// SeedsText is a seeds file with one indicator, gdp-2024, of the given value.
func SeedsText(value string) string {
	return "source: 测试数据\ngroup: economy\nindicators:\n  - id: gdp-2024\n    name: 地区生产总值\n    period: \"2024\"\n    value: " +
		value + "\n    unit: 亿元\n    growth: 6.7\n    basis: 比上年\n"
}

// Write writes a site of n pages into dir.
func Write(dir string, n int) error {
	files := map[string]string{
		"site.toml": `title = "测试站点"
baseURL = "https://example.gov.cn/"
languageCode = "zh-CN"
paginate = 10

[taxonomies]
tag = "tags"

[[menu]]
name = "首页"
url = "/"
weight = 1

[[menu]]
name = "新闻"
url = "/news/"
weight = 2
`,
		"content/_index.md":                 "---\ntitle: 首页\n---\n\n欢迎访问测试站点。\n",
		"content/news/sub/_index.md":        "---\ntitle: 子栏目\n---\n\n子栏目介绍。\n",
		"content/chanye/bundle/index.md":    "---\ntitle: 页面包\ndate: 2021-05-01\n---\n\n![图片](pic.svg)\n",
		"content/chanye/bundle/pic.svg":     `<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"></svg>`,
		"seeds/economy.yaml":                SeedsText("391.38"),
		"layouts/partials/.keep":            "",
		"static/css/extra.css":              "body { color: #333; }\n",
		"content/news/_index.md":            "---\ntitle: 新闻\ndescription: 新闻栏目\n---\n\n新闻栏目。\n",
		"content/wenlv/_index.md":           "---\ntitle: 文旅\n---\n",
		"content/jingji/_index.md":          "---\ntitle: 经济\n---\n",
		"content/chanye/_index.md":          "---\ntitle: 产业\n---\n",
		"content/news/sub/.hidden/x.md":     "hidden",
		"content/jingji/sub/_index.md":      "---\ntitle: 经济子栏目\n---\n",
		"content/wenlv/sub/_index.md":       "---\ntitle: 文旅子栏目\n---\n",
		"content/chanye/sub/_index.md":      "---\ntitle: 产业子栏目\n---\n",
		"content/news/sub/readme.txt":       "附件\n",
		"content/wenlv/sub/attachment.json": `{"a": 1}`,
	}
	for i := 0; i < n; i++ {
		files[PagePath(i)] = PageText(i, fmt.Sprintf("这是第%d号页面的正文。", i))
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// WriteFile writes text to name (a slash path under root), making its folders:
// an editor's save, for the tests of serve and of incremental renders.
func WriteFile(t testing.TB, root, name, text string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
