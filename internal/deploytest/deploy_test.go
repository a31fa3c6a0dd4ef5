package deploytest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"hengdong/internal/build/buildtest"
	"hengdong/internal/cli"
	"hengdong/internal/config"
	"hengdong/internal/output"
)

var portalNow = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)

// webRoot is a folder nginx's workers (nobody) can enter: t.TempDir's folders
// are private to the test's user, which would hide the build's own modes.
func webRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "deploytest-www-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// buildPortal builds the shipped portal with the real command line into dest.
func buildPortal(t *testing.T, dest string, extra ...string) {
	t.Helper()
	root := buildtest.RepoRoot()
	var out bytes.Buffer
	args := append([]string{"build", "--quiet", "-s", root, "-d", dest}, extra...)
	if code := cli.Run(args, cli.Env{Theme: os.DirFS(root), Stdout: &out, Stderr: &out,
		Now: func() time.Time { return portalNow }}); code != 0 {
		t.Fatalf("build exited %d:\n%s", code, out.String())
	}
}

// publish builds the portal into dest under a new web root and serves that
// root with nginx configured by server, a server block of docs/deploy.md.
func publish(t *testing.T, server, dest string, buildArgs ...string) *Server {
	t.Helper()
	if !strings.Contains(server, "/srv/www/") {
		t.Fatalf("the server block does not serve from /srv/www/:\n%s", server)
	}
	www := webRoot(t)
	out := filepath.Join(www, filepath.FromSlash(dest))
	buildPortal(t, out, buildArgs...)
	if private := unreadable(t, out); len(private) > 0 {
		// nginx would answer 403 for all of it: say why once, not per URL.
		t.Fatalf("the build left %d files and folders unreadable to the web server's user (nginx runs as www-data, here nobody), e.g. %v: output folders must be 0755 and files 0644", len(private), private[:min(3, len(private))])
	}
	return StartNginx(t, strings.ReplaceAll(server, "/srv/www/", www+"/"), FreePort(t))
}

// unreadable lists the folders under root (itself included) that others
// cannot enter and list, and the files others cannot read, with their modes.
func unreadable(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		need := os.FileMode(0o004)
		if d.IsDir() {
			need = 0o005
		}
		if info.Mode().Perm()&need != need {
			rel, _ := filepath.Rel(filepath.Dir(root), p)
			out = append(out, fmt.Sprintf("%s (%#o)", rel, info.Mode().Perm()))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// deployDoc returns the server blocks of docs/deploy.md.
func deployDoc(t *testing.T) map[string]string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(buildtest.RepoRoot(), "docs", "deploy.md"))
	if err != nil {
		t.Fatal(err)
	}
	return ServerBlocks(doc)
}

var (
	cssURL        = regexp.MustCompile(`url\(\s*["']?([^"')]+)["']?\s*\)`)
	fingerprinted = regexp.MustCompile(`\.[0-9a-f]{8}\.(css|js)$`)
)

// ref is one URL a fetched file links to or loads.
type ref struct {
	url       string
	from      string
	integrity string // the integrity attribute, for a stylesheet or script
}

