package interleave

import (
	"hash/fnv"
	"math/rand/v2"
)

// RequestRand returns the random source of one request: a PCG generator
// seeded from the experiment's seed and the FNV-1a hash of the request id.
// The same (seed, id) always gives the same interleaving, so a request that
// is retried, or replayed from the log, is served the same list, and a
// served list can be recomputed offline to audit the log.
func RequestRand(seed uint64, requestID string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(requestID))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}
