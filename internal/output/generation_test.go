package output

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/andybalholm/brotli"
)

// site is a small generated site: pages, a stylesheet, an image and a tiny file.
func site(n int) map[string][]byte {
	files := map[string][]byte{
		"/":               bytes.Repeat([]byte("<p>首页</p>"), 200),
		"/css/site.css":   bytes.Repeat([]byte("a{color:red}"), 200),
		"/img/x.png":      bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 500),
		"/robots.txt":     []byte("User-agent: *\n"),
		"/news/index.xml": bytes.Repeat([]byte("<item/>"), 300),
	}
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("/news/p%d/", i)] = bytes.Repeat([]byte(fmt.Sprintf("<p>第%d页</p>", i)), 150)
	}
	return files
}

// stage writes files into dest as build does, with precompression.
func stage(t *testing.T, dest string, files map[string][]byte) *Staged {
	t.Helper()
	st, err := Stage(t.TempDir(), dest, files, Options{Gzip: true, Brotli: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	return st
}

// tree hashes every file under dir (path → sha256), for byte-identical checks.
func tree(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p[len(dir):]] = sha256.Sum256(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

type stamp struct {
	ino   uint64
	mtime int64
}

// stamps records every file's inode and modification time under dir.
func stamps(t *testing.T, dir string) map[string]stamp {
	t.Helper()
	out := map[string]stamp{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			fi, _ := d.Info()
			out[p[len(dir):]] = stamp{fi.Sys().(*syscall.Stat_t).Ino, fi.ModTime().UnixNano()}
		}
		return nil
	})
	return out
}

// TestRebuildInPlace: a build with nothing changed writes nothing (same
// inodes, same times, nothing swapped). A change makes the spare: dest's
// files linked, only what changed written; the next change updates the
// generation swapped out in place. A changed file is written with its
// copies, a removed one disappears with its copies and its folder, a new one
// appears.
func TestRebuildInPlace(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	spare := filepath.Join(filepath.Dir(dest), ".public.prev")
	files := site(20)
	first := map[string][]byte{}
	for k, v := range files {
		first[k] = v
	}
	stage(t, dest, files)
	before := stamps(t, dest)
	st := stage(t, dest, files)
	if st.Written != 0 || st.Removed != 0 || st.Compressed != 0 || st.Unchanged == 0 {
		t.Errorf("nothing changed, yet written %d, removed %d, compressed %d", st.Written, st.Removed, st.Compressed)
	}
	same := func(skip ...string) {
		t.Helper()
		after := stamps(t, dest)
	files:
		for p, s := range before {
			for _, k := range append(skip, "/"+ManifestName, "/"+Marker) {
				if strings.HasPrefix(p, k) {
					continue files
				}
			}
			if after[p] != s {
				t.Errorf("%s: inode/time %v, was %v", p, after[p], s)
			}
		}
	}
	same()
	if _, err := os.Stat(spare); err == nil {
		t.Error("a build with nothing changed made a spare")
	}

	files["/news/p1/"] = []byte(strings.Repeat("<p>改过的第1页</p>", 100))
	delete(files, "/news/p2/")
	files["/news/new/"] = []byte("<p>新页</p>")
	st = stage(t, dest, files)
	if st.Written != 4 || st.Compressed != 2 || st.Removed != 3 {
		t.Errorf("written %d (want 4: the page, its .gz and .br, the new page), compressed %d (want 2), removed %d (want 3)",
			st.Written, st.Compressed, st.Removed)
	}
	same("/news/p1/", "/news/p2/") // the others are dest's files, linked
	if got, _ := os.ReadFile(filepath.Join(spare, "news/p1/index.html")); !bytes.Equal(got, first["/news/p1/"]) {
		t.Errorf("the spare does not hold the first generation: %.40q", got)
	}

	// The spare (the first generation) is brought up to date in place: p1
	// and its copies again (the copies read from dest, not compressed), the
	// new page, and p5 with its copies.
	files["/news/p5/"] = []byte(strings.Repeat("<p>改过的第5页</p>", 100))
	st = stage(t, dest, files)
	if st.Written != 7 || st.Compressed != 2 || st.Removed != 3 {
		t.Errorf("written %d (want 7), compressed %d (want 2), removed %d (want 3)", st.Written, st.Compressed, st.Removed)
	}
	for _, gone := range []string{"news/p2/index.html", "news/p2/index.html.gz", "news/p2"} {
		if _, err := os.Lstat(filepath.Join(dest, gone)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is still there", gone)
		}
	}
	for n, data := range files {
		rel, _ := safeRel(n)
		got, err := os.ReadFile(filepath.Join(dest, rel))
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s: %q, %v", n, got, err)
		}
	}
	for _, p := range []string{"/news/p1/", "/news/p5/", "/news/p7/"} {
		rel, _ := safeRel(p)
		if got := gunzip(t, filepath.Join(dest, rel+".gz")); !bytes.Equal(got, files[p]) {
			t.Errorf("%s.gz is stale: %.40q", rel, got)
		}
		if got := unbrotli(t, filepath.Join(dest, rel+".br")); !bytes.Equal(got, files[p]) {
			t.Errorf("%s.br is stale: %.40q", rel, got)
		}
	}
	// The tree swapped out still holds the second generation: writing the
	// spare never wrote into a file linked into dest.
	if got, _ := os.ReadFile(filepath.Join(spare, "news/p5/index.html")); !bytes.Equal(got, first["/news/p5/"]) {
		t.Errorf("spare's p5: %.40q", got)
	}
}

