#!/usr/bin/python3
"""Time scikit-learn's roc_auc_score on 10,000,000 weighted scores.

The data are drawn like BenchmarkROCAUC's (metrics/bench_classify_test.go):
score = sigmoid(z), z ~ N(0, 2^2); label ~ Bernoulli(sigmoid(1.5 z));
weight ~ U(0, 2); seeded. Prints the best of 3 runs, data generation excluded.

    /usr/bin/python3 bench_roc_auc.py [n]
"""

import sys
import time

import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    rs = np.random.RandomState(1)
    z = 2 * rs.standard_normal(n)
    scores = 1 / (1 + np.exp(-z))
    labels = (rs.uniform(size=n) < 1 / (1 + np.exp(-1.5 * z))).astype(np.int64)
    weights = 2 * rs.uniform(size=n)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        auc = roc_auc_score(labels, scores, sample_weight=weights)
        times.append(time.perf_counter() - t0)
    print("sklearn %s numpy %s n=%d roc_auc=%.12f best=%.3fs runs=%s" % (
        sklearn.__version__, np.__version__, n, auc, min(times),
        ",".join("%.3f" % t for t in times)))


if __name__ == "__main__":
    main()
