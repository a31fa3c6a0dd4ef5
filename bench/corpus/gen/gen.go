// Package gen writes a benchmark corpus: a site of N pages of realistic Chinese
// Markdown for this generator (DIR/ours) and the same content as a Hugo site
// (DIR/hugo), so that both tools build the same pages with templates of similar
// weight. The output depends only on N and the seed.
//
// Both sites have ~10 sections (some nested), ~50 tags, pages with front matter
// (title, date, tags, description), headings, paragraphs with soft line breaks,
// lists, a table, links to other pages (relative .md paths for ours, relref for
// Hugo), images from static/, fenced code and indicator shortcodes backed by a
// data file (seeds/bench.yaml for ours, data/indicators.yaml for Hugo).
package gen

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Options choose what is generated.
type Options struct {
	Pages int   // regular pages
	Seed  int64 // RNG seed (0: 1)
	// Hugo also writes DIR/hugo; without it only DIR/ours is written.
	Hugo bool
	// Plain writes the plain variant: title-only front matter, no shortcodes,
	// no links between pages, mixed Latin and Chinese prose, and no layouts of
	// ours (the default theme renders it); Hugo keeps its templates.
	Plain bool
}

// Section is one content section of the corpus.
type Section struct {
	Dir, Title string
	Weight     int // share of the pages
}

// Sections are the corpus's sections, nested a bit.
var Sections = []Section{
	{"news", "新闻动态", 4},
	{"news/xiangzhen", "乡镇动态", 3},
	{"news/bumen", "部门动态", 2},
	{"zhengwu", "政务公开", 2},
	{"zhengwu/zhengce", "政策文件", 3},
	{"zhengwu/jiedu", "政策解读", 2},
	{"jingji", "经济发展", 3},
	{"chanye", "产业园区", 2},
	{"wenlv", "文化旅游", 2},
	{"wenlv/jingdian", "景区景点", 2},
	{"minsheng", "民生服务", 3},
}

// Tags are the corpus's tags.
var Tags = func() []string {
	a := []string{"经济运行", "项目建设", "乡村振兴", "文旅融合", "营商环境", "民生实事", "生态环保", "基层治理", "教育", "医疗",
		"交通", "水利", "农业", "工业", "招商引资", "园区", "就业", "社保", "养老", "住房",
		"安全生产", "防汛", "消防", "市场监管", "税务", "金融", "科技创新", "人才", "文化", "体育",
		"非遗", "旅游", "美食", "湘剧", "土菜", "印章", "油茶", "黄贡椒", "三樟", "南岳",
		"政务服务", "信访", "法治", "党建", "纪检", "统计", "财政", "审计", "应急管理", "志愿服务"}
	return a
}()

