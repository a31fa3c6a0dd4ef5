package output

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/cespare/xxhash/v2"
	"github.com/klauspost/compress/gzip"

	"hengdong/internal/diag"
	"hengdong/internal/parallel"
)

// How a build's output is kept: double-buffered generations.
//
// Beside dest (public/) lives the previous generation, .public.prev/, with a
// manifest of every file's size, modification time and hash, written last.
// A build updates that spare tree in place — it writes only the files whose
// bytes differ from the manifest (or that were changed behind its back),
// creates new ones and removes only the ones that are gone — and then swaps it
// with dest in one renameat2(RENAME_EXCHANGE), so that dest always exists; the
// tree swapped out becomes the next build's spare. Rewriting 4,000 unchanged
// pages in place costs nothing, where deleting and recreating every inode cost
// seconds on this disk (docs/benchmarks.md). Where the exchange is not
// supported (another OS, some file systems) two renames swap the trees, and
// dest is missing for the moment between them.

// Options choose what Stage writes besides the files.
type Options struct {
	// Gzip writes file.gz beside every text file of at least MinCompress
	// bytes, for nginx's gzip_static; Brotli writes file.br, for
	// brotli_static (a module Debian ships apart from nginx). A copy is
	// kept only when it saves at least a tenth of the file (worthCopy).
	// Copies are made only when the file's bytes changed since the spare
	// generation.
	Gzip, Brotli bool
	// Dense, when not nil, says which files (by their path in Stage's
	// files) hold dense data in which LZ77 finds few repeats, such as the
	// search index's posting lists (search.Dense): their gzip copies are
	// Huffman-coded only, 0.2 % larger than gzipLevel makes them in a fifth
	// of the time (0.06 against 0.3 CPU-s for the 4,000-page corpus's 10 MB
	// of postings), and their brotli copies of quality 0, 4 % larger than
	// quality 5's in a fifth of the time.
	Dense func(path string) bool
}

// MinCompress is the smallest file precompressed: below it a compressed copy
// saves less than a network packet (on the 4,000-page corpus the 92 text
// files of 256 B–1 KB would save 123 bytes each, for a file and an inode).
const MinCompress = 1024

// Compression levels, recorded in the manifest's header so that a change of
// level makes every copy again. klauspost/compress's gzip at level 4 costs
// a third less CPU than its level 6 for copies 2 % larger, about the size
// nginx makes on the fly at its default gzip_comp_level 1 (zlib): on the
// 4,000-page corpus the pages' copies are 0.5 % larger than zlib's, the search
// index's 4 % smaller. Brotli below quality 5 is no smaller than gzip
// (docs/benchmarks.md).
const (
	gzipLevel     = 4
	brotliQuality = 5 // 6 and up cost half again as much time for under 1 % smaller files
)

// worthCopy reports whether a compressed copy of n bytes of a file of size
// bytes is worth keeping: it saves at least a tenth. nginx serves a .gz
// that exists even when it is larger than the file.
func worthCopy(n, size int) bool { return n <= size-size/10 }

// noCopy is the size a manifest gives a compressed copy that was not worth
// keeping (worthCopy): no file is written, and the decision is kept like a
// file until the original's bytes change.
const noCopy = -1

// ManifestName is the file in every generation listing its files' sizes,
// modification times and hashes: bookkeeping that differs between two builds
// of the same site, as the times do.
const ManifestName = ".hengdong-manifest"

const tmpSuffix = ".hengdong-tmp" // a changed file while it is written

// manifestHeader names the manifest's format (3: hashes are xxhash) and how
// its copies were made.
var manifestHeader = fmt.Sprintf("hengdong-manifest 3 klauspost-gzip-%d brotli-%d min-%d keep-0.9 dense-huffman-brotli-0", gzipLevel, brotliQuality, MinCompress)

// compressible are the text types precompressed.
var compressible = map[string]bool{".html": true, ".css": true, ".js": true, ".json": true, ".xml": true,
	".svg": true, ".txt": true, ".csv": true}

