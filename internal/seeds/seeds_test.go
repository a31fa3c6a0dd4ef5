package seeds

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"hengdong/internal/diag"
)

func loadFixture(t *testing.T) *Store {
	t.Helper()
	s, err := Load(os.DirFS("testdata"), "seeds")
	if err != nil {
		t.Fatalf("Load fixture: %v", err)
	}
	return s
}

func TestLoadFixture(t *testing.T) {
	s := loadFixture(t)
	tests := []struct {
		id, value, growth, unit, source, group, status, file, period string
	}{
		{"gdp-2024", "391.38", "6.7", "亿元", "衡阳日报 2025年2月报道", "economy", "初步核算", "seeds/economy.yaml", "2024"},
		{"park-tax-2024", "6.2", "72.33", "亿元", "衡阳日报 2025年2月报道", "economy", "", "seeds/economy.yaml", "2024"},
		{"tourism-visitors-2024", "566", "17.23", "万人次", "衡阳日报 2025年2月报道", "tourism", "", "seeds/tourism.json", "2024"},
		{"gdp-growth-2025", "6.5", "", "%", "衡阳日报 2025年2月报道", "targets", "目标", "seeds/targets.toml", "2025"},
		{"livelihood-share-2024", "87.52", "", "%", "衡阳日报 2025年2月报道", "", "", "seeds/employment.csv", "2024"},
		// from the series' last point: 6.70 keeps its trailing zero
		{"test-gdp-series", "391.38", "6.70", "亿元", "测试数据（非真实）", "", "初步核算", "seeds/series.yaml", "2024"},
	}
	for _, tt := range tests {
		ind, ok := s.Get(tt.id)
		if !ok {
			t.Errorf("Get(%q) not found", tt.id)
			continue
		}
		got := []string{ind.Value.Text, ind.Growth.Text, ind.Unit, ind.Source, ind.Group, ind.Status, ind.File, ind.Period}
		want := []string{tt.value, tt.growth, tt.unit, tt.source, tt.group, tt.status, tt.file, tt.period}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", tt.id, got, want)
		}
		if s.FileOf(tt.id) != tt.file {
			t.Errorf("FileOf(%q) = %q", tt.id, s.FileOf(tt.id))
		}
	}
	if g, _ := s.Get("gdp-2024"); g.Value.Float != 391.38 || g.Line != 5 || g.Col != 5 {
		t.Errorf("gdp-2024 float/position = %v %d:%d", g.Value.Float, g.Line, g.Col)
	}
	ser, _ := s.Get("test-gdp-series")
	if len(ser.Series) != 4 || ser.Series[0].Value.Text != "300.10" || ser.Series[2].Growth.Text != "-1.5" || !ser.Series[2].Growth.Negative() {
		t.Errorf("series = %+v", ser.Series)
	}
	all := s.All()
	if len(all) != 19 {
		t.Errorf("All() has %d indicators, want 19", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].ID >= all[i].ID {
			t.Errorf("All() not sorted at %d: %s, %s", i, all[i-1].ID, all[i].ID)
		}
	}
	if ids := idsOf(s.Group("tourism")); !reflect.DeepEqual(ids, []string{"tourism-revenue-2024", "tourism-visitors-2024"}) {
		t.Errorf("Group(tourism) = %v", ids)
	}
	if ids := idsOf(s.Group("jobs-")); len(ids) != 3 {
		t.Errorf("Group(jobs-) = %v", ids)
	}
	if got := s.Files(); !reflect.DeepEqual(got, []string{"seeds/economy.yaml", "seeds/employment.csv", "seeds/series.yaml", "seeds/targets.toml", "seeds/tourism.json"}) {
		t.Errorf("Files() = %v", got)
	}
	if got := s.IDsIn("seeds/tourism.json"); !reflect.DeepEqual(got, []string{"tourism-revenue-2024", "tourism-visitors-2024"}) {
		t.Errorf("IDsIn = %v", got)
	}
	if got := s.Suggest("gdp-2023"); len(got) == 0 || got[0] != "gdp-2024" {
		t.Errorf("Suggest(gdp-2023) = %v", got)
	}
}