var (
	places   = []string{"洣水", "城关镇", "吴集镇", "甘溪镇", "杨林镇", "草市镇", "杨桥镇", "霞流镇", "荣桓镇", "高湖镇", "白莲镇", "新塘镇", "大浦镇", "石湾镇", "新塘镇", "蓬源镇", "南湾村", "衡东经开区", "四方山", "洋塘"}
	subjects = []string{"县委县政府", "县发改局", "县农业农村局", "县文旅广体局", "县住建局", "县教育局", "县卫健局", "县人社局", "县市场监管局", "经开区管委会", "各乡镇", "驻村工作队", "县统计局", "县财政局"}
	verbs    = []string{"召开", "部署", "推进", "落实", "开展", "完成", "启动", "调研", "检查", "督导", "总结", "表彰"}
	objects  = []string{"重点项目建设", "高标准农田建设", "人居环境整治", "安全生产大检查", "招商引资工作", "优化营商环境", "防汛抗旱准备", "民生实事项目", "文旅融合发展", "油茶产业提质", "黄贡椒品牌建设", "全域旅游示范区创建", "义务教育优质均衡", "基层医疗服务能力提升"}
	clauses  = []string{
		"会议强调，要进一步提高政治站位，压实工作责任",
		"各单位要对照目标任务，倒排工期、挂图作战",
		"确保各项工作按时序推进、按节点完成",
		"切实把好事办实、把实事办好",
		"让群众有更多的获得感、幸福感、安全感",
		"全县上下围绕建设县域经济强县的目标",
		"坚持项目为王、园区为要、产业为本",
		"通过“五制一平台”机制推动项目落地",
		"同时加强统筹调度，及时协调解决困难和问题",
		"据统计，今年以来累计接待游客人次稳步增长",
		"下一步，将持续深化改革创新，激发发展活力",
		"现场工作人员耐心讲解相关政策并解答群众疑问",
		"该项目建成后将有效带动周边群众就近就业",
		"活动吸引了周边县市的众多游客前来参观",
	}
	headings = []string{"工作进展", "主要做法", "取得成效", "存在问题", "下一步打算", "基本情况", "政策要点", "办理流程", "常见问题", "相关链接", "数据概览", "经验启示"}
	items    = []string{"加强组织领导，成立工作专班", "完善考核机制，实行月调度、季通报", "强化要素保障，优化审批流程", "压实属地责任，做到守土有责", "广泛宣传发动，营造良好氛围", "坚持问题导向，建立整改台账", "注重示范引领，打造一批样板", "强化资金监管，确保专款专用"}
	langs    = []string{"toml", "json", "go", "bash"}
)

// Indicator is one row of the indicator data file.
type Indicator struct {
	ID, Name, Value, Unit, Growth string
}

// Indicators are the indicators pages refer to.
var Indicators = func() []Indicator {
	names := []string{"地区生产总值", "规模工业增加值", "固定资产投资", "社会消费品零售总额", "一般公共预算收入", "城镇居民人均可支配收入", "农村居民人均可支配收入", "接待游客", "旅游综合收入", "进出口总额",
		"实际使用外资", "新增市场主体", "粮食产量", "油茶林面积", "城镇新增就业", "居民储蓄存款余额", "金融机构贷款余额", "高新技术产业增加值", "规上工业企业", "重点项目投资"}
	units := []string{"亿元", "亿元", "亿元", "亿元", "亿元", "元", "元", "万人次", "亿元", "亿元", "万美元", "户", "万吨", "万亩", "人", "亿元", "亿元", "亿元", "家", "亿元"}
	r := rand.New(rand.NewSource(42))
	out := make([]Indicator, len(names))
	for i, n := range names {
		out[i] = Indicator{ID: fmt.Sprintf("bench-%02d", i), Name: n, Unit: units[i],
			Value: fmt.Sprintf("%d.%02d", 10+r.Intn(900), r.Intn(100)), Growth: fmt.Sprintf("%d.%d", 1+r.Intn(12), r.Intn(10))}
	}
	return out
}()

// page is one generated regular page.
type page struct {
	sec    int
	file   string // relative to content/, e.g. "news/bumen/p00012.md"
	title  string
	date   string
	tags   []string
	source string
}

