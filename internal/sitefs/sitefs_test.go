package sitefs

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// put writes files (slash path → text) under root.
func put(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReadLinks(t *testing.T) {
	outside := t.TempDir()
	put(t, outside, map[string]string{"passwd": "root:x:0:0", "dir/a.txt": "A"})
	tests := []struct {
		name  string
		links map[string]string // link (slash, under root) → target; "$ROOT" and "$OUT" are replaced
		read  string
		want  map[string]string // files read (path → text); nil when an error is wanted
		err   []string          // substrings of the error
	}{
		{name: "plain", read: "static", want: map[string]string{"static/css/a.css": "a{}", "static/robots.txt": "R"}},
		{name: "file link inside, relative", links: map[string]string{"static/logo.svg": "../assets/logo.svg"}, read: "static",
			want: map[string]string{"static/css/a.css": "a{}", "static/robots.txt": "R", "static/logo.svg": "<svg/>"}},
		{name: "file link inside, absolute", links: map[string]string{"static/logo.svg": "$ROOT/assets/logo.svg"}, read: "static/logo.svg",
			want: map[string]string{"static/logo.svg": "<svg/>"}},
		{name: "folder link inside", links: map[string]string{"static/img": "../assets"}, read: "static/img",
			want: map[string]string{"static/img/logo.svg": "<svg/>", "static/img/deep/x.png": "PNG"}},
		{name: "linked top folder inside", links: map[string]string{"seeds": "assets/deep"}, read: "seeds",
			want: map[string]string{"seeds/x.png": "PNG"}},
		{name: "file link outside", links: map[string]string{"static/passwd": "$OUT/passwd"}, read: "static",
			err: []string{"static/passwd: 符号链接 static/passwd 指向站点目录之外的 $OUT/passwd", "(symlink leads outside the site root"}},
		{name: "folder link outside", links: map[string]string{"content/shared": "$OUT/dir"}, read: "content",
			err: []string{"content/shared: 符号链接 content/shared 指向站点目录之外的 $OUT/dir"}},
		{name: "top folder outside", links: map[string]string{"layouts": "$OUT/dir"}, read: "layouts/x.html",
			err: []string{"layouts: 符号链接 layouts 指向站点目录之外"}},
		{name: "relative link climbing out", links: map[string]string{"static/p": "../../../../../../../../../" + "$OUT/passwd"}, read: "static/p",
			err: []string{"指向站点目录之外"}},
		{name: "loop of links", links: map[string]string{"static/a": "b", "static/b": "a"}, read: "static",
			err: []string{"static/a: 符号链接 static/a 形成循环", "static/b: 符号链接 static/b 形成循环"}},
		{name: "link to a parent folder", links: map[string]string{"content/news/up": ".."}, read: "content",
			err: []string{"content/news/up: 符号链接 content/news/up 指向它所在的上级目录 ..，形成循环"}},
		{name: "link to the root", links: map[string]string{"static/all": "../"}, read: "static",
			err: []string{"static/all: 符号链接 static/all 指向站点目录本身"}},
		{name: "dangling link", links: map[string]string{"static/gone.css": "nowhere.css"}, read: "static",
			err: []string{"static/gone.css: 符号链接 static/gone.css 指向的 nowhere.css 不存在"}},
		{name: "missing folder", read: "nothing", want: map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			put(t, root, map[string]string{"static/css/a.css": "a{}", "static/robots.txt": "R", "static/.hidden": "H",
				"static/x.swp": "S", "assets/logo.svg": "<svg/>", "assets/deep/x.png": "PNG", "content/news/a.md": "# A"})
			rep := strings.NewReplacer("$ROOT", root, "$OUT", outside)
			for link, target := range tt.links {
				os.RemoveAll(filepath.Join(root, link))
				if err := os.Symlink(rep.Replace(target), filepath.Join(root, filepath.FromSlash(link))); err != nil {
					t.Fatal(err)
				}
			}
			site, err := Open(root)
			if err != nil {
				t.Fatal(err)
			}
			defer site.Close()
			files, err := site.Read(tt.read)
			if tt.want == nil {
				if err == nil {
					t.Fatalf("no error; read %v", files)
				}
				for _, s := range tt.err {
					if s = rep.Replace(s); !strings.Contains(err.Error(), s) {
						t.Errorf("error\n%v\nlacks %q", err, s)
					}
				}
				if strings.Contains(err.Error(), "root:x:0") {
					t.Error("the outside file was read")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, f := range files {
				got[f.Path] = string(f.Data)
			}
			if len(got) != len(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s: got %q, want %q", k, got[k], v)
				}
			}
			if !slices.IsSortedFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) }) {
				t.Error("not sorted by path")
			}
		})
	}
}

