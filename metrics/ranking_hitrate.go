package metrics

// HitRateAtK returns the recommender-style hit rate at k: the fraction of
// users (queries) with at least one relevant item among their first k
// recommendations,
//
//	HitRate@k = (1/|U|) * sum over users u of [exists i < k: hits[u][i]]
//
// hits[u][i] reports whether the item at rank i+1 of user u is relevant; a
// list shorter than k is read as padded with misses. It equals the mean over
// queries of trec_eval's success_k (SuccessAtK) when hits[u][i] is
// Rels[i] >= level. No users is undefined (*UndefinedError). It panics if
// k <= 0.
func HitRateAtK(hits [][]bool, k int) (float64, error) {
	checkCutoff(k)
	if len(hits) == 0 {
		return 0, undefined("hit_rate", "no users")
	}
	n := 0
	for _, list := range hits {
		if firstHit(list, k) >= 0 {
			n++
		}
	}
	return float64(n) / float64(len(hits)), nil
}

// MRRAtK returns the mean reciprocal rank at k: for each user the reciprocal
// of the rank of the first relevant item within the first k, else 0,
// averaged over users,
//
//	MRR@k = (1/|U|) * sum over users u of 1/rank_u  (0 when rank_u > k or no hit)
//
// It equals the mean of trec_eval's recip_rank over rankings cut at k
// (trec_eval -M k -m recip_rank), i.e. of ReciprocalRank on a Ranking built
// with maxDocs = k. No users is undefined (*UndefinedError). It panics if
// k <= 0.
func MRRAtK(hits [][]bool, k int) (float64, error) {
	checkCutoff(k)
	if len(hits) == 0 {
		return 0, undefined("mrr", "no users")
	}
	sum := 0.0
	for _, list := range hits {
		if i := firstHit(list, k); i >= 0 {
			sum += 1 / float64(i+1)
		}
	}
	return sum / float64(len(hits)), nil
}

// firstHit returns the index of the first true among the first k entries,
// or -1.
func firstHit(list []bool, k int) int {
	for i, h := range list {
		if i >= k {
			break
		}
		if h {
			return i
		}
	}
	return -1
}
