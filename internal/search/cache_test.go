package search

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
)

// TestBuildReusing: a Build reusing the Cache of the last one (through gob)
// writes every file byte for byte as a Build from nothing, whatever changed.
func TestBuildReusing(t *testing.T) {
	base := synthDocs(1100, 3) // two text files
	for i := range base {
		if rs := []rune(base[i].Body); len(rs) > 150 {
			base[i].Body = string(rs[:150]) // two text files, but a quick test
		}
		base[i].DateISO = fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28)
		if i%17 == 0 {
			base[i].Body += " 𠀀𠀁 😀 iPhone15 c++ .net 391.38"
		}
	}
	edit := func(f func(ds []Doc) []Doc) func() []Doc {
		return func() []Doc { return f(slices.Clone(base)) }
	}
	cases := []struct {
		name string
		docs func() []Doc
	}{
		{"unchanged", edit(func(ds []Doc) []Doc { return ds })},
		{"body changed", edit(func(ds []Doc) []Doc { ds[5].Body += "新增的一段话。"; return ds })},
		{"title changed", edit(func(ds []Doc) []Doc { ds[6].Title = "衡东县新标题"; return ds })},
		{"headings changed", edit(func(ds []Doc) []Doc { ds[7].Headings = append(ds[7].Headings, "新的小标题"); return ds })},
		{"doc added, newest", edit(func(ds []Doc) []Doc {
			return append(ds, Doc{URL: "/new/", Title: "最新消息", DateISO: "2026-01-01", Date: "2026年1月1日", Body: base[0].Body})
		})},
		{"doc removed", edit(func(ds []Doc) []Doc { return slices.Delete(ds, 10, 11) })},
		{"date changed, ids shift", edit(func(ds []Doc) []Doc { ds[20].DateISO, ds[20].Date = "2030-01-01", "2030年1月1日"; return ds })},
		{"url and section changed", edit(func(ds []Doc) []Doc { ds[30].URL, ds[30].SectionTitle = "/moved/", "新栏目"; return ds })},
		{"duplicate content", edit(func(ds []Doc) []Doc {
			d := ds[40]
			d.URL = "/copy/"
			return append(ds, d)
		})},
		{"everything", edit(func(ds []Doc) []Doc {
			ds[1].Body = ""
			ds[2].Title = "🙂"
			ds[3].DateISO = ""
			ds = slices.Delete(ds, 50, 60)
			return append(ds, Doc{URL: "/z/", Title: "新页面", Body: "衡东土菜文化节"})
		})},
	}
	files0, st, c0, err := BuildReusing(base, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Hot == 0 || st.Chunks < 2 {
		t.Fatalf("base index %+v: want hot terms and two text files", st)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(c0); err != nil {
		t.Fatal(err)
	}
	enc := buf.Bytes()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var last Cache
			if err := gob.NewDecoder(bytes.NewReader(enc)).Decode(&last); err != nil {
				t.Fatal(err)
			}
			if !last.LoadText(func(p string) ([]byte, bool) { b, ok := files0[p]; return b, ok }) {
				t.Fatal("LoadText failed")
			}
			docs := tc.docs()
			want, wst, err := Build(docs)
			if err != nil {
				t.Fatal(err)
			}
			got, gst, c, err := BuildReusing(docs, &last)
			if err != nil {
				t.Fatal(err)
			}
			sameFiles(t, got, want)
			if want := len(docs) - 3; gst.Reused < want { // no case changes more than three
				t.Errorf("%d docs reused, want at least %d", gst.Reused, want)
			}
			gst.Reused = 0
			if gst != wst {
				t.Errorf("stats %+v, want %+v", gst, wst)
			}
			// The new Cache, reused in turn, still gives the same files.
			again, _, _, err := BuildReusing(docs, c)
			if err != nil {
				t.Fatal(err)
			}
			sameFiles(t, again, want)
		})
	}

	// A Cache read back without its texts is not used, and one whose text
	// files are gone cannot load them.
	var bare Cache
	if err := gob.NewDecoder(bytes.NewReader(enc)).Decode(&bare); err != nil {
		t.Fatal(err)
	}
	if bare.Has(docKey(&base[0])) {
		t.Error("a Cache without its texts has docs")
	}
	if bare.LoadText(func(string) ([]byte, bool) { return nil, false }) {
		t.Error("LoadText without the text files succeeded")
	}
	got, _, _, err := BuildReusing(base, &bare)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, got, files0)

	// A doc found in the Cache by its Key is not read: its Body may be empty.
	keyed := slices.Clone(base)
	for i := range keyed {
		keyed[i].Key = uint64(1000 + i)
	}
	_, _, ck, err := BuildReusing(keyed, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range keyed {
		if !ck.Has(keyed[i].Key) {
			t.Fatalf("cache lacks doc %d", i)
		}
		keyed[i].Body = ""
	}
	got, _, _, err = BuildReusing(keyed, ck)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, got, mustBuild(t, base))
}

