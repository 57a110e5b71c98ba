"""The reference of mltest eval --ci: a percentile bootstrap written the way
a numpy/scikit-learn user writes it, over the same rows and metrics.

    /usr/bin/python3 internal/bench/sk_bootstrap.py /tmp/mltest-bench/eval1000000.csv 200

pandas.read_csv, then for each of B resamples: n row indices drawn with
replacement (numpy's default generator, seeded), and roc_auc_score,
log_loss and accuracy_score (threshold 0.5) with sample_weight on the
resampled rows; the 2.5th and 97.5th percentiles of each (numpy.percentile,
linear, as mltest). Prints the intervals and the time.
"""
import sys
import time

import numpy as np
import pandas as pd
from sklearn import metrics as m

t0 = time.time()
d = pd.read_csv(sys.argv[1])
b = int(sys.argv[2]) if len(sys.argv) > 2 else 200
y, s, w = d.label.values, d.score.values, d.weight.values.astype(float)
p = (s >= 0.5).astype(int)
n = len(y)
rng = np.random.default_rng(1)
t1 = time.time()
vals = {"roc_auc": [], "log_loss": [], "accuracy": []}
for _ in range(b):
    i = rng.integers(0, n, n)
    yi, si, wi, pi = y[i], s[i], w[i], p[i]
    vals["roc_auc"].append(m.roc_auc_score(yi, si, sample_weight=wi))
    vals["log_loss"].append(m.log_loss(yi, si, sample_weight=wi))
    vals["accuracy"].append(m.accuracy_score(yi, pi, sample_weight=wi))
t2 = time.time()
for k, v in vals.items():
    lo, hi = np.percentile(v, [2.5, 97.5])
    print("%-10s [%.6f, %.6f]" % (k, lo, hi))
print("rows %d resamples %d: read_csv %.2f s, bootstrap %.2f s, total %.2f s" % (n, b, t1 - t0, t2 - t1, t2 - t0))
