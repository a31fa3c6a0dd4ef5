package build

import (
	"errors"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"hengdong/internal/content"
	"hengdong/internal/sitefs"
)

// Update returns a copy of in with the named paths read again from the site at
// root (theme as in ReadInputs). A name is slash-separated and relative to root:
// "site.toml", or a file or folder under content/, layouts/, static/ or seeds/.
// A file that is gone is dropped (for layouts/ and static/ the theme's file of
// that name comes back); a folder is read again as a whole, so a folder moved in
// brings its files and a folder removed takes them away. Swap and backup files
// and names in hidden folders are ignored. in itself is not changed.
func (in *Inputs) Update(root string, theme fs.FS, names []string) (*Inputs, error) {
	site, err := sitefs.Open(root)
	if err != nil {
		return nil, err
	}
	defer site.Close()
	out := in.Clone()
	contentFiles := map[string][]byte{}
	for _, f := range out.Content {
		contentFiles[f.Path] = f.Data
	}
	contentChanged := false
	for _, name := range names {
		name = path.Clean(strings.TrimPrefix(filepath.ToSlash(name), "./"))
		if name == "site.toml" {
			b, err := site.ReadFile("site.toml")
			switch {
			case err == nil:
				out.Config = b
			case errors.Is(err, fs.ErrNotExist):
				out.Config = nil
			default:
				return nil, err
			}
			continue
		}
		top, _, _ := strings.Cut(name, "/")
		if ignoredName(name) {
			continue
		}
		var dst map[string][]byte
		if top == "content" {
			dst, contentChanged = contentFiles, true
		} else if dst = out.dir(top); dst == nil {
			continue
		}
		// Drop what was at name and under it, then read what is there now.
		for k := range dst {
			if k == name || strings.HasPrefix(k, name+"/") {
				delete(dst, k)
			}
		}
		if top == "layouts" || top == "static" { // the theme's i18n tables stay apart, under theme/
			if theme != nil {
				if err := readPath(theme, name, dst); err != nil {
					return nil, err
				}
			}
		}
		// The site's files through sitefs, as ReadInputs reads them: a link
		// leaving the site is an error here too, never a file from elsewhere.
		if err := readSite(site, name, dst); err != nil {
			return nil, err
		}
	}
	if contentChanged {
		out.Content = out.Content[:0:0]
		for _, k := range slices.Sorted(maps.Keys(contentFiles)) {
			out.Content = append(out.Content, content.SourceFile{Path: k, Data: contentFiles[k]})
		}
		sort.Slice(out.Content, func(i, j int) bool { return out.Content[i].Path < out.Content[j].Path })
	}
	return out, nil
}

// readPath reads the file or folder p of the theme into dst; a missing p is fine.
func readPath(fsys fs.FS, p string, dst map[string][]byte) error {
	fi, err := fs.Stat(fsys, p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return readTheme(fsys, p, dst)
	}
	data, err := fs.ReadFile(fsys, p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // gone between Stat and ReadFile: the next event brings it back
	}
	if err != nil {
		return err
	}
	dst[p] = data
	return nil
}

// ignoredName reports names ReadInputs never reads: editors' swap and backup
// files and anything in or under a hidden file or folder.
func ignoredName(name string) bool {
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") || content.IsTempFile(seg) {
			return true
		}
	}
	return false
}
