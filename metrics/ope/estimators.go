package ope

import (
	"math"
)

// IPS returns the inverse propensity scoring estimate of the target
// policy's value, mean(w_i r_i), with w the importance weights (clipped or
// not) and r the logged rewards. NaN for no events.
func IPS(reward, w []float64) float64 {
	checkLen(len(reward), len(w))
	return ips(reward, w, nil)
}

// SNIPS returns the self-normalized IPS estimate sum(w_i r_i) / sum(w_i).
// NaN when the weights sum to 0: the target policy never takes a logged
// action, and the logs say nothing about it.
func SNIPS(reward, w []float64) float64 {
	checkLen(len(reward), len(w))
	return snips(reward, w, nil)
}

// DM returns the direct method's estimate, mean(qTarget_i), where qTarget_i
// = sum_a π(a | x_i) q(x_i, a) is the reward model's prediction of the
// target policy's reward on event i. NaN for no events.
func DM(qTarget []float64) float64 { return dm(qTarget, nil) }

// DR returns the doubly robust estimate
//
//	mean(qTarget_i + w_i (r_i - qLogged_i))
//
// with qLogged_i = q(x_i, a_i) the reward model's prediction for the logged
// action, as obp.ope.DoublyRobust (with w clipped, its lambda_). NaN for no
// events.
func DR(reward, w, qLogged, qTarget []float64) float64 {
	checkLen(len(reward), len(w))
	checkLen(len(reward), len(qLogged))
	checkLen(len(reward), len(qTarget))
	return dr(reward, w, qLogged, qTarget, nil)
}

// The estimators over row multiplicities (nil: all 1), for the bootstrap:
// event i counts mult[i] times.

func ips(r, w, mult []float64) float64 {
	var s, n float64
	for i := range r {
		m := at(mult, i)
		s += m * w[i] * r[i]
		n += m
	}
	return s / n
}

func snips(r, w, mult []float64) float64 {
	var s, sw float64
	for i := range r {
		m := at(mult, i)
		s += m * w[i] * r[i]
		sw += m * w[i]
	}
	if sw == 0 {
		return math.NaN()
	}
	return s / sw
}

func dm(q, mult []float64) float64 {
	var s, n float64
	for i := range q {
		m := at(mult, i)
		s += m * q[i]
		n += m
	}
	return s / n
}

func dr(r, w, qLogged, qTarget, mult []float64) float64 {
	var s, n float64
	for i := range r {
		m := at(mult, i)
		s += m * (qTarget[i] + w[i]*(r[i]-qLogged[i]))
		n += m
	}
	return s / n
}

func at(mult []float64, i int) float64 {
	if mult == nil {
		return 1
	}
	return mult[i]
}
