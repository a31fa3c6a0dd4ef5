package search

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestJS runs static/js/search.js under Node (skipped when node is missing):
// the tokeniser against testdata/tokenize.json, and ranking against Query on
// a synthetic index.
func TestJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is not installed: under CI the browser script must be tested (apt-get install -y nodejs)")
		}
		t.Skip("node not installed: the browser script is not compared with the Go reference")
	}
	out, err := exec.Command(node, "testdata/js_check.js", "tokenize", "testdata/tokenize.json").CombinedOutput()
	if err != nil {
		t.Fatalf("JS tokeniser differs from the fixtures: %v\n%s", err, out)
	}

	docs := synthDocs(300, 3)
	docs = append(docs,
		Doc{URL: "/culture/tucai/", Title: "第三届衡东土菜文化节开幕", Body: "衡东土菜文化节在县城开幕。来自各地的游客品尝了ＧＤＰ土菜。"},
		Doc{URL: "/news/seal/", Title: "全县印章管理工作大会召开", Headings: []string{"会议要求"}, Body: "大会部署印章管理。GDP 391.38亿元。"},
		Doc{URL: "/x/apart/", Title: "培训通知", Body: "本次培训有深度，大家认真学习。" + padding + "tourism 𠀀𠀁汉字"},
		Doc{URL: "/x/together/", Title: "培训通知", Body: padding + "介绍深度学习的基本方法，学习C++和C#，购买iPhone 15。" + padding},
		Doc{URL: "/x/home/", Title: "家庭教育讲座", Body: padding + "纪念馆获评省家庭教育创新实践基地。" + padding + "tourism"})
	files := mustBuild(t, docs)
	dir := t.TempDir()
	for p, b := range files {
		fp := filepath.Join(dir, strings.TrimPrefix(p, "/search/"))
		if err := os.MkdirAll(filepath.Dir(fp), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(fp, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := synthVocab(newRand(3))
	queries := []string{"土菜", "印章 大会", "ｇｄｐ", "391", "391.38", "衡东土菜文化节", "没有这个词语", r[2], r[5] + " " + r[9], r[40], docs[5].Title,
		"深度学习", `"深度认真"`, "深度认真", "土莱", "turism", "C++", "c#", "iPhone15", "家庭教育", "纪念馆 家庭教育", "𠀀𠀁", "县", "“学习 c++”"}
	qf := filepath.Join(dir, "queries.json")
	qb, _ := json.Marshal(queries)
	os.WriteFile(qf, qb, 0o644)
	out, err = exec.Command(node, "testdata/js_check.js", "query", dir, qf).Output()
	if err != nil {
		t.Fatalf("js query: %v", err)
	}
	var res []struct {
		Q        string
		IDs      []int
		Scores   []float64
		URLs     []string
		Titles   []string
		Snippets []string
		Loose    bool
		Suggest  string
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		sr, err := Search(files, r.Q, 10)
		if err != nil {
			t.Fatal(err)
		}
		hits := sr.Hits
		if sr.Loose != r.Loose || sr.Suggest != r.Suggest {
			t.Errorf("%q: Go loose %v suggest %q, JS %v %q", r.Q, sr.Loose, sr.Suggest, r.Loose, r.Suggest)
		}
		if len(hits) != len(r.IDs) {
			t.Errorf("%q: Go %d hits, JS %d", r.Q, len(hits), len(r.IDs))
			continue
		}
		for i, h := range hits {
			if h.ID != r.IDs[i] && math.Abs(h.Score-r.Scores[i]) > 1e-9 {
				t.Errorf("%q: hit %d: Go doc %d (%g), JS doc %d (%g)", r.Q, i, h.ID, h.Score, r.IDs[i], r.Scores[i])
				break
			}
			if math.Abs(h.Score-r.Scores[i]) > 1e-9*math.Max(1, h.Score) {
				t.Errorf("%q: hit %d: Go score %g, JS %g", r.Q, i, h.Score, r.Scores[i])
				break
			}
			if i < 10 && h.ID == r.IDs[i] && (h.URL != r.URLs[i] || h.Title != r.Titles[i] || h.Snippet != r.Snippets[i]) {
				t.Errorf("%q: hit %d: Go %s %q %q, JS %s %q %q", r.Q, i, h.URL, h.Title, h.Snippet, r.URLs[i], r.Titles[i], r.Snippets[i])
			}
		}
		t.Logf("%q: %d hits %q %q", r.Q, len(hits), r.URLs[:min(2, len(r.URLs))], r.Snippets[:min(1, len(r.Snippets))])
	}
	if res[0].URLs[0] != "/culture/tucai/" || len(res[1].URLs) != 1 || res[1].URLs[0] != "/news/seal/" {
		t.Errorf("JS ranking: 土菜 → %q, 印章 大会 → %q", res[0].URLs, res[1].URLs)
	}
	for _, r := range res {
		if r.Q == "turism" && r.Suggest != "tourism" {
			t.Errorf("turism: JS suggests %q, want tourism", r.Suggest)
		}
		if r.Q == "𠀀𠀁" && (len(r.Snippets) != 1 || !strings.Contains(r.Snippets[0], "𠀀𠀁")) {
			t.Errorf("𠀀𠀁: JS snippet %q", r.Snippets)
		}
	}
	if len(res[6].IDs) != 0 {
		t.Errorf("nonsense query found %v", res[6].IDs)
	}
}

// TestJSFormat holds search.js's FORMAT to the format the index is written
// in, and checks what the script does with a meta.json of another format: it
// asks again past the caches, and fails with a message when that copy is
// another format too.
func TestJSFormat(t *testing.T) {
	src, err := os.ReadFile("../../static/js/search.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`var FORMAT = (\d+);`).FindSubmatch(src)
	if m == nil || string(m[1]) != strconv.Itoa(format) {
		t.Fatalf("search.js reads index format %q, the index is written in format %d", m, format)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is not installed: under CI the browser script must be tested (apt-get install -y nodejs)")
		}
		t.Skip("node not installed: search.js's handling of meta.json is not checked")
	}
	out, err := exec.Command(node, "testdata/js_check.js", "format").Output()
	if err != nil {
		t.Fatalf("js format: %v", err)
	}
	type run struct {
		Asked  int
		Format int
		Fresh  bool
		Err    string
	}
	var got struct{ Current, StaleThenFresh, StaleTwice run }
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if c := got.Current; c.Asked != 1 || c.Format != format || c.Err != "" {
		t.Errorf("current meta.json: %+v, want it read once", c)
	}
	if c := got.StaleThenFresh; c.Asked != 2 || !c.Fresh || c.Format != format || c.Err != "" {
		t.Errorf("stale, then current meta.json: %+v, want it asked again past the cache and the current one used", c)
	}
	if c := got.StaleTwice; c.Asked != 2 || !strings.Contains(c.Err, "format") || c.Format != 0 {
		t.Errorf("stale meta.json twice: %+v, want the search to fail naming the format", c)
	}
}