func idsOf(inds []*Indicator) []string {
	var out []string
	for _, i := range inds {
		out = append(out, i.ID)
	}
	return out
}

func TestMissingDirIsEmpty(t *testing.T) {
	s, err := Load(fstest.MapFS{}, "seeds")
	if err != nil || len(s.All()) != 0 {
		t.Fatalf("Load(missing) = %v, %v", s, err)
	}
}

// The same indicator written in every format gives the same Indicator.
func TestFormatsAgree(t *testing.T) {
	files := map[string]string{
		"a.yaml": "source: 来源\nindicators:\n  - id: x\n    name: 名称\n    period: \"2024Q1\"\n    value: 6.70\n    unit: \"%\"\n    growth: -0.50\n    basis: 同比\n    status: 推算\n    note: 注\n    sourceUrl: https://tjj.example.gov.cn/x\n",
		"a.json": `{"source": "来源", "indicators": [{"id": "x", "name": "名称", "period": "2024Q1", "value": 6.70, "unit": "%", "growth": -0.50, "basis": "同比", "status": "推算", "note": "注", "sourceUrl": "https://tjj.example.gov.cn/x"}]}`,
		"a.toml": "source = \"来源\"\n[[indicators]]\nid = \"x\"\nname = \"名称\"\nperiod = \"2024Q1\"\nvalue = 6.70\nunit = \"%\"\ngrowth = -0.50\nbasis = \"同比\"\nstatus = \"推算\"\nnote = \"注\"\nsourceUrl = \"https://tjj.example.gov.cn/x\"\n",
		"a.csv":  "id,name,period,value,unit,growth,basis,status,source,note,sourceUrl\nx,名称,2024Q1,6.70,%,-0.50,同比,推算,来源,注,https://tjj.example.gov.cn/x\n",
	}
	var first *Indicator
	for name, src := range files {
		inds, errs := ParseFile(name, []byte(src))
		if len(errs) > 0 || len(inds) != 1 {
			t.Fatalf("%s: %v", name, errs)
		}
		got := *inds[0]
		got.File, got.Line, got.Col = "", 0, 0
		if got.Value.Text != "6.70" || got.Growth.Text != "-0.50" || got.Value.Float != 6.7 {
			t.Errorf("%s: numbers not kept as written: %+v", name, got)
		}
		if first == nil {
			first = &got
		} else if !reflect.DeepEqual(*first, got) {
			t.Errorf("%s differs:\n got %+v\nwant %+v", name, got, *first)
		}
	}
}

func TestTOMLSeriesTables(t *testing.T) {
	src := "source = \"s\"\n[[indicators]]\nid = \"x\"\nname = \"n\"\nunit = \"亿元\"\n[[indicators.series]]\nperiod = \"2023\"\nvalue = 1.50\n[[indicators.series]]\nperiod = \"2024\"\nvalue = 2\ngrowth = 33.3\n"
	inds, errs := ParseFile("s.toml", []byte(src))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	x := inds[0]
	if len(x.Series) != 2 || x.Series[0].Value.Text != "1.50" || x.Period != "2024" || x.Growth.Text != "33.3" {
		t.Errorf("got %+v", x)
	}
}

type wantErr struct {
	line, col int
	msg       string
}