// TestRootLinked: a site root reached through a link is read, and links
// inside it that stay inside are followed.
func TestRootLinked(t *testing.T) {
	real := t.TempDir()
	put(t, real, map[string]string{"content/a.md": "A", "static/b.css": "B"})
	if err := os.Symlink(filepath.Join(real, "static", "b.css"), filepath.Join(real, "content", "b.css")); err != nil {
		t.Fatal(err)
	}
	via := filepath.Join(t.TempDir(), "site")
	if err := os.Symlink(real, via); err != nil {
		t.Fatal(err)
	}
	site, err := Open(via)
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	files, err := site.Read("content")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files[1].Path != "content/b.css" || string(files[1].Data) != "B" {
		t.Errorf("got %+v", files)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, map[string]string{"file": "x"})
	tests := []struct{ root, want string }{
		{filepath.Join(dir, "nope"), "nope: 站点目录不存在；请检查 -s 指定的路径"},
		{filepath.Join(dir, "file"), "file: 站点目录不是文件夹；请用 -s 指定含有 content/ 的站点文件夹"},
	}
	for _, tt := range tests {
		_, err := Open(tt.root)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Open(%s): %v, want %q", tt.root, err, tt.want)
		}
	}
}

// TestNotRegular: a named pipe is reported, not read (reading one would
// block the build for ever).
func TestNotRegular(t *testing.T) {
	root := t.TempDir()
	put(t, root, map[string]string{"static/a.css": "a"})
	if err := syscall.Mkfifo(filepath.Join(root, "static", "pipe"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	site, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	_, err = site.Read("static")
	if err == nil || !strings.Contains(err.Error(), "static/pipe: 不是普通文件") {
		t.Errorf("got %v", err)
	}
}

// TestUnreadable: a file without read permission is an error at its path
// (as root, permissions do not stop a read: the message is checked directly).
func TestUnreadable(t *testing.T) {
	want := "static/a.css: 没有权限读取 static/a.css；请用 chmod 给运行本命令的用户读取权限"
	if got := unreadable("static/a.css", &fs.PathError{Op: "open", Path: "a.css", Err: fs.ErrPermission}).Error(); !strings.HasPrefix(got, want) {
		t.Errorf("got %q, want prefix %q", got, want)
	}
	if os.Geteuid() == 0 {
		return
	}
	root := t.TempDir()
	put(t, root, map[string]string{"static/a.css": "a"})
	os.Chmod(filepath.Join(root, "static", "a.css"), 0)
	site, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	if _, err := site.Read("static"); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v", err)
	}
}

// TestReadFileMissing: ReadFile of a missing file is fs.ErrNotExist, so that
// callers can tell "no site.toml" from a broken one.
func TestReadFileMissing(t *testing.T) {
	site, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	if _, err := site.ReadFile("site.toml"); !os.IsNotExist(err) {
		t.Errorf("got %v", err)
	}
	// A name under a file (a watcher's event for a path that changed kind)
	// is missing too, not an error.
	put(t, site.realRoot, map[string]string{"static/a.css": "a"})
	if files, err := site.Read("static/a.css/x"); err != nil || len(files) != 0 {
		t.Errorf("under a file: %v, %v", files, err)
	}
}
