package server

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"hengdong/internal/content"
)

// Watched are the site's folders the server watches, with every folder under
// them; site.toml is watched through the site root.
var Watched = []string{"content", "layouts", "static", "seeds", "i18n"}

// watcher turns file events under the site root into bursts of changed names.
type watcher struct {
	root     string
	debounce time.Duration
	w        *fsnotify.Watcher
}

func newWatcher(root string, debounce time.Duration) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, debounce: debounce, w: fw}
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, d := range Watched {
		w.addTree(filepath.Join(root, d))
	}
	return w, nil
}

// addTree watches dir and every folder under it, skipping hidden ones.
func (w *watcher) addTree(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		w.w.Add(p)
		return nil
	})
}

// name returns the slash path of p relative to the root and whether the site
// reads it: site.toml or a non-temporary file under a watched folder.
func (w *watcher) name(p string) (string, bool) {
	rel, err := filepath.Rel(w.root, p)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	if rel == "site.toml" {
		return rel, true
	}
	top, _, _ := strings.Cut(rel, "/")
	watched := false
	for _, d := range Watched {
		watched = watched || top == d
	}
	if !watched {
		return "", false
	}
	for _, seg := range strings.Split(rel, "/") {
		if strings.HasPrefix(seg, ".") || content.IsTempFile(seg) {
			return "", false
		}
	}
	return rel, true
}

// run delivers bursts of changes to rebuild, one call per burst, until ctx is
// cancelled; then it closes the fsnotify watcher.
func (w *watcher) run(ctx context.Context, rebuild func(names []string)) {
	defer w.w.Close()
	pending := map[string]bool{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			name, keep := w.name(ev.Name)
			if !keep {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					w.addTree(ev.Name) // a new folder: watch it and what was already put in it
				}
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			pending[name] = true
			timer.Reset(w.debounce)
		case _, ok := <-w.w.Errors:
			if !ok {
				return
			}
		case <-timer.C:
			if len(pending) == 0 {
				continue
			}
			names := make([]string, 0, len(pending))
			for n := range pending {
				names = append(names, n)
			}
			sort.Strings(names)
			pending = map[string]bool{}
			rebuild(names)
		}
	}
}
