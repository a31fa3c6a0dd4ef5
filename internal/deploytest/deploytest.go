// Package deploytest publishes a built site with Debian's nginx, configured with
// the server blocks of docs/deploy.md, for tests that crawl it as a visitor
// would. Where nginx is missing the test is skipped with a clear message, except
// under CI=true, where it fails: CI must prove the deploy test ran.
package deploytest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// NginxPath is where Debian's nginx package puts the server.
const NginxPath = "/usr/sbin/nginx"

// findNginx returns nginx's path, or "" when there is none.
func findNginx() string {
	if p := os.Getenv("NGINX"); p != "" {
		return p
	}
	if _, err := os.Stat(NginxPath); err == nil {
		return NginxPath
	}
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	return ""
}

var (
	nginxFence = regexp.MustCompile("(?s)```nginx\n(.*?)```")
	serverName = regexp.MustCompile(`^# server: (\S+)`)
)

// ServerBlocks returns the nginx configuration blocks of a Markdown document by
// name: each ```nginx block whose first line is "# server: NAME".
func ServerBlocks(doc []byte) map[string]string {
	out := map[string]string{}
	for _, m := range nginxFence.FindAllSubmatch(doc, -1) {
		if n := serverName.FindSubmatch(m[1]); n != nil {
			out[string(n[1])] = string(m[1])
		}
	}
	return out
}

// Server is a running nginx.
type Server struct {
	URL string // "http://127.0.0.1:PORT"
	Dir string // its configuration, pid, logs and temp files
	cmd *exec.Cmd
}

// Log returns what nginx wrote so far to its output and its error log.
func (s *Server) Log() string {
	a, _ := os.ReadFile(filepath.Join(s.Dir, "output.log"))
	b, _ := os.ReadFile(filepath.Join(s.Dir, "error.log"))
	return string(a) + string(b)
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// StartNginx runs nginx in the foreground with server (one server block, as
// docs/deploy.md writes it: listen 80) listening on 127.0.0.1:port instead,
// and everything else nginx writes (pid, logs, temp files) in a fresh folder.
// Run as root, its workers run as nobody, as www-data would in production, so
// that files the build leaves unreadable to others show up as errors. It is
// stopped when the test ends. main are lines for nginx.conf's main context,
// such as the load_module line of a Debian module package.
func StartNginx(t testing.TB, server string, port int, main ...string) *Server {
	t.Helper()
	bin := findNginx()
	if bin == "" {
		msg := "nginx not found at " + NginxPath + ": install it with `apt-get install -y nginx` to run the deploy test"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true: the deploy test must run)")
		}
		t.Skip(msg)
	}
	dir := t.TempDir()
	if !strings.Contains(server, "listen 80;") {
		t.Fatalf("the server block has no `listen 80;` to replace:\n%s", server)
	}
	server = strings.Replace(server, "listen 80;", fmt.Sprintf("listen 127.0.0.1:%d;", port), 1)
	user := ""
	if os.Geteuid() == 0 {
		user = "user nobody nogroup;\n"
	}
	mime := "/etc/nginx/mime.types"
	if _, err := os.Stat(mime); err != nil {
		mime = filepath.Join(filepath.Dir(bin), "..", "..", "etc", "nginx", "mime.types")
	}
	conf := fmt.Sprintf(`# Written by internal/deploytest: the production http settings of Debian's
# nginx.conf that matter to a static site, and the server block under test.
%[5]sdaemon off;
worker_processes 1;
%[1]spid %[2]s/nginx.pid;
error_log %[2]s/error.log warn;
events { worker_connections 64; }
http {
    include %[3]s;
    default_type application/octet-stream;
    sendfile on;
    access_log %[2]s/access.log;
    client_body_temp_path %[2]s/client_body;
    proxy_temp_path %[2]s/proxy;
    fastcgi_temp_path %[2]s/fastcgi;
    uwsgi_temp_path %[2]s/uwsgi;
    scgi_temp_path %[2]s/scgi;
%[4]s
}
`, user, dir, mime, server, strings.Join(append(main, ""), "\n"))
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(filepath.Join(dir, "output.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close() // the child has its own copy
	cmd := exec.Command(bin, "-p", dir, "-e", filepath.Join(dir, "error.log"), "-c", confPath)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting nginx: %v", err)
	}
	s := &Server{URL: fmt.Sprintf("http://127.0.0.1:%d", port), Dir: dir, cmd: cmd}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		// Only the process this test started: SIGQUIT is nginx's graceful stop.
		_ = cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 200*time.Millisecond)
		if err == nil {
			c.Close()
			return s
		}
		select {
		case <-exited:
			t.Fatalf("nginx exited: %v\n%s\nconfiguration:\n%s", waitErr, s.Log(), conf)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not listen on port %d within 10s:\n%s", port, s.Log())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
