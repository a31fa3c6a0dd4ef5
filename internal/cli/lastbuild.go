package cli

import (
	"bufio"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"

	"hengdong/internal/build"
	"hengdong/internal/check"
	"hengdong/internal/content"
	"hengdong/internal/keyhash"
	"hengdong/internal/output"
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

// programHash is a hash of the running program's bytes, "" when it cannot
// be read (nothing is then reused).
var programHash = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	return fileHash(exe)
})

// fileHash is the xxhash of the file at name in hex, "" when it cannot be
// read. Every build hashes its own program (30 MB): it tells programs apart,
// no one forges one, and xxhash costs a tenth of sha256's 40 ms.
func fileHash(name string) string {
	f, err := os.Open(name)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := xxhash.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return fmt.Sprintf("%016x", h.Sum64())
}

// A successful build keeps what it learned (build.Cache, and its checks'
// check.Cache) for the next build into the same folder in two files: the
// Caches themselves, gob-encoded after the program's hash, and beside it (".folder") the hash of the folder's manifest
// after the build. The Cache is valid only for the program that wrote it and
// the folder exactly as that build left it. The folder file is written last:
// a build that fails, or dies, after replacing one but not the other leaves
// a pair that does not match the folder.

// readBuildCache returns the Caches the last build into dest left, when
// dest is still as that build left it, with dest opened for reading its
// files; nil otherwise (the check.Cache alone may be nil: none was kept).
// The caller closes the root.
func readBuildCache(dest string) (*build.Cache, *check.Cache, *os.Root) {
	p, err := cachePath(dest)
	if err != nil {
		return nil, nil, nil
	}
	// The program's hash (~10 ms) only once there is a cache to match it
	// with: a first build does not wait for it (the input key hashes it
	// beside the render).
	folder, err := os.ReadFile(p + ".folder")
	if err != nil || len(folder) == 0 || string(folder) != manifestHash(dest) || !output.Intact(dest) || programHash() == "" {
		return nil, nil, nil
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, nil, nil
	}
	defer f.Close()
	dec := gob.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	var program string
	if dec.Decode(&program) != nil || program != programHash() {
		return nil, nil, nil
	}
	c, err := build.DecodeCache(dec)
	if err != nil {
		return nil, nil, nil
	}
	cc := new(check.Cache)
	if dec.Decode(cc) != nil {
		cc = nil
	}
	root, err := os.OpenRoot(dest)
	if err != nil {
		return nil, nil, nil
	}
	return c, cc, root
}

// encodeBuildCache writes c to a temporary file while the build goes on
// (checks, writes), then the check.Cache handed to checks (when not nil), and
// returns the function that, once the build is over, keeps them for dest
// (when the build succeeded) or removes them. Failing to keep them is not an
// error: the next build then does the whole work.
func encodeBuildCache(dest string, c *build.Cache) (checks func(*check.Cache), finish func(succeeded bool)) {
	p, err := cachePath(dest)
	if err != nil || c == nil || programHash() == "" || os.MkdirAll(filepath.Dir(p), 0o755) != nil {
		return func(*check.Cache) {}, func(bool) {}
	}
	tmp := fmt.Sprintf("%s.%d.tmp", p, os.Getpid())
	done := make(chan bool, 1)
	checked := make(chan *check.Cache, 1)
	var once sync.Once
	checks = func(cc *check.Cache) { once.Do(func() { checked <- cc }) }
	go func() {
		f, err := os.Create(tmp)
		if err != nil {
			<-checked
			done <- false
			return
		}
		w := bufio.NewWriterSize(f, 1<<20)
		enc := gob.NewEncoder(w)
		err = enc.Encode(programHash())
		if err == nil {
			err = c.Encode(enc)
		}
		if cc := <-checked; err == nil && cc != nil {
			err = enc.Encode(cc)
		}
		if err == nil {
			err = w.Flush()
		}
		if cerr := f.Close(); err != nil || cerr != nil {
			os.Remove(tmp)
			done <- false
			return
		}
		done <- true
	}()
	return checks, func(succeeded bool) {
		checks(nil) // none came: the build failed before its checks ended
		if !<-done {
			return
		}
		if !succeeded {
			os.Remove(tmp)
			return
		}
		// The cache it replaces is renamed aside, not overwritten: freeing
		// its tens of megabytes would keep this build waiting for the disk
		// (the next build's cleanBuildCaches removes it while it works).
		os.Rename(p, p+replacedSuffix)
		if os.Rename(tmp, p) != nil {
			os.Remove(tmp)
			return
		}
		ftmp := tmp + ".folder"
		if os.WriteFile(ftmp, []byte(manifestHash(dest)), 0o644) == nil {
			os.Rename(ftmp, p+".folder")
		}
	}
}

