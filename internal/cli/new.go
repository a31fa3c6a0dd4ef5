package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"text/template"
)

// runNew writes a new page from an archetype: the site's archetypes/<section>.md,
// else its archetypes/default.md, else the embedded theme's. A page is a page
// bundle (news/标题/index.md), its folder ready for its images.
func runNew(args []string, env Env) int {
	var source string
	fset := newFlagSet("new", "new [-s 站点目录] news/标题.md（或 news/标题/）", env)
	fset.StringVar(&source, "s", ".", "站点目录 (site root)")
	fset.StringVar(&source, "source", ".", "站点目录 (site root)")
	if code, ok := parse(fset, args); !ok {
		return code
	}
	if fset.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "请给出新页面在 content/ 下的路径，例如：go run . new news/标题.md (give one path)")
		return ExitUsage
	}
	arg := filepath.ToSlash(fset.Arg(0))
	folder := strings.HasSuffix(arg, "/")
	rel := filepath.ToSlash(strings.TrimPrefix(filepath.Clean(fset.Arg(0)), "content"+string(filepath.Separator)))
	if (!folder && !strings.HasSuffix(rel, ".md")) || strings.HasPrefix(rel, "../") || path.IsAbs(rel) || rel == ".." || rel == "." {
		fmt.Fprintf(env.Stderr, "路径 %q 无效：应当是 content/ 之下以 .md 结尾的路径或以 / 结尾的文件夹，例如 news/标题.md (path must be a .md file or a folder/ under content/)\n", fset.Arg(0))
		return ExitUsage
	}
	// A page is made as a page bundle, a folder with index.md, so that its
	// photos and attachments live beside it: news/标题.md and news/标题/
	// both make news/标题/index.md. Section pages (_index.md) and an
	// explicit index.md are written where they are asked for.
	if folder {
		rel += "/index.md"
	} else if b := path.Base(rel); b != "index.md" && b != "_index.md" {
		if _, err := os.Stat(filepath.Join(source, "content", filepath.FromSlash(rel))); err == nil {
			fmt.Fprintf(env.Stderr, "%s 已存在，未做改动 (already exists; nothing changed)\n", filepath.Join(source, "content", filepath.FromSlash(rel)))
			return ExitFail
		}
		rel = strings.TrimSuffix(rel, ".md") + "/index.md"
	}
	target := filepath.Join(source, "content", filepath.FromSlash(rel))
	if _, err := os.Stat(target); err == nil {
		fmt.Fprintf(env.Stderr, "%s 已存在，未做改动 (already exists; nothing changed)\n", target)
		return ExitFail
	}
	section := strings.SplitN(rel, "/", 2)[0]
	if !strings.Contains(rel, "/") {
		section = ""
	}
	arch, err := archetype(source, section, env.Theme)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return ExitFail
	}
	name := strings.TrimSuffix(path.Base(rel), ".md")
	if name == "index" || name == "_index" {
		name = path.Base(path.Dir(rel))
	}
	t, err := template.New("archetype").Parse(string(arch))
	if err != nil {
		fmt.Fprintf(env.Stderr, "archetype 模板有误：%v\n", err)
		return ExitFail
	}
	var buf bytes.Buffer
	data := map[string]string{"Title": strings.ReplaceAll(name, "-", " "), "Date": env.Now().Format("2006-01-02T15:04:05-07:00"), "Section": section}
	if err := t.Execute(&buf, data); err != nil {
		fmt.Fprintf(env.Stderr, "archetype 模板有误：%v\n", err)
		return ExitFail
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		fmt.Fprintln(env.Stderr, err)
		return ExitFail
	}
	// O_EXCL: never overwrite a page an editor wrote in the meantime.
	fh, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return ExitFail
	}
	if _, err := fh.Write(buf.Bytes()); err != nil {
		fh.Close()
		fmt.Fprintln(env.Stderr, err)
		return ExitFail
	}
	if err := fh.Close(); err != nil {
		fmt.Fprintln(env.Stderr, err)
		return ExitFail
	}
	if path.Base(rel) == "index.md" {
		fmt.Fprintf(env.Stdout, "已新建 %s（草稿，draft: true）；图片、附件放在同一文件夹 %s 中\n", target, filepath.Dir(target))
	} else {
		fmt.Fprintf(env.Stdout, "已新建 %s（草稿，draft: true）\n", target)
	}
	return ExitOK
}

const builtinArchetype = `---
title: "{{ .Title }}"
date: {{ .Date }}
draft: true
description: ""
source: ""
tags: []
---

`

func archetype(source, section string, theme fs.FS) ([]byte, error) {
	var names []string
	if section != "" {
		names = append(names, "archetypes/"+section+".md")
	}
	names = append(names, "archetypes/default.md")
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(source, filepath.FromSlash(n)))
		if err == nil {
			return b, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if theme != nil {
			if b, err := fs.ReadFile(theme, n); err == nil {
				return b, nil
			}
		}
	}
	return []byte(builtinArchetype), nil
}