// TestChangedBehindOurBack: a file changed by someone else (its time or size
// no longer the manifest's) is written again, and a missing one is made.
func TestChangedBehindOurBack(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	spare := filepath.Join(filepath.Dir(dest), ".public.prev")
	a, b := site(3), site(3)
	b["/news/p0/"] = []byte("<p>另一版</p>")
	stage(t, dest, a)
	stage(t, dest, b) // dest: b; spare: a, its files linked with dest's
	// Edited in public/ (the spare's file is the same inode).
	css := filepath.Join(dest, "css", "site.css")
	if err := os.WriteFile(css, bytes.Repeat([]byte("b{color:red}"), 200), 0o644); err != nil { // same size
		t.Fatal(err)
	}
	os.Remove(filepath.Join(spare, "index.html.br"))
	st := stage(t, dest, a)
	if st.Written != 2 {
		t.Errorf("written %d, want 2 (the edited file and the deleted copy)", st.Written)
	}
	if got, _ := os.ReadFile(filepath.Join(dest, "css", "site.css")); !bytes.Equal(got, a["/css/site.css"]) {
		t.Errorf("site.css not restored: %.20q", got)
	}
	if got := unbrotli(t, filepath.Join(dest, "index.html.br")); !bytes.Equal(got, a["/"]) {
		t.Error("index.html.br not restored")
	}
	// Edited in public/ with nothing else changed: written again too.
	os.WriteFile(filepath.Join(dest, "robots.txt"), []byte("Disallow: /\n"), 0o644)
	stage(t, dest, a)
	if got, _ := os.ReadFile(filepath.Join(dest, "robots.txt")); !bytes.Equal(got, a["/robots.txt"]) {
		t.Errorf("robots.txt not restored: %q", got)
	}
}

