#!/usr/bin/python3
"""Times scikit-learn's ndcg_score on the shape of BenchmarkNDCGScore
(metrics/ndcg_score_test.go): 1000 rows of 100 items, relevance 0-3, scores
on a 0.05 grid (so with ties), k=10 and k=None, ties averaged or ignored.
The values differ from the Go benchmark's (another generator); the work is
the same.

    /usr/bin/python3 metrics/testdata/ndcgscore/bench.py
"""

import time
import warnings

import numpy as np
from sklearn.metrics import ndcg_score

warnings.simplefilter("ignore")


def main():
    rng = np.random.default_rng(1)
    y_true = rng.integers(0, 4, size=(1000, 100)).astype(float)
    y_score = np.round(rng.normal(size=(1000, 100)) * 20) / 20
    for k in [10, None]:
        for ignore_ties in [False, True]:
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                ndcg_score(y_true, y_score, k=k, ignore_ties=ignore_ties)
                times.append(time.perf_counter() - t0)
            print("k=%-4s ignore_ties=%-5s min %.1f ms  median %.1f ms" % (
                k, ignore_ties, 1e3 * min(times), 1e3 * sorted(times)[2]))


if __name__ == "__main__":
    main()