// keptCaches is how many build caches pruneBuildCaches keeps: those of the
// folders built into most recently. A cache is tens of megabytes for a site
// of thousands of pages, and every output folder has its own.
const keptCaches = 8

// keptRecords is how many records of last builds (a few KB each, one per
// output folder) pruneBuildCaches keeps.
const keptRecords = 64

// replacedSuffix names a cache that a newer one replaced (encodeBuildCache):
// the next build removes it while it works (cleanBuildCaches).
const replacedSuffix = ".replaced"

// cleanBuildCaches prunes the cache folder of dest's build cache in the
// background (pruneBuildCaches) and returns the function that waits for it.
// Removing a cache of tens of megabytes kept the build that did it waiting
// 15–40 ms for the disk at its end; begun here, it overlaps the build's work.
func cleanBuildCaches(dest string) (wait func()) {
	p, err := cachePath(dest)
	if err != nil {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		pruneBuildCaches(filepath.Dir(p), keptCaches, keptRecords, time.Now())
	}()
	return func() { <-done }
}

// pruneBuildCaches removes all but the keepCaches most recently written
// caches in dir (with their ".folder" files), all but the keepRecords most
// recent records of last builds, the caches newer ones replaced, and
// temporary files of builds that died more than an hour before now.
func pruneBuildCaches(dir string, keepCaches, keepRecords int, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type file struct {
		name string
		mod  time.Time
	}
	var caches, records []file
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		name := e.Name()
		if strings.HasSuffix(name, replacedSuffix) {
			os.Remove(filepath.Join(dir, name))
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		switch {
		case strings.HasSuffix(name, ".cache"):
			caches = append(caches, file{name, info.ModTime()})
		case strings.HasSuffix(name, ".json"):
			records = append(records, file{name, info.ModTime()})
		case strings.HasSuffix(name, ".tmp") && now.Sub(info.ModTime()) > time.Hour:
			os.Remove(filepath.Join(dir, name))
		}
	}
	newestFirst := func(a, b file) int { return b.mod.Compare(a.mod) }
	slices.SortFunc(caches, newestFirst)
	for _, c := range caches[min(keepCaches, len(caches)):] {
		os.Remove(filepath.Join(dir, c.name))
		os.Remove(filepath.Join(dir, c.name+".folder"))
	}
	slices.SortFunc(records, newestFirst)
	for _, r := range records[min(keepRecords, len(records)):] {
		os.Remove(filepath.Join(dir, r.name))
	}
}

// cachePath is where the Cache of builds into dest is kept, beside their record.
func cachePath(dest string) (string, error) {
	p, err := lastBuildPath(dest)
	return strings.TrimSuffix(p, ".json") + ".cache", err
}

// manifestHash hashes dest's manifest, which changes with every file a
// build writes (it lists their sizes, times and hashes).
func manifestHash(dest string) string {
	b, err := os.ReadFile(filepath.Join(dest, output.ManifestName))
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// inputKey hashes what a build's output and report depend on (keyhash:
// every build hashes its whole input, 12 MB for 4,000 pages).
func inputKey(in *build.Inputs, flags string) string {
	h := keyhash.New()
	h.Strings(programHash(), flags)
	h.Bytes(in.Config)
	for _, m := range []map[string][]byte{in.Layouts, in.Static, in.Seeds, in.I18n} {
		h.Uint(uint64(len(m))) // where one map ends and the next starts
		for _, k := range slices.Sorted(maps.Keys(m)) {
			h.Strings(k)
			h.Bytes(m[k])
		}
	}
	h.Uint(uint64(len(in.Content)))
	for _, f := range in.Content {
		h.Strings(f.Path)
		h.Bytes(f.Data)
	}
	return fmt.Sprintf("%016x", h.Sum64())
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