// Staged is a site written into the spare generation beside its destination,
// waiting to be swapped in by Commit. Stage's counts say what it did.
type Staged struct {
	dest, spare string
	noop        bool // dest holds the files already
	// Written counts files written (new or changed), Unchanged files left
	// as they were, Removed files deleted from the spare (a stale copy no
	// longer worth keeping included), Compressed the .gz and .br copies
	// compressed (a copy read from dest is written, not compressed; one
	// compressed and not worth keeping is counted, not written).
	Written, Unchanged, Removed, Compressed int
}

// entry is one file in a manifest.
type entry struct {
	size, mtime int64 // on disk, as written
	hash        string
}

// want is one file a build wants in its generation.
type want struct {
	rel  string // slash path inside the generation
	data []byte // the bytes, or the bytes to compress
	hash string // of data (for a compressed copy: of the original)
	enc  string // "", "gz" or "br"
	// dense: a gzip copy is Huffman-coded only (Options.Dense)
	dense bool
}

// Stage writes files (URL path → bytes) into the spare generation beside
// dest, without touching dest, so that the build can go on checking the site
// while the disk works. Leftovers of interrupted builds are removed first.
func Stage(source, dest string, files map[string][]byte, opts Options) (*Staged, error) {
	if err := CheckDestination(source, dest); err != nil {
		return nil, err
	}
	dest = filepath.Clean(dest)
	parent, base := filepath.Dir(dest), filepath.Base(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, destError(dest, err)
	}
	cleanLeftovers(parent, base)
	st := &Staged{dest: dest, spare: filepath.Join(parent, "."+base+".prev")}
	wants, err := wanted(files, opts)
	if err != nil {
		return nil, err
	}
	// dest may hold these files already (a build with nothing changed):
	// then there is nothing to write and nothing to swap. Its manifest
	// answers first; only when every hash agrees is dest walked to check.
	if sameHashes(readManifest(dest), wants) {
		if p, err := planFor(dest, wants); err == nil && p.empty() {
			st.noop, st.Unchanged = true, len(wants)
			return st, nil
		}
	}
	if err := prepareSpare(dest, st.spare); err != nil {
		return nil, err
	}
	if err := st.update(wants); err != nil {
		return nil, destError(dest, err)
	}
	return st, nil
}

// sameHashes reports whether manifest m lists exactly wants, with their hashes.
func sameHashes(m map[string]entry, wants []want) bool {
	if len(m) != len(wants) {
		return false
	}
	for _, w := range wants {
		if e, ok := m[w.rel]; !ok || e.hash != w.hash {
			return false
		}
	}
	return true
}

// cleanLeftovers removes what interrupted builds left in parent: folders
// named like our staging folders (.public.new-…, .public.old-…) that carry
// the Marker. Nothing else is touched.
func cleanLeftovers(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() || !(strings.HasPrefix(n, "."+base+".new-") || strings.HasPrefix(n, "."+base+".old-")) {
			continue
		}
		if _, err := os.Lstat(filepath.Join(parent, n, Marker)); err == nil {
			os.RemoveAll(filepath.Join(parent, n))
		}
	}
}

// prepareSpare makes sure spare is a folder of ours: made (mode 0755 less the
// umask, with the Marker first) when missing, adopted when empty, refused when
// someone else's.
func prepareSpare(dest, spare string) error {
	fi, err := os.Lstat(spare)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.Mkdir(spare, 0o755); err != nil {
			return destError(dest, err)
		}
		if err := writeMarker(dest, spare); err != nil {
			return err
		}
		// The first spare starts as dest's files linked, not copied: the
		// build then writes only what changed (as new files, never into a
		// linked one, which is dest's too).
		if err := linkTree(dest, spare); err != nil {
			os.RemoveAll(spare)
			if err := os.Mkdir(spare, 0o755); err != nil {
				return destError(dest, err)
			}
			return writeMarker(dest, spare)
		}
		return nil
	}
	if err != nil {
		return destError(dest, err)
	}
	if !fi.IsDir() {
		return diag.New(spare, 0, 0, spare+" 不是本工具生成的文件夹，本工具需要用这个名字保存上一次的输出",
			"请确认它无用后删除", "the spare generation's name is taken")
	}
	if _, err := os.Stat(filepath.Join(spare, Marker)); err != nil {
		if entries, _ := os.ReadDir(spare); len(entries) > 0 {
			return diag.New(spare, 0, 0, spare+" 不是本工具生成的文件夹，本工具需要用这个名字保存上一次的输出",
				"请确认它无用后删除", "the spare generation's name is taken by a folder this tool did not create")
		}
		if err := writeMarker(dest, spare); err != nil {
			return err
		}
	}
	// Folders made by the old os.MkdirTemp staging were 0700: nginx's
	// worker got 403 on the whole site.
	if fi.Mode().Perm() == 0o700 {
		os.Chmod(spare, 0o755&^umask())
	}
	return nil
}