// refsOf lists the URLs an HTML page or a stylesheet refers to, resolved
// against its own URL: href, src, srcset, form actions, the search page's
// data-index (the search script fetches meta.json under it) and url().
func refsOf(page *url.URL, contentType string, body []byte) []ref {
	var raw []ref
	switch {
	case strings.HasPrefix(contentType, "text/html"):
		z := html.NewTokenizer(bytes.NewReader(body))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			integrity := ""
			for _, a := range tok.Attr {
				if a.Key == "integrity" {
					integrity = a.Val
				}
			}
			for _, a := range tok.Attr {
				switch a.Key {
				case "href", "src", "action", "poster":
					raw = append(raw, ref{url: a.Val, integrity: integrity})
				case "data-index":
					raw = append(raw, ref{url: strings.TrimSuffix(a.Val, "/") + "/meta.json"})
				case "srcset":
					for _, c := range strings.Split(a.Val, ",") {
						if f := strings.Fields(c); len(f) > 0 {
							raw = append(raw, ref{url: f[0]})
						}
					}
				case "style":
					for _, m := range cssURL.FindAllStringSubmatch(a.Val, -1) {
						raw = append(raw, ref{url: m[1]})
					}
				}
			}
		}
	case strings.HasPrefix(contentType, "text/css"):
		for _, m := range cssURL.FindAllSubmatch(body, -1) {
			raw = append(raw, ref{url: string(m[1])})
		}
	}
	var out []ref
	for _, r := range raw {
		v := strings.TrimSpace(r.url)
		if v == "" && r.url != "" || strings.HasPrefix(v, "#") || strings.HasPrefix(v, "data:") ||
			strings.HasPrefix(v, "mailto:") || strings.HasPrefix(v, "tel:") || strings.HasPrefix(v, "javascript:") {
			continue
		}
		u, err := page.Parse(v)
		if err != nil {
			out = append(out, ref{url: v, from: page.Path}) // fetched below, and reported
			continue
		}
		if u.Host != page.Host { // another site: the government's links, 备案
			continue
		}
		u.Fragment = ""
		out = append(out, ref{url: u.String(), from: page.RequestURI(), integrity: r.integrity})
	}
	return out
}

// crawl fetches start and everything reachable from it on the same server,
// and reports every 4xx or 5xx answer, every integrity that does not match
// and every Cache-Control header that is not the one docs/deploy.md sets.
func crawl(t *testing.T, client *http.Client, start string) (fetched map[string]bool) {
	t.Helper()
	fetched = map[string]bool{}
	queue := []ref{{url: start, from: "(start)"}}
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		if fetched[r.url] && r.integrity == "" {
			continue
		}
		first := !fetched[r.url]
		fetched[r.url] = true
		resp, err := client.Get(r.url)
		if err != nil {
			t.Errorf("%s (linked from %s): %v", r.url, r.from, err)
			continue
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Errorf("%s: %v", r.url, err)
			continue
		}
		if resp.StatusCode >= 400 {
			if r.url == start {
				t.Fatalf("the home page %s: %s", r.url, resp.Status)
			}
			t.Errorf("%s (linked from %s): %s", r.url, r.from, resp.Status)
			continue
		}
		if r.integrity != "" {
			sum := sha512.Sum384(body)
			if got := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); got != r.integrity {
				t.Errorf("%s (linked from %s): integrity %s, the served bytes hash to %s", r.url, r.from, r.integrity, got)
			}
		}
		if !first {
			continue
		}
		ct := resp.Header.Get("Content-Type")
		cc := resp.Header.Get("Cache-Control")
		switch {
		case fingerprinted.MatchString(resp.Request.URL.Path):
			if !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
				t.Errorf("%s: fingerprinted, but Cache-Control is %q", r.url, cc)
			}
		case cc != "no-cache":
			t.Errorf("%s: Cache-Control %q, want no-cache", r.url, cc)
		}
		if strings.HasPrefix(ct, "text/html") || strings.HasPrefix(ct, "text/css") {
			queue = append(queue, refsOf(resp.Request.URL, ct, body)...)
		}
	}
	return fetched
}

