package output

import (
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// createFile writes data into a new file name (which must not exist) and
// returns its size and modification time as written. On Linux it uses the
// system calls directly: os.OpenFile makes each file non-blocking, offers it
// to the network poller (which refuses regular files) and makes it blocking
// again, five calls more than open, write, fstat and close, for each of
// the 10,000 files a 4,000-page build writes.
func createFile(name string, data []byte) (size, mtime int64, err error) {
	var fd int
	for {
		fd, err = unix.Open(name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o644)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return 0, 0, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 && err == nil {
		var n int
		n, err = unix.Write(fd, data)
		if err == unix.EINTR {
			err = nil
		}
		data = data[max(n, 0):]
	}
	var st unix.Stat_t
	if err == nil {
		err = unix.Fstat(fd, &st)
	}
	if cerr := unix.Close(fd); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name) // a file cut short must not look written
		return 0, 0, &fs.PathError{Op: "write", Path: name, Err: err}
	}
	return st.Size, st.Mtim.Nano(), nil
}
