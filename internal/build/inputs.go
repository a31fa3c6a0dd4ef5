// Package build runs the one-way pipeline: load the inputs (site.toml, content/,
// seeds/, layouts/, static/), render Markdown and templates in parallel, add the
// generated files (feeds, sitemap, search index, aliases), and minify. The result
// is a map of URL paths to bytes that `build` writes and `serve` keeps in memory.
package build

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"hengdong/internal/content"
)

// Inputs is every file the build reads, read once. Serve replaces the files that
// changed and renders again without touching the disk for the rest.
type Inputs struct {
	Config  []byte            // site.toml; nil when missing
	Layouts map[string][]byte // "layouts/..." (theme first, overridden by the site's)
	Static  map[string][]byte // "static/..." (theme first, overridden by the site's)
	Content []content.SourceFile
	Seeds   map[string][]byte // "seeds/..."
}

// ReadInputs reads the site at root, overlaying its layouts/ and static/ on the
// embedded theme's.
func ReadInputs(root string, theme fs.FS) (*Inputs, error) {
	in := &Inputs{Layouts: map[string][]byte{}, Static: map[string][]byte{}, Seeds: map[string][]byte{}}
	site := os.DirFS(root)
	b, err := os.ReadFile(filepath.Join(root, "site.toml"))
	switch {
	case err == nil:
		in.Config = b
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	for _, dir := range []string{"layouts", "static"} {
		dst := in.Layouts
		if dir == "static" {
			dst = in.Static
		}
		if theme != nil {
			if err := readTree(theme, dir, dst); err != nil {
				return nil, err
			}
		}
		if err := readTree(site, dir, dst); err != nil {
			return nil, err
		}
	}
	if err := readTree(site, "seeds", in.Seeds); err != nil {
		return nil, err
	}
	if in.Content, err = content.ReadFiles(site, "content"); err != nil {
		return nil, err
	}
	return in, nil
}

// readTree reads every file under dir of fsys into dst, keyed by slash path,
// with the same rules as content files: a missing dir is fine, and editors'
// swap and backup files are skipped.
func readTree(fsys fs.FS, dir string, dst map[string][]byte) error {
	files, err := content.ReadFiles(fsys, dir)
	for _, f := range files {
		dst[f.Path] = f.Data
	}
	return err
}

// Clone returns a copy of in whose maps can be changed without touching in.
func (in *Inputs) Clone() *Inputs {
	out := &Inputs{Config: in.Config, Layouts: map[string][]byte{}, Static: map[string][]byte{}, Seeds: map[string][]byte{}}
	for k, v := range in.Layouts {
		out.Layouts[k] = v
	}
	for k, v := range in.Static {
		out.Static[k] = v
	}
	for k, v := range in.Seeds {
		out.Seeds[k] = v
	}
	out.Content = append([]content.SourceFile(nil), in.Content...)
	return out
}
