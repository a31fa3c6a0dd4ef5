package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"hengdong/internal/diag"
)

// Marker is the file this tool leaves in every folder it writes, so that a
// later build knows the folder is its own to replace. It is written first
// into a new folder, so that even a build killed at once leaves a folder the
// next build recognises and cleans up.
const Marker = ".hengdong-build"

// CheckDestination refuses destinations that would put an editor's files at risk:
// the source folder itself, a folder containing it, a file, or a non-empty folder
// this tool did not make.
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
	fi, err := os.Stat(dst)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return checkParent(dest, filepath.Dir(dst))
	}
	if err != nil {
		return destError(dest, err)
	}
	if !fi.IsDir() {
		return diag.New(dest, 0, 0, "输出目录 "+dest+" 是一个文件，不是文件夹",
			"请用 -d 指定一个文件夹（不存在时会自动创建），或确认该文件无用后自行删除", "the destination is a file")
	}
	entries, err := os.ReadDir(dst)
	if err != nil {
		return destError(dest, err)
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

// checkParent checks that the nearest existing folder above a destination
// that does not exist yet is a folder, so that the error names it.
func checkParent(dest, parent string) error {
	for {
		fi, err := os.Stat(parent)
		if err == nil {
			if !fi.IsDir() {
				return diag.New(dest, 0, 0, "无法创建输出目录 "+dest+"：上级路径 "+parent+" 是一个文件",
					"请用 -d 指定一个文件夹路径", "a parent of the destination is a file")
			}
			return nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return destError(dest, err)
		}
		up := filepath.Dir(parent)
		if up == parent {
			return nil
		}
		parent = up
	}
}

// destError explains an error met at the destination, Chinese first.
func destError(dest string, err error) error {
	if errors.Is(err, fs.ErrPermission) {
		return diag.New(dest, 0, 0, "没有权限写入输出目录 "+dest,
			"请用 -d 换一个可写的目录，或用 chmod/chown 给运行本命令的用户写权限", err.Error())
	}
	if errors.Is(err, syscall.EROFS) {
		return diag.New(dest, 0, 0, "输出目录 "+dest+" 所在的磁盘是只读的",
			"请用 -d 换一个可写磁盘上的目录", err.Error())
	}
	if errors.Is(err, syscall.ENOSPC) {
		return diag.New(dest, 0, 0, "磁盘空间不足，无法写入输出目录 "+dest,
			"请清理磁盘空间，或用 -d 换一个磁盘上的目录", err.Error())
	}
	return diag.New(dest, 0, 0, "无法写入输出目录 "+dest, "请检查该路径是否可写，或用 -d 换一个目录", err.Error())
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

// Write puts files (URL path → bytes) into dest atomically, without
// precompressed copies: Stage, then Commit. On any error the previous dest is
// left exactly as it was.
func Write(source, dest string, files map[string][]byte) error {
	st, err := Stage(source, dest, files, Options{})
	if err != nil {
		return err
	}
	return st.Commit()
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