func TestErrors(t *testing.T) {
	const ok = "  - id: a\n    name: n\n    period: \"2024\"\n    value: 1\n    unit: 亿元\n"
	tests := []struct {
		name, file, src string
		want            []wantErr
	}{
		{"yaml not a number", "e.yaml", "source: s\nindicators:\n  - id: a\n    name: n\n    period: \"2024\"\n    value: 约121.6\n    unit: 亿元\n",
			[]wantErr{{6, 12, "不是数字"}}},
		{"yaml comma number", "e.yaml", "source: s\nindicators:\n  - id: a\n    name: n\n    period: \"2024\"\n    value: \"30,513\"\n    unit: 元\n",
			[]wantErr{{6, 12, "不是数字"}}},
		{"yaml missing unit and source", "e.yaml", "indicators:\n  - id: a\n    name: n\n    period: \"2024\"\n    value: 1\n",
			[]wantErr{{2, 5, "缺少 source"}, {2, 5, "缺少 unit"}}},
		{"yaml unknown status, bad period, unknown key", "e.yaml", "source: s\nindicators:\n  - id: a\n    name: n\n    period: 2024年\n    value: 1\n    unit: 亿元\n    status: 预计\n    grwoth: 1\n",
			[]wantErr{{5, 13, "时期 “2024年” 格式不对"}, {8, 13, "不认识的状态"}, {9, 5, "不认识的字段 “grwoth”"}}},
		{"yaml series repeats own period", "e.yaml", "source: s\nindicators:\n  - id: a\n    name: n\n    period: \"2024\"\n    value: 1\n    unit: 亿元\n    series:\n      - {period: \"2023\", value: 0.9}\n      - {period: \"2024\", value: 1}\n",
			[]wantErr{{10, 9, "重复写了本期"}}},
		{"yaml unknown top key", "e.yaml", "source: s\nsrc: x\nindicators:\n" + ok, []wantErr{{2, 1, "不认识的字段 “src”"}}},
		{"yaml duplicate key", "e.yaml", "source: s\nindicators:\n" + ok + "    unit: 元\n", []wantErr{{8, 5, "重复"}}},
		{"yaml duplicate id in file", "e.yaml", "source: s\nindicators:\n" + ok + ok, []wantErr{{8, 5, "重复，已在 seeds/e.yaml:3:5 定义"}}},
		{"yaml syntax", "e.yaml", "source: s\nindicators:\n  - id: [a\n", []wantErr{{3, 1, "YAML 文件格式错误"}}},
		{"yaml scanner error", "e.yaml", "source: s\nindicators: x: y\n", []wantErr{{2, 1, "YAML 文件格式错误"}}},
		{"yaml series bad point", "e.yaml", "source: s\nindicators:\n  - id: a\n    name: n\n    unit: 亿元\n    series:\n      - {period: \"2023\", value: x}\n      - {value: 2}\n",
			[]wantErr{{7, 33, "不是数字"}, {8, 9, "缺少 period"}}},
		{"yaml bad id", "e.yaml", "source: s\nindicators:\n  - id: GDP 2024\n    name: n\n    period: \"2024\"\n    value: 1\n    unit: 亿元\n",
			[]wantErr{{3, 9, "不合规"}}},
		{"json not a number", "e.json", "{\"source\": \"s\", \"indicators\": [\n {\"id\": \"a\", \"name\": \"n\", \"period\": \"2024\", \"value\": true, \"unit\": \"元\"}]}",
			[]wantErr{{2, 54, "不是数字"}}},
		{"json unknown key", "e.json", "{\"source\": \"s\", \"indicators\": [\n {\"id\": \"a\", \"name\": \"n\", \"period\": \"2024\", \"value\": 1, \"unit\": \"元\", \"x\": 1}]}",
			[]wantErr{{2, 70, "不认识的字段 “x”"}}},
		{"json syntax", "e.json", "{\"source\": \"s\",\n \"indicators\": [}", []wantErr{{2, 17, "JSON 文件格式错误"}}},
		{"json truncated", "e.json", "{\"source\": \"s\"", []wantErr{{1, 15, "JSON 文件格式错误"}}},
		{"toml status and period", "e.toml", "source = \"s\"\n[[indicators]]\nid = \"a\"\nname = \"n\"\nperiod = \"2024-13\"\nvalue = 1\nunit = \"元\"\nstatus = \"估计\"\n",
			[]wantErr{{5, 10, "格式不对"}, {8, 10, "不认识的状态"}}},
		{"toml exponent", "e.toml", "source = \"s\"\n[[indicators]]\nid = \"a\"\nname = \"n\"\nperiod = \"2024\"\nvalue = 1e3\nunit = \"元\"\n",
			[]wantErr{{6, 9, "不是数字"}}},
		{"toml syntax", "e.toml", "source = \"s\"\n[[indicators]\n", []wantErr{{2, 13, "TOML 文件格式错误"}}},
		{"toml redefined key", "e.toml", "source = \"s\"\nsource = \"t\"\n", []wantErr{{2, 1, "TOML 文件格式错误"}}},
		{"csv missing column", "e.csv", "id,name,period,value,unit,growth,basis,status\n", []wantErr{{1, 1, "缺少列 “source”"}}},
		{"csv unknown column", "e.csv", "id,name,period,value,unit,growth,basis,status,source,colour\n", []wantErr{{1, 54, "不认识的列 “colour”"}}},
		{"csv bad cells", "e.csv", "id,name,period,value,unit,growth,basis,status,source\na,n,2024,1,元,,,,s\nb,n,24,x,,,,,\n",
			[]wantErr{{3, 1, "缺少 source"}, {3, 1, "缺少 unit"}, {3, 5, "格式不对"}, {3, 8, "不是数字"}}},
		{"yaml derived value without a published source", "e.yaml", "source: 衡阳日报（《报道》）\nindicators:\n  - id: a\n    name: n\n    period: \"2024\"\n    value: 1\n    unit: 亿元\n    status: 推算\n",
			[]wantErr{{8, 13, "是推算值"}}},
		{"yaml derived series point without a published source", "e.yaml", "source: s\nindicators:\n  - id: a\n    name: n\n    period: \"2024\"\n    value: 1\n    unit: 亿元\n    series:\n      - {period: \"2023\", value: 0.9, status: 推算, source: 推算}\n      - {period: \"2022\", value: 0.8, status: 推算, source: 《2022年统计公报》}\n",
			[]wantErr{{9, 46, "series 数据点 是推算值"}}},
		{"yaml derived value with a sourceUrl passes, a bare source does not", "e.yaml", "source: s\nindicators:\n  - id: a\n    name: n\n    period: \"2024\"\n    value: 1\n    unit: 亿元\n    status: 推算\n    sourceUrl: https://tjj.example.gov.cn/a\n  - id: b\n    name: n\n    period: \"2024\"\n    value: 1\n    unit: 亿元\n    status: 推算\n    source: 报道\n",
			[]wantErr{{15, 13, "指标 b 是推算值"}}},
		{"json derived value", "e.json", "{\"source\": \"s\", \"indicators\": [\n {\"id\": \"a\", \"name\": \"n\", \"period\": \"2024\", \"value\": 1, \"unit\": \"元\", \"status\": \"推算\"}]}",
			[]wantErr{{2, 80, "是推算值"}}},
		{"toml derived value", "e.toml", "source = \"s\"\n[[indicators]]\nid = \"a\"\nname = \"n\"\nperiod = \"2024\"\nvalue = 1\nunit = \"元\"\nstatus = \"推算\"\n",
			[]wantErr{{8, 10, "是推算值"}}},
		{"csv derived row", "e.csv", "id,name,period,value,unit,growth,basis,status,source,sourceUrl\na,n,2024,1,元,,,推算,报道,\nb,n,2024,1,元,,,推算,报道,https://tjj.example.gov.cn/b\n",
			[]wantErr{{2, 18, "是推算值"}}},
		{"csv missing source", "e.csv", "id,name,period,value,unit,growth,basis,status,source\na,n,2024,1,元,,,,\n",
			[]wantErr{{2, 1, "缺少 source"}}},
		{"csv ragged row", "e.csv", "id,name,period,value,unit,growth,basis,status,source\na,n\n", []wantErr{{2, 1, "这一行有 2 列"}}},
		{"csv bad quote", "e.csv", "id,name,period,value,unit,growth,basis,status,source\na,\"n,2024\n", []wantErr{{2, 0, "CSV 文件格式错误"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{"seeds/" + tt.file: {Data: []byte(tt.src)}}, "seeds")
			checkErrs(t, err, "seeds/"+tt.file, tt.want)
		})
	}
}

