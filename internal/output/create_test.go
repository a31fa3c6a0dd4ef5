package output

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestCreateFile holds createFile (raw system calls on Linux) to what the
// manifest needs: the bytes on disk, the size and modification time os.Stat
// reports, and a refusal to write into a file that exists.
func TestCreateFile(t *testing.T) {
	dir := t.TempDir()
	for _, data := range [][]byte{nil, []byte("衡东"), bytes.Repeat([]byte("土菜节"), 100_000)} {
		name := filepath.Join(dir, "f")
		size, mtime, err := createFile(name, data)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("file holds %d bytes, want %d (%v)", len(got), len(data), err)
		}
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if size != fi.Size() || mtime != fi.ModTime().UnixNano() {
			t.Errorf("createFile says size %d mtime %d, stat says %d %d", size, mtime, fi.Size(), fi.ModTime().UnixNano())
		}
		if _, _, err := createFile(name, []byte("x")); !errors.Is(err, fs.ErrExist) {
			t.Errorf("writing into an existing file: err %v, want fs.ErrExist", err)
		}
		if got, _ := os.ReadFile(name); !bytes.Equal(got, data) {
			t.Error("the existing file was changed")
		}
		os.Remove(name)
	}
	if _, _, err := createFile(filepath.Join(dir, "missing", "f"), nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a file in a missing folder: err %v, want fs.ErrNotExist", err)
	}
}
