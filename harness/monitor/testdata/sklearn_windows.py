#!/usr/bin/python3
"""Reference values of mltest monitor's windows, from scikit-learn.

Writes sklearn_log.jsonl (a log of predictions and labels, labels as rows
of their own) and sklearn_windows.json (per hourly window, with a 10-minute
label delay: the metrics of the window's joined rows, and the label-free
CBPE estimates from the scores of all its predictions).

The estimate of a metric is the metric of the expanded table: each
prediction of weight w with score p is a positive of weight w*p and a
negative of weight w*(1-p) (NannyML's CBPE: expected confusion matrix,
expected ROC curve). scikit-learn computes it from that table.

Run with Debian's python3 and python3-sklearn (1.2.1):
    /usr/bin/python3 harness/monitor/testdata/sklearn_windows.py
"""
import json
import os

import numpy as np
from sklearn import metrics

HERE = os.path.dirname(os.path.abspath(__file__))
T0 = 1796119200  # 2026-12-01T10:00:00Z
DELAY = 600
rng = np.random.default_rng(20261201)

n = 3000
t = T0 + np.sort(rng.uniform(0, 3 * 3600, n))
y = (rng.uniform(size=n) < 0.35).astype(int)
score = np.clip(0.3 + 0.3 * y + 0.2 * rng.normal(size=n), 0.001, 0.999).round(4)
weight = rng.integers(1, 4, n).astype(float)
label_t = t + rng.uniform(1, 900, n)

events = []
for i in range(n):
    events.append((t[i], json.dumps({"id": "p%d" % i, "ts": round(t[i], 3), "score": score[i], "w": weight[i]})))
    events.append((label_t[i], json.dumps({"id": "p%d" % i, "ts": round(label_t[i], 3), "y": int(y[i])})))
events.sort(key=lambda e: e[0])
with open(os.path.join(HERE, "sklearn_log.jsonl"), "w") as f:
    for _, line in events:
        f.write(line + "\n")

t_r = np.round(t, 3)
lt_r = np.round(label_t, 3)
windows = []
for h in range(3):
    start, end = T0 + h * 3600, T0 + (h + 1) * 3600
    inw = (t_r >= start) & (t_r < end)
    joined = inw & (lt_r - t_r <= DELAY)
    yy, ss, ww = y[joined], score[joined], weight[joined]
    pred = (ss >= 0.5).astype(int)
    m = {
        "roc_auc": metrics.roc_auc_score(yy, ss, sample_weight=ww),
        "average_precision": metrics.average_precision_score(yy, ss, sample_weight=ww),
        "log_loss": metrics.log_loss(yy, ss, sample_weight=ww),
        "brier": metrics.brier_score_loss(yy, ss, sample_weight=ww),
        "accuracy": metrics.accuracy_score(yy, pred, sample_weight=ww),
        "precision": metrics.precision_score(yy, pred, sample_weight=ww),
        "recall": metrics.recall_score(yy, pred, sample_weight=ww),
        "f1": metrics.f1_score(yy, pred, sample_weight=ww),
        "mcc": metrics.matthews_corrcoef(yy, pred, sample_weight=ww),
    }
    # CBPE: every prediction of the window, expanded.
    s_all, w_all = score[inw], weight[inw]
    ey = np.concatenate([np.ones_like(s_all), np.zeros_like(s_all)]).astype(int)
    es = np.concatenate([s_all, s_all])
    ew = np.concatenate([w_all * s_all, w_all * (1 - s_all)])
    epred = (es >= 0.5).astype(int)
    est = {
        "roc_auc": metrics.roc_auc_score(ey, es, sample_weight=ew),
        "average_precision": metrics.average_precision_score(ey, es, sample_weight=ew),
        "log_loss": metrics.log_loss(ey, es, sample_weight=ew),
        "brier": metrics.brier_score_loss(ey, es, sample_weight=ew),
        "accuracy": metrics.accuracy_score(ey, epred, sample_weight=ew),
        "precision": metrics.precision_score(ey, epred, sample_weight=ew),
        "recall": metrics.recall_score(ey, epred, sample_weight=ew),
        "f1": metrics.f1_score(ey, epred, sample_weight=ew),
        "mcc": metrics.matthews_corrcoef(ey, epred, sample_weight=ew),
    }
    # The expanded table's ROC AUC is NannyML's CBPE estimate (its
    # estimate_roc_auc: the expected ROC curve over unique thresholds),
    # checked here unweighted as NannyML computes it.
    p = np.sort(s_all)
    tp = np.cumsum(p[::-1])[::-1]
    fp = np.cumsum((1 - p)[::-1])[::-1]
    fn = np.cumsum(np.insert(p, 0, 0)[:-1])
    tn = np.cumsum(np.insert(1 - p, 0, 0)[:-1])
    keep = np.diff(np.insert(p, 0, -1)).astype(bool)
    tpr, fpr = (tp / (tp + fn))[keep], (fp / (fp + tn))[keep]
    nannyml_auc = metrics.auc(np.append(fpr, 0), np.append(tpr, 0))
    unweighted = metrics.roc_auc_score(ey, es, sample_weight=np.concatenate([s_all, 1 - s_all]))
    assert abs(nannyml_auc - unweighted) < 1e-12, (nannyml_auc, unweighted)
    windows.append({"start": start, "n": int(inw.sum()), "labeled": int(joined.sum()),
                    "metrics": {k: float(v) for k, v in m.items()},
                    "estimated": {k: float(v) for k, v in est.items()}})
with open(os.path.join(HERE, "sklearn_windows.json"), "w") as f:
    json.dump({"sklearn": __import__("sklearn").__version__, "windows": windows}, f, indent=1)
    f.write("\n")
