package check

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"hengdong/internal/config"
	"hengdong/internal/diag"
)

func TestPolicyOf(t *testing.T) {
	tests := []struct {
		name, toml string
		want       Policy
		err        string // the whole error, "" for none
	}{
		{"none", "", nil, ""},
		{"levels", "[check]\nimg-alt = \"warning\"\ntypo-han-space = \"off\"\nheading-skip = \"Error\"\n",
			Policy{RuleImgAlt: Warning, RuleTypoSpace: Off, RuleHeadingSkip: Error}, ""},
		{"unknown rule", "title = \"x\"\n[check]\nimg-atl = \"warning\"\n", nil,
			`site.toml:3:1: [check] 中不认识的检查规则 "img-atl"；是不是 img-alt？可用的规则见 go run . check --rules (unknown rule id img-atl)`},
		{"part of a rule", "[check]\nalt = \"off\"\n", nil,
			`site.toml:2:1: [check] 中不认识的检查规则 "alt"；是不是 img-alt？可用的规则见 go run . check --rules (unknown rule id alt)`},
		{"no near rule", "[check]\nspelling = \"off\"\n", nil,
			`site.toml:2:1: [check] 中不认识的检查规则 "spelling"；可用的规则见 go run . check --rules (unknown rule id spelling)`},
		{"unknown level", "[check]\nimg-alt = \"warn\"\n", nil,
			`site.toml:2:1: 检查规则 img-alt 的级别 "warn" 不认识；是不是 "warning"？级别只能是 error、warning 或 off (unknown level warn)`},
		{"misspelt level", "[check]\nimg-alt = \"eror\"\n", nil,
			`site.toml:2:1: 检查规则 img-alt 的级别 "eror" 不认识；是不是 "error"？级别只能是 error、warning 或 off (unknown level eror)`},
		{"build", "[check]\nbuild = \"off\"\n", nil,
			`site.toml:2:1: 检查规则 build 的级别不能调整；页面无法生成时站点不能发布，请删除这一行并修正报出的错误 (the build rule cannot be changed)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := config.Parse("site.toml", []byte(tt.toml))
			if err != nil {
				t.Fatal(err)
			}
			got, err := PolicyOf(cfg)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if gotErr != tt.err {
				t.Errorf("error\n got %s\nwant %s", gotErr, tt.err)
			}
			if len(got) != len(tt.want) {
				t.Errorf("policy %v, want %v", got, tt.want)
			}
			for id, l := range tt.want {
				if got.Level(id) != l {
					t.Errorf("%s: %s, want %s", id, got.Level(id), l)
				}
			}
		})
	}
}

// TestPolicyLevels checks that a site's levels reach the findings: a missing
// alt text is an error by default, a warning or nothing when site.toml says so.
func TestPolicyLevels(t *testing.T) {
	in, res := miniSite(t, map[string]string{"content/news/a.md": article("![](/news/a/)\n\n衡东 县")})
	for _, tt := range []struct {
		policy Policy
		want   string // "rule:level" of the findings, sorted
	}{
		{nil, "img-alt:error typo-han-space:warning"},
		{Policy{RuleImgAlt: Warning}, "img-alt:warning typo-han-space:warning"},
		{Policy{RuleImgAlt: Off, RuleTypoSpace: Error}, "typo-han-space:error"},
	} {
		var got []string
		for _, f := range Run(context.Background(), in, res, Options{Now: fixtureNow, Policy: tt.policy}) {
			got = append(got, f.Rule+":"+string(f.Level))
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%v: got %v, want %s", tt.policy, got, tt.want)
		}
	}
}

// TestEveryRuleIsListed reads the checker's source: every rule id it
// declares, and every id the build and Markdown stages put on a problem
// (diag.Error.Rule), must be in Rules with a title and a basis, and Rules
// must list each once.
func TestEveryRuleIsListed(t *testing.T) {
	listed := map[string]int{}
	for _, r := range Rules {
		listed[r.ID]++
		if r.Title == "" || r.Basis == "" || (r.Level != Error && r.Level != Warning) {
			t.Errorf("rule %s: incomplete %+v", r.ID, r)
		}
	}
	for id, n := range listed {
		if n > 1 {
			t.Errorf("rule %s listed %d times", id, n)
		}
	}
	files, _ := filepath.Glob("*.go")
	declared := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, id := range vs.Names {
				if !strings.HasPrefix(id.Name, "Rule") || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					continue
				}
				v, _ := strconv.Unquote(lit.Value)
				declared++
				if listed[v] == 0 {
					t.Errorf("%s: %s = %q is not in Rules", name, id.Name, v)
				}
			}
			return true
		})
	}
	if declared != len(Rules) {
		t.Errorf("%d rule ids declared, %d in Rules", declared, len(Rules))
	}
	// Problems of the render that name a rule (see FromBuildError).
	set := regexp.MustCompile(`\.Rule = "([^"]+)"`)
	found := 0
	for _, dir := range []string{"../build", "../markdown"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, name := range files {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range set.FindAllStringSubmatch(string(src), -1) {
				found++
				if listed[m[1]] == 0 {
					t.Errorf("%s sets Rule %q, which is not in Rules", name, m[1])
				}
			}
		}
	}
	if found == 0 {
		t.Error("no rule ids found in the build and markdown packages: the pattern is stale")
	}
}

// TestFromBuildError: a render problem keeps its link rule and the site's
// level for it; anything else is a build error whatever the policy says.
func TestFromBuildError(t *testing.T) {
	link := diag.New("content/a.md", 3, 1, "链接指向的页面不存在：b.md", "", "")
	link.Rule = RuleLinkBroken
	other := diag.New("content/a.md", 5, 1, "不认识的短代码", "", "")
	odd := diag.New("content/a.md", 6, 1, "x", "", "")
	odd.Rule = "no-such-rule"
	err := diag.List{link, other, odd}
	for _, tt := range []struct {
		policy Policy
		want   string
	}{
		{nil, "link-broken:error build:error build:error"},
		{Policy{RuleLinkBroken: Warning, RuleBuild: Off}, "link-broken:warning build:error build:error"},
		{Policy{RuleLinkBroken: Off}, "build:error build:error"},
	} {
		var got []string
		for _, f := range FromBuildError(err, tt.policy) {
			got = append(got, f.Rule+":"+string(f.Level))
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%v: got %v, want %s", tt.policy, got, tt.want)
		}
	}
}
