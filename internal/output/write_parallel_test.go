package output

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteFilesParallel checks that the parallel writer puts every file, in
// nested folders made on the way, with exactly its bytes.
func TestWriteFilesParallel(t *testing.T) {
	files := map[string][]byte{}
	for i := 0; i < 300; i++ {
		files[fmt.Sprintf("/s%d/sub%d/p%d/", i%7, i%3, i)] = []byte(fmt.Sprintf("<p>第%d页</p>", i))
		files[fmt.Sprintf("/s%d/a%d.css", i%7, i)] = bytes.Repeat([]byte{byte('a' + i%26)}, i)
	}
	files["/index.xml"] = []byte("<rss/>")
	dest := filepath.Join(t.TempDir(), "public")
	if err := Write(t.TempDir(), dest, files); err != nil {
		t.Fatal(err)
	}
	for n, want := range files {
		rel, _ := safeRel(n)
		got, err := os.ReadFile(filepath.Join(dest, rel))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: got %q, want %q", n, got, want)
		}
	}
}

// TestWriteFilesError returns an error, and makes no dest, when a file cannot
// be written (its path is taken by a folder). The spare generation it was
// written into stays, for the next build to update.
func TestWriteFilesError(t *testing.T) {
	files := map[string][]byte{"/a/": []byte("x"), "/a/index.html/b.css": []byte("y")}
	parent := t.TempDir()
	if err := Write(t.TempDir(), filepath.Join(parent, "public"), files); err == nil {
		t.Fatal("want an error")
	}
	if _, err := os.Stat(filepath.Join(parent, "public")); err == nil {
		t.Error("dest was made")
	}
}
