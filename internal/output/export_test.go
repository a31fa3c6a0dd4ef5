package output

import "bytes"

// FastAndTdewolff minifies the HTML src twice: with the fast path
// (htmlmin.go), reporting whether it took the page, and with tdewolff alone.
func (m *Minifier) FastAndTdewolff(src []byte) (fast []byte, took bool, want []byte, err error) {
	var buf bytes.Buffer
	if err := m.m.Minify("text/html", &buf, bytes.NewReader(src)); err != nil {
		return nil, false, nil, err
	}
	fast, took, err = m.minifyFast(nil, bytes.Clone(src))
	return fast, took, buf.Bytes(), err
}
