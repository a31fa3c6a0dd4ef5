package cli

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"

	"hengdong/internal/content"
)

// A build's live heap grows from a few MB to the whole rendered site, so at a
// fixed GOGC most collections come early, each marking a small heap again
// and again while Markdown and templates churn through garbage. A heap floor
// lets the heap grow to floor bytes before the collector runs, then leaves
// GOGC in charge: the peak, set by the end of the build where the live heap
// is largest, stays where GOGC puts it (the floor is chosen well below it),
// while the collections of the early stages mostly go away.

// buildGCPercent is build's GOGC above the floor (cli.go says why 75).
const buildGCPercent = 75

// gcFloor adjusts the GC percentage after every collection so that the next
// heap goal is at least floor bytes, and otherwise what percent gives.
type gcFloor struct {
	percent int
	floor   uint64
	mu      sync.Mutex // stop and adjust: no adjustment after stop
	stopped bool
	live    []metrics.Sample
}

// heapFloor is the floor for a build of these sources: 12× the Markdown's
// bytes, below the heap goal of the build's end (the live heap reaches
// 11–13× the Markdown's bytes there on the benchmark corpora, and the goal
// is 1.75× that), plus room for a small site never to collect at all; at
// most 512 MiB.
func heapFloor(files []content.SourceFile) uint64 {
	var md uint64
	for _, f := range files {
		if content.IsMarkdown(f.Path) {
			md += uint64(len(f.Data))
		}
	}
	return min(32<<20+12*md, 512<<20)
}

// startGCFloor sets the collector to percent with a heap floor, until stop;
// raise moves the floor up once the sources are read.
func startGCFloor(percent int, floor uint64) *gcFloor {
	g := &gcFloor{percent: percent, floor: floor, live: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	g.adjust()
	g.arm()
	return g
}

// raise sets the floor to floor when that is higher, from the next
// collection's goal on (and the one being aimed at now).
func (g *gcFloor) raise(floor uint64) {
	g.mu.Lock()
	g.floor = max(g.floor, floor)
	g.mu.Unlock()
	g.adjust()
}

// stop ends the adjustments and leaves percent in place.
func (g *gcFloor) stop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.stopped = true
	debug.SetGCPercent(g.percent)
}

// gcSentinel is garbage whose finalizer runs after each collection; it is
// larger than the tiny allocator's 16 bytes, whose blocks are freed together.
type gcSentinel struct {
	g *gcFloor
	_ [24]byte
}

func (g *gcFloor) arm() {
	runtime.SetFinalizer(&gcSentinel{g: g}, func(s *gcSentinel) {
		if s.g.adjust() {
			s.g.arm()
		}
	})
}

// adjust sets the percentage for the next collection; false once stopped.
func (g *gcFloor) adjust() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stopped {
		return false
	}
	metrics.Read(g.live)
	var live uint64
	if g.live[0].Value.Kind() == metrics.KindUint64 {
		live = g.live[0].Value.Uint64()
	}
	debug.SetGCPercent(floorPercent(g.percent, g.floor, live))
	return true
}

// minHeap is the runtime's smallest heap goal at GOGC=100 (4 MiB, scaled by
// GOGC like the goal itself).
const minHeap = 4 << 20

// floorPercent is the GC percentage that puts the next heap goal at
// live×(1+percent/100), or at floor when that is higher.
func floorPercent(percent int, floor, live uint64) int {
	base := max(live, minHeap)
	if base*uint64(100+percent)/100 >= floor {
		return percent
	}
	return int(floor*100/base) - 100
}
