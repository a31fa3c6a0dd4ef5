// Package sitefs reads a site's files from disk without ever reading anything
// outside the site. A symbolic link whose target resolves inside the site root
// is followed (a folder link is walked as if its files were there); a link that
// resolves outside the root, a loop of links and an unreadable file are errors
// naming the path, so a stray `ln -s /etc/passwd static/` can never publish
// /etc/passwd.
package sitefs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"hengdong/internal/diag"
	"hengdong/internal/parallel"
)

// File is one file of the site.
type File struct {
	Path string // relative to the site root, slash-separated: "content/news/x.md"
	Data []byte
}

// Site is a site root opened for reading. Every read goes through an os.Root
// opened on the root's real path, by the file's real path (links already
// resolved and checked), so a link swapped in while the build runs still
// cannot lead outside.
type Site struct {
	root     string // as given, for messages
	realRoot string // root with its own links resolved
	rt       *os.Root
}

// Open opens the site at root. A root that does not exist, or is not a
// folder, is an error saying so in Chinese.
func Open(root string) (*Site, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err == nil {
		var fi os.FileInfo
		if fi, err = os.Stat(real); err == nil && !fi.IsDir() {
			return nil, diag.New(root, 0, 0, "站点目录不是文件夹", "请用 -s 指定含有 content/ 的站点文件夹", "the source is not a folder")
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, diag.New(root, 0, 0, "站点目录不存在", "请检查 -s 指定的路径，或在站点文件夹中运行命令", "the source folder does not exist")
	}
	if err != nil {
		return nil, unreadable(root, err)
	}
	rt, err := os.OpenRoot(real)
	if err != nil {
		return nil, unreadable(root, err)
	}
	return &Site{root: root, realRoot: real, rt: rt}, nil
}

// Close releases the root's file descriptor.
func (s *Site) Close() error { return s.rt.Close() }

// IsTempFile reports editor swap and backup files, which are never read.
func IsTempFile(name string) bool {
	return strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, "~") ||
		strings.HasPrefix(name, ".#") || name == "4913" || strings.HasSuffix(name, ".tmp") || strings.HasPrefix(name, "#")
}

// skipped reports names never read: hidden files and folders, swap and backup files.
func skipped(name string) bool { return strings.HasPrefix(name, ".") || IsTempFile(name) }

// ReadFile reads the one file name (slash-separated, relative to the root).
// A missing file gives an error satisfying errors.Is(err, fs.ErrNotExist).
func (s *Site) ReadFile(name string) ([]byte, error) {
	files, err := s.Read(name)
	if err != nil {
		return nil, err
	}
	if len(files) != 1 || files[0].Path != name {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	return files[0].Data, nil
}

// Read reads name, a file or a folder (slash-separated, relative to the root),
// sorted by path. A missing name gives no files and no error. Every problem
// found (links leaving the site, loops, unreadable files) is returned together
// as a diag.List.
func (s *Site) Read(name string) ([]File, error) {
	name = path.Clean(name)
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return nil, fmt.Errorf("sitefs: %q is not a path inside the site", name)
	}
	w := &walker{s: s}
	// Resolve each parent folder of name as a walk would, so that a link on
	// the way (static → elsewhere) is checked too.
	real, ok := ".", true
	segs := strings.Split(name, "/")
	var stack []string
	for i, seg := range segs {
		logical := strings.Join(segs[:i+1], "/")
		real, ok = w.step(logical, path.Join(real, seg), stack)
		if !ok {
			break
		}
		if i < len(segs)-1 {
			stack = append(stack, real)
		}
	}
	if ok {
		w.visit(name, real, stack)
	}
	// The walk lists; the files are read on every core (thousands of small
	// reads are mostly system-call time), each through a root opened once on
	// its folder: os.Root opens every folder of a path on the way to its
	// file, which for content/news/2025/x.md was four openat calls (and
	// closes) a file where one will do.
	dirs := make(map[string]*os.Root)
	at := make([]*os.Root, len(w.files))
	for i, real := range w.real {
		dir := path.Dir(real)
		r, seen := dirs[dir]
		if !seen {
			if dir == "." {
				r = s.rt
			} else if sub, err := s.rt.OpenRoot(dir); err == nil {
				r = sub
				defer sub.Close()
			} // else nil: the file is read by its whole path and reports why
			dirs[dir] = r
		}
		at[i] = r
	}
	errs := make([]error, len(w.files))
	parallel.For(len(w.files), func(i int) {
		if at[i] != nil {
			w.files[i].Data, errs[i] = at[i].ReadFile(path.Base(w.real[i]))
		} else {
			w.files[i].Data, errs[i] = s.rt.ReadFile(w.real[i])
		}
		if errs[i] != nil {
			errs[i] = unreadable(w.files[i].Path, errs[i])
		}
	})
	for _, err := range errs {
		if err != nil {
			w.errs = append(w.errs, diag.Collect(err)...)
		}
	}
	if err := w.errs.Err(); err != nil {
		return nil, err
	}
	sort.Slice(w.files, func(i, j int) bool { return w.files[i].Path < w.files[j].Path })
	return w.files, nil
}

// walker collects the files under one name.
type walker struct {
	s     *Site
	files []File
	real  []string // real path (relative to the real root) of files[i]
	errs  diag.List
}

