// Package trec reads relevance judgments (qrels) and ranked runs in the
// formats trec_eval reads, plus CSV and JSONL tables with named columns.
//
// TREC qrels lines are "qid iter docno rel" and run lines "qid iter docno
// rank score runid", whitespace separated; the iter and rank fields are
// ignored, as trec_eval ignores them. A line whose first non-blank character
// is '#' is a comment; blank lines are skipped. CSV files (with a header)
// and JSONL files (one object a line) name the columns qid, docno, rel and
// qid, docno, score. Gzip-compressed input is read transparently.
//
// Every malformed input is a *dataio.InputError naming the file, the line,
// the field and what was expected: a short line, a relevance that is not an
// integer, a score that is not a finite number (NaN included), a docno
// listed twice for one query. Scores and relevances follow the one grammar
// of numbers of dataio.ParseNumber (no "0x1p-1", no "1_0").
//
// Large TREC runs and qrels are read in big chunks split on line boundaries
// and parsed on GOMAXPROCS goroutines, with no allocation per line: docnos
// and qids are copied into large arenas, and the qrels' per-query maps are
// built on every core at their final size.
package trec
