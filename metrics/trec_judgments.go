package metrics

import "fmt"

// JudgmentFormat names the kind of relevance information a TrecEval reads,
// as trec_eval's -R flag names it.
type JudgmentFormat string

// The judgment formats of trec_eval 10.
const (
	// QrelsFormat: "qid iter docno rel" lines, one relevance per document
	// (QueryJudgments.Rel). The default.
	QrelsFormat JudgmentFormat = "qrels"
	// QrelsJGFormat: "qid jg docno rel" lines, one relevance per document in
	// each judgment group, a user's judgments (QueryJudgments.Groups); the
	// measures map_avgjg, P_avgjg and Rprec_mult_avgjg average over groups.
	QrelsJGFormat JudgmentFormat = "qrels_jg"
	// PrefsFormat: "qid jg jsg docno rel_level" lines, preferences within
	// judgment sub-groups (QueryJudgments.Prefs), read by the prefs_*
	// measures.
	PrefsFormat JudgmentFormat = "prefs"
	// QrelsPrefsFormat: a qrels file read as preferences, the iter column
	// being the judgment group and every group having one sub-group; in
	// memory it is PrefsFormat.
	QrelsPrefsFormat JudgmentFormat = "qrels_prefs"
)

// ParseJudgmentFormat returns the format named s (trec_eval -R), or an
// error listing the known ones.
func ParseJudgmentFormat(s string) (JudgmentFormat, error) {
	switch f := JudgmentFormat(s); f {
	case QrelsFormat, QrelsJGFormat, PrefsFormat, QrelsPrefsFormat:
		return f, nil
	}
	return "", fmt.Errorf("unknown relevance format %q; known: qrels qrels_jg prefs qrels_prefs", s)
}

// family is the kind of judgments a format holds in memory.
func (f JudgmentFormat) family() JudgmentFormat {
	switch f {
	case "", QrelsFormat:
		return QrelsFormat
	case QrelsPrefsFormat:
		return PrefsFormat
	}
	return f
}

// QueryJudgments are one query's relevance information. Which field is read
// depends on the TrecEval's JudgmentFormat; the others may be nil.
type QueryJudgments struct {
	// Rel maps a judged docno to its relevance (qrels). A negative
	// relevance marks a document in the pool that was not judged.
	Rel map[string]int
	// Groups are the query's judgment groups (qrels_jg), or the subtopics of
	// a diversity qrels file (the iter column), in any order.
	Groups []JudgmentGroup
	// Prefs are the query's preference lines (prefs, qrels_prefs).
	Prefs []Preference
}

// JudgmentGroup is the relevance of documents in one group: one user's
// judgments (trec_eval's qrels_jg), or one subtopic (ndeval).
type JudgmentGroup struct {
	ID  string
	Rel map[string]int
}

// Preference is one line of a prefs file: the relevance level of a docno in
// a judgment sub-group (JSG) of a judgment group (JG). Within a JSG a higher
// level is preferred to a lower one; 0 means not relevant.
type Preference struct {
	JG, JSG, DocNo string
	Level          float64
}

// positives counts the judgments with relevance > 0, which trec_eval's
// summary num_rel counts under -c.
func (j QueryJudgments) positives(f JudgmentFormat) int {
	n := 0
	switch f.family() {
	case QrelsFormat:
		for _, r := range j.Rel {
			if r > 0 {
				n++
			}
		}
	case QrelsJGFormat:
		for _, g := range j.Groups {
			for _, r := range g.Rel {
				if r > 0 {
					n++
				}
			}
		}
	}
	return n
}