// TestBuildReusingStaleVocab: a Cache whose vocabulary is mostly terms no
// doc has any more is not kept, and the index is still a full Build's.
func TestBuildReusingStaleVocab(t *testing.T) {
	_, _, c, err := BuildReusing(synthDocs(300, 4), nil)
	if err != nil || c == nil {
		t.Fatal(err, c)
	}
	docs := []Doc{{URL: "/a/", Title: "alpha beta", Body: "gamma delta 衡东"}, {URL: "/b/", Title: "衡东县", Body: "epsilon"}}
	got, _, c2, err := BuildReusing(docs, c)
	if err != nil {
		t.Fatal(err)
	}
	if c2 != nil {
		t.Error("a Cache of mostly stale terms was kept")
	}
	sameFiles(t, got, mustBuild(t, docs))
}

// TestBodyFrom: a doc whose body comes from BodyFrom (keyed or not) is
// indexed as the same doc with Body, and BodyFrom is called once per doc
// tokenised, never for one reused from the Cache.
func TestBodyFrom(t *testing.T) {
	base := synthDocs(300, 5)
	_, _, c, err := BuildReusing(base, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		key   bool   // Key set, as build sets it
		last  *Cache // what to reuse
		calls int    // BodyFrom calls wanted
	}{
		{"no key", false, nil, len(base)},
		{"keyed", true, nil, len(base)},
		{"keyed, reused", true, c, 1}, // doc 0's body changed
	} {
		t.Run(tt.name, func(t *testing.T) {
			docs := slices.Clone(base)
			docs[0].Body += "改过的正文。"
			var calls atomic.Int64
			for i := range docs {
				if tt.key {
					docs[i].Key = docKey(&docs[i])
				}
				body := docs[i].Body
				docs[i].Body = ""
				docs[i].BodyFrom = func(dst []byte) []byte { calls.Add(1); return append(dst, body...) }
			}
			got, _, _, err := BuildReusing(docs, tt.last)
			if err != nil {
				t.Fatal(err)
			}
			changed := slices.Clone(base)
			changed[0].Body += "改过的正文。"
			sameFiles(t, got, mustBuild(t, changed))
			if int(calls.Load()) != tt.calls {
				t.Errorf("BodyFrom called %d times, want %d", calls.Load(), tt.calls)
			}
		})
	}
}

func sameFiles(t *testing.T, got, want map[string][]byte) {
	t.Helper()
	for _, p := range slices.Sorted(maps.Keys(want)) {
		if !bytes.Equal(got[p], want[p]) {
			t.Errorf("%s differs (%d bytes, want %d)", p, len(got[p]), len(want[p]))
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s written, not in a build from nothing", p)
		}
	}
}

// BenchmarkBuildReusing is BenchmarkBuild after one doc's body changed,
// reusing the last Build's Cache (read back through gob, texts loaded).
func BenchmarkBuildReusing(b *testing.B) {
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("HENGDONG_BENCH_PAGES")); err == nil && v > 0 {
		n = v
	}
	docs := synthDocs(n, 42)
	files, _, c, err := BuildReusing(docs, nil)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(c); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(buf.Len()), "cache-bytes")
	var last Cache
	if err := gob.NewDecoder(&buf).Decode(&last); err != nil {
		b.Fatal(err)
	}
	if !last.LoadText(func(p string) ([]byte, bool) { d, ok := files[p]; return d, ok }) {
		b.Fatal("LoadText failed")
	}
	docs[n/2].Body += "新增的一段话。"
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, err := BuildReusing(docs, &last); err != nil {
			b.Fatal(err)
		}
	}
}

func TestJSONString(t *testing.T) {
	for _, s := range []string{"", "衡东", "a\"b", `a\b`, "a\nb", "\x7f", "<&>", "a\u2028b", "\u2029", "\xff", "e\u0301", "𠀀", "\x00"} {
		if got, want := jsonString(s), marshal(s); !bytes.Equal(got, want) {
			t.Errorf("jsonString(%q) = %s, want %s", s, got, want)
		}
	}
}
