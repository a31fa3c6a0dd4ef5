package cli

import (
	"bufio"
	"errors"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"hengdong/internal/build/buildtest"
)

// serveChild is set in the environment of the serve process TestServeInterrupt
// starts: the site it serves.
const serveChild = "HENGDONG_TEST_SERVE_SITE"

// TestServeInterrupt starts serve in a process of its own on a big site and
// interrupts it (Ctrl-C) while it renders: first while the site renders on
// start, then during a rebuild of every page. It must stop and say so.
func TestServeInterrupt(t *testing.T) {
	if root := os.Getenv(serveChild); root != "" {
		os.Exit(Run([]string{"serve", "-s", root, "--port", "0"},
			Env{Theme: os.DirFS(buildtest.RepoRoot()), Stdout: os.Stdout, Stderr: os.Stderr}))
	}
	root := t.TempDir()
	if err := buildtest.Write(root, 1500); err != nil {
		t.Fatal(err)
	}
	// start runs serve and returns its output, line by line, and its exit.
	start := func(t *testing.T) (*exec.Cmd, <-chan string, <-chan error) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestServeInterrupt$")
		cmd.Env = append(os.Environ(), serveChild+"="+root)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = cmd.Stdout
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 100)
		read := make(chan struct{})
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
			close(read)
		}()
		// Wait closes the pipe once the process has exited: called before the
		// last lines are read, it loses them ("已停止" among them).
		exited := make(chan error, 1)
		go func() {
			<-read
			exited <- cmd.Wait()
		}()
		t.Cleanup(func() { cmd.Process.Kill() })
		return cmd, lines, exited
	}
	await := func(t *testing.T, lines <-chan string, want string) {
		t.Helper()
		timeout := time.After(2 * time.Minute) // a hang guard
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("serve ended before printing %q", want)
				}
				if strings.Contains(l, want) {
					return
				}
			case <-timeout:
				t.Fatalf("serve never printed %q", want)
			}
		}
	}
	// stops interrupts serve and checks it exits, cleanly and saying so.
	stops := func(t *testing.T, cmd *exec.Cmd, lines <-chan string, exited <-chan error) {
		t.Helper()
		if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		var rest []string
		timeout := time.After(5 * time.Second) // generous: the brief asks for a second
		for {
			select {
			case l, ok := <-lines:
				if ok {
					rest = append(rest, l)
					continue
				}
				lines = nil
			case err := <-exited:
				if lines != nil {
					for l := range lines {
						rest = append(rest, l)
					}
				}
				if err != nil {
					t.Fatalf("serve exited with %v after Ctrl-C; output after it: %q", err, rest)
				}
				t.Logf("serve's output after Ctrl-C: %q", rest)
				if !strings.Contains(strings.Join(rest, "\n"), "已停止") {
					t.Errorf("serve did not say it stopped: %q", rest)
				}
				return
			case <-timeout:
				t.Fatalf("serve still running 5 s after Ctrl-C; output after it: %q", rest)
			}
		}
	}
	t.Run("while the site renders on start", func(t *testing.T) {
		cmd, lines, exited := start(t)
		await(t, lines, "正在生成站点")
		stops(t, cmd, lines, exited)
	})
	t.Run("during a rebuild", func(t *testing.T) {
		cmd, lines, exited := start(t)
		await(t, lines, "预览地址")
		buildtest.WriteFile(t, root, "layouts/partials/footer.html", "<footer>改过的页脚</footer>")
		time.Sleep(100 * time.Millisecond) // the watcher's quiet time, then the rebuild starts
		stops(t, cmd, lines, exited)
	})
}

// A --port serve cannot use is said in Chinese first, naming the flag.
func TestServePortErrors(t *testing.T) {
	site := writeSite(t, map[string]string{"content/_index.md": "---\ntitle: 首页\n---\n"})
	ln, err := net.Listen("tcp", "127.0.0.1:65535")
	if err != nil && !errors.Is(err, syscall.EADDRINUSE) {
		t.Skipf("cannot take port 65535 for the test: %v", err)
	}
	if ln != nil {
		defer ln.Close()
	}
	tests := []struct {
		port string
		code int
		want string
	}{
		{"99999", ExitUsage, "--port 99999 不是有效的端口号；"},
		{"-5", ExitUsage, "--port -5 不是有效的端口号；"},
		{"65535", ExitFail, "端口 65535 到 65535 都已被占用；请用 --port 指定其他端口"},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, "serve", "-s", site, "--port", tt.port)
		if code != tt.code {
			t.Errorf("--port %s: exit %d, want %d", tt.port, code, tt.code)
		}
		if !strings.HasPrefix(stderr, tt.want) {
			t.Errorf("--port %s: stderr %q, want it to start %q", tt.port, stderr, tt.want)
		}
	}
}
