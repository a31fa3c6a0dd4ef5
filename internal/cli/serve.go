package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"hengdong/internal/build"
	"hengdong/internal/server"
)

// runServe previews the site: rendered in memory (public/ is never touched),
// served on loopback, rebuilt and reloaded in the browser on every save.
func runServe(args []string, env Env) int {
	var f siteFlags
	var port int
	var bind string
	var hideDrafts bool
	fs := newFlagSet("serve", "serve [-s 站点目录] [--port 1313] [--bind 127.0.0.1] [--hide-drafts] [--baseURL URL]", env)
	f.register(fs, false)
	fs.IntVar(&port, "port", 1313, "端口；被占用时自动改用下一个 (port; the next free one when taken)")
	fs.IntVar(&port, "p", 1313, "端口 (port)")
	fs.StringVar(&bind, "bind", "127.0.0.1", "监听地址；默认只允许本机访问 (interface to bind; loopback by default)")
	fs.BoolVar(&hideDrafts, "hide-drafts", false, "不显示草稿和未到发布日期的页面 (hide drafts and future pages)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if err := server.CheckPort(port); err != nil {
		printErrors(env.Stderr, err)
		return ExitUsage
	}
	opts := build.Options{BuildDrafts: !hideDrafts || f.drafts, BuildFuture: !hideDrafts || f.future,
		BuildExpired: f.expired, BaseURL: f.baseURL, Now: env.Now(), Serve: true, Version: Version, ImageCache: imageCache(f.source)}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// The first Ctrl-C stops serve, whatever it is doing; with the signal
		// handed back, a second one ends the process at once.
		<-ctx.Done()
		stop()
	}()
	// A big site takes seconds to render: say that something is happening.
	fmt.Fprintln(env.Stdout, "正在生成站点…（按 Ctrl+C 停止） (rendering)")
	srv, err := server.NewContext(ctx, server.Config{Root: f.source, Theme: env.Theme, Options: opts, Bind: bind, Port: port, Log: env.Stdout})
	if err != nil && ctx.Err() != nil {
		fmt.Fprintln(env.Stdout, "已停止 (stopped)")
		return ExitOK
	}
	if err != nil {
		printErrors(env.Stderr, err)
		return ExitFail
	}
	defer srv.Stop() // a check still running prints nothing after serve ends
	err = srv.Run(ctx, func(addr string) {
		fmt.Fprintf(env.Stdout, "预览地址：http://%s/ （按 Ctrl+C 停止；保存文件后页面自动刷新）\n", addr)
		if bind != "127.0.0.1" && bind != "localhost" && bind != "::1" {
			fmt.Fprintf(env.Stdout, "注意：正在监听 %s，局域网内其他设备也能访问本预览 (not loopback)\n", bind)
		}
	})
	if err != nil {
		printErrors(env.Stderr, err)
		return ExitFail
	}
	fmt.Fprintln(env.Stdout, "已停止 (stopped)")
	return ExitOK
}