// linkTree fills the empty folder dst with hard links to src's files (the
// manifest last), making src's folders. Where links are not possible the
// caller starts from an empty folder instead.
func linkTree(src, dst string) error {
	if _, err := os.Stat(filepath.Join(src, ManifestName)); err != nil {
		return err // not a generation of ours to start from
	}
	var files []string
	err := filepath.WalkDir(src, func(full string, d fs.DirEntry, err error) error {
		if err != nil || full == src {
			return err
		}
		rel := full[len(src)+1:]
		switch {
		case d.IsDir():
			return os.Mkdir(filepath.Join(dst, rel), 0o755)
		case d.Type().IsRegular() && rel != Marker && rel != ManifestName && !strings.HasSuffix(rel, tmpSuffix):
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return err
	}
	errs := make([]error, len(files))
	parallel.For(len(files), func(i int) { errs[i] = os.Link(filepath.Join(src, files[i]), filepath.Join(dst, files[i])) })
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return os.Link(filepath.Join(src, ManifestName), filepath.Join(dst, ManifestName))
}

func writeMarker(dest, dir string) error {
	if err := os.WriteFile(filepath.Join(dir, Marker), []byte("built by hengdong; this folder is replaced on every build\n"), 0o644); err != nil {
		return destError(dest, err)
	}
	return nil
}

// umask is the process's file mode creation mask (022 when unknown).
func umask() os.FileMode {
	b, err := os.ReadFile("/proc/self/status")
	if err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "Umask:"); ok {
				if m, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32); err == nil {
					return os.FileMode(m)
				}
			}
		}
	}
	return 0o022
}

// wanted lists the files of a generation: every output, and its compressed
// copies when opts asks for them. The site's own foo.css.gz wins over a made one.
func wanted(files map[string][]byte, opts Options) ([]want, error) {
	wants := make([]want, 0, len(files))
	seen := make(map[string]string, len(files))
	for n, data := range files {
		rel, err := safeRel(n)
		if err != nil {
			return nil, err
		}
		rel = filepath.ToSlash(rel)
		if other, dup := seen[rel]; dup {
			return nil, fmt.Errorf("output paths %q and %q are the same file %s", other, n, rel)
		}
		seen[rel] = n
		wants = append(wants, want{rel: rel, data: data})
	}
	// xxhash, not sha256: a manifest's hash tells a file's new bytes from
	// its old (no one forges an output), for a tenth of the CPU (4,000
	// pages: 60 MB hashed every build).
	parallel.For(len(wants), func(i int) {
		var sum [8]byte
		binary.BigEndian.PutUint64(sum[:], xxhash.Sum64(wants[i].data))
		wants[i].hash = hex.EncodeToString(sum[:])
	})
	var encs []string
	if opts.Gzip {
		encs = append(encs, "gz")
	}
	if opts.Brotli {
		encs = append(encs, "br")
	}
	if len(encs) > 0 {
		for _, w := range wants[:len(wants):len(wants)] {
			if len(w.data) < MinCompress || !compressible[strings.ToLower(path.Ext(w.rel))] {
				continue
			}
			dense := opts.Dense != nil && opts.Dense(seen[w.rel])
			for _, enc := range encs {
				if _, own := seen[w.rel+"."+enc]; !own {
					wants = append(wants, want{rel: w.rel + "." + enc, data: w.data, hash: w.hash, enc: enc, dense: dense})
				}
			}
		}
	}
	sort.Slice(wants, func(i, j int) bool { return wants[i].rel < wants[j].rel })
	return wants, nil
}

