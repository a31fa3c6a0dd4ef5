package cli

import (
	"os"
	"testing"
)

// TestMain keeps the builds' records (lastbuild.go) out of the user's own
// cache folder: every test's builds record into one temporary folder.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "hengdong-cli-test-cache")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
