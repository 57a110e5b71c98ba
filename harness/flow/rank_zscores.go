package flow

import (
	"io"

	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/internal/trec"
	"github.com/mltest/mltest/metrics"
)

// ZScore is the mean and standard deviation of a measure on a query over
// reference runs (a line of trec_eval's -Z file).
type ZScore = trec.ZScore

// missingZScore is what trec_eval prints for a value whose query or measure
// the -Z file lacks (MISSING_ZSCORE_VALUE).
const missingZScore = -1000000

// readZScores reads a -Z file ("qid measure mean stddev" lines).
func readZScores(name string, stdin io.Reader) (map[string]map[string]ZScore, error) {
	rc, err := dataio.Open(name, stdin)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return trec.ReadZScores(rc, name)
}

// zScore turns one query's values into z-scores as trec_eval's
// te_convert_to_zscore does: (value - mean) / stddev; with a stddev of 0, 0
// when the value is the mean; -1000000 when the query, or the value's
// measure for the query, is not in the file or the stddev is 0 and the
// value is not the mean.
func zScore(z map[string]map[string]ZScore, qid string, values []metrics.TrecValue, res metrics.TrecQueryResult) {
	q, ok := z[qid]
	for i, v := range values {
		ref, found := q[v.Name]
		switch {
		case !ok || !found:
			res.Values[i] = missingZScore
		case ref.StdDev != 0:
			res.Values[i] = (res.Values[i] - ref.Mean) / ref.StdDev
		case res.Values[i] == ref.Mean:
			res.Values[i] = 0
		default:
			res.Values[i] = missingZScore
		}
	}
}