// step looks at one path: real is where it would be without links. It returns
// the path's real location relative to the real root and whether the path
// exists and may be read; a link leaving the site or looping is recorded as
// an error. stack holds the real folders the walk is inside, for loops.
func (w *walker) step(logical, real string, stack []string) (string, bool) {
	fi, err := w.s.rt.Lstat(real)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return "", false
	}
	if err != nil {
		w.errs = append(w.errs, unreadable(logical, err))
		return "", false
	}
	if fi.Mode()&fs.ModeSymlink == 0 {
		return real, true
	}
	target, _ := os.Readlink(filepath.Join(w.s.realRoot, filepath.FromSlash(real)))
	resolved, err := filepath.EvalSymlinks(filepath.Join(w.s.realRoot, filepath.FromSlash(real)))
	switch {
	case errors.Is(err, syscall.ELOOP) || (err != nil && strings.Contains(err.Error(), "too many links")):
		w.errs = append(w.errs, diag.New(logical, 0, 0, "符号链接 "+logical+" 形成循环（指向 "+target+"），无法读取",
			"请删除或改正这个链接", "symlink loop"))
		return "", false
	case errors.Is(err, fs.ErrNotExist):
		w.errs = append(w.errs, diag.New(logical, 0, 0, "符号链接 "+logical+" 指向的 "+target+" 不存在",
			"请删除这个链接，或把它指向站点目录中存在的文件", "dangling symlink"))
		return "", false
	case err != nil:
		w.errs = append(w.errs, unreadable(logical, err))
		return "", false
	}
	rel, err := filepath.Rel(w.s.realRoot, resolved)
	if err == nil && rel == "." {
		w.errs = append(w.errs, diag.New(logical, 0, 0, "符号链接 "+logical+" 指向站点目录本身，形成循环",
			"请删除或改正这个链接", "symlink loop: it leads to the site root"))
		return "", false
	}
	if err != nil || !filepath.IsLocal(rel) {
		w.errs = append(w.errs, diag.New(logical, 0, 0, "符号链接 "+logical+" 指向站点目录之外的 "+resolved+"，为安全起见不读取",
			"请把需要的文件复制到站点目录中，或删除这个链接", "symlink leads outside the site root: "+target))
		return "", false
	}
	rel = filepath.ToSlash(rel)
	for _, d := range stack {
		// A link to a folder the walk is inside (or one holding it) would be
		// walked for ever.
		if strings.HasPrefix(d+"/", rel+"/") {
			w.errs = append(w.errs, diag.New(logical, 0, 0, "符号链接 "+logical+" 指向它所在的上级目录 "+target+"，形成循环",
				"请删除或改正这个链接", "symlink loop: it leads to a folder containing it"))
			return "", false
		}
	}
	return rel, true
}

// visit records the file at logical (real path real), or walks the folder.
func (w *walker) visit(logical, real string, stack []string) {
	fi, err := w.s.rt.Stat(real)
	if err != nil {
		w.errs = append(w.errs, unreadable(logical, err))
		return
	}
	w.visitType(logical, real, stack, fi.Mode().Type())
}

// visitType is visit once the type of what real names is known: from a
// folder's listing, which saves a stat of every file.
func (w *walker) visitType(logical, real string, stack []string, typ fs.FileMode) {
	switch {
	case typ.IsRegular():
		w.files = append(w.files, File{Path: logical})
		w.real = append(w.real, real)
		return
	case !typ.IsDir():
		w.errs = append(w.errs, diag.New(logical, 0, 0, "不是普通文件（可能是管道、设备或套接字），无法读取",
			"请从站点目录中移走它", "not a regular file"))
		return
	}
	f, err := w.s.rt.Open(real)
	if err != nil {
		w.errs = append(w.errs, unreadable(logical, err))
		return
	}
	entries, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		w.errs = append(w.errs, unreadable(logical, err))
		return
	}
	stack = append(stack, real)
	for _, e := range entries {
		if skipped(e.Name()) {
			continue
		}
		childLogical := path.Join(logical, e.Name())
		childReal := path.Join(real, e.Name())
		if e.Type()&fs.ModeSymlink == 0 {
			w.visitType(childLogical, childReal, stack, e.Type())
			continue
		}
		var ok bool
		if childReal, ok = w.step(childLogical, childReal, stack); ok {
			w.visit(childLogical, childReal, stack)
		}
	}
}

// unreadable is the error for a path that exists but cannot be read.
func unreadable(name string, err error) *diag.Error {
	msg := "无法读取 " + name
	fix := "请检查它是否存在、以及运行本命令的用户是否有读取权限"
	if errors.Is(err, fs.ErrPermission) {
		msg = "没有权限读取 " + name
		fix = "请用 chmod 给运行本命令的用户读取权限（文件夹还需要执行权限）"
	}
	return diag.New(name, 0, 0, msg, fix, err.Error())
}

// ReadFS reads every file under dir of fsys (the embedded theme), with the
// same rules: hidden, swap and backup files are skipped; a missing dir gives
// no files.
func ReadFS(fsys fs.FS, dir string) ([]File, error) {
	var out []File
	walkErr := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if p != dir && skipped(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			out = append(out, File{Path: p})
		}
		return nil
	})
	if walkErr != nil {
		return nil, walkErr
	}
	errs := make([]error, len(out))
	parallel.For(len(out), func(i int) { out[i].Data, errs[i] = fs.ReadFile(fsys, out[i].Path) })
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}
