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
