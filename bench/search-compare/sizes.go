package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"hengdong/internal/search"
)

// readIndex reads a built site's /search/ files into the map search.Build returns.
func readIndex(site string) (map[string][]byte, error) {
	files := map[string][]byte{}
	root := filepath.Join(site, "search")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		name := "/" + filepath.ToSlash(rel)
		if !strings.HasSuffix(name, ".json") && !strings.HasSuffix(name, ".bin") {
			return nil
		}
		b, err := os.ReadFile(p)
		files[name] = b
		return err
	})
	return files, err
}

// sizes prints, for each query, what the Go reference (search.Search) says a
// browser fetches: files, requests and bytes (JSON gzipped, text ranges raw).
func sizes(site string, queries []string) error {
	files, err := readIndex(site)
	if err != nil {
		return err
	}
	total, idx := 0, 0
	for name, b := range files {
		idx += len(b)
		_ = name
	}
	fmt.Printf("index: %d files, %d bytes\n", len(files), idx)
	for _, q := range queries {
		r, err := search.Search(files, q, 10)
		if err != nil {
			return err
		}
		b := 0
		for _, f := range r.Fetched {
			b += f.Bytes
		}
		total += b
		fmt.Printf("%-24s %5d hits %2d requests %7d bytes  loose=%v %s\n", q, len(r.Hits), len(r.Fetched), b, r.Loose, r.Suggest)
	}
	if len(queries) > 0 {
		fmt.Printf("mean bytes per query: %d\n", total/len(queries))
	}
	return nil
}
