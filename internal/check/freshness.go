package check

import (
	"strings"
	"time"
)

// cst is Beijing time, for dates in messages.
var cst = time.FixedZone("CST", 8*3600)

// configLine returns the line of site.toml holding needle, else 1.
func (s *site) configLine(needle string) int {
	for i, l := range strings.Split(string(s.in.Config), "\n") {
		if strings.TrimSpace(l) == needle {
			return i + 1
		}
	}
	return 1
}
