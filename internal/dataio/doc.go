// Package dataio opens and reads the input files mltest accepts (CSV, JSONL,
// TREC, each optionally gzip-compressed) and reports bad input as *InputError,
// which names the file, the line and the field.
package dataio