// Generate writes the corpus into dir/ours (and dir/hugo with opts.Hugo).
func Generate(dir string, opts Options) error {
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	r := rand.New(rand.NewSource(opts.Seed))
	total := 0
	for _, s := range Sections {
		total += s.Weight
	}
	pages := make([]page, opts.Pages)
	for i := range pages {
		// Deterministic, weighted section choice.
		k := r.Intn(total)
		sec := 0
		for k >= Sections[sec].Weight {
			k -= Sections[sec].Weight
			sec++
		}
		nt := 2 + r.Intn(3)
		var tags []string
		seen := map[int]bool{}
		for len(tags) < nt {
			// Skewed: low tags are common, as on a real site.
			t := int(float64(len(Tags)) * r.Float64() * r.Float64())
			if !seen[t] {
				seen[t] = true
				tags = append(tags, Tags[t])
			}
		}
		pages[i] = page{sec: sec, file: fmt.Sprintf("%s/p%05d.md", Sections[sec].Dir, i),
			title: fmt.Sprintf("%s%s%s%s（%d）", pick(r, places), pick(r, subjects), pick(r, verbs), pick(r, objects), i+1),
			date:  fmt.Sprintf("%d-%02d-%02dT%02d:%02d:00+08:00", 2016+r.Intn(9), 1+r.Intn(12), 1+r.Intn(28), 8+r.Intn(10), r.Intn(60)),
			tags:  tags, source: pick(r, subjects)}
	}
	bodies := make([]string, len(pages))
	hbodies := make([]string, len(pages))
	for i := range pages {
		if opts.Plain {
			bodies[i] = plainBody(r)
			hbodies[i] = bodies[i]
			continue
		}
		bodies[i], hbodies[i] = body(r, pages, i)
	}
	w := &writer{plain: opts.Plain}
	ours := filepath.Join(dir, "ours")
	w.ours(ours, pages, bodies)
	if opts.Hugo {
		w.hugo(filepath.Join(dir, "hugo"), pages, hbodies)
	}
	return w.err
}

func pick(r *rand.Rand, list []string) string { return list[r.Intn(len(list))] }

func sentence(r *rand.Rand) string {
	return pick(r, clauses) + "，" + pick(r, clauses) + "。"
}

// body returns the Markdown body of page i for ours and for Hugo (links differ).
func body(r *rand.Rand, pages []page, i int) (string, string) {
	var b strings.Builder
	link := func(j int) (string, string) {
		rel, _ := relPath(path.Dir(pages[i].file), pages[j].file)
		return rel, `{{< relref "/` + pages[j].file + `" >}}`
	}
	type linkAt struct{ ours, hugo string }
	var links []linkAt
	addLink := func() {
		j := r.Intn(len(pages))
		o, h := link(j)
		mark := fmt.Sprintf("\x00L%d\x00", len(links))
		links = append(links, linkAt{o, h})
		fmt.Fprintf(&b, "[%s](%s)", pages[j].title, mark)
	}
	// Lead paragraph with soft line breaks.
	for k := 0; k < 3; k++ {
		b.WriteString(sentence(r))
		b.WriteString("\n")
	}
	b.WriteString("\n")
	nsec := 3 + r.Intn(3)
	for s := 0; s < nsec; s++ {
		fmt.Fprintf(&b, "## %s%d\n\n", pick(r, headings), s+1)
		for k := 0; k < 2+r.Intn(2); k++ {
			b.WriteString(sentence(r))
			b.WriteString("\n")
		}
		ind := Indicators[r.Intn(len(Indicators))]
		fmt.Fprintf(&b, "全年%s{{< indicator \"%s\" >}}，详见", ind.Name, ind.ID)
		addLink()
		b.WriteString("。\n\n")
		switch s % 4 {
		case 0:
			for k := 0; k < 3+r.Intn(3); k++ {
				fmt.Fprintf(&b, "- %s\n", pick(r, items))
			}
			b.WriteString("\n")
		case 1:
			b.WriteString("| 指标 | 数值 | 单位 | 增速 |\n|---|---:|---|---:|\n")
			for k := 0; k < 3+r.Intn(4); k++ {
				x := Indicators[r.Intn(len(Indicators))]
				fmt.Fprintf(&b, "| %s | %s | %s | %s%% |\n", x.Name, x.Value, x.Unit, x.Growth)
			}
			b.WriteString("\n")
		case 2:
			fmt.Fprintf(&b, "![%s现场图片](/images/bench/photo%d.png)\n\n", pick(r, places), r.Intn(4))
			for k := 1; k <= 3; k++ {
				fmt.Fprintf(&b, "%d. %s\n", k, pick(r, items))
			}
			b.WriteString("\n")
		case 3:
			lang := pick(r, langs)
			fmt.Fprintf(&b, "```%s\n%s```\n\n", lang, codeSample(lang, r))
		}
		if r.Intn(2) == 0 {
			fmt.Fprintf(&b, "> %s\n\n", sentence(r))
		}
	}
	b.WriteString("相关阅读：")
	addLink()
	b.WriteString("、")
	addLink()
	b.WriteString("。\n")
	s := b.String()
	o, h := s, s
	for k, l := range links {
		mark := fmt.Sprintf("\x00L%d\x00", k)
		o = strings.Replace(o, mark, l.ours, 1)
		h = strings.Replace(h, mark, l.hugo, 1)
	}
	return o, h
}

