package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// Paths the server answers itself; no site file can take them.
const (
	ReloadPath   = "/__livereload"    // Server-Sent Events
	ReloadScript = "/__livereload.js" // the injected client
	PanelScript  = "/__panel.js"      // the injected check panel
)

//go:embed livereload.js
var reloadJS []byte

//go:embed panel.js
var panelJS []byte

// Handler serves the last good output from memory and the live-reload endpoints.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	guard := s.guard
	s.mu.RUnlock()
	if !guard.allowHost(r.Host) {
		forbidden(w)
		return
	}
	// No page elsewhere may embed what the preview serves (drafts included).
	w.Header().Set("Cross-Origin-Resource-Policy", "same-origin")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 不支持的请求方法 (method not allowed)", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case ReloadPath:
		if !guard.allowEvents(r) {
			forbidden(w)
			return
		}
		s.serveEvents(w, r)
		return
	case ReloadScript, PanelScript:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if r.URL.Path == PanelScript {
			w.Write(panelJS)
		} else {
			w.Write(reloadJS)
		}
		return
	}
	p, ok := cleanPath(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	s.mu.RLock()
	files, base, version := s.files, s.base, s.version
	s.mu.RUnlock()
	// A site published under a sub-path (baseURL https://host/sub/) links to
	// /sub/...; its files are kept without the prefix.
	if base != "" && base != "/" {
		switch {
		case p == "/":
			http.Redirect(w, r, base, http.StatusFound)
			return
		case strings.HasPrefix(p, base):
			p = "/" + strings.TrimPrefix(p, base)
		case p+"/" == base:
			http.Redirect(w, r, base, http.StatusMovedPermanently)
			return
		}
	}
	data, found := files[p]
	if !found && strings.HasSuffix(p, "/index.html") {
		p = strings.TrimSuffix(p, "index.html")
		data, found = files[p]
	}
	if !found && !strings.HasSuffix(p, "/") {
		if _, dir := files[p+"/"]; dir {
			http.Redirect(w, r, r.URL.EscapedPath()+"/", http.StatusMovedPermanently)
			return
		}
	}
	if !found {
		s.notFound(w, r)
		return
	}
	s.write(w, r, p, data, http.StatusOK, version)
}

// cleanPath returns the output path a request names, refusing anything that
// is not a plain path: encoded slashes or backslashes, dot segments (however
// encoded), NUL bytes.
func cleanPath(r *http.Request) (string, bool) {
	raw := strings.ToLower(r.URL.RawPath)
	if strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") || strings.Contains(raw, "%00") {
		return "", false
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return "", false
		}
	}
	if path.Clean(p) != strings.TrimSuffix(p, "/") && p != "/" {
		return "", false // "//" and the like
	}
	return p, true
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	data, ok := s.files["/404.html"]
	version := s.version
	s.mu.RUnlock()
	if !ok {
		data = []byte("<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>页面未找到</title><body><h1>404 页面未找到</h1></body></html>")
	}
	s.write(w, r, "/404.html", data, http.StatusNotFound, version)
}

func (s *Server) write(w http.ResponseWriter, r *http.Request, p string, data []byte, status int, version int) {
	ct := contentType(p)
	if strings.HasPrefix(ct, "text/html") {
		data = inject(data, version)
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	if status == http.StatusOK {
		// ServeContent answers Range requests (206, 416): a browser seeks in
		// an <audio> or <video> with them, and Safari plays none without.
		http.ServeContent(w, r, p, time.Time{}, bytes.NewReader(data))
		return
	}
	h.Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// contentType is the media type of an output path, with charset=utf-8 for text.
func contentType(p string) string {
	if strings.HasSuffix(p, "/") {
		return "text/html; charset=utf-8"
	}
	ext := strings.ToLower(path.Ext(p))
	ct := mime.TypeByExtension(ext)
	switch ext {
	case ".xml":
		ct = "application/xml"
	case ".txt":
		ct = "text/plain"
	case ".webmanifest":
		ct = "application/manifest+json"
	}
	if ct == "" {
		return "application/octet-stream"
	}
	base, _, _ := strings.Cut(ct, ";")
	text := strings.HasPrefix(base, "text/") || strings.HasSuffix(base, "json") || strings.HasSuffix(base, "xml") ||
		base == "application/javascript"
	if text {
		return base + "; charset=utf-8"
	}
	return base
}

var bodyEnd = []byte("</body>")

// inject adds the check panel and the live-reload client before </body> (or
// at the end), telling the client the version of the site the page was served
// from. The panel comes first: it listens before the first event arrives.
func inject(page []byte, version int) []byte {
	tag := []byte(`<script src="` + PanelScript + `" defer></script><script src="` + ReloadScript + `" data-version="` + strconv.Itoa(version) + `" defer></script>`)
	i := bytes.LastIndex(bytes.ToLower(page), bodyEnd)
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// serveEvents streams rebuild events to one open page.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	// Subscribed before the page learns the stream is open: no event falls
	// between the two.
	ch, stop := s.Subscribe()
	defer stop()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev := <-ch:
			b, err := json.Marshal(ev)
			if err != nil {
				return
			}
			if _, err := fmt.Fprintf(w, "data: %s\n\n", b); err != nil {
				return
			}
			fl.Flush()
		}
	}
}
