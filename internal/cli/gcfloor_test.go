package cli

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"hengdong/internal/content"
)

func TestFloorPercent(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		name        string
		percent     int
		floor, live uint64
		want        int
	}{
		{"no collection yet: the runtime's 4 MiB minimum scaled to the floor", 75, 128 * mb, 0, 3100},
		{"small heap: the goal is the floor", 75, 128 * mb, 32 * mb, 300},
		{"goal just below the floor", 75, 128 * mb, 73 * mb, 75},
		{"heap past the floor: GOGC rules", 75, 128 * mb, 200 * mb, 75},
		{"no floor", 75, 0, 10 * mb, 75},
	} {
		if got := floorPercent(c.percent, c.floor, c.live); got != c.want {
			t.Errorf("%s: floorPercent(%d, %d, %d) = %d, want %d", c.name, c.percent, c.floor, c.live, got, c.want)
		}
		// The goal is GOGC's, or the floor within the rounding of a percent.
		base := max(c.live, minHeap)
		goal, plain := base*uint64(100+c.want)/100, base*uint64(100+c.percent)/100
		if goal < plain || goal+base/100 < c.floor {
			t.Errorf("%s: goal %d below GOGC's %d or the floor %d", c.name, goal, plain, c.floor)
		}
	}
}

func TestHeapFloor(t *testing.T) {
	md := strings.Repeat("x", 1<<20)
	files := []content.SourceFile{
		{Path: "news/a.md", Data: []byte(md)},
		{Path: "news/b.MARKDOWN", Data: []byte(md)},
		{Path: "news/photo.jpg", Data: make([]byte, 64<<20)}, // a bundle's image is not held like a page
	}
	if got, want := heapFloor(files), uint64(32<<20+24<<20); got != want {
		t.Errorf("heapFloor = %d, want %d (images must not count)", got, want)
	}
	huge := []content.SourceFile{{Path: "a.md", Data: make([]byte, 50<<20)}}
	if got := heapFloor(huge); got != 512<<20 {
		t.Errorf("heapFloor of 50 MiB of Markdown = %d, want the 512 MiB cap", got)
	}
}

// TestGCFloorFollowsCollections holds the adjustment to the runtime: after a
// collection the percentage is raised to reach the (raised) floor, and stop restores
// the plain percentage.
func TestGCFloorFollowsCollections(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	g := startGCFloor(75, 1<<20)
	g.raise(1 << 30)
	deadline := time.Now().Add(10 * time.Second)
	var got int
	for time.Now().Before(deadline) {
		runtime.GC()
		runtime.Gosched()
		got = debug.SetGCPercent(-1)
		debug.SetGCPercent(got)
		if got > 75 {
			break
		}
	}
	if got <= 75 {
		t.Fatalf("GC percent after collections = %d, want it raised above 75 to reach a 1 GiB floor", got)
	}
	g.stop()
	runtime.GC()
	runtime.GC()
	if p := debug.SetGCPercent(100); p != 75 {
		t.Errorf("GC percent after stop = %d, want 75", p)
	}
}
