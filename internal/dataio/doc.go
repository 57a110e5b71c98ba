// Package dataio opens and reads the input files mltest accepts (CSV, JSONL,
// TREC, each optionally gzip-compressed, and Parquet, read column-wise) and
// reports bad input as *InputError, which names the file, the line (the row,
// for Parquet) and the field.
package dataio
