"""The scikit-learn side of the eval benchmark: pandas.read_csv, then the
binary metrics mltest eval reports (ece has no scikit-learn function and is
left out, in scikit-learn's favour), weighted.

    /usr/bin/python3 internal/bench/sk_eval.py /tmp/eval10m.csv
"""
import resource
import sys
import time

import pandas as pd
from sklearn import metrics as m

t0 = time.time()
d = pd.read_csv(sys.argv[1])
t1 = time.time()
y, s, w = d.label.values, d.score.values, d.weight.values
p = (s >= 0.5).astype(int)
r = dict(
    roc_auc=m.roc_auc_score(y, s, sample_weight=w),
    average_precision=m.average_precision_score(y, s, sample_weight=w),
    log_loss=m.log_loss(y, s, sample_weight=w),
    brier=m.brier_score_loss(y, s, sample_weight=w),
    accuracy=m.accuracy_score(y, p, sample_weight=w),
    precision=m.precision_score(y, p, sample_weight=w),
    recall=m.recall_score(y, p, sample_weight=w),
    f1=m.f1_score(y, p, sample_weight=w),
    mcc=m.matthews_corrcoef(y, p, sample_weight=w),
)
t2 = time.time()
for k, v in r.items():
    print("%-18s %.12f" % (k, v))
print("read_csv %.2f s, metrics %.2f s, total %.2f s, peak RSS %d MB"
      % (t1 - t0, t2 - t1, t2 - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024))
