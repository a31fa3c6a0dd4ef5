package config

import (
	"strings"
	"unicode/utf8"
)

// Pos is a line and column of site.toml, 1-based; 0 when unknown.
type Pos struct{ Line, Col int }

// checkPositions finds where each key of the [check] table is written, so
// that the check package, which knows the rule ids and levels, can name the
// line of a wrong one. It reads `[check]` and the `key = value` lines after it
// up to the next table header; quoted keys are unquoted.
func checkPositions(data []byte) map[string]Pos {
	pos := map[string]Pos{}
	in := false
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			in = strings.TrimSpace(strings.Trim(t, "[]")) == "check"
			continue
		}
		eq := strings.Index(t, "=")
		if !in || eq <= 0 || strings.HasPrefix(t, "#") {
			continue
		}
		key := strings.Trim(strings.TrimSpace(t[:eq]), `"'`)
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		if _, dup := pos[key]; !dup {
			pos[key] = Pos{i + 1, utf8.RuneCountInString(line[:indent]) + 1}
		}
	}
	return pos
}

// CheckPos returns where site.toml sets the level of check rule id in its
// [check] table; zero when it does not, or when it was not read from a file.
func (c *Config) CheckPos(id string) Pos { return c.checkPos[id] }
