// Package serving calls models where production serves them: over the Open
// Inference Protocol v2 (KServe, Triton, MLServer), TF Serving's REST API and
// plain JSON, with the concurrency, batching, timeouts, bounded retries and
// rate limit a real client needs. It also serves a Go function over the same
// protocols, so a model written in Go is served by the code that is tested.
//
// Every request row ends in exactly one Outcome: outputs, or an error after
// retries. None is dropped, so a caller can always account for every row.
//
// Conventions shared by the clients and the handlers: numbers are float64
// in Value.Numbers (BOOL as 0 and 1, integers beyond 2^53 as the nearest
// float64); BYTES are Go strings in Value.Strings; FP32 and FP16 values are
// rounded to their precision where the datatype is known (v2 on both sides,
// and every handler's outputs), so a served FP32 output is exactly
// float64(float32(x)); NaN, Infinity and -Infinity travel as Python's json
// module writes them. Errors read "serving: <operation>: <what>", for
// example `serving: v2 infer model "m": HTTP 503: <body>`; Client retries
// only what Error.Temporary allows.
package serving
