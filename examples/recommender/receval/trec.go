package receval

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
)

// WriteRun writes lists as a TREC run, "qid Q0 docno rank score runid" per
// line, users in increasing id order, scores as in RunOf (list positions),
// so that trec_eval and `mltest rank` read back exactly the decoded order.
func WriteRun(w io.Writer, lists map[string][]string, runid string) error {
	bw := bufio.NewWriter(w)
	for _, q := range sortedKeys(lists) {
		items := lists[q]
		for r, it := range items {
			fmt.Fprintf(bw, "%s Q0 %s %d %s %s\n", q, it, r+1, strconv.Itoa(len(items)-r), runid)
		}
	}
	return bw.Flush()
}

// WriteQrels writes judgments as TREC qrels, "qid 0 docno rel" per line, in
// increasing qid and docno order.
func WriteQrels(w io.Writer, qrels map[string]map[string]int) error {
	bw := bufio.NewWriter(w)
	for _, q := range sortedKeys(qrels) {
		for _, d := range sortedKeys(qrels[q]) {
			fmt.Fprintf(bw, "%s 0 %s %d\n", q, d, qrels[q][d])
		}
	}
	return bw.Flush()
}
