package metrics

// resRels is trec_eval's RES_RELS (form_res_rels.c): a query's ranking
// reduced to the relevance of each retrieved document and counts over the
// judgments. Every trec_eval measure of qrels judgments reads one.
type resRels struct {
	// rels[i] is the relevance of the document at rank i+1: the judged
	// value (>= 0), NotJudged (not in the qrels) or UnjudgedInPool (a
	// negative qrels value). Under -J only judged documents remain.
	rels []int
	// numRet = len(rels); numRelRet counts the retrieved documents with a
	// judged relevance >= level (never a NotJudged one, whatever the level);
	// numNonpool and numUnjudged count NotJudged and UnjudgedInPool ones.
	numRet, numRelRet, numNonpool, numUnjudged int
	// relLevels[l] counts the query's judgments of relevance l (l >= 0),
	// retrieved or not; numRel sums those with l >= level; numRelLevels is
	// one more than the highest level with a judgment (0 with none).
	relLevels    []int
	numRel       int
	numRelLevels int
}

// formResRels fills rr as form_res_rels does for the documents ordered (in
// rank order) under judged, with trec_eval's -M (maxDocs < 0: all), -J and
// -l. relLevels reuses rr's memory.
func formResRels(rr *resRels, judged map[string]int, ordered []ScoredDoc, maxDocs int, judgedOnly bool, level int) {
	n := len(ordered)
	if maxDocs >= 0 && n > maxDocs {
		n = maxDocs
	}
	rr.rels = rr.rels[:0]
	rr.numRelRet, rr.numNonpool, rr.numUnjudged = 0, 0, 0
	for _, d := range ordered[:n] {
		rel := relCode(judged, d.DocNo)
		if judgedOnly && rel < 0 {
			continue
		}
		switch {
		case rel == NotJudged:
			rr.numNonpool++
		case rel == UnjudgedInPool:
			rr.numUnjudged++
		case rel >= level:
			rr.numRelRet++
		}
		rr.rels = append(rr.rels, rel)
	}
	rr.numRet = len(rr.rels)
	formRelLevels(rr, judged, level)
}

// relCode is the value trec_eval gives a retrieved document: its judged
// relevance (>= 0), NotJudged outside the judgments, UnjudgedInPool for a
// negative judgment.
func relCode(judged map[string]int, docno string) int {
	rel, ok := judged[docno]
	switch {
	case !ok:
		return NotJudged
	case rel < 0:
		return UnjudgedInPool
	}
	return rel
}

// formRelLevels counts the judgments by level.
func formRelLevels(rr *resRels, judged map[string]int, level int) {
	maxRel := -1
	for _, r := range judged {
		maxRel = max(maxRel, r)
	}
	if cap(rr.relLevels) < maxRel+1 {
		rr.relLevels = make([]int, maxRel+1)
	}
	rr.relLevels = rr.relLevels[:max(maxRel+1, 0)]
	clear(rr.relLevels)
	for _, r := range judged {
		if r >= 0 {
			rr.relLevels[r]++
		}
	}
	rr.numRel, rr.numRelLevels = 0, 0
	for i, c := range rr.relLevels {
		if c == 0 {
			continue
		}
		rr.numRelLevels = i + 1
		if i >= level {
			rr.numRel += c
		}
	}
}

// levelCount returns relLevels[l], 0 beyond the judged levels (where
// trec_eval reads past its array).
func (rr *resRels) levelCount(l int) int {
	if l < 0 || l >= len(rr.relLevels) {
		return 0
	}
	return rr.relLevels[l]
}