var latin = []string{
	"The county released its quarterly report on Monday",
	"GDP grew 6.5% year on year, ahead of the provincial average",
	"Visitors can book tickets online via the WeChat mini program",
	"the new 5G base stations cover every township",
	"Version 2.3 of the service portal adds an English guide",
	"exports of seal products reached USD 12 million",
	"the festival runs from 9:00 to 17:30 every weekend",
	"Contact the visitor centre at +86 734 0000000 for details",
}

// plainBody is a body with no shortcodes and no links to other pages: mixed
// Latin and Chinese paragraphs, headings, a list, a quote and a code block.
func plainBody(r *rand.Rand) string {
	var b strings.Builder
	mixed := func() string {
		if r.Intn(2) == 0 {
			return pick(r, latin) + ". " + sentence(r)
		}
		return sentence(r) + pick(r, latin) + "."
	}
	for k := 0; k < 3; k++ {
		b.WriteString(mixed())
		b.WriteString("\n")
	}
	b.WriteString("\n")
	nsec := 3 + r.Intn(3)
	for s := 0; s < nsec; s++ {
		fmt.Fprintf(&b, "## %s %d\n\n", pick(r, headings), s+1)
		for k := 0; k < 2+r.Intn(3); k++ {
			b.WriteString(mixed())
			b.WriteString("\n")
		}
		b.WriteString("\n")
		switch s % 3 {
		case 0:
			for k := 0; k < 3+r.Intn(3); k++ {
				fmt.Fprintf(&b, "- %s\n", pick(r, items))
			}
			b.WriteString("\n")
		case 1:
			fmt.Fprintf(&b, "> %s\n\n", pick(r, latin))
		case 2:
			lang := pick(r, langs)
			fmt.Fprintf(&b, "```%s\n%s```\n\n", lang, codeSample(lang, r))
		}
	}
	return b.String()
}

func codeSample(lang string, r *rand.Rand) string {
	switch lang {
	case "toml":
		return fmt.Sprintf("[project]\nname = \"%s\"\ninvest = %d # 万元\nstart = 2024-03-01\n", pick(r, objects), 100+r.Intn(9000))
	case "json":
		return fmt.Sprintf("{\n  \"id\": %d,\n  \"name\": \"%s\",\n  \"done\": true\n}\n", r.Intn(1000), pick(r, places))
	case "go":
		return "func total(xs []float64) (s float64) {\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\n"
	}
	return "curl -s https://www.hengdong.gov.cn/index.xml | head -n 20\n"
}

// relPath is the relative path from dir to file (both slash paths under content/).
func relPath(dir, file string) (string, error) {
	d := strings.Split(dir, "/")
	f := strings.Split(file, "/")
	n := 0
	for n < len(d) && n < len(f)-1 && d[n] == f[n] {
		n++
	}
	return strings.Repeat("../", len(d)-n) + strings.Join(f[n:], "/"), nil
}

func frontMatter(p page, withDesc bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\ndate: %s\ntags: [%s]\nsource: %s\n", p.title, p.date, strings.Join(p.tags, ", "), p.source)
	if withDesc {
		fmt.Fprintf(&b, "description: %s的有关情况。\n", p.title)
	}
	b.WriteString("---\n\n")
	return b.String()
}

type writer struct {
	err   error
	plain bool
}

func (w *writer) file(name string, data []byte) {
	if w.err != nil {
		return
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		w.err = err
		return
	}
	w.err = os.WriteFile(name, data, 0o644)
}

