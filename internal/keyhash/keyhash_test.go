package keyhash

import "testing"

// TestLengthsSeparateValues: values are told apart by their lengths, not by
// a separator they might contain, and the key is the same in every process
// (a fixed value).
func TestLengthsSeparateValues(t *testing.T) {
	key := func(f func(Hash)) uint64 { h := New(); f(h); return h.Sum64() }
	pairs := []struct {
		name string
		a, b func(Hash)
	}{
		{"split moved", func(h Hash) { h.Strings("ab", "c") }, func(h Hash) { h.Strings("a", "bc") }},
		{"separator inside", func(h Hash) { h.Strings("a\x00", "b") }, func(h Hash) { h.Strings("a", "\x00b") }},
		{"empty value", func(h Hash) { h.Strings("a", "") }, func(h Hash) { h.Strings("a") }},
		{"bytes and strings", func(h Hash) { h.Bytes([]byte("xy")) }, func(h Hash) { h.Bytes([]byte("x")); h.Bytes([]byte("y")) }},
		{"number", func(h Hash) { h.Uint(1) }, func(h Hash) { h.Uint(256) }},
	}
	for _, p := range pairs {
		if key(p.a) == key(p.b) {
			t.Errorf("%s: same key", p.name)
		}
	}
	if a, b := key(func(h Hash) { h.Strings("x") }), key(func(h Hash) { h.Bytes([]byte("x")) }); a != b {
		t.Errorf("Strings and Bytes of the same value differ: %x, %x", a, b)
	}
	// Keys are kept on disk between builds: a change of scheme shows here.
	if got := key(func(h Hash) { h.Strings("衡东"); h.Uint(7) }); got != 0x18d7a2c7178add25 {
		t.Errorf("key of (衡东, 7) is %#x, want 0x18d7a2c7178add25", got)
	}
}