func checkErrs(t *testing.T, err error, file string, want []wantErr) {
	t.Helper()
	var l diag.List
	if !errors.As(err, &l) {
		t.Fatalf("error = %v, want diag.List", err)
	}
	if len(l) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(l), len(want), l)
	}
	for i, w := range want {
		e := l[i]
		if e.File != file || e.Line != w.line || (w.col != 0 && e.Col != w.col) || !strings.Contains(e.Msg, w.msg) {
			t.Errorf("error %d = %v\nwant %s:%d:%d %q", i, e, file, w.line, w.col, w.msg)
		}
		if e.Fix == "" || e.Detail == "" {
			t.Errorf("error %d lacks Fix or Detail: %+v", i, e)
		}
	}
}

func TestDuplicateAcrossFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"seeds/a.yaml": {Data: []byte("source: s\nindicators:\n  - id: gdp-2024\n    name: n\n    period: \"2024\"\n    value: 1\n    unit: 亿元\n")},
		"seeds/b.csv":  {Data: []byte("id,name,period,value,unit,growth,basis,status,source\ngdp-2024,n,2024,2,亿元,,,,s\n")},
		"seeds/c.json": {Data: []byte(`{"indicators": [{"id": "z", "name": "n", "period": "2024", "value": 1}]}`)},
	}
	_, err := Load(fsys, "seeds")
	l := diag.Collect(err)
	if len(l) != 3 {
		t.Fatalf("want 3 errors from two files, got %v", l)
	}
	if l[0].File != "seeds/b.csv" || l[0].Line != 2 || !strings.Contains(l[0].Msg, "seeds/a.yaml:3:5") {
		t.Errorf("duplicate error = %v", l[0])
	}
	if l[1].File != "seeds/c.json" || !strings.Contains(l[1].Msg, "缺少 source") || !strings.Contains(l[2].Msg, "缺少 unit") {
		t.Errorf("json errors = %v", l[1:])
	}
}

