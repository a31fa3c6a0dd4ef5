package build

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"hengdong/internal/seeds"
)

var portalNow = time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)

func readPortal(t *testing.T) *Inputs {
	t.Helper()
	in, err := ReadInputs(filepath.Join("..", ".."), nil)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// Changing one value in seeds/ changes every page, table and chart that shows
// it, and nothing else.
func TestSeedsValueFlowsEverywhere(t *testing.T) {
	in := readPortal(t)
	before, err := Render(in, Options{Now: portalNow})
	if err != nil {
		t.Fatal(err)
	}
	changed := in.Clone()
	name := "seeds/economy.yaml"
	old := changed.Seeds[name]
	if !bytes.Contains(old, []byte("value: 391.38")) {
		t.Fatalf("%s no longer holds the 2024 GDP", name)
	}
	changed.Seeds[name] = bytes.Replace(old, []byte("value: 391.38"), []byte("value: 402.05"), 1)
	after, err := Render(changed, Options{Now: portalNow})
	if err != nil {
		t.Fatal(err)
	}
	var showing []string
	for path, b := range before.Files {
		// Search shards are keyed by a hash of the term, so the number moves to another shard.
		if !bytes.Contains(b, []byte("391.38")) || strings.HasPrefix(path, "/search/") {
			continue
		}
		showing = append(showing, path)
		a := after.Files[path]
		if bytes.Contains(a, []byte("391.38")) {
			t.Errorf("%s still shows the old value", path)
		}
		if !bytes.Contains(a, []byte("402.05")) {
			t.Errorf("%s does not show the new value", path)
		}
	}
	// The prose, the table, the chart (SVG label and <desc>) and the CSV.
	econ := string(after.Files["/jingji/"])
	for _, want := range []string{`<data value="402.05"`, `<td`, `<desc`} {
		if !strings.Contains(econ, want) {
			t.Errorf("economy page lacks %q", want)
		}
	}
	if !regexp.MustCompile(`<text[^>]*>402\.05`).MatchString(econ) {
		t.Error("no chart label shows the new value")
	}
	csv := false
	for path, b := range after.Files {
		if strings.HasSuffix(path, ".csv") && bytes.Contains(b, []byte("402.05")) {
			csv = true
		}
	}
	if !csv {
		t.Error("no CSV carries the new value")
	}
	if len(showing) < 4 {
		t.Errorf("only %d files showed the GDP: %v", len(showing), showing)
	}
}

// No figure from seeds/ is typed into content/ prose: figures reach pages only
// through shortcodes.
func TestNoTypedFigures(t *testing.T) {
	in := readPortal(t)
	var inds []*seeds.Indicator
	for name, data := range in.Seeds {
		got, problems := seeds.ParseFile(name, data)
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		inds = append(inds, got...)
	}
	shortcodes := regexp.MustCompile(`\{\{[<%].*?[>%]\}\}`)
	frontMatter := regexp.MustCompile(`(?s)\A(---|\+\+\+)\n.*?\n(---|\+\+\+)\n`)
	figures := map[string]string{}
	for _, ind := range inds {
		for _, n := range []seeds.Number{ind.Value, ind.Growth} {
			// Years and small counts are too ambiguous to police (2024年, 第七届).
			if n.IsSet() && (strings.Contains(n.Text, ".") || len(n.Text) >= 3) && !regexp.MustCompile(`^20\d\d$`).MatchString(n.Text) {
				figures[n.Text] = ind.ID
			}
		}
	}
	for _, f := range in.Content {
		if !strings.HasSuffix(f.Path, ".md") {
			continue
		}
		prose := shortcodes.ReplaceAllString(frontMatter.ReplaceAllString(string(f.Data), ""), "")
		for text, id := range figures {
			re := regexp.MustCompile(`(^|[^0-9.])` + regexp.QuoteMeta(text) + `($|[^0-9])`)
			if loc := re.FindStringIndex(prose); loc != nil {
				t.Errorf("%s types the figure %s (indicator %s) into its prose; use {{< indicator %q >}}", f.Path, text, id, id)
			}
		}
	}
	if len(figures) < 20 {
		t.Errorf("only %d figures checked", len(figures))
	}
}

// A render with DeferSearch plus SearchIndex gives the same files as Render.
func TestDeferredSearchIndexIsIdentical(t *testing.T) {
	in := readPortal(t)
	full, err := Render(in, Options{Now: portalNow})
	if err != nil {
		t.Fatal(err)
	}
	deferred, err := Render(in, Options{Now: portalNow, DeferSearch: true})
	if err != nil {
		t.Fatal(err)
	}
	idx, err := SearchIndex(deferred)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for path, want := range full.Files {
		if !strings.HasPrefix(path, "/search/") || !strings.HasSuffix(path, ".json") && !strings.HasSuffix(path, ".bin") { // the page and its feed are not the index
			continue
		}
		n++
		if _, ok := deferred.Files[path]; ok {
			t.Errorf("%s rendered despite DeferSearch", path)
		}
		if !bytes.Equal(idx[path], want) {
			t.Errorf("%s differs", path)
		}
	}
	if n == 0 || n != len(idx) {
		t.Errorf("%d index files from Render, %d from SearchIndex", n, len(idx))
	}
}

// Deferring the whole-site pages and finishing them afterwards gives exactly
// what a full render gives.
func TestDeferSiteWideFinishesIdentical(t *testing.T) {
	in := readPortal(t)
	inc := NewIncremental(Options{Now: portalNow, DeferSiteWide: true})
	first, err := inc.Render(in)
	if err != nil {
		t.Fatal(err)
	}
	next := in.Clone()
	for i, f := range next.Content {
		if f.Path == "content/news/dangjian.md" {
			// A new first paragraph changes the page's summary, which lists show.
			next.Content[i].Data = bytes.Replace(f.Data, []byte("\n+++\n"), []byte("\n+++\n\n县委全会今天开幕。\n"), 1)
		}
	}
	res, err := inc.Render(next)
	if err != nil {
		t.Fatal(err)
	}
	if inc.Stats.PagesDeferred == 0 {
		t.Fatal("nothing was deferred")
	}
	if !bytes.Equal(res.Files["/"], first.Files["/"]) {
		t.Error("the home page was rendered instead of deferred")
	}
	done, err := inc.FinishDeferred(res)
	if err != nil {
		t.Fatal(err)
	}
	full, err := Render(next, Options{Now: portalNow})
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range full.Files {
		got, ok := done[path]
		if !ok {
			got = res.Files[path]
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from a full render", path)
		}
	}
	if len(done) != inc.Stats.PagesDeferred {
		t.Errorf("%d pages finished, %d deferred", len(done), inc.Stats.PagesDeferred)
	}
	// A second edit reuses the finished pages' caches.
	again, err := inc.Render(next)
	if err != nil {
		t.Fatal(err)
	}
	if inc.Stats.PagesDeferred != 0 || !bytes.Equal(again.Files["/"], full.Files["/"]) {
		t.Errorf("after FinishDeferred: %d deferred", inc.Stats.PagesDeferred)
	}
}

// The search page is not a search result.
func TestSearchPageNotIndexed(t *testing.T) {
	res, err := Render(readPortal(t), Options{Now: portalNow})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range searchDocs(searchPagesOf(res.Tree), nil) {
		n++
		if d.URL == "/search/" {
			t.Error("the search page is indexed")
		}
	}
	if n < 20 {
		t.Errorf("only %d pages indexed", n)
	}
}
