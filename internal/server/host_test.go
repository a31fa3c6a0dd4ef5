package server

import (
	"net"
	"net/http"
	"strings"
	"testing"
)

func TestAllowHost(t *testing.T) {
	tests := []struct {
		bind, host string
		want       bool
	}{
		{"127.0.0.1", "127.0.0.1:1313", true},
		{"127.0.0.1", "localhost:1313", true},
		{"127.0.0.1", "LOCALHOST:1313", true},
		{"127.0.0.1", "[::1]:1313", true},
		{"127.0.0.1", "127.0.0.1", true}, // a client that leaves out the port
		{"127.0.0.1", "localhost", true},
		{"127.0.0.1", "[::1]", true},
		{"", "127.0.0.1:1313", true},
		{"127.0.0.1", "127.0.0.1:1314", false}, // another port: another origin
		{"127.0.0.1", "localhost:80", false},
		{"127.0.0.1", "evil.example:1313", false}, // DNS rebinding
		{"127.0.0.1", "evil.example", false},
		{"127.0.0.1", "localhost.evil.example:1313", false},
		{"127.0.0.1", "localhost.:1313", false},
		{"127.0.0.1", "127.0.0.2:1313", false},
		{"127.0.0.1", "::1", false},
		{"127.0.0.1", "", false},
		{"127.0.0.1", ":1313", false},
		{"127.0.0.1", "192.168.1.5:1313", false},
		{"192.168.1.5", "192.168.1.5:1313", true}, // --bind
		{"192.168.1.5", "192.168.1.5", true},
		{"192.168.1.5", "192.168.1.6:1313", false},
		{"myhost.lan", "myhost.lan:1313", true},
		{"myhost.lan", "MyHost.lan", true},
		{"::1", "[::1]:1313", true},
		{"fe80::1", "[fe80::1]:1313", true},
		{"0.0.0.0", "192.168.1.5:1313", true}, // every interface: any literal address
		{"0.0.0.0", "[fd00::5]:1313", true},
		{"0.0.0.0", "0.0.0.0:1313", true},
		{"0.0.0.0", "evil.example:1313", false},
		{"::", "10.0.0.2:1313", true},
		{"::", "evil.example:1313", false},
	}
	for _, tt := range tests {
		g := hostGuard{bind: tt.bind, port: "1313"}
		if got := g.allowHost(tt.host); got != tt.want {
			t.Errorf("bind %q: allowHost(%q) = %v, want %v", tt.bind, tt.host, got, tt.want)
		}
	}
	// Before Run listens, no port is the preview's.
	if (hostGuard{bind: "127.0.0.1"}).allowHost("127.0.0.1:1313") {
		t.Error("a port accepted before listening")
	}
}

// The running server answers only its own Host, and its event stream only
// pages of its own origin, with headers that keep other sites out.
func TestHostAndOriginOverHTTP(t *testing.T) {
	s := newServer(t, newSite(t, 4))
	addr, _ := running(t, s)
	_, port, _ := net.SplitHostPort(addr)
	tests := []struct {
		name, path, host string
		header           map[string]string
		want             int
	}{
		{"own address", "/", addr, nil, 200},
		{"localhost", "/", "localhost:" + port, nil, 200},
		{"rebinding", "/", "evil.example:" + port, nil, 403},
		{"rebinding, no port", "/", "evil.example", nil, 403},
		{"other port", "/", "127.0.0.1:1", nil, 403},
		{"draft page, rebinding", "/jingji/p0003/", "evil.example:" + port, nil, 403},
		{"script, rebinding", ReloadScript, "evil.example:" + port, nil, 403},
		{"events, rebinding", ReloadPath, "evil.example:" + port, nil, 403},
		{"events", ReloadPath, addr, nil, 200},
		{"events, own origin", ReloadPath, addr, map[string]string{"Origin": "http://" + addr, "Sec-Fetch-Site": "same-origin"}, 200},
		{"events, localhost origin", ReloadPath, "localhost:" + port, map[string]string{"Origin": "http://localhost:" + port}, 200},
		{"events, cross-site origin", ReloadPath, addr, map[string]string{"Origin": "https://evil.example"}, 403},
		{"events, other port origin", ReloadPath, addr, map[string]string{"Origin": "http://127.0.0.1:1"}, 403},
		{"events, null origin", ReloadPath, addr, map[string]string{"Origin": "null"}, 403},
		{"events, cross-site fetch", ReloadPath, addr, map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, "http://"+addr+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Host = tt.host
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close() // the event stream stays open: headers only
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.want)
			}
			h := resp.Header
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "no-store" {
				t.Errorf("headers %v", h)
			}
			for k := range h {
				if strings.HasPrefix(k, "Access-Control-") {
					t.Errorf("CORS header %s", k)
				}
			}
			if tt.want == 403 {
				buf := make([]byte, 512)
				n, _ := resp.Body.Read(buf)
				if body := string(buf[:n]); !strings.Contains(body, "禁止访问") || !strings.Contains(body, "forbidden") {
					t.Errorf("403 body %q", body)
				}
				return
			}
			if h.Get("Cross-Origin-Resource-Policy") != "same-origin" {
				t.Errorf("Cross-Origin-Resource-Policy %q", h.Get("Cross-Origin-Resource-Policy"))
			}
		})
	}
	http.DefaultClient.CloseIdleConnections()
}
