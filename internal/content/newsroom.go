package content

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"hengdong/internal/config"
	"hengdong/internal/diag"
)

// Newsroom is the front matter of the newsroom features (issue 16): pinning,
// the home page's 焦点图, the 责任编辑 and menu entries. It is embedded in
// FrontMatter, and Page declares its fields, so templates read .Pin,
// .Featured, .Editor directly.
type Newsroom struct {
	// Pin (置顶) puts the page first in its section, its term pages and the
	// home page, whatever its date and weight.
	Pin bool
	// Featured puts the page in the home page's 焦点图; it needs a cover with alt.
	Featured bool
	// Editor is the 责任编辑 shown at the article's end.
	Editor string
	// Menu is the page's `menu:` entries, merged into .Site.Menus.
	Menu []PageMenu
}

// PageMenu is one `menu:` entry of a page's front matter.
type PageMenu struct {
	Menu       string // "main"
	Name       string // default: the page's title
	Parent     string
	Identifier string
	Weight     int
}

// decodeNewsroom reads the newsroom keys of fields into n; fm is the rest of
// the front matter, already decoded (the cover is checked against featured).
func decodeNewsroom(file string, fields map[string]field, fm *FrontMatter) diag.List {
	var errs diag.List
	bad := func(f field, msg, fix, detail string) {
		errs = append(errs, diag.New(file, f.line, f.col, msg, fix, detail))
	}
	boolean := func(key string, dst *bool) {
		f, ok := fields[key]
		if !ok || f.v == nil {
			return
		}
		b, isBool := f.v.(bool)
		if !isBool {
			bad(f, key+" 应当是 true 或 false", "例如 "+key+": true", fmt.Sprintf("%s: expected bool, got %T", key, f.v))
			return
		}
		*dst = b
	}
	n := &fm.Newsroom
	boolean("pin", &n.Pin)
	boolean("featured", &n.Featured)
	if f, ok := fields["editor"]; ok && f.v != nil {
		if s, isStr := f.v.(string); isStr {
			n.Editor = strings.TrimSpace(s)
		} else {
			bad(f, "editor 应当是责任编辑的姓名", "例如 editor: 李明", fmt.Sprintf("editor: expected text, got %T", f.v))
		}
	}
	if f, ok := fields["cover"]; ok && fm.Cover.Src != "" && strings.TrimSpace(fm.Cover.Alt) == "" {
		// Lists and the 焦点图 show the cover as an image that carries meaning:
		// without alt, screen reader users miss it.
		bad(f, "封面图缺少替代文字 alt", "请写成 cover: {src: "+fm.Cover.Src+", alt: 图片内容的简短说明}",
			"cover without alt")
	}
	if f, ok := fields["featured"]; ok && n.Featured && fm.Cover.Src == "" {
		bad(f, "焦点图（featured: true）的页面必须有封面图", "请加上 cover: {src: 图片文件名, alt: 图片内容的简短说明}，或删去 featured",
			"featured page without a cover")
	}
	if f, ok := fields["menu"]; ok && f.v != nil {
		entries, err := menuEntries(f.v)
		if err != "" {
			bad(f, "menu 的写法有误："+err, "例如 menu: main，或 menu: {main: {parent: 专题, weight: 2, name: 短名称}}",
				fmt.Sprintf("menu: %v", f.v))
		}
		n.Menu = entries
	}
	return errs
}

// menuEntries reads Hugo's forms of `menu`: a menu name, a list of names, or
// a map of menu name to the entry's settings.
func menuEntries(v any) ([]PageMenu, string) {
	switch v := v.(type) {
	case string:
		return []PageMenu{{Menu: strings.TrimSpace(v)}}, ""
	case []any:
		var out []PageMenu
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, "列表里只能写菜单名"
			}
			out = append(out, PageMenu{Menu: strings.TrimSpace(s)})
		}
		return out, ""
	case map[string]any:
		var out []PageMenu
		for _, name := range slices.Sorted(maps.Keys(v)) {
			e := PageMenu{Menu: name}
			switch s := v[name].(type) {
			case nil:
			case map[string]any:
				for k, x := range s {
					switch strings.ToLower(k) {
					case "name":
						e.Name = fmt.Sprint(x)
					case "parent":
						e.Parent = fmt.Sprint(x)
					case "identifier":
						e.Identifier = fmt.Sprint(x)
					case "weight":
						w, ok := toInt(x)
						if !ok {
							return nil, "weight 应当是整数"
						}
						e.Weight = w
					default:
						return nil, "不认识的键 " + k + "（可用 name、parent、identifier、weight）"
					}
				}
			default:
				return nil, "菜单 " + name + " 的设置应当是 {parent: …, weight: …, name: …}"
			}
			out = append(out, e)
		}
		return out, ""
	}
	return nil, "应当是菜单名或菜单设置"
}

func toInt(x any) (int, bool) {
	switch v := x.(type) {
	case int:
		return v, true
	case int64:
		return int(v), true
	case uint64:
		return int(v), true
	case float64:
		if v == float64(int(v)) {
			return int(v), true
		}
	}
	return 0, false
}

// buildMenus makes every menu: site.toml's [[menu]] entries (the "main"
// menu) and the front matter `menu:` entries of pages, merged by menu name.
func (s *Site) buildMenus() map[string][]*MenuEntry {
	items := map[string][]config.MenuItem{"main": s.Menu}
	pages := map[string][]*Page{"main": make([]*Page, len(s.Menu))}
	for _, p := range s.menuPages {
		for _, m := range p.Menu {
			name := m.Name
			if name == "" {
				name = p.Title
			}
			items[m.Menu] = append(items[m.Menu], config.MenuItem{Name: name, URL: p.path, Weight: m.Weight,
				Identifier: m.Identifier, Parent: m.Parent})
			pages[m.Menu] = append(pages[m.Menu], p)
		}
	}
	out := map[string][]*MenuEntry{}
	for name, list := range items {
		out[name] = buildMenu(s, list, pages[name])
	}
	return out
}
