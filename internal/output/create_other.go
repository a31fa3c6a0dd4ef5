//go:build !linux

package output

import "os"

// createFile writes data into a new file name (which must not exist) and
// returns its size and modification time as written.
func createFile(name string, data []byte) (size, mtime int64, err error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return 0, 0, err
	}
	_, err = f.Write(data)
	var fi os.FileInfo
	if err == nil {
		fi, err = f.Stat()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return 0, 0, err
	}
	return fi.Size(), fi.ModTime().UnixNano(), nil
}
