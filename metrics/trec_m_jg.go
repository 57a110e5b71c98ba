package metrics

// The trec_eval measures of judgment groups (-R qrels_jg: m_map_avgjg.c,
// m_P_avgjg.c, m_Rprec_mult_avgjg.c): each group of judgments (one user's)
// is a separate qrels for the same ranking; the measure is computed per
// group and averaged over the groups. rrs holds one resRels per group, in
// group id order (te_form_res_rels_jg).

func calcMapAvgJG(rrs []resRels, lvl int, _ *measureSpec, out []float64) {
	for g := range rrs {
		if sum, n := apSum(&rrs[g], lvl); n > 0 {
			out[0] += sum / float64(rrs[g].numRel)
		}
	}
	if len(rrs) > 1 {
		out[0] /= float64(len(rrs))
	}
}

func calcPAvgJG(rrs []resRels, lvl int, m *measureSpec, out []float64) {
	for g := range rrs {
		rr := &rrs[g]
		relSoFar := 0
		k := cutoffScan(rr, m.cuts,
			func(k, i int) { out[k] += float64(relSoFar) / float64(i) },
			func(i int) {
				if rr.rels[i] >= lvl {
					relSoFar++
				}
			})
		for ; k < len(m.cuts); k++ {
			out[k] += float64(relSoFar) / float64(m.cuts[k])
		}
	}
	if len(rrs) > 1 {
		for k := range m.cuts {
			out[k] /= float64(len(rrs))
		}
	}
}

func calcRprecMultAvgJG(rrs []resRels, lvl int, m *measureSpec, out []float64) {
	for g := range rrs {
		rr := &rrs[g]
		rprecMult(rr, lvl, rprecMultCutoffs(m.dcuts, rr.numRel), func(k int, v float64) { out[k] += v })
	}
	if len(rrs) > 1 {
		for k := range m.dcuts {
			out[k] /= float64(len(rrs))
		}
	}
}
