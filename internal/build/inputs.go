// Package build runs the one-way pipeline: load the inputs (site.toml, content/,
// seeds/, layouts/, static/), render Markdown and templates in parallel, add the
// generated files (feeds, sitemap, search index, aliases), and minify. The result
// is a map of URL paths to bytes that `build` writes and `serve` keeps in memory.
package build

import (
	"errors"
	"io/fs"
	"maps"

	"hengdong/internal/content"
	"hengdong/internal/diag"
	"hengdong/internal/sitefs"
)

// Inputs is every file the build reads, read once. Serve replaces the files that
// changed and renders again without touching the disk for the rest.
type Inputs struct {
	Config  []byte            // site.toml; nil when missing
	Layouts map[string][]byte // "layouts/..." (theme first, overridden by the site's)
	Static  map[string][]byte // "static/..." (theme first, overridden by the site's)
	Content []content.SourceFile
	Seeds   map[string][]byte // "seeds/..."
	// I18n holds the translation tables: the site's ("i18n/zh-CN.toml") and
	// the theme's ("theme/i18n/zh-CN.toml"), merged key by key (a site
	// overrides single strings, not whole tables).
	I18n map[string][]byte
}

// ReadInputs reads the site at root, overlaying its layouts/ and static/ on the
// embedded theme's. The site is read through sitefs: links are followed only
// while they stay inside root, and every problem is reported at its path.
func ReadInputs(root string, theme fs.FS) (*Inputs, error) {
	site, err := sitefs.Open(root)
	if err != nil {
		return nil, err
	}
	defer site.Close()
	in := &Inputs{Layouts: map[string][]byte{}, Static: map[string][]byte{}, Seeds: map[string][]byte{}, I18n: map[string][]byte{}}
	// content/, most of a site's files, is walked and read beside the rest
	// (the walk is serial).
	type read struct {
		files []sitefs.File
		err   error
	}
	contentRead := make(chan read, 1)
	go func() {
		files, err := site.Read("content")
		contentRead <- read{files, err}
	}()
	var errs diag.List
	b, err := site.ReadFile("site.toml")
	switch {
	case err == nil:
		in.Config = b
	case !errors.Is(err, fs.ErrNotExist):
		errs = append(errs, diag.Collect(err)...)
	}
	for _, dir := range []string{"layouts", "static", "i18n"} {
		dst := in.dir(dir)
		if theme != nil {
			if dir == "i18n" {
				dst = map[string][]byte{}
			}
			if err := readTheme(theme, dir, dst); err != nil {
				<-contentRead // site is closed on return
				return nil, err
			}
			if dir == "i18n" {
				for name, data := range dst {
					in.I18n["theme/"+name] = data
				}
				dst = in.I18n
			}
		}
		errs = append(errs, diag.Collect(readSite(site, dir, dst))...)
	}
	errs = append(errs, diag.Collect(readSite(site, "seeds", in.Seeds))...)
	c := <-contentRead
	errs = append(errs, diag.Collect(c.err)...)
	for _, f := range c.files {
		in.Content = append(in.Content, content.SourceFile{Path: f.Path, Data: f.Data})
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return in, nil
}

// readSite reads the file or folder name of the site into dst, keyed by slash
// path; a missing name is fine.
func readSite(site *sitefs.Site, name string, dst map[string][]byte) error {
	files, err := site.Read(name)
	for _, f := range files {
		dst[f.Path] = f.Data
	}
	return err
}

// readTheme reads every file under dir of the embedded theme into dst.
func readTheme(theme fs.FS, dir string, dst map[string][]byte) error {
	files, err := sitefs.ReadFS(theme, dir)
	for _, f := range files {
		dst[f.Path] = f.Data
	}
	return err
}

// dir returns the map holding the files of the top folder name ("layouts",
// "static", "seeds", "i18n"), or nil for a folder the build does not read.
func (in *Inputs) dir(name string) map[string][]byte {
	switch name {
	case "layouts":
		return in.Layouts
	case "static":
		return in.Static
	case "seeds":
		return in.Seeds
	case "i18n":
		return in.I18n
	}
	return nil
}

// Clone returns a copy of in whose maps can be changed without touching in.
func (in *Inputs) Clone() *Inputs {
	out := &Inputs{Config: in.Config, Layouts: maps.Clone(in.Layouts), Static: maps.Clone(in.Static), Seeds: maps.Clone(in.Seeds),
		I18n: maps.Clone(in.I18n)}
	if out.I18n == nil {
		out.I18n = map[string][]byte{}
	}
	out.Content = append([]content.SourceFile(nil), in.Content...)
	return out
}