// The shipped portal, built and published with nginx configured as
// docs/deploy.md says, at the root of a host and in a subfolder: every link and
// asset reachable from the home page answers without error, the fingerprinted
// files match their integrity and are cached for a year, the rest revalidates,
// and a missing page gets the site's 404 page, whose links work too.
func TestPortalServedByNginx(t *testing.T) {
	blocks := deployDoc(t)
	tests := []struct {
		block   string
		dest    string // under the web root
		base    string // the URL path the site is published at
		baseURL []string
	}{
		{"root", "hengdong.gov.cn", "/", nil},
		{"subfolder", "example.gov.cn/hengdong", "/hengdong/", []string{"--baseURL", "https://example.gov.cn/hengdong/"}},
	}
	for _, tt := range tests {
		t.Run(tt.block, func(t *testing.T) {
			server, ok := blocks[tt.block]
			if !ok {
				t.Fatalf("docs/deploy.md has no ```nginx block starting with `# server: %s`", tt.block)
			}
			srv := publish(t, server, tt.dest, tt.baseURL...)
			client := &http.Client{Timeout: 10 * time.Second}

			fetched := crawl(t, client, srv.URL+tt.base)
			pages := 0
			for u := range fetched {
				if strings.HasSuffix(u, "/") {
					pages++
				}
			}
			// The portal has some 40 pages; a crawl that stopped early proves nothing.
			if pages < 30 {
				t.Errorf("the crawl reached only %d pages: %v", pages, fetched)
			}
			for _, want := range []*regexp.Regexp{regexp.MustCompile(`\.csv$`), regexp.MustCompile(`/search/meta\.json$`),
				regexp.MustCompile(`\.xml$`), regexp.MustCompile(`\.svg$`), fingerprinted} {
				found := 0
				for u := range fetched {
					if want.MatchString(u) {
						found++
					}
				}
				if found == 0 {
					t.Errorf("the crawl fetched nothing matching %s", want)
				}
				t.Logf("%d fetched matching %s", found, want)
			}

			// A missing page: the site's 404 page, with status 404, whose links work.
			missing := srv.URL + tt.base + "no/such/page/"
			resp, err := client.Get(missing)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusNotFound || !bytes.Contains(body, []byte("页面未找到")) {
				t.Errorf("GET %s: %s, the site's 404 page: %v", missing, resp.Status, bytes.Contains(body, []byte("页面未找到")))
			}
			for _, r := range refsOf(resp.Request.URL, resp.Header.Get("Content-Type"), body) {
				if fetched[r.url] {
					continue
				}
				res, err := client.Get(r.url)
				if err != nil {
					t.Errorf("%s (linked from the 404 page): %v", r.url, err)
					continue
				}
				res.Body.Close()
				if res.StatusCode >= 400 {
					t.Errorf("%s (linked from the 404 page): %s", r.url, res.Status)
				}
			}

			// A page asked for without its trailing slash is redirected to it.
			resp, err = client.Get(srv.URL + tt.base + "news")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 || resp.Request.URL.Path != tt.base+"news/" {
				t.Errorf("GET %snews: %s at %s", tt.base, resp.Status, resp.Request.URL.Path)
			}
			if t.Failed() {
				t.Logf("nginx log:\n%s", srv.Log())
			}
		})
	}
}

// Where the build writes a .gz beside a file (output.Stage, as build does),
// nginx sends it to a browser that accepts gzip (gzip_static), and the plain
// file to one that does not; the .gz is gzip as Go's own reader reads it.
func TestGzipStatic(t *testing.T) {
	www := webRoot(t)
	site := filepath.Join(www, "hengdong.gov.cn")
	page := []byte("<!doctype html><title>x</title><p>" + strings.Repeat("衡东县", 50) + strings.Repeat("<p>热力衡东</p>", 200))
	st, err := output.Stage(t.TempDir(), site, map[string][]byte{"/": page}, output.Options{Gzip: true})
	if err == nil {
		err = st.Commit()
	}
	if err != nil {
		t.Fatal(err)
	}
	gz, err := os.ReadFile(filepath.Join(site, "index.html.gz"))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(zr); err != nil || !bytes.Equal(got, page) {
		t.Fatalf("index.html.gz does not read back as the page: %v", err)
	}
	srv := StartNginx(t, strings.ReplaceAll(deployDoc(t)["root"], "/srv/www/", www+"/"), FreePort(t))
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	tests := []struct {
		accept   string
		encoding string
		body     []byte
	}{
		{"gzip, br", "gzip", gz},
		{"", "", page},
	}
	for _, tt := range tests {
		if got, body := getEncoded(t, client, srv.URL+"/", tt.accept); got != tt.encoding || !bytes.Equal(body, tt.body) {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, %d bytes; want %q, %d bytes", tt.accept, got, len(body), tt.encoding, len(tt.body))
		}
	}
}