// plan is what it takes to make one generation hold exactly the wanted files.
type plan struct {
	remove []string // paths (slash, relative) of files and folders not wanted
	mkdirs []string // folders to make, parents first
	todo   []int    // indexes of wants to write
	next   []entry  // manifest entries; those of todo are filled in by apply
}

func (p *plan) empty() bool { return len(p.remove) == 0 && len(p.mkdirs) == 0 && len(p.todo) == 0 }

// planFor compares the generation at root with wants, through its manifest:
// a file is kept when the manifest says it holds these bytes and it is still
// as the manifest left it (same size and modification time), and a copy not
// worth keeping when the manifest says so for these bytes and there is no
// file by its name.
func planFor(root string, wants []want) (*plan, error) {
	old := readManifest(root)
	wantFile := make(map[string]bool, len(wants))
	wantDir := map[string]bool{}
	for _, w := range wants {
		wantFile[w.rel] = true
		for d := path.Dir(w.rel); d != "." && !wantDir[d]; d = path.Dir(d) {
			wantDir[d] = true
		}
	}
	p := &plan{next: make([]entry, len(wants))}
	// What is on disk now: anything not wanted goes (a file where a folder
	// is wanted, and the other way round, included).
	onDisk := make(map[string]entry, len(wants))
	haveDir := map[string]bool{}
	err := filepath.WalkDir(root, func(full string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if full == root {
			return nil
		}
		rel := filepath.ToSlash(full[len(root)+1:])
		if rel == Marker || rel == ManifestName {
			return nil
		}
		if d.IsDir() {
			if wantDir[rel] {
				haveDir[rel] = true
				return nil
			}
			p.remove = append(p.remove, rel)
			return fs.SkipDir
		}
		if wantFile[rel] && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				onDisk[rel] = entry{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
				return nil
			}
		}
		p.remove = append(p.remove, rel)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for d := range wantDir {
		if !haveDir[d] {
			p.mkdirs = append(p.mkdirs, d)
		}
	}
	// Shorter paths first: a parent is made before its children.
	sort.Slice(p.mkdirs, func(i, j int) bool { return len(p.mkdirs[i]) < len(p.mkdirs[j]) })
	for i, w := range wants {
		m, ok := old[w.rel]
		d, there := onDisk[w.rel]
		if ok && m.hash == w.hash && (there && m.size == d.size && m.mtime == d.mtime || !there && m.size == noCopy) {
			p.next[i] = m
			continue
		}
		p.todo = append(p.todo, i)
	}
	return p, nil
}

// update makes the spare tree hold exactly wants, writing as little as it can.
func (st *Staged) update(wants []want) error {
	root := st.spare
	p, err := planFor(root, wants)
	if err != nil {
		return err
	}
	for _, rel := range p.remove {
		full := filepath.Join(root, filepath.FromSlash(rel))
		st.Removed += countFiles(full)
		if err := os.RemoveAll(full); err != nil {
			return err
		}
	}
	for _, d := range p.mkdirs {
		if err := os.Mkdir(filepath.Join(root, filepath.FromSlash(d)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	// The copies compressed for dest by the last build: a fresh spare reads
	// them rather than compressing every file again.
	current := readManifest(st.dest)
	errs := make([]error, len(p.todo))
	did := make([]done, len(p.todo))
	parallel.For(len(p.todo), func(k int) {
		i := p.todo[k]
		p.next[i], did[k], errs[k] = writeWant(root, wants[i], st.dest, current)
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	for _, d := range did {
		st.Written += b2i(d.written)
		st.Compressed += b2i(d.compressed)
		st.Removed += b2i(d.removed)
	}
	for i := range wants {
		if p.next[i].size != noCopy {
			st.Unchanged++
		}
	}
	st.Unchanged -= st.Written
	return writeManifest(root, wants, p.next)
}

// countFiles counts the files under dir, for Removed.
func countFiles(dir string) int {
	n := 0
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// done is what writeWant did.
type done struct{ written, compressed, removed bool }

// writeWant writes one file in place (the same inode when it exists: cheaper
// than a new one) and returns its manifest entry and what it did. A
// compressed copy not worth keeping is not written, and a stale one by its
// name is removed.
func writeWant(root string, w want, dest string, current map[string]entry) (e entry, did done, err error) {
	data, skip := w.data, false
	if w.enc != "" {
		data, skip = reuseCopy(dest, w, current)
		if data == nil && !skip {
			buf := getCopyBuf()
			defer putCopyBuf(buf)
			data, did.compressed = compress(buf, w.enc, w.data, w.dense), true
			skip = !worthCopy(len(data), len(w.data))
		}
	}
	name := filepath.Join(root, filepath.FromSlash(w.rel))
	if skip {
		err := os.Remove(name)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return entry{}, did, err
		}
		did.removed = err == nil
		return entry{size: noCopy, hash: w.hash}, did, nil
	}
	// A file that exists may be linked into dest too: it is replaced by a
	// new one, never written into.
	size, mtime, err := createFile(name, data)
	if errors.Is(err, fs.ErrExist) {
		tmp := name + tmpSuffix
		if err = os.Remove(tmp); err == nil || errors.Is(err, fs.ErrNotExist) {
			if size, mtime, err = createFile(tmp, data); err == nil {
				err = os.Rename(tmp, name)
			}
		}
	}
	if err != nil {
		return entry{}, did, err
	}
	did.written = true
	return entry{size: size, mtime: mtime, hash: w.hash}, did, nil
}

// reuseCopy returns dest's compressed copy w when dest's manifest says it was
// made from the same bytes and it is still as written, or skip when dest's
// manifest says a copy of these bytes is not worth keeping; nil otherwise.
func reuseCopy(dest string, w want, current map[string]entry) (data []byte, skip bool) {
	m, ok := current[w.rel]
	if !ok || m.hash != w.hash {
		return nil, false
	}
	if m.size == noCopy {
		return nil, true
	}
	f, err := os.Open(filepath.Join(dest, filepath.FromSlash(w.rel)))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() != m.size || fi.ModTime().UnixNano() != m.mtime {
		return nil, false
	}
	data = make([]byte, m.size)
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, false
	}
	return data, false
}

// compress returns data compressed as enc ("gz" or "br") in buf's memory;
// dense data (Options.Dense) is gzipped by Huffman coding alone, and
// brotli's at quality 0.
func compress(buf *bytes.Buffer, enc string, data []byte, dense bool) []byte {
	switch {
	case enc == "br" && dense:
		return brotliBytes(&denseBrotliWriters, buf, data)
	case enc == "br":
		return brotliBytes(&brotliWriters, buf, data)
	case dense:
		return gzipBytes(&huffmanWriters, buf, data)
	}
	return gzipBytes(&gzipWriters, buf, data)
}

// A copy is written from a pooled buffer and dropped: the copies of a
// first build were ~30 MB of garbage made at its end, where the live heap,
// which each collection marks, is largest.
var copyBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledCopy: a buffer grown past it (a large search file's copy) is not
// kept.
const maxPooledCopy = 1 << 20

func getCopyBuf() *bytes.Buffer { return copyBufs.Get().(*bytes.Buffer) }

func putCopyBuf(b *bytes.Buffer) {
	if b.Cap() <= maxPooledCopy {
		b.Reset()
		copyBufs.Put(b)
	}
}

var gzipWriters = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzipLevel); return w }}
var huffmanWriters = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.HuffmanOnly); return w }}
var brotliWriters = sync.Pool{New: func() any { return brotli.NewWriterLevel(nil, brotliQuality) }}
var denseBrotliWriters = sync.Pool{New: func() any { return brotli.NewWriterLevel(nil, 0) }}

