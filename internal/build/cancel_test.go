package build_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"testing"

	"hengdong/internal/build"
	"hengdong/internal/build/buildtest"
)

// cancelAfter is a context that cancels itself the n-th time the render asks
// whether it is cancelled: a render stopped mid-way, at the same point in
// every run, with no clock involved.
type cancelAfter struct {
	context.Context
	cancel context.CancelFunc
	left   atomic.Int64
}

func newCancelAfter(n int) *cancelAfter {
	ctx, cancel := context.WithCancel(context.Background())
	c := &cancelAfter{Context: ctx, cancel: cancel}
	c.left.Store(int64(n))
	return c
}

func (c *cancelAfter) Err() error {
	if c.left.Add(-1) == 0 {
		c.cancel()
	}
	return c.Context.Err()
}

// A render cancelled part way (in each stage, on the full path and the
// body-edit path) returns context.Canceled, and the next render is what a
// full render of the same files gives: nothing of the cancelled one is kept.
func TestCancelledRenderKeepsLastGoodState(t *testing.T) {
	const pages = 300
	root := t.TempDir()
	if err := buildtest.Write(root, pages); err != nil {
		t.Fatal(err)
	}
	theme := os.DirFS(buildtest.RepoRoot())
	opts := build.Options{BuildDrafts: true, BuildFuture: true, Serve: true, Now: testNow, DeferSearch: true, DeferSiteWide: true}
	full := opts
	full.DeferSearch, full.DeferSiteWide = false, false
	inc := build.NewIncremental(opts)
	in, err := build.ReadInputs(root, theme)
	if err != nil {
		t.Fatal(err)
	}
	res, err := inc.Render(in)
	if err != nil {
		t.Fatal(err)
	}
	finishServeRender(t, inc, res)
	single, err := os.ReadFile(buildtest.RepoRoot() + "/layouts/_default/single.html")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		after int // the check that cancels
		edit  func(n int) []string
	}{
		// Checks: one per page in the Markdown stage (~pages), one per output
		// in the templates (~pages+lists), one per file in minify.
		{"template edit, after load", 1, nil},
		{"template edit, in markdown", pages / 2, nil},
		{"template edit, in templates", pages + 100, nil},
		{"template edit, in minify", 3 * pages, nil},
		{"body edit", 1, func(n int) []string {
			return write(t, root, buildtest.PagePath(9), buildtest.PageText(9, fmt.Sprintf("取消的第%d次修改。", n)))
		}},
	}
	for i, tt := range tests {
		edit := tt.edit
		if edit == nil {
			edit = func(n int) []string {
				return write(t, root, "layouts/_default/single.html", string(single)+fmt.Sprintf("\n{{/* 第%d版 */}}\n", n))
			}
		}
		if in, err = in.Update(root, theme, edit(i)); err != nil {
			t.Fatal(err)
		}
		if _, err := inc.RenderContext(newCancelAfter(tt.after), in); !errors.Is(err, context.Canceled) {
			t.Fatalf("%s: error %v, want context.Canceled", tt.name, err)
		}
		// Saved again: the render after the cancelled one starts from the
		// last good state.
		if in, err = in.Update(root, theme, edit(i+100)); err != nil {
			t.Fatal(err)
		}
		got, err := inc.Render(in)
		if err != nil {
			t.Fatalf("%s: the render after: %v", tt.name, err)
		}
		want, err := build.Render(in, full)
		if err != nil {
			t.Fatal(err)
		}
		compareFiles(t, tt.name, finishServeRender(t, inc, got), want.Files)
	}
}