func gunzip(t *testing.T, name string) []byte {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func unbrotli(t *testing.T, name string) []byte {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(brotli.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// noise is n bytes that do not compress (a fixed seed: the same every run).
func noise(n int) []byte {
	b := make([]byte, n)
	rand.NewChaCha8([32]byte{1}).Read(b)
	return b
}

// TestPrecompress: text files of 1 KB or more get the copies asked for,
// holding their bytes; small files, images, files that do not compress by a
// tenth and a site's own .gz do not.
func TestPrecompress(t *testing.T) {
	files := site(1)
	files["/css/own.css"] = bytes.Repeat([]byte("b{}"), 500)
	files["/css/own.css.gz"] = []byte("the site's own")
	files["/js/packed.js"] = noise(4096)
	small := []string{"robots.txt", "img/x.png", "js/packed.js"}
	texts := []string{"index.html", "css/site.css", "news/index.xml", "news/p0/index.html"}
	tests := []struct {
		name string
		opts Options
		encs []string // the copies every text file has
	}{
		{"gzip (the default)", Options{Gzip: true}, []string{"gz"}},
		{"gzip and brotli", Options{Gzip: true, Brotli: true}, []string{"gz", "br"}},
		{"brotli alone", Options{Brotli: true}, []string{"br"}},
		{"none", Options{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			st, err := Stage(t.TempDir(), dest, files, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Commit(); err != nil {
				t.Fatal(err)
			}
			// The copies of texts, and of js/packed.js (compressed, not
			// kept); own.css has a .gz of its own, not a .br.
			want := (len(texts) + 1) * len(tt.encs)
			if slices.Contains(tt.encs, "br") {
				want++
			}
			if st.Compressed != want {
				t.Errorf("compressed %d, want %d", st.Compressed, want)
			}
			for _, enc := range []string{"gz", "br"} {
				asked := slices.Contains(tt.encs, enc)
				for _, name := range texts {
					_, err := os.Lstat(filepath.Join(dest, name+"."+enc))
					if asked != (err == nil) {
						t.Errorf("%s.%s: exists %v, want %v", name, enc, err == nil, asked)
					}
					if !asked || err != nil {
						continue
					}
					want, _ := os.ReadFile(filepath.Join(dest, name))
					if got := decompress(t, enc, filepath.Join(dest, name+"."+enc)); !bytes.Equal(got, want) {
						t.Errorf("%s.%s: wrong bytes", name, enc)
					}
				}
				for _, name := range small {
					if _, err := os.Lstat(filepath.Join(dest, name+"."+enc)); err == nil {
						t.Errorf("%s.%s was made", name, enc)
					}
				}
			}
			if got, _ := os.ReadFile(filepath.Join(dest, "css/own.css.gz")); string(got) != "the site's own" {
				t.Errorf("the site's own.css.gz was replaced: %q", got)
			}
			if !Intact(dest) {
				t.Error("dest is not Intact after the build")
			}
		})
	}
}

// TestDense: a file Options.Dense names gets copies made for speed
// (gzip by Huffman coding alone, brotli of quality 0), which hold its bytes
// and (on bytes that repeat) are larger than the copies the same bytes get
// under another name.
func TestDense(t *testing.T) {
	data := bytes.Repeat([]byte(`{"a":"0Ab9"}`), 400)
	files := map[string][]byte{"/search/h/0.json": data, "/other.json": data}
	dest := filepath.Join(t.TempDir(), "public")
	st, err := Stage(t.TempDir(), dest, files, Options{Gzip: true, Brotli: true, Dense: func(p string) bool { return p == "/search/h/0.json" }})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, enc := range []string{"gz", "br"} {
		size := map[string]int{}
		for _, name := range []string{"search/h/0.json", "other.json"} {
			if got := decompress(t, enc, filepath.Join(dest, name+"."+enc)); !bytes.Equal(got, data) {
				t.Errorf("%s.%s: wrong bytes", name, enc)
			}
			fi, err := os.Stat(filepath.Join(dest, name+"."+enc))
			if err != nil {
				t.Fatal(err)
			}
			size[name] = int(fi.Size())
		}
		if size["search/h/0.json"] <= size["other.json"] {
			t.Errorf("%s: dense copy %d bytes, the other's %d: not made for speed", enc, size["search/h/0.json"], size["other.json"])
		}
	}
}

// TestCopyNoLongerWorthIt: a page whose new bytes do not compress loses the
// copies of its old bytes, in dest and in the spare generation updated in
// place after it; the decision is remembered, so a build with nothing
// changed compresses nothing, and turning brotli off removes the .br files.
func TestCopyNoLongerWorthIt(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	files := site(3)
	write := func(opts Options) *Staged {
		t.Helper()
		st, err := Stage(t.TempDir(), dest, files, opts)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Commit(); err != nil {
			t.Fatal(err)
		}
		return st
	}
	both := Options{Gzip: true, Brotli: true}
	write(both)
	page := filepath.Join(dest, "news/p1/index.html")
	for _, enc := range []string{".gz", ".br"} {
		if _, err := os.Stat(page + enc); err != nil {
			t.Fatalf("no %s to start with: %v", enc, err)
		}
	}
	files["/news/p1/"] = noise(8192)
	tests := []struct {
		name                         string
		opts                         Options
		written, compressed, removed int
		gone, there                  []string // in dest after the build
	}{
		// p1 written; its two copies compressed, not kept: the spare's
		// (dest's, linked) removed.
		{"p1 no longer compresses", both, 1, 2, 2, []string{".gz", ".br"}, nil},
		// p2 edited: the spare (the first generation) is brought up to
		// date. It still has p1's old copies: they go, dest's manifest
		// saying so without compressing again; p2 and its copies written.
		{"p2 edited", both, 4, 2, 2, []string{".gz", ".br"}, nil},
		{"nothing changed", both, 0, 0, 0, []string{".gz", ".br"}, nil},
		// p1 and its new copies; the spare's p2 and its copies (read
		// from dest).
		{"p1 compresses again", both, 6, 2, 0, nil, []string{".gz", ".br"}},
		// The spare has p1 without copies: p1 and its .gz (read from
		// dest) written, the other pages' five .br removed.
		{"brotli turned off", Options{Gzip: true}, 2, 0, 5, []string{".br"}, []string{".gz"}},
	}
	for _, tt := range tests {
		switch tt.name {
		case "p2 edited":
			files["/news/p2/"] = bytes.Repeat([]byte("<p>改过的第2页</p>"), 100)
		case "p1 compresses again":
			files["/news/p1/"] = bytes.Repeat([]byte("<p>又改过的第1页</p>"), 100)
		}
		st := write(tt.opts)
		if st.Written != tt.written || st.Compressed != tt.compressed || st.Removed != tt.removed {
			t.Errorf("%s: written %d, compressed %d, removed %d; want %d, %d, %d", tt.name,
				st.Written, st.Compressed, st.Removed, tt.written, tt.compressed, tt.removed)
		}
		for _, enc := range tt.gone {
			if _, err := os.Lstat(page + enc); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s: %s still there", tt.name, enc)
			}
		}
		for _, enc := range tt.there {
			if got := decompress(t, enc[1:], page+enc); !bytes.Equal(got, files["/news/p1/"]) {
				t.Errorf("%s: %s is stale", tt.name, enc)
			}
		}
		if !Intact(dest) {
			t.Errorf("%s: dest not Intact", tt.name)
		}
	}
	// A copy not worth keeping put back by hand is not the build's.
	os.WriteFile(page+".gz", []byte("x"), 0o644)
	files["/news/p1/"] = noise(8192)
	write(both)
	write(both)
	os.WriteFile(page+".gz", []byte("x"), 0o644)
	if Intact(dest) {
		t.Error("a file where the manifest has no copy, yet Intact")
	}
}

func decompress(t *testing.T, enc, name string) []byte {
	t.Helper()
	if enc == "br" {
		return unbrotli(t, name)
	}
	return gunzip(t, name)
}

// TestModes: folders 0755 and files 0644 less the umask, the top folder
// included (os.MkdirTemp's 0700 gave nginx's worker 403 on the whole site).
func TestModes(t *testing.T) {
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	dest := filepath.Join(t.TempDir(), "public")
	for i := 0; i < 2; i++ { // dest, then the spare swapped in
		stage(t, dest, site(2+i))
		for _, tt := range []struct {
			name string
			want os.FileMode
		}{{"", 0o750}, {"news", 0o750}, {"news/p1", 0o750}, {"index.html", 0o640}, {"index.html.gz", 0o640}, {Marker, 0o640}} {
			fi, err := os.Stat(filepath.Join(dest, tt.name))
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != tt.want {
				t.Errorf("build %d: %q has mode %o, want %o", i+1, tt.name, fi.Mode().Perm(), tt.want)
			}
		}
	}
}

// TestOldStagingMode: a dest made by the old staging (mode 0700) is opened
// up when it comes back as the spare.
func TestOldStagingMode(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	stage(t, dest, site(1))
	os.Chmod(dest, 0o700)
	stage(t, dest, site(2)) // the 0700 tree is the spare now
	stage(t, dest, site(3)) // and is swapped in again
	fi, _ := os.Stat(dest)
	if fi.Mode().Perm()&0o005 != 0o005 {
		t.Errorf("mode %o: others cannot read the site", fi.Mode().Perm())
	}
}

// TestExchange: the swap is one renameat2(RENAME_EXCHANGE) here, so dest
// exists at every moment; the tree swapped out is the next spare.
func TestExchange(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	spare := filepath.Join(filepath.Dir(dest), ".public.prev")
	stage(t, dest, map[string][]byte{"/a.txt": []byte("one")})
	var calls int
	var failed error
	exchangeDirs = func(a, b string) error {
		calls++
		if _, err := os.Stat(b); err != nil {
			failed = err
		}
		failed = errors.Join(failed, exchange(a, b))
		if _, err := os.Stat(b); err != nil {
			failed = errors.Join(failed, err)
		}
		return failed
	}
	defer func() { exchangeDirs = exchange }()
	stage(t, dest, map[string][]byte{"/a.txt": []byte("two")})
	if calls != 1 || failed != nil {
		t.Fatalf("exchange called %d times, error %v", calls, failed)
	}
	if got, _ := os.ReadFile(filepath.Join(dest, "a.txt")); string(got) != "two" {
		t.Errorf("dest holds %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(spare, "a.txt")); string(got) != "one" {
		t.Errorf("spare holds %q", got)
	}
}

// TestExchangeFallback: without the exchange, two renames give the same result.
func TestExchangeFallback(t *testing.T) {
	exchangeDirs = func(a, b string) error { return errNoExchange }
	defer func() { exchangeDirs = exchange }()
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	for i, text := range []string{"one", "two", "three"} {
		stage(t, dest, map[string][]byte{"/a.txt": []byte(text)})
		if got, _ := os.ReadFile(filepath.Join(dest, "a.txt")); string(got) != text {
			t.Errorf("build %d: dest holds %q", i+1, got)
		}
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 2 {
		t.Errorf("left in the parent: %v", entries)
	}
}

// TestLeftovers: folders of interrupted builds named like ours and carrying
// the marker are removed; anything else beside dest stays.
func TestLeftovers(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	mk := func(name string, marker bool) {
		os.MkdirAll(filepath.Join(parent, name, "news"), 0o755)
		os.WriteFile(filepath.Join(parent, name, "news", "x.html"), []byte("x"), 0o644)
		if marker {
			os.WriteFile(filepath.Join(parent, name, Marker), nil, 0o644)
		}
	}
	mk(".public.new-1a2b3c", true)
	mk(".public.old-4d5e6f", true)
	mk(".public.new-foreign", false) // not ours
	mk(".other.new-1a2b3c", true)    // another destination's
	mk("keep", true)
	stage(t, dest, site(1))
	for name, want := range map[string]bool{".public.new-1a2b3c": false, ".public.old-4d5e6f": false,
		".public.new-foreign": true, ".other.new-1a2b3c": true, "keep": true, "public": true} {
		_, err := os.Stat(filepath.Join(parent, name))
		if (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", name, err == nil, want)
		}
	}
}

// TestFailedStageLeavesDest: a build whose files cannot be written leaves
// dest byte for byte as it was.
func TestFailedStageLeavesDest(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	stage(t, dest, site(5))
	stage(t, dest, site(5))
	before := tree(t, dest)
	bad := site(5)
	bad["/news/p1/index.html/x.css"] = []byte("a file where a file is") // index.html is a file
	bad["/news/p3/"] = []byte("changed")
	if _, err := Stage(t.TempDir(), dest, bad, Options{Gzip: true, Brotli: true}); err == nil {
		t.Fatal("want an error")
	}
	after := tree(t, dest)
	if len(after) != len(before) {
		t.Fatalf("%d files, had %d", len(after), len(before))
	}
	for p, h := range before {
		if after[p] != h {
			t.Errorf("%s changed", p)
		}
	}
	// And the next good build still works from the damaged spare.
	st := stage(t, dest, site(5))
	if got, _ := os.ReadFile(filepath.Join(dest, "news/p3/index.html")); !bytes.Equal(got, site(5)["/news/p3/"]) {
		t.Errorf("after the failure: %q (%d written)", got, st.Written)
	}
}

// TestSameFile: two outputs for one file are an error, not a silent overwrite.
func TestSameFile(t *testing.T) {
	_, err := Stage(t.TempDir(), filepath.Join(t.TempDir(), "public"),
		map[string][]byte{"/a/": []byte("x"), "/a/index.html": []byte("y")}, Options{})
	if err == nil || !strings.Contains(err.Error(), "a/index.html") {
		t.Errorf("got %v", err)
	}
}

// TestDestError: what the disk says about the destination becomes a Chinese
// message naming it, with the fix.
func TestDestError(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&fs.PathError{Op: "mkdir", Path: "/srv/www/public", Err: syscall.EACCES}, "/srv/www/public: 没有权限写入输出目录 /srv/www/public；请用 -d 换一个可写的目录"},
		{&fs.PathError{Op: "mkdir", Path: "/srv/www/public", Err: syscall.EROFS}, "/srv/www/public: 输出目录 /srv/www/public 所在的磁盘是只读的"},
		{&fs.PathError{Op: "write", Path: "/srv/www/public/a", Err: syscall.ENOSPC}, "/srv/www/public: 磁盘空间不足"},
		{&fs.PathError{Op: "write", Path: "/srv/www/public/a", Err: syscall.EIO}, "/srv/www/public: 无法写入输出目录 /srv/www/public；"},
	}
	for _, tt := range tests {
		got := destError("/srv/www/public", tt.err).Error()
		if !strings.HasPrefix(got, tt.want) || !strings.HasSuffix(got, "("+tt.err.Error()+")") {
			t.Errorf("got %q, want %q … (%v)", got, tt.want, tt.err)
		}
	}
}

// TestUnwritableParent: a destination whose folder cannot be made is
// reported by Stage with the path (a read-only file system here).
func TestUnwritableParent(t *testing.T) {
	_, err := Stage(t.TempDir(), "/proc/hengdong-no-such/public", map[string][]byte{"/a.txt": []byte("a")}, Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "/proc/hengdong-no-such/public: ") || !strings.Contains(err.Error(), "输出目录") {
		t.Errorf("got %v", err)
	}
}

// TestOtherManifestFormat: a manifest of another format (2: sha256 hashes,
// from an older program) describes nothing, so every file is written again
// rather than trusted by a hash of another kind.
func TestOtherManifestFormat(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	files := site(3)
	stage(t, dest, files)
	m := filepath.Join(dest, ManifestName)
	b, err := os.ReadFile(m)
	if err != nil {
		t.Fatal(err)
	}
	header, rest, _ := bytes.Cut(b, []byte("\n"))
	old := strings.Replace(string(header), "hengdong-manifest 3 ", "hengdong-manifest 2 ", 1)
	if old == string(header) {
		t.Fatalf("header %q is not of format 3", header)
	}
	if err := os.WriteFile(m, []byte(old+"\n"+string(rest)), 0o644); err != nil {
		t.Fatal(err)
	}
	if st := stage(t, dest, files); st.Unchanged != 0 || st.Written == 0 {
		t.Errorf("after a manifest of format 2: %d unchanged, %d written; want none unchanged", st.Unchanged, st.Written)
	}
	if st := stage(t, dest, files); st.Written != 0 || st.Unchanged == 0 {
		t.Errorf("the build after: %d written, %d unchanged; want none written", st.Written, st.Unchanged)
	}
}