func (w *writer) text(name, s string) { w.file(name, []byte(s)) }

// common writes content, images and returns nothing; links are already in bodies.
func (w *writer) content(root string, pages []page, bodies []string, hugo bool) {
	w.text(filepath.Join(root, "content", "_index.md"), "---\ntitle: 首页\n---\n\n欢迎访问衡东县人民政府门户网站（基准测试站点）。\n")
	for k, s := range Sections {
		w.text(filepath.Join(root, "content", filepath.FromSlash(s.Dir), "_index.md"),
			fmt.Sprintf("---\ntitle: %s\ndescription: %s栏目发布的信息。\nweight: %d\n---\n\n%s栏目介绍。\n", s.Title, s.Title, k+1, s.Title))
	}
	for i, p := range pages {
		fm := frontMatter(p, i%3 == 0)
		if w.plain {
			fm = "---\ntitle: " + p.title + "\n---\n\n"
		}
		w.text(filepath.Join(root, "content", filepath.FromSlash(p.file)), fm+bodies[i])
	}
	for k := 0; k < 4; k++ {
		w.file(filepath.Join(root, "static", "images", "bench", fmt.Sprintf("photo%d.png", k)), pngBytes(k))
	}
	w.text(filepath.Join(root, "static", "images", "bench", "logo.svg"),
		`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect width="120" height="40" fill="#c00"/><text x="10" y="26" fill="#fff">衡东</text></svg>`)
	w.text(filepath.Join(root, "static", "css", "bench.css"), benchCSS)
}

func pngBytes(k int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64+16*k, 48))
	for y := 0; y < 48; y++ {
		for x := 0; x < 64+16*k; x++ {
			img.Set(x, y, color.RGBA{uint8(40 * k), uint8(x * 3), uint8(y * 5), 255})
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

func (w *writer) ours(root string, pages []page, bodies []string) {
	w.content(root, pages, bodies, false)
	if w.plain {
		// The default theme and default settings, as a new user's site has.
		w.text(filepath.Join(root, "site.toml"), "title = \"Plain bench site\"\nbaseURL = \"https://bench.example.org/\"\n")
		return
	}
	w.text(filepath.Join(root, "site.toml"), oursConfig)
	var s strings.Builder
	s.WriteString("source: 基准测试数据\ngroup: bench\nindicators:\n")
	for _, ind := range Indicators {
		fmt.Fprintf(&s, "  - id: %s\n    name: %s\n    period: \"2024\"\n    value: %s\n    unit: %s\n    growth: %s\n    basis: 比上年\n",
			ind.ID, ind.Name, ind.Value, ind.Unit, ind.Growth)
	}
	w.text(filepath.Join(root, "seeds", "bench.yaml"), s.String())
	for name, text := range oursLayouts {
		w.text(filepath.Join(root, "layouts", filepath.FromSlash(name)), text)
	}
}

func (w *writer) hugo(root string, pages []page, bodies []string) {
	w.content(root, pages, bodies, true)
	w.text(filepath.Join(root, "config.toml"), hugoConfig)
	if w.plain {
		w.text(filepath.Join(root, "layouts", "shortcodes", "indicator.html"), "")
	}
	var s strings.Builder
	for _, ind := range Indicators {
		fmt.Fprintf(&s, "%s:\n  name: %s\n  value: \"%s\"\n  unit: %s\n  growth: \"%s\"\n  basis: 比上年\n  source: 基准测试数据\n",
			ind.ID, ind.Name, ind.Value, ind.Unit, ind.Growth)
	}
	w.text(filepath.Join(root, "data", "indicators.yaml"), s.String())
	w.text(filepath.Join(root, "content", "sitemap", "_index.md"), "---\ntitle: 网站地图\ndescription: 本站全部栏目和页面\nlayout: sitemap-page\nweight: 999\noutputs: [HTML]\n---\n")
	for name, text := range hugoLayouts {
		w.text(filepath.Join(root, "layouts", filepath.FromSlash(name)), text)
	}
}