// getEncoded gets u asking for the encodings accept ("" for none) and
// returns the response's Content-Encoding and its body as sent.
func getEncoded(t *testing.T, client *http.Client, u, accept string) (string, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	if accept != "" {
		req.Header.Set("Accept-Encoding", accept)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.Header.Get("Content-Encoding"), body
}

// brotliModule is where Debian's libnginx-mod-http-brotli-static puts the
// module; its package enables it with a load_module line.
const brotliModule = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"

// docs/deploy.md's "Brotli": with the module loaded, brotli_static beside
// gzip_static in the root server block and the site.toml line it gives,
// nginx sends the build's .br to a browser that accepts br, the .gz to one
// that accepts only gzip, and the plain file to any other. The module is not
// part of the documented default (.ci/run does not install it): without it
// the test is skipped.
func TestBrotliStatic(t *testing.T) {
	if _, err := os.Stat(brotliModule); err != nil {
		msg := "no " + brotliModule + ": `apt-get install libnginx-mod-http-brotli-static` to run this test"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (.ci/run installs it)")
		}
		t.Skip(msg)
	}
	doc, err := os.ReadFile(filepath.Join(buildtest.RepoRoot(), "docs", "deploy.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(doc), "\n## Brotli\n")
	m := regexp.MustCompile("(?s)```toml\n(.*?)```").FindStringSubmatch(section)
	if m == nil || !strings.Contains(section, "brotli_static on;") {
		t.Fatal("docs/deploy.md's \"## Brotli\" has no ```toml block or no `brotli_static on;`")
	}
	cfg, err := config.Parse("site.toml", []byte(strings.ReplaceAll(m[1], "   ", "")))
	if err != nil || !cfg.Precompresses(config.Gzip) || !cfg.Precompresses(config.Brotli) {
		t.Fatalf("the site.toml line of docs/deploy.md does not ask for gzip and br: %v", err)
	}
	server := deployDoc(t)["root"]
	if !strings.Contains(server, "gzip_static on;") {
		t.Fatal("the root server block has no gzip_static on;")
	}
	server = strings.Replace(server, "gzip_static on;", "gzip_static on;\n    brotli_static on;", 1)

	www := webRoot(t)
	site := filepath.Join(www, "hengdong.gov.cn")
	page := []byte("<!doctype html><title>x</title>" + strings.Repeat("<p>热力衡东，衡东县城关镇</p>", 300))
	opts := output.Options{Gzip: cfg.Precompresses(config.Gzip), Brotli: cfg.Precompresses(config.Brotli)}
	st, err := output.Stage(t.TempDir(), site, map[string][]byte{"/": page}, opts)
	if err == nil {
		err = st.Commit()
	}
	if err != nil {
		t.Fatal(err)
	}
	gz, _ := os.ReadFile(filepath.Join(site, "index.html.gz"))
	br, _ := os.ReadFile(filepath.Join(site, "index.html.br"))
	if len(gz) == 0 || len(br) == 0 {
		t.Fatalf("the build wrote %d bytes of .gz, %d of .br", len(gz), len(br))
	}
	srv := StartNginx(t, strings.ReplaceAll(server, "/srv/www/", www+"/"), FreePort(t), "load_module "+brotliModule+";")
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	for _, tt := range []struct {
		accept, encoding string
		body             []byte
	}{
		{"gzip, deflate, br", "br", br},
		{"gzip", "gzip", gz},
		{"", "", page},
	} {
		if got, body := getEncoded(t, client, srv.URL+"/", tt.accept); got != tt.encoding || !bytes.Equal(body, tt.body) {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, %d bytes; want %q, %d bytes\n%s", tt.accept, got, len(body), tt.encoding, len(tt.body), srv.Log())
		}
	}
}

func TestServerBlocks(t *testing.T) {
	doc := []byte("# Deploy\n\n```nginx\n# server: a\nserver { listen 80; }\n```\n\ntext\n\n```nginx\nhttp {}\n```\n```nginx\n# server: b\nserver {}\n```\n")
	got := ServerBlocks(doc)
	want := map[string]string{"a": "# server: a\nserver { listen 80; }\n", "b": "# server: b\nserver {}\n"}
	if len(got) != len(want) || got["a"] != want["a"] || got["b"] != want["b"] {
		t.Errorf("ServerBlocks = %q, want %q", got, want)
	}
}
