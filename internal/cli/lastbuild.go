package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"hengdong/internal/build"
	"hengdong/internal/content"
)

// A build whose inputs are byte for byte those of the last successful build
// into the same folder, run by the same program with the same flags, on the
// same day, would write the same site and print the same report: it leaves
// the folder as it is and prints the report again. Users run `build` again
// and again into the same public/, most often with nothing changed.
//
// What the record keys: the program's own bytes, every flag, and every input
// (site.toml, content/, layouts/, static/, seeds/, i18n/ and the theme's).
// What bounds it in time: the end of the day (the checks count days), the
// next publish or expiry date of a page, and no reuse at all when a template
// calls now. public/ must be exactly as that build left it (output.Intact).

// lastBuild is what a successful build records of itself, outside the site
// and the output folder (in the user's cache folder).
type lastBuild struct {
	Key        string    `json:"key"`
	ValidUntil time.Time `json:"validUntil"`
	Stdout     string    `json:"stdout"` // printed after the summary line
	Stderr     string    `json:"stderr"`
	Pages      int       `json:"pages"`
	Sections   int       `json:"sections"`
	Static     int       `json:"static"`
	Files      int       `json:"files"`
}

// lastBuildPath is where the record of builds into dest is kept.
func lastBuildPath(dest string) (string, error) {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return "", err
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(dir, "hengdong", "builds", hex.EncodeToString(sum[:12])+".json"), nil
}

// readLastBuild returns the record of the last build into dest, or nil.
func readLastBuild(dest string) *lastBuild {
	p, err := lastBuildPath(dest)
	if err != nil {
		return nil
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil
	}
	var lb lastBuild
	if json.Unmarshal(b, &lb) != nil {
		return nil
	}
	return &lb
}

// writeLastBuild records a successful build; failing to is not an error (the
// next build then does the whole work).
func writeLastBuild(dest string, lb *lastBuild) {
	p, err := lastBuildPath(dest)
	if err != nil {
		return
	}
	b, err := json.Marshal(lb)
	if err != nil || os.MkdirAll(filepath.Dir(p), 0o755) != nil {
		return
	}
	tmp := p + ".tmp"
	if os.WriteFile(tmp, b, 0o644) == nil {
		os.Rename(tmp, p)
	}
}

// inputKey hashes what a build's output and report depend on.
func inputKey(in *build.Inputs, flags string) string {
	h := sha256.New()
	writeField := func(parts ...[]byte) {
		for _, p := range parts {
			fmt.Fprintf(h, "%d:", len(p))
			h.Write(p)
		}
	}
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			io.Copy(h, f)
			f.Close()
		}
	}
	writeField([]byte(flags), in.Config)
	for _, m := range []map[string][]byte{in.Layouts, in.Static, in.Seeds, in.I18n} {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			writeField([]byte(k), m[k])
		}
		h.Write([]byte{0})
	}
	for _, f := range in.Content {
		writeField([]byte(f.Path), f.Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// validUntil is how long the output of res stays what a build would write:
// until the end of now's day, or the next publish or expiry date of a page,
// whichever comes first; not at all when a template shows the clock.
func validUntil(res *build.Result, now time.Time) time.Time {
	if res.Engine != nil && res.Engine.UsesFunc("now") {
		return now
	}
	y, m, d := now.Date()
	until := time.Date(y, m, d+1, 0, 0, 0, 0, now.Location())
	soonest := func(t time.Time) {
		if t.After(now) && t.Before(until) {
			until = t
		}
	}
	for _, lo := range res.Tree.LeftOut {
		if lo.Reason == content.LeftOutFuture {
			soonest(lo.Date)
		}
	}
	for _, p := range res.Tree.All {
		soonest(p.ExpiryDate)
	}
	return until
}
