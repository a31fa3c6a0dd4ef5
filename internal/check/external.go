package check

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// UserAgent names the checker to the sites it visits.
const UserAgent = "hengdong-check/1.0 (link checker of a government portal)"

// extLink is one external URL and where it was first seen.
type extLink struct {
	url  string
	doc  *doc
	ref  ref
	more int // other places it appears
}

// checkExternal tries every external http(s) link once: HEAD, then GET when
// HEAD fails or is refused. At most opts.Concurrency requests run at once and
// requests to one host are at least opts.PerHost apart.
func (s *site) checkExternal(ctx context.Context, opts Options) {
	if opts.Timeout <= 0 {
		opts.Timeout = 15 * time.Second
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.PerHost <= 0 {
		opts.PerHost = time.Second
	}
	client := opts.Client
	if client == nil {
		client = &http.Client{Timeout: opts.Timeout}
	}
	links := map[string]*extLink{}
	var order []string
	for _, p := range s.paths {
		d := s.docs[p]
		if d.kind == kindAlias {
			continue
		}
		for _, r := range d.refs {
			u, err := url.Parse(strings.TrimSpace(r.val))
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				continue
			}
			if _, _, _, internal := s.relPath(d.path, r.val); internal {
				continue
			}
			u.Fragment = ""
			key := u.String()
			if l := links[key]; l != nil {
				l.more++
				continue
			}
			links[key] = &extLink{url: key, doc: d, ref: r}
			order = append(order, key)
		}
	}
	sort.Strings(order)

	lim := &hostLimiter{gap: opts.PerHost, next: map[string]time.Time{}}
	sem := make(chan struct{}, opts.Concurrency)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, key := range order {
		l := links[key]
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			level, msg, detail := probe(ctx, client, lim, l.url, opts.Timeout)
			if msg == "" {
				return
			}
			if l.more > 0 {
				msg += fmt.Sprintf("（另有 %d 处引用）", l.more)
			}
			mu.Lock()
			defer mu.Unlock()
			s.addRefFinding(l.doc, l.ref, Finding{Rule: RuleLinkExternal, Level: level, Msg: msg,
				Fix: "请更新或删除该链接；若对方网站暂时故障，请稍后再查", Detail: detail})
		}()
	}
	wg.Wait()
}

// probe requests u and describes the failure; msg is "" when the link works.
// A definite answer that the page is gone (404, 410, no such host) is an
// error; anything that may pass (timeouts, 5xx, 429) is a warning.
func probe(ctx context.Context, client *http.Client, lim *hostLimiter, u string, timeout time.Duration) (Level, string, string) {
	host := ""
	if pu, err := url.Parse(u); err == nil {
		host = strings.ToLower(pu.Host)
	}
	try := func(method string) (int, error) {
		if err := lim.wait(ctx, host); err != nil {
			return 0, err
		}
		rctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		req, err := http.NewRequestWithContext(rctx, method, u, nil)
		if err != nil {
			return 0, err
		}
		req.Header.Set("User-Agent", UserAgent)
		if method == http.MethodGet {
			req.Header.Set("Range", "bytes=0-1023")
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	code, err := try(http.MethodHead)
	if err != nil || code >= 400 {
		// Many servers refuse or mishandle HEAD: ask again with GET.
		code, err = try(http.MethodGet)
	}
	switch {
	case err != nil:
		var dns *net.DNSError
		if errors.As(err, &dns) && dns.IsNotFound {
			return Error, "外部链接的域名不存在：" + shorten(u), "no such host: " + u
		}
		if errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
			return Warning, fmt.Sprintf("外部链接在 %s 内没有响应：%s", timeout, shorten(u)), "timeout: " + u
		}
		return Warning, "外部链接无法访问：" + shorten(u), err.Error()
	case code == http.StatusNotFound || code == http.StatusGone:
		return Error, fmt.Sprintf("外部链接已失效（HTTP %d）：%s", code, shorten(u)), fmt.Sprintf("HTTP %d: %s", code, u)
	case code >= 400:
		return Warning, fmt.Sprintf("外部链接返回错误（HTTP %d）：%s", code, shorten(u)), fmt.Sprintf("HTTP %d: %s", code, u)
	}
	return "", "", ""
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// hostLimiter spaces out requests to each host by gap.
type hostLimiter struct {
	mu   sync.Mutex
	gap  time.Duration
	next map[string]time.Time
}

// wait blocks until the next request to host may start.
func (l *hostLimiter) wait(ctx context.Context, host string) error {
	l.mu.Lock()
	now := time.Now()
	at := l.next[host]
	if at.Before(now) {
		at = now
	}
	l.next[host] = at.Add(l.gap)
	l.mu.Unlock()
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