func gzipBytes(pool *sync.Pool, buf *bytes.Buffer, data []byte) []byte {
	buf.Reset()
	buf.Grow(len(data) / 3)
	w := pool.Get().(*gzip.Writer)
	defer pool.Put(w)
	w.Reset(buf)
	w.Write(data) // a bytes.Buffer does not fail
	w.Close()
	return buf.Bytes()
}

func brotliBytes(pool *sync.Pool, buf *bytes.Buffer, data []byte) []byte {
	buf.Reset()
	buf.Grow(len(data) / 3)
	w := pool.Get().(*brotli.Writer)
	defer pool.Put(w)
	w.Reset(buf)
	w.Write(data)
	w.Close()
	return buf.Bytes()
}

// readManifest reads root's manifest; a missing, foreign or damaged one
// gives what could be read (every file not in it is written again).
func readManifest(root string) map[string]entry {
	m := map[string]entry{}
	b, err := os.ReadFile(filepath.Join(root, ManifestName))
	if err != nil {
		return m
	}
	header, rest, _ := bytes.Cut(b, []byte("\n"))
	if string(header) != manifestHeader {
		return m
	}
	sc := bufio.NewScanner(bytes.NewReader(rest))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 {
			continue
		}
		size, err1 := strconv.ParseInt(f[1], 10, 64)
		mtime, err2 := strconv.ParseInt(f[2], 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		m[f[0]] = entry{size: size, mtime: mtime, hash: f[3]}
	}
	return m
}

