package output

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"hengdong/internal/diag"
	"hengdong/internal/parallel"
)

// Marker is the file this tool leaves in every folder it writes, so that a
// later build knows the folder is its own to replace.
const Marker = ".hengdong-build"

// CheckDestination refuses destinations that would put an editor's files at risk:
// the source folder itself, a folder containing it, or a non-empty folder this
// tool did not make.
func CheckDestination(source, dest string) error {
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	dst, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	src, dst = evalOr(src), evalOr(dst)
	if dst == src || strings.HasPrefix(src+string(filepath.Separator), dst+string(filepath.Separator)) {
		return diag.New(dest, 0, 0, "输出目录不能是站点目录本身或包含站点目录",
			"请用 -d 指定站点目录下的 public 或其他单独的目录", "destination must not be or contain the source folder")
	}
	entries, err := os.ReadDir(dst)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dst, Marker)); err != nil {
		return diag.New(dest, 0, 0, "输出目录不是空的，也不是本工具生成的，为免误删已拒绝写入",
			"请换一个输出目录（-d），或确认无用后自行清空该目录", "refusing to replace a non-empty folder this tool did not create")
	}
	return nil
}

func evalOr(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	// The folder may not exist yet: resolve its parent.
	if r, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		return filepath.Join(r, filepath.Base(p))
	}
	return p
}

// Write puts files (URL path → bytes) into dest atomically: everything is written
// into a fresh sibling folder first, then swapped in. On any error the previous
// dest is left exactly as it was.
func Write(source, dest string, files map[string][]byte) error {
	st, err := Stage(source, dest, files)
	if err != nil {
		return err
	}
	return st.Commit()
}

// Staged is a site written into a fresh folder beside its destination, waiting
// to be swapped in by Commit or thrown away by Abort.
type Staged struct {
	dest, tmp string
}

// Stage writes files into a fresh folder beside dest without touching dest, so
// that the build can go on checking the site while the disk works.
func Stage(source, dest string, files map[string][]byte) (*Staged, error) {
	if err := CheckDestination(source, dest); err != nil {
		return nil, err
	}
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".new-")
	if err != nil {
		return nil, err
	}
	// MkdirTemp makes the folder 0700; the swapped-in site must be readable
	// by the web server's user, as every folder below it is (0755 less umask).
	if err := os.Chmod(tmp, 0o755&^umask()); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	if err := writeFiles(tmp, names, files); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte("built by hengdong; this folder is replaced on every build\n"), 0o644); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Staged{dest: dest, tmp: tmp}, nil
}

// Abort deletes the staged folder; dest is untouched.
func (st *Staged) Abort() error { return os.RemoveAll(st.tmp) }

// Commit swaps the staged folder in: the old site is moved aside, the new one
// moved in, then the old one deleted.
func (st *Staged) Commit() error {
	dest, parent := st.dest, filepath.Dir(st.dest)
	var old string
	if _, err := os.Stat(dest); err == nil {
		old = filepath.Join(parent, "."+filepath.Base(dest)+".old-"+randHex())
		if err := os.Rename(dest, old); err != nil {
			st.Abort()
			return err
		}
	}
	if err := os.Rename(st.tmp, dest); err != nil {
		if old != "" {
			os.Rename(old, dest)
		}
		st.Abort()
		return err
	}
	if old != "" {
		// old was dest, which CheckDestination proved is ours.
		return os.RemoveAll(old)
	}
	return nil
}

// writeFiles writes files[names[i]] under root. The folders are made first,
// parents before children; then the files are written on GOMAXPROCS workers,
// since creating thousands of small files is mostly system-call time. The error
// returned is the one of the first file in name order, as a serial loop would.
func writeFiles(root string, names []string, files map[string][]byte) error {
	full := make([]string, len(names))
	var dirs []string
	made := map[string]bool{}
	for i, n := range names {
		rel, err := safeRel(n)
		if err != nil {
			return err
		}
		full[i] = filepath.Join(root, rel)
		for d := filepath.Dir(full[i]); d != root && !made[d]; d = filepath.Dir(d) {
			made[d] = true
			dirs = append(dirs, d)
		}
	}
	// Shorter paths first: a parent is made before its children.
	sort.SliceStable(dirs, func(i, j int) bool { return len(dirs[i]) < len(dirs[j]) })
	for _, d := range dirs {
		if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
			return err
		}
	}
	errs := make([]error, len(names))
	parallel.For(len(names), func(i int) { errs[i] = os.WriteFile(full[i], files[names[i]], 0o644) })
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// safeRel turns a URL path into a relative file path that cannot leave the folder.
func safeRel(urlPath string) (string, error) {
	p := strings.TrimPrefix(urlPath, "/")
	if strings.HasSuffix(p, "/") || p == "" {
		p += "index.html"
	}
	clean := filepath.Clean(filepath.FromSlash(p))
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) || filepath.IsAbs(clean) {
		return "", fmt.Errorf("output path %q leaves the destination", urlPath)
	}
	return clean, nil
}

func randHex() string {
	var b [6]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// umask returns the process's file mode creation mask, seen in the mode of a
// folder made with 0777 (reading it directly would mean setting it).
func umask() os.FileMode {
	probe, err := os.MkdirTemp("", "hengdong-umask-")
	if err != nil {
		return 0o022
	}
	defer os.Remove(probe)
	sub := filepath.Join(probe, "d")
	if err := os.Mkdir(sub, 0o777); err != nil {
		return 0o022
	}
	defer os.Remove(sub)
	fi, err := os.Stat(sub)
	if err != nil {
		return 0o022
	}
	return 0o777 &^ fi.Mode().Perm()
}
