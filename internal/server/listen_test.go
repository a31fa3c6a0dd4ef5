package server

import (
	"errors"
	"net"
	"strings"
	"syscall"
	"testing"
)

// A port that cannot be used is an editor's error: Chinese first, naming the
// flag to change, the Go error only as the English detail.
func TestListenErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:65535")
	if err != nil && !errors.Is(err, syscall.EADDRINUSE) {
		t.Skipf("cannot take port 65535 for the test: %v", err)
	}
	if ln != nil {
		defer ln.Close()
	}
	tests := []struct {
		name, bind string
		port       int
		want       []string
	}{
		{"port too big", "", 99999, []string{"--port 99999 不是有效的端口号；", "(invalid --port 99999)"}},
		{"negative port", "", -1, []string{"--port -1 不是有效的端口号；"}},
		{"taken, no free port above", "127.0.0.1", 65535, []string{"端口 65535 到 65535 都已被占用；请用 --port", "(ports 65535-65535 are in use"}},
		{"not this machine's address", "192.0.2.1", 1313, []string{"无法在 192.0.2.1 的端口 1313 上监听；请检查 --bind", "(listen tcp"}},
	}
	for _, tt := range tests {
		s := &Server{cfg: Config{Bind: tt.bind, Port: tt.port, Log: &strings.Builder{}}}
		ln, err := s.listen()
		if err == nil {
			ln.Close()
			t.Errorf("%s: listened on %s", tt.name, ln.Addr())
			continue
		}
		msg := err.Error()
		for _, w := range tt.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q does not say %q", tt.name, msg, w)
			}
		}
		if i := strings.Index(msg, " ("); i < 0 || strings.Contains(msg[:i], "tcp") || strings.Contains(msg[:i], "invalid") {
			t.Errorf("%s: %q is not Chinese first", tt.name, msg)
		}
	}
}
