package server

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// hostGuard decides which Host and Origin headers the preview answers. A page
// on another site can make the browser send requests here (a form, an image,
// or a name of its own that it rebinds to 127.0.0.1); only requests naming the
// preview's own address are answered, so such a page never reads drafts or the
// event stream.
type hostGuard struct {
	bind string // the --bind host, without brackets; "" means 127.0.0.1
	port string // the port listened on; "" before Run listens
}

// loopbackNames are the hosts a browser on this machine reaches the preview by.
var loopbackNames = []string{"127.0.0.1", "localhost", "::1"}

// allowHost reports whether a request's Host header names the preview: a
// loopback name or the bind address, with the port listened on or without a
// port (a client omits the default port). When bound to every interface
// (0.0.0.0, ::), an IP address of any interface is accepted too: rebinding
// needs a DNS name, and a literal IP is the preview itself.
func (g hostGuard) allowHost(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		// No port: a bare name, or an IPv6 literal in brackets.
		host, port = hostport, ""
		if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
			host = host[1 : len(host)-1]
		} else if strings.Contains(host, ":") {
			return false // "::1" without brackets, or garbage
		}
	} else if port != g.port || g.port == "" {
		return false
	}
	host = strings.ToLower(host)
	if host == "" {
		return false
	}
	for _, name := range loopbackNames {
		if host == name {
			return true
		}
	}
	bind := strings.ToLower(strings.Trim(g.bind, "[]"))
	if bind != "" && host == bind {
		return true
	}
	if b, err := netip.ParseAddr(bind); err == nil && b.IsUnspecified() {
		_, err := netip.ParseAddr(host)
		return err == nil
	}
	return false
}

// allowEvents reports whether a request for the event stream comes from a
// page of the preview itself: no cross-site fetch metadata, and an Origin, if
// any, that is this preview.
func (g hostGuard) allowEvents(r *http.Request) bool {
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true // same-origin EventSource requests need not send one
	}
	u, err := url.Parse(origin)
	if err != nil || u.Scheme != "http" || u.Path != "" || u.User != nil {
		return false // "null" (a sandboxed frame, a file) included
	}
	return g.allowHost(u.Host)
}

// forbidden answers a request that does not name the preview.
func forbidden(w http.ResponseWriter) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	http.Error(w, "403 禁止访问：本预览只接受本机地址的请求 (forbidden: this preview answers only its own address)", http.StatusForbidden)
}