func TestPeriodLabel(t *testing.T) {
	for in, want := range map[string]string{
		"2024": "2024年", "2024Q1": "2024年一季度", "2024Q4": "2024年四季度", "2024H1": "2024年上半年",
		"2024H2": "2024年下半年", "2024-06": "2024年6月", "2024-12": "2024年12月", "2024年": "2024年", "x": "x",
	} {
		if got := PeriodLabel(in); got != want {
			t.Errorf("PeriodLabel(%q) = %q, want %q", in, got, want)
		}
	}
	for _, bad := range []string{"2024年", "24", "2024-6", "2024Q5", "2024-00", "2024H3", "２０２４"} {
		if ValidPeriod(bad) {
			t.Errorf("ValidPeriod(%q) = true", bad)
		}
	}
}

func fuzzFormat(f *testing.F, file string, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		inds, errs := ParseFile(file, data)
		for _, e := range errs {
			if e.File != file || e.Msg == "" {
				t.Fatalf("bad error %+v", e)
			}
		}
		for _, ind := range inds {
			if ind.ID == "" || ind.Unit == "" || ind.Source == "" || !ind.Value.IsSet() {
				t.Fatalf("invalid indicator accepted: %+v", ind)
			}
			if _, ok := parseNumber(ind.Value.Text); !ok {
				t.Fatalf("value %q accepted", ind.Value.Text)
			}
		}
	})
}

func FuzzYAML(f *testing.F) {
	b, _ := os.ReadFile("testdata/seeds/economy.yaml")
	s, _ := os.ReadFile("testdata/seeds/series.yaml")
	fuzzFormat(f, "f.yaml", string(b), string(s), "a: &x [*x]", "indicators:\n- 1\n")
}

func FuzzJSON(f *testing.F) {
	b, _ := os.ReadFile("testdata/seeds/tourism.json")
	fuzzFormat(f, "f.json", string(b), "[[[", `{"indicators":[{"series":[{}]}]}`)
}

func FuzzTOML(f *testing.F) {
	b, _ := os.ReadFile("testdata/seeds/targets.toml")
	fuzzFormat(f, "f.toml", string(b), "a.b = 1\n[a]\n", "[[indicators.series]]\nx=[{a=1}]\n")
}

func FuzzCSV(f *testing.F) {
	b, _ := os.ReadFile("testdata/seeds/employment.csv")
	fuzzFormat(f, "f.csv", string(b), "\uFEFFid\n", "a,\"b\n")
}
