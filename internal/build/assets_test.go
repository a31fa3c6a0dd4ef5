package build

import (
	"crypto/sha512"
	"encoding/base64"
	"html"
	"regexp"
	"strings"
	"testing"

	"hengdong/internal/content"
)

// assetSite is a small site whose base template fingerprints a stylesheet,
// a script and the generated highlight stylesheet.
func assetSite(css string) *Inputs {
	return &Inputs{
		Layouts: map[string][]byte{
			"layouts/_default/baseof.html": []byte(`<!doctype html><html lang="en"><head><title>{{ .Title }}</title>` +
				`{{ range slice "css/main.css" "/css/highlight.css" }}{{ with fingerprint . }}<link rel="stylesheet" href="{{ .RelPermalink }}"{{ with .Integrity }} integrity="{{ . }}"{{ end }}>{{ end }}{{ end }}` +
				`{{ with fingerprint "js/app.js" }}<script src="{{ .RelPermalink }}"{{ with .Data.Integrity }} integrity="{{ . }}"{{ end }} data-abs="{{ .Permalink }}"></script>{{ end }}` +
				`</head><body>{{ block "main" . }}{{ end }}</body></html>`),
			"layouts/_default/list.html": []byte(`{{ define "main" }}<h1>{{ .Title }}</h1>{{ end }}`),
			"layouts/404.html":           []byte(`{{ define "main" }}<h1>Not found</h1>{{ end }}`),
		},
		Static: map[string][]byte{
			"static/css/main.css": []byte(css),
			"static/js/app.js":    []byte("document.documentElement.className  =  'js' ;\n"),
			"static/img/a.svg":    []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>`),
		},
		Content: []content.SourceFile{{Path: "content/_index.md", Data: []byte("---\ntitle: Home\n---\n")}},
	}
}

var assetRef = regexp.MustCompile(`(?:href|src)="([^"]+)"(?: integrity="([^"]+)")?`)

func TestFingerprint(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		css  string
		want []string // the URLs the home page references, in order (hashes as ########)
		sri  bool
	}{
		{"root", Options{}, "body {  color : red ; }", []string{"/css/main.########.css", "/css/highlight.########.css", "/js/app.########.js"}, true},
		{"subfolder", Options{BaseURL: "https://example.org/club/"}, "body{color:red}", []string{"/club/css/main.########.css", "/club/css/highlight.########.css", "/club/js/app.########.js"}, true},
		{"unminified", Options{NoMinify: true}, "body {  color : red ; }", []string{"/css/main.########.css", "/css/highlight.########.css", "/js/app.########.js"}, true},
		// serve keeps plain names and no integrity, so that a changed
		// stylesheet is swapped in place by livereload.js.
		{"serve", Options{Serve: true}, "body{color:red}", []string{"/css/main.css", "/css/highlight.css", "/js/app.js"}, false},
	}
	hashes := regexp.MustCompile(`\.[0-9a-f]{8}\.`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Render(assetSite(tt.css), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			home := string(res.Files["/"])
			refs := assetRef.FindAllStringSubmatch(home, -1)
			var got []string
			for _, m := range refs {
				got = append(got, hashes.ReplaceAllString(m[1], ".########."))
				file := strings.TrimPrefix(m[1], strings.TrimSuffix(res.Config.BasePath(), "/"))
				data, ok := res.Files[file]
				if !ok {
					t.Errorf("%s is referenced but not published", m[1])
					continue
				}
				if !tt.sri {
					if m[2] != "" {
						t.Errorf("%s has integrity in serve", m[1])
					}
					continue
				}
				sum := sha512.Sum384(data)
				if want := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); html.UnescapeString(m[2]) != want {
					t.Errorf("%s: integrity %q, the published bytes hash to %q", m[1], m[2], want)
				}
				// The plain name is published too, with the same bytes
				// unless the pages are left unminified.
				plain := hashes.ReplaceAllString(file, ".")
				if same := string(res.Files[plain]) == string(data); same == tt.opts.NoMinify {
					t.Errorf("%s and %s: same bytes %v, NoMinify %v", plain, file, same, tt.opts.NoMinify)
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("references %q, want %q", got, tt.want)
			}
			if !strings.Contains(home, `data-abs="`+strings.TrimSuffix(res.Config.BaseURL, "/")) {
				t.Errorf("Permalink is not absolute: %s", home)
			}
		})
	}
}

// A changed stylesheet gets a new URL and the unchanged script keeps its own.
func TestFingerprintFollowsContent(t *testing.T) {
	urls := func(css string) []string {
		res, err := Render(assetSite(css), Options{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range assetRef.FindAllStringSubmatch(string(res.Files["/"]), -1) {
			out = append(out, m[1])
		}
		return out
	}
	a, b := urls("body{color:red}"), urls("body{color:blue}")
	if len(a) != 3 || len(b) != 3 {
		t.Fatalf("references %v, %v", a, b)
	}
	if a[0] == b[0] {
		t.Errorf("the stylesheet changed but kept its URL %s", a[0])
	}
	if a[2] != b[2] {
		t.Errorf("the script did not change but its URL did: %s, %s", a[2], b[2])
	}
	// Formatting only: the minified bytes, and so the URL, are the same.
	if c := urls("body {\n  color: red;\n}\n"); c[0] != a[0] {
		t.Errorf("a reformatted stylesheet got a new URL: %s, %s", c[0], a[0])
	}
}

func TestFingerprintErrors(t *testing.T) {
	tests := []struct{ call, want string }{
		{`fingerprint "css/missing.css"`, "找不到静态文件 css/missing.css"},
		{`fingerprint "img/a.svg"`, "只能用于样式表和脚本"},
	}
	for _, tt := range tests {
		in := assetSite("a{}")
		in.Layouts["layouts/_default/list.html"] = []byte(`{{ define "main" }}{{ (` + tt.call + `).RelPermalink }}{{ end }}`)
		_, err := Render(in, Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "list.html") {
			t.Errorf("%s: error %v, want one naming list.html and %q", tt.call, err, tt.want)
		}
	}
}
