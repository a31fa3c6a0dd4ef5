package build

import (
	"bytes"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGeneratedFilesGolden: the portal's feeds, sitemap.xml, robots.txt and
// redirect pages, unminified, are the bytes of testdata/generated.golden,
// which the generator wrote before they became theme templates.
func TestGeneratedFilesGolden(t *testing.T) {
	res, err := Render(readPortal(t), Options{Now: portalNow, NoMinify: true})
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	for _, p := range slices.Sorted(maps.Keys(res.Files)) {
		_, alias := res.Tree.Aliases[p]
		if strings.HasSuffix(p, ".xml") || p == "/robots.txt" || alias {
			got.WriteString("=== " + p + "\n")
			got.Write(res.Files[p])
			got.WriteString("\n")
		}
	}
	golden := filepath.Join("testdata", "generated.golden")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		g, w := strings.Split(got.String(), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(g), len(w)) {
			if g[i] != w[i] {
				t.Fatalf("generated files differ from %s at line %d:\ngot  %q\nwant %q", golden, i+1, g[i], w[i])
			}
		}
		t.Fatalf("generated files differ from %s: %d lines, want %d", golden, len(g), len(w))
	}
}
