package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"hengdong/internal/textenc"
)

// runFixEncoding converts text files saved as GBK/GB18030 or UTF-16 to UTF-8
// in place, keeping the original as FILE.bak: the fix the build's "文件不是
// UTF-8 编码" message names. Paths are relative to the site root (-s), as in
// the build's messages. A file whose encoding cannot be told is left alone.
func runFixEncoding(args []string, env Env) int {
	var source string
	fset := newFlagSet("fix-encoding", "fix-encoding [-s 站点目录] 文件...", env)
	fset.StringVar(&source, "s", ".", "站点目录，文件路径相对于它 (site root the paths are relative to)")
	fset.StringVar(&source, "source", ".", "站点目录 (site root)")
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if fset.NArg() == 0 {
		fmt.Fprintln(env.Stderr, "请给出要转换的文件，例如：go run . fix-encoding content/news/a.md (give the files to convert)")
		return ExitUsage
	}
	code := ExitOK
	for _, name := range fset.Args() {
		p := name
		if !filepath.IsAbs(p) {
			p = filepath.Join(source, filepath.FromSlash(name))
		}
		msg, err := fixEncoding(p)
		if err != nil {
			fmt.Fprintf(env.Stderr, "%s: %v\n", name, err)
			code = ExitFail
			continue
		}
		fmt.Fprintf(env.Stdout, "%s: %s\n", name, msg)
	}
	return code
}

// fixEncoding converts one file, returning what it did.
func fixEncoding(p string) (string, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return "", fmt.Errorf("无法读取文件 (%v)", err)
	}
	enc := textenc.Guess(data)
	switch enc {
	case textenc.UTF8:
		if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
			return "已是 UTF-8，未做改动 (already UTF-8; unchanged)", nil
		}
		// A UTF-8 BOM: the build accepts it; some tools do not, so it goes.
	case textenc.Unknown:
		return "", errors.New("无法判断文件的编码，未做改动；请在编辑器中用“另存为 UTF-8”转换 (cannot tell the encoding; unchanged)")
	}
	out, err := textenc.Convert(data, enc)
	if err != nil {
		return "", fmt.Errorf("按 %s 转换失败，未做改动 (%v)", enc, err)
	}
	info, err := os.Stat(p)
	if err != nil {
		return "", err
	}
	backup := p + ".bak"
	if _, err := os.Lstat(backup); err == nil {
		return "", fmt.Errorf("备份文件 %s 已存在，未做改动；请先移走它 (backup exists; unchanged)", filepath.Base(backup))
	}
	if err := os.WriteFile(backup, data, info.Mode().Perm()); err != nil {
		return "", fmt.Errorf("无法写入备份文件 %s，未做改动 (%v)", filepath.Base(backup), err)
	}
	// Write beside the file and rename, so a failure never leaves half a file.
	tmp := p + ".fix-encoding.tmp"
	if err := os.WriteFile(tmp, out, info.Mode().Perm()); err != nil {
		return "", fmt.Errorf("无法写入 (%v)", err)
	}
	if err := os.Rename(tmp, p); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("无法替换原文件 (%v)", err)
	}
	return fmt.Sprintf("已从 %s 转换为 UTF-8，原文件备份为 %s (converted from %s)", enc, filepath.Base(backup), enc), nil
}
