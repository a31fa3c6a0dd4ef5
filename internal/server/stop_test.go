package server

import (
	"bytes"
	"strings"
	"testing"
)

// TestStopSilencesChecks: once serve has ended (Stop), checks still running
// in the background print nothing to its log; before, they do.
func TestStopSilencesChecks(t *testing.T) {
	for _, tt := range []struct {
		name    string
		stopped bool
		want    string
	}{
		{"running", false, "检查：0 个错误"},
		{"stopped", true, ""},
	} {
		var log bytes.Buffer
		s := &Server{cfg: Config{Log: &log}}
		if tt.stopped {
			s.Stop()
		}
		s.printChecks(nil, nil, &Report{Findings: []Finding{}}, 0)
		if got := log.String(); (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: printed %q, want %q", tt.name, got, tt.want)
		}
	}
}