// writeManifest writes root's manifest last, through a rename, so that it
// never describes files not yet written.
func writeManifest(root string, wants []want, entries []entry) error {
	var buf bytes.Buffer
	buf.WriteString(manifestHeader + "\n")
	for i, w := range wants {
		e := entries[i]
		fmt.Fprintf(&buf, "%s\t%d\t%d\t%s\n", w.rel, e.size, e.mtime, e.hash)
	}
	if cur, err := os.ReadFile(filepath.Join(root, ManifestName)); err == nil && bytes.Equal(cur, buf.Bytes()) {
		return nil // nothing changed: write nothing at all
	}
	tmp := filepath.Join(root, ManifestName+".tmp")
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(root, ManifestName))
}

// Abort gives up the staged generation. There is nothing to undo: dest was
// never touched, and the spare is a complete generation with its manifest,
// which the next build updates in place like any other.
func (st *Staged) Abort() error { return nil }

// exchangeDirs swaps two folders atomically; a variable so that tests can
// take the fallback.
var exchangeDirs = exchange

// errNoExchange is exchange's answer where the atomic swap is not supported.
var errNoExchange = errors.New("atomic exchange not supported")

// Commit puts the staged generation at dest and keeps the one it replaces as
// the next spare: by an atomic exchange, so dest always exists; where that is
// not supported, by two renames (dest is missing between them).
func (st *Staged) Commit() error {
	if st.noop {
		return nil
	}
	if _, err := os.Lstat(st.dest); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(st.spare, st.dest); err != nil {
			return destError(st.dest, err)
		}
		return nil
	}
	err := exchangeDirs(st.spare, st.dest)
	if err == nil {
		return nil
	}
	if !errors.Is(err, errNoExchange) {
		return destError(st.dest, err)
	}
	old := filepath.Join(filepath.Dir(st.dest), "."+filepath.Base(st.dest)+".old-"+randHex())
	if err := os.Rename(st.dest, old); err != nil {
		return destError(st.dest, err)
	}
	if err := os.Rename(st.spare, st.dest); err != nil {
		os.Rename(old, st.dest)
		return destError(st.dest, err)
	}
	if err := os.Rename(old, st.spare); err != nil {
		return destError(st.dest, err)
	}
	return nil
}

func randHex() string {
	var b [6]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Intact reports whether dest holds exactly the files its manifest lists, each
// with the size and modification time written there: nothing was added,
// changed or removed by hand since the build that wrote it. A build whose
// inputs are those of that build may then leave dest as it is.
func Intact(dest string) bool {
	m := readManifest(dest)
	if len(m) == 0 {
		return false
	}
	files := 0
	for _, e := range m {
		if e.size != noCopy {
			files++
		}
	}
	seen := 0
	err := filepath.WalkDir(dest, func(full string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if full == dest || d.IsDir() {
			return nil
		}
		rel := filepath.ToSlash(full[len(dest)+1:])
		if rel == Marker || rel == ManifestName {
			return nil
		}
		e, ok := m[rel]
		if !ok || e.size == noCopy || !d.Type().IsRegular() {
			return errNotIntact
		}
		fi, err := d.Info()
		if err != nil || fi.Size() != e.size || fi.ModTime().UnixNano() != e.mtime {
			return errNotIntact
		}
		seen++
		return nil
	})
	return err == nil && seen == files
}

var errNotIntact = errors.New("output changed since it was written")
