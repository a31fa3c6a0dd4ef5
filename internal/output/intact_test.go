package output

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestIntact(t *testing.T) {
	files := map[string][]byte{"/": []byte("<p>home</p>"), "/news/": []byte("<p>news</p>"), "/css/a.css": []byte("a{}")}
	tests := []struct {
		name  string
		touch func(dest string)
		want  bool
	}{
		{"as written", func(string) {}, true},
		{"a file changed by hand", func(d string) { os.WriteFile(filepath.Join(d, "news", "index.html"), []byte("<p>edited</p>"), 0o644) }, false},
		{"same size, new time", func(d string) {
			p := filepath.Join(d, "css", "a.css")
			os.Chtimes(p, time.Now().Add(time.Hour), time.Now().Add(time.Hour))
		}, false},
		{"a file added", func(d string) { os.WriteFile(filepath.Join(d, "extra.txt"), []byte("x"), 0o644) }, false},
		{"a file removed", func(d string) { os.Remove(filepath.Join(d, "css", "a.css")) }, false},
		{"no manifest", func(d string) { os.Remove(filepath.Join(d, ManifestName)) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			dest := filepath.Join(root, "public")
			st, err := Stage(filepath.Join(root, "site"), dest, files, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Commit(); err != nil {
				t.Fatal(err)
			}
			tt.touch(dest)
			if got := Intact(dest); got != tt.want {
				t.Errorf("Intact = %v, want %v", got, tt.want)
			}
		})
	}
}
