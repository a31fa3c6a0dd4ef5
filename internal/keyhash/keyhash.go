// Package keyhash hashes the keys of the caches a build keeps for the next
// one (rendered Markdown and outputs, check findings, search documents). It is
// xxhash, the same in every process, and it writes every value with its
// length first, so that ("ab", "c") and ("a", "bc") give different keys.
package keyhash

import (
	"encoding/binary"

	"github.com/cespare/xxhash/v2"
)

// Hash is a running key. Its zero value is not usable: start one with New.
type Hash struct{ *xxhash.Digest }

// New starts a key.
func New() Hash { return Hash{xxhash.New()} }

// Uint adds v.
func (h Hash) Uint(v uint64) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], v)
	h.Write(n[:])
}

// Bytes adds b, after its length.
func (h Hash) Bytes(b []byte) {
	h.Uint(uint64(len(b)))
	h.Write(b)
}

// Strings adds each of ss, each after its length.
func (h Hash) Strings(ss ...string) {
	for _, s := range ss {
		h.Uint(uint64(len(s)))
		h.WriteString(s)
	}
}

// WriteByte adds one byte: a marker between parts of a key.
func (h Hash) WriteByte(c byte) error {
	_, err := h.Write([]byte{c})
	return err
}
