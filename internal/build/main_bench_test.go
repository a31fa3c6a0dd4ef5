package build_test

import (
	"os"
	"testing"

	"hengdong/bench/corpus/gen"
	"hengdong/internal/output"
)

func TestMain(m *testing.M) {
	code := m.Run()
	gen.Cleanup()
	os.Exit(code)
}

func writeSite(source, dest string, files map[string][]byte) error {
	return output.Write(source, dest, files)
}
